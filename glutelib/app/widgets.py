"""Small widget helpers shared by the dashboard's panels."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from glutelib.audiences import Control


def css_name(identifier: str) -> str:
    """'right_lateral' -> 'right-lateral', for test and style classes."""
    return identifier.replace("_", "-")


def button(label: str, css_class: str, action: Callable[[], None], tooltip: str = "") -> w.Button:
    """A button with a test/style class that runs `action()` when pressed."""
    b = w.Button(description=label, tooltip=tooltip or label)
    b.add_class(css_class)
    b.on_click(lambda _b: action())
    return b


def control(words: Control, css_class: str, action: Callable[[], None], **fields) -> w.Button:
    """A button labelled as audiences.yaml's page.controls says ({fields} filled in)."""
    return button(words.label.format(**fields), css_class, action, words.tip.format(**fields))


def html_widget(css_class: str, value: str = "") -> w.HTML:
    out = w.HTML(value)
    out.add_class(css_class)
    return out
