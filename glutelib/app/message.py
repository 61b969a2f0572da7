"""The page's message line: what went wrong and what was done instead, in plain words."""

from __future__ import annotations

import logging

from glutelib.app.navigation import Said
from glutelib.app.widgets import html_widget
from glutelib.datafiles import DATA_DIR
from glutelib.errors import without_paths
from glutelib.library import Library
from glutelib.templates import macros

LOG = logging.getLogger(__name__)
PANEL = macros("app/static/words.html")


class MessageLine:
    """One line of the page for messages; the rest of the page keeps working."""

    def __init__(self, library: Library):
        self.library = library
        self.widget = html_widget("t-message")

    def tell(self, said: list[Said]) -> None:
        """Messages by key (audiences.yaml's page.messages), in one line."""
        page = self.library.audiences.page
        self.say(" ".join(page.say(key, **fields) for key, fields in said))

    def say(self, text: str) -> None:
        """A visible, plain message (escaped). It names files from the meshes or data folder,
        never the server's own paths (the log has them)."""
        atlas = self.library.atlas
        folders = {atlas.mesh_dir: atlas.mesh_dir.name, DATA_DIR: DATA_DIR.name}
        shown = without_paths(text, folders)
        if shown != text:
            LOG.warning("%s", text)
        self.widget.value = PANEL.line(shown)

    def clear(self) -> None:
        self.widget.value = ""
