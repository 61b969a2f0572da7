"""Small widget helpers shared by the dashboard's panels."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w


def css_name(identifier: str) -> str:
    """'right_lateral' -> 'right-lateral', for test and style classes."""
    return identifier.replace("_", "-")


def button(label: str, css_class: str, action: Callable[[], None], tooltip: str = "") -> w.Button:
    """A button with a test/style class that runs `action()` when pressed."""
    b = w.Button(description=label, tooltip=tooltip or label)
    b.add_class(css_class)
    b.on_click(lambda _b: action())
    return b


def html_widget(css_class: str, value: str = "") -> w.HTML:
    out = w.HTML(value)
    out.add_class(css_class)
    return out
