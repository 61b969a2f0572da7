"""The header's Lesson button: the page's walkthrough as an offline lesson file.

A clinic sends a client home with it, a student studies without a server. It holds the open
walkthrough (every walkthrough, from Explore or the quiz) in the words of the mode shown; a
whole course is `make lesson` or `glutelib.lesson.write_lesson`.
"""

from __future__ import annotations

from collections.abc import Callable

from glutelib.app.bridge import PageBridge
from glutelib.app.navigation import PageState, Said
from glutelib.app.widgets import control
from glutelib.errors import GlutelibError
from glutelib.library import Library


class LessonButton:
    """A button that builds the lesson for the page's state (`read()`) and hands the page the
    file; `tell` and `say` put what happens on the message line."""

    def __init__(self, library: Library, bridge: PageBridge, read: Callable[[], PageState],
                 tell: Callable[[list[Said]], None], say: Callable[[str], None]):  # fmt: skip
        self.library, self.bridge, self.read, self.tell, self.say = library, bridge, read, tell, say
        words = library.audiences.page.controls["lesson"]
        self.widget = control(words, "t-download-lesson", self.download)

    def download(self) -> None:
        """Build the lesson (a few seconds: the button waits) and hand it to the page."""
        from glutelib.lesson import lesson_html

        page = self.read()
        one = page.section == "conditions"
        chosen = [page.condition] if one else list(self.library.conditions)
        audience = self.library.audiences.audiences[page.mode]
        self.tell([("making_lesson", {})])  # sent now: the page shows it
        self.widget.disabled = True
        try:
            html = lesson_html(self.library, conditions=chosen, audiences=[page.mode],
                               quiz=audience.quiz != "none")  # fmt: skip
        except GlutelibError as exc:
            self.say(str(exc))
            return
        finally:
            self.widget.disabled = False
        name = f"glutelib-{chosen[0] if one else 'lesson'}-{page.mode}.html"
        data = html.encode("utf-8")
        self.bridge.download(name, data, mime="text/html")
        self.tell([("lesson_saved", {"name": name, "mb": f"{len(data) / 1e6:.1f}"})])
