"""The keymap (data/keys.yaml): which keys the page passes on, the help, and the actions.

`Keymap.actions(key, section)` gives the actions a key may mean where it is pressed, in
order; the dashboard runs the first that applies (a digit past the last step picks a view).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from glutelib.cameras import Camera
from glutelib.datafiles import KEYS, data_path, read_data_file
from glutelib.templates import render

Action = Literal[
    "focus_search", "next_step", "previous_step", "first_step", "last_step", "step_number",
    "view_number", "zoom", "escape", "toggle_help", "toggle_labels", "close_up", "toggle_notes",
    "open_quiz", "quiz_answer", "quiz_next", "next_part", "previous_part",
]  # fmt: skip
PAGE_ACTIONS = ("focus_search",)  # done in the page itself (static/bridge.js)


class Binding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    keys: tuple[str, ...] = Field(min_length=1)
    caps: tuple[str, ...] = ()
    action: Action
    section: Literal["conditions", "quiz", "palpate"] | None = None
    help: str


class Keymap(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int
    bindings: tuple[Binding, ...]

    def actions(self, key: str, section: str) -> list[Action]:
        """The actions `key` may mean in `section`, in the keymap's order."""
        return [
            b.action for b in self.bindings
            if key and key in b.keys and b.section in (None, section)
        ]  # fmt: skip

    def keys_for(self, page: bool, section: str | None = None) -> list[str]:
        """Every key the page handles itself (`page`), or passes on to the kernel; with a
        `section`, only those that mean something there (Enter presses a focused button
        everywhere else)."""
        return sorted({k for b in self.bindings if (b.action in PAGE_ACTIONS) == page
                       and (section is None or b.section in (None, section))
                       for k in b.keys})  # fmt: skip

    def help_html(self, cameras: dict[str, Camera]) -> str:
        """The help overlay: one row per binding, from static/help.html."""
        views = ", ".join(f"{n} {c.label}" for n, c in enumerate(cameras.values(), 1))
        fill = {"views": views, "last_view": str(len(cameras))}
        rows = [([c.format(**fill) for c in b.caps or b.keys], b.help.format(**fill))
                for b in self.bindings]  # fmt: skip
        return render("app/static/help.html", rows=rows)


def load_keymap(path: Path | None = None) -> Keymap:
    """Read keys.yaml; a fault raises DataFileError naming the file and the fix."""
    return read_data_file(path or data_path(KEYS), Keymap, "Key file")
