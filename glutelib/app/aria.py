"""The page's attributes for assistive technology that ipywidgets cannot set (a name for a
picker, a live region): selector -> attributes, applied by the page (glutelib/js/aria.js)."""

from __future__ import annotations

from glutelib.app.widgets import css_name
from glutelib.library import Library

SAID = "t-view-said"  # the 3D view's text alternative (glutelib.described), a live region


def aria_rules(library: Library, plain: bool) -> dict[str, dict[str, str]]:
    """The rules for a page in plain words (a client's) or not: the view's live region, the
    pickers' names (the lesson's words for the same pickers), a name for each joint's slider
    thumb (noUiSlider's, which ipywidgets leaves unnamed), and a Tab stop for what scrolls."""
    said = library.audiences.words["plain" if plain else "anatomical"].said
    picker = library.audiences.page.lesson
    rules = {
        f".{SAID}": {"role": "region", "aria-live": "polite", "aria-label": said.region},
        ".t-condition-picker select": {"aria-label": picker["walkthrough_picker"]},
        ".t-palpate-picker select": {"aria-label": picker["palpate_picker"]},
        ".t-stretch select": {"aria-label": picker["stretch_picker"]},
        ".t-card, .t-help-overlay": {"tabindex": "0"},  # scrolls: a keyboard reaches it
    }
    for jid in library.joints.ids():
        words = library.joints.joint(jid)[0].words(plain)
        rules[f".t-joint-{css_name(jid)} .noUi-handle"] = {"aria-label": words.label}
    return rules


__all__ = ["SAID", "aria_rules"]
