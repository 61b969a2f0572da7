"""The page's style: static/dashboard.css, with each audience's sizes as custom properties.

Switching mode swaps classes on the root (`mode-<id>`, `words-plain`, `contrast-high`);
the stylesheet reads the sizes from the properties set for `mode-<id>`.
"""

from __future__ import annotations

from importlib.resources import files

from glutelib.audiences import Audience, Audiences


def root_classes(audience: Audience) -> set[str]:
    """Classes on the dashboard's root beside `mode-<id>`, for what this audience asks."""
    return {c for c, on in (("words-plain", audience.plain),
                            ("contrast-high", audience.high_contrast)) if on}  # fmt: skip


def sizes(name: str, audience: Audience) -> str:
    """One audience's sizes as custom properties on its mode class."""
    props = {"body-px": audience.body_px, "heading-px": audience.heading_px,
             "control-px": audience.control_px}  # fmt: skip
    body = "; ".join(f"--{k}: {v}px" for k, v in props.items())
    return f".glutelib.mode-{name} {{ {body}; }}"


def page_style(audiences: Audiences) -> str:
    """One <style> block for the page: the stylesheet plus every audience's sizes."""
    sheet = files("glutelib.app").joinpath("static/dashboard.css").read_text("utf-8")
    rules = [sizes(name, a) for name, a in audiences.audiences.items()]
    return "<style>\n" + sheet + "\n".join(rules) + "\n</style>"
