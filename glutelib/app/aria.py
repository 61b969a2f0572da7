"""The page's attributes for assistive technology that ipywidgets cannot set (a name for a
picker, a live region): selector -> attributes, applied by the page (glutelib/js/aria.js)."""

from __future__ import annotations

from glutelib.library import Library

SAID = "t-view-said"  # the 3D view's text alternative (glutelib.described), a live region


def aria_rules(library: Library, plain: bool) -> dict[str, dict[str, str]]:
    """The rules for a page in plain words (a client's) or not."""
    said = library.audiences.words["plain" if plain else "anatomical"].said
    page = library.audiences.page
    return {
        f".{SAID}": {"role": "region", "aria-live": "polite", "aria-label": said.region},
        ".t-condition-picker select": {"aria-label": page.lesson["walkthrough_picker"]},
    }


__all__ = ["SAID", "aria_rules"]
