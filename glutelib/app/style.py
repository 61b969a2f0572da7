"""The page's style: static/dashboard.css, with each audience's sizes as custom properties.

Switching mode swaps classes on the root (`mode-<id>`, `words-plain`, `contrast-high`);
the stylesheet reads the sizes from the properties set for `mode-<id>`.
"""

from __future__ import annotations

from importlib.resources import files

from glutelib.audiences import Audience, Audiences
from glutelib.colours import ColourLanguage


def root_classes(audience: Audience) -> set[str]:
    """Classes on the dashboard's root beside `mode-<id>`, for what this audience asks."""
    return {c for c, on in (("words-plain", audience.plain),
                            ("contrast-high", audience.high_contrast)) if on}  # fmt: skip


def scaled(px: float, design_height: int) -> str:
    """A size that is `px` on a screen `design_height` high and shrinks with a lower one
    (a 1280x720 projector shows what 1920x1080 shows, smaller), as a CSS value."""
    return f"min({px}px, {100 * px / design_height:.3f}vh)"


def sizes(name: str, audience: Audience) -> str:
    """One audience's sizes as custom properties on its mode class."""
    props = {"body-px": audience.body_px, "heading-px": audience.heading_px,
             "control-px": audience.control_px}  # fmt: skip
    values = {k: scaled(v, audience.design_height) for k, v in props.items()}
    values["sidebar"] = f"{audience.sidebar_percent}%"
    body = "; ".join(f"--{k}: {v}" for k, v in values.items())
    return f".glutelib.mode-{name} {{ {body}; }}"


def page_style(audiences: Audiences, colours: ColourLanguage) -> str:
    """One <style> block for the page: the stylesheet plus every audience's sizes, and the
    keyboard focus's colour (colours.yaml `focus`, as the 3D view's walk boxes its part)."""
    sheet = files("glutelib.app").joinpath("static/dashboard.css").read_text("utf-8")
    rules = [f".glutelib {{ --focus: {colours.focus}; }}"]
    rules += [sizes(name, a) for name, a in audiences.audiences.items()]
    return "<style>\n" + sheet + "\n".join(rules) + "\n</style>"
