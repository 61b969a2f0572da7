"""The three audiences (student, client, instructor) as data: words, sizes, controls.

`load_audiences()` reads glutelib/data/audiences.yaml; `css()` turns every audience into
rules under `.glutelib.mode-<id>`, so switching mode is swapping one class on the root.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from glutelib.atlas import DATA_DIR, read_data_file
from glutelib.errors import StructureDataError

CardField = Literal["origin", "insertion", "action", "innervation", "note", "description"]


class Audience(BaseModel):
    """How the page speaks and looks for one audience."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    words: Literal["anatomical", "plain"]
    body_px: int
    heading_px: int
    control_px: int
    label_px: int = 16  # names in the 3D view
    card: tuple[CardField, ...]
    zoom_buttons: bool
    high_contrast: bool
    speaker_notes: bool = False  # walkthrough steps add the instructor's notes


class Audiences(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int
    default: str
    audiences: dict[str, Audience]
    groups: dict[str, dict[Literal["anatomical", "plain"], str]]
    fields: dict[CardField, str]

    def group_heading(self, group: str, words: str) -> str:
        return self.groups.get(group, {}).get(words, group.capitalize())


def load_audiences(path: Path | None = None) -> Audiences:
    """Read audiences.yaml; a malformed file raises StructureDataError naming it."""
    path = path or DATA_DIR / "audiences.yaml"
    data = read_data_file(path, Audiences, "Audience file")
    if data.default not in data.audiences:
        raise StructureDataError(
            f"Audience file {path}: default '{data.default}' is not one of {sorted(data.audiences)}"
        )
    return data


BASE_CSS = """
.glutelib { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1b1b1b; }
.glutelib .t-figure { width: 100%; height: calc(100vh - 200px); min-height: 420px; }
.glutelib .t-sidebar { overflow-y: auto; padding-right: 8px; }
.glutelib .t-card { border-left: 6px solid #3b6ea5; padding: 4px 12px; background: #f6f7f9; }
.glutelib .t-card dl { display: block; margin: 0; }
.glutelib .t-card dt { display: block; float: none; width: auto; font-weight: 600;
  margin-top: 6px; }
.glutelib .t-card dd { display: block; float: none; margin: 0 0 4px 0; }
.glutelib .widget-button, .glutelib .widget-toggle-button { width: auto; max-width: none;
  overflow: visible; }
.glutelib .t-search, .glutelib .t-search input { width: 100%; max-width: 100%;
  box-sizing: border-box; }
.glutelib .t-message { color: #7a4b00; }
.glutelib .t-group-heading { font-weight: 600; margin: 10px 0 2px; }
.glutelib .t-help-overlay { position: fixed; inset: 8% 15%; z-index: 1000; background: #fff;
  border: 3px solid #1b1b1b; border-radius: 8px; padding: 16px 28px; overflow: auto;
  box-shadow: 0 8px 40px rgba(0,0,0,.35); }
.glutelib .t-help-overlay kbd { border: 1px solid #888; border-radius: 4px; padding: 0 6px;
  background: #f2f2f2; }
.glutelib button:focus-visible, .glutelib input:focus-visible { outline: 3px solid #1a5fb4;
  outline-offset: 2px; }
.glutelib .t-step-title h3 { margin: 8px 0 2px; }
.glutelib .t-dot { color: #b8bcc4; margin-right: 4px; }
.glutelib .t-dot-current { color: #1a5fb4; }
.glutelib .t-nav .widget-button { flex: 1 1 0; font-weight: 600; }
.glutelib .t-conditions .widget-button { width: 100%; text-align: left; white-space: normal; }
.glutelib .t-speaker-notes { border-left: 4px solid #888; padding-left: 8px; }
.glutelib .t-strain-bar { height: 14px; border-radius: 4px; border: 1px solid #999; }
.glutelib .t-strain-ends { display: flex; justify-content: space-between; }
.glutelib .t-swatch { display: inline-block; width: 1em; height: 1em; border-radius: 3px;
  margin-right: 6px; vertical-align: middle; }
.glutelib .t-zone-legend, .glutelib .t-strain-legend ul { list-style: none; padding-left: 0; }
.glutelib .widget-toggle-button.mod-active, .glutelib button.mod-active { background: #1a5fb4;
  color: #fff; }
"""


def css(audiences: Audiences) -> str:
    """One <style> block: the base rules plus each audience's sizes under its mode class."""
    rules = [BASE_CSS]
    for name, a in audiences.audiences.items():
        root = f".glutelib.mode-{name}"
        rules.append(
            f"{root}, {root} .widget-html-content, {root} .widget-label, {root} input "
            f"{{ font-size: {a.body_px}px; line-height: 1.35; }}\n"
            f"{root} h2, {root} .t-title {{ font-size: {a.heading_px}px; margin: 4px 0; }}\n"
            f"{root} .widget-button, {root} .widget-toggle-button, {root} .widget-text input "
            f"{{ min-height: {a.control_px}px; height: auto; min-width: {a.control_px}px; "
            f"font-size: {a.body_px}px; padding: 4px 12px; }}\n"
            f"{root} .widget-text {{ height: auto; }}"
        )
        if a.words == "plain":  # plotly's tiny mode-bar icons: on-screen buttons replace them
            rules.append(f"{root} .modebar-container {{ display: none !important; }}")
        if a.high_contrast:
            rules.append(
                f"{root} {{ color: #000; }}\n{root} .t-card {{ background: #fff; "
                f"border-left-color: #000; }}\n{root} .widget-button {{ border: 2px solid #000; }}"
            )
    return "<style>\n" + "\n".join(rules) + "\n</style>"
