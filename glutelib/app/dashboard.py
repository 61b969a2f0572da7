"""The dashboard: header, sidebar and the 3D view, in the mode the page asked for.

header   title · mode buttons (Student / Client / Instructor) · "?" help
sidebar  Explore | Conditions: the Explorer (search, side, info card, layers, grouped list)
         or the Walkthrough (condition picker, step text, progress, Back / Next)
main     the Toolbar (views, labels, close up, zoom, reset, save picture), then the figure

The page's state is a `navigation.PageState` the dashboard keeps (`page`): a control, a key
or an address makes a new one, and `show_page` brings the panels to it. What a panel picks by
itself (Explore's pick, the quiz's kind) it reports as it changes. Panels change the Scene's
state; `refresh()` has FigureSync send the figure the difference.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys

import ipywidgets as w
import plotly.graph_objects as go

from glutelib.app import navigation
from glutelib.app.address import PageAddress
from glutelib.app.bridge import PageBridge
from glutelib.app.explorer import Explorer
from glutelib.app.header import Header
from glutelib.app.keys import Keymap, load_keymap
from glutelib.app.lesson_button import LessonButton
from glutelib.app.message import MessageLine
from glutelib.app.move import MovePanel
from glutelib.app.navigation import PageState, Places
from glutelib.app.opening import SectionDoors
from glutelib.app.pain import PainPanel
from glutelib.app.palpate import PalpatePanel
from glutelib.app.quiz import QuizPanel
from glutelib.app.sections import SectionButtons
from glutelib.app.shortcuts import Shortcuts
from glutelib.app.style import page_style, root_classes
from glutelib.app.view_panel import ViewPanel
from glutelib.app.walkthrough import Walkthrough
from glutelib.atlas import SKIN_KEY, Atlas
from glutelib.audiences import PageWords
from glutelib.datafiles import DATA_DIR
from glutelib.errors import GlutelibError, without_paths
from glutelib.library import Library, load_library
from glutelib.scene import Scene
from glutelib.templates import macros, render
from glutelib.versions import version_warnings

LOG = logging.getLogger(__name__)
PANEL = macros("app/static/words.html")


def skip_iri_grammar() -> None:
    """Spare each served kernel ~1 s of its start (a fifth of it). plotly's FigureWidget
    imports nbformat, whose jsonschema imports rfc3987_syntax when it can, only to check
    "iri" formats; that module builds a Lark grammar at import. Nothing in a dashboard kernel
    validates an IRI, so the import is made to fail the way jsonschema already allows for."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]


def show() -> Dashboard | None:
    """Build and display the dashboard; if the atlas or its data cannot load at all, display
    the error in plain words (what is wrong, which file, the fix) instead of a traceback."""
    from IPython.display import HTML, display

    skip_iri_grammar()
    try:
        # Voila hands the kernel the page address (unless it preheats kernels): the deep link
        # is settled before the figure is built, so the page draws the right step once.
        dashboard = Dashboard(query=os.environ.get("QUERY_STRING", ""))
    except GlutelibError as exc:
        LOG.error("The dashboard cannot start: %s", exc)  # with the server's paths
        shown = without_paths(str(exc), {DATA_DIR: DATA_DIR.name})
        display(HTML(render("app/static/error.html", message=shown)))
        return None
    dashboard.display()
    return dashboard


def faults_said(broken: dict[str, str], words: PageWords) -> str:
    """Parts left out and untested package versions, in plain words for the page ('' when
    all is well)."""
    notes = version_warnings()
    if broken:
        first = next(iter(broken.values()))
        left_out = {"count": len(broken), "names": ", ".join(broken), "first": first}
        notes.insert(0, words.say("parts_left_out", **left_out))
    return " ".join(notes)


class Dashboard(SectionDoors):
    """The explorer and the walkthroughs around one 3D figure."""

    def __init__(
        self, library: Library | Atlas | None = None, query: str = "",
        keymap: Keymap | None = None,
    ):  # fmt: skip
        """`query`: the page address (`mode=client&condition=...`), applied before the figure
        is built: a page draws a figure from the widget's first state and misses changes
        synced before it connected."""
        if not isinstance(library, Library):
            library = load_library(library)
        self.library, self.atlas, self.keymap = library, library.atlas, keymap or load_keymap()
        self.audiences = library.audiences
        self.messages = MessageLine(library)
        self.message, self.say, self.tell = (self.messages.widget, self.messages.say,
                                             self.messages.tell)  # fmt: skip
        first = next(iter(library.conditions))
        self.state = PageState(mode=self.audiences.default, condition=first)  # where it is
        self._showing = False  # while show_page renders, panels' reports wait for it
        audience = self.audiences.audiences[self.mode]
        self.broken = self.atlas.broken  # left out, and said on the page
        ids = [i for i in self.atlas.ids if i not in self.broken]
        home = [i for i in ids if i not in library.opening_hidden]
        self.scene = Scene(library, structures=ids, shown=home,
                           camera=library.settings.opening_view.camera)  # fmt: skip
        self.explorer = Explorer(self.scene, audience)
        self.walkthrough = Walkthrough(self.scene, audience, self.act, self.open_condition)
        self.quiz = QuizPanel(self.scene, audience)
        self.move = MovePanel(self.scene, audience)
        self.palpate = PalpatePanel(self.scene, audience, self.act, self.open_palpation)
        self.pain = PainPanel(self.scene, audience, lambda said: self.tell(said))
        # the sections' panels besides Explore's: each puts its state into the scene (apply)
        self.panels = {"conditions": self.walkthrough, "quiz": self.quiz, "move": self.move,
                       "palpate": self.palpate, "pain": self.pain}  # fmt: skip
        for panel in (self.explorer, *self.panels.values()):
            panel.on_change = self.reported
        self.explorer.on_stretch = self.open_stretches
        self.explorer.on_palpate = self.open_palpation
        self.explorer.on_pain = lambda: self.show_page(
            dataclasses.replace(self.state, section="pain")
        )
        self.move.on_drag = lambda: self.view.refresh(tell=False)  # said when let go
        self.quiz.on_review = self.pain.on_open = self.open_review
        self.bridge = PageBridge(kernel_keys=self.keymap.keys_for(page=False, section="explore"),
                                 focus_keys=self.keymap.keys_for(page=True))  # fmt: skip
        self.places = Places.of(library, ids)
        self.address = PageAddress(self.places, lambda: self.page, self.show_page, self.tell,
                                   self.bridge)  # fmt: skip
        self.bridge.observe(lambda c: self.apply_query(c["new"]), names="query")
        self.bridge.on_query(self.apply_query)
        self.bridge.on_key(self.on_key)
        self.bridge.on_drag(self.move.drag)
        self.bridge.on_paint(
            lambda v, tool: self.state.section == "pain" and self.pain.paint(v, tool)
        )
        self.quiz.on_glide = self.bridge.say_when_drawn
        self.bridge.on_drawn(self.quiz.glide)
        self.view = ViewPanel(
            self.scene, library, self.bridge, self.audiences.page.controls, tell=self.tell,
            say=self.say, reset=self.reset, on_click=self._on_figure_click,
            after_sync=self.address.follow,
        )  # fmt: skip
        self.toolbar, self.main = self.view.toolbar, self.view.widget
        self.view.caption = lambda: self.pain.caption() if self.state.section == "pain" else []
        self.shortcuts = Shortcuts(self, self.view, self.quiz, self.keymap, self.places)
        self.bridge.on_figure_failed(self.view.failed)
        self.bridge.on_view(self.view.set_view_size)
        self._build_layout()
        self._show_mode(self.mode)
        if faults := faults_said(self.broken, self.audiences.page):
            self.say(faults)
        self.apply_query(query)
        self.view.show_new_figure()

    def _build_layout(self) -> None:
        self.lesson = LessonButton(self.library, self.bridge, lambda: self.state,
                                   lambda said: self.tell(said), lambda t: self.say(t))  # fmt: skip
        self.header = Header(self.library, self.keymap, self.mode, self.lesson.widget,
                             self.set_mode, lambda: self.act("toggle_help"))  # fmt: skip
        self.help = self.header.help
        self.section = SectionButtons(self.audiences, self.set_section)
        self.sidebar = w.VBox([self.section, self.explorer.widget])
        self.sidebar.add_class("t-sidebar")
        body = w.HBox([self.sidebar, self.main])
        body.add_class("t-body")
        style = w.HTML(page_style(self.audiences, self.library.colours))
        self.root = w.VBox([style, self.bridge, self.header.widget, self.message, body,
                            self.help])  # fmt: skip
        self.root.add_class("glutelib")
        self.root.add_class("t-app")

    # the figure --------------------------------------------------------------------------
    @property
    def figure(self) -> go.FigureWidget | None:
        return self.view.figure

    def refresh(self) -> None:
        """Send the figure what changed (ViewPanel.refresh); the address follows."""
        self.view.refresh()

    def _on_figure_click(self, structure_id: str, point: tuple[float, float, float]) -> None:
        if self.state.section == "pain":
            self.pain.tap(point)  # the skin, the drawing or the pattern on it: a stroke
        elif structure_id == SKIN_KEY:
            if self.state.section == "quiz":
                self.quiz.tap(point)  # a palpate-it answer; the skin takes no other taps
        elif self.state.section == "quiz":
            self.quiz.click(structure_id)  # a find-it answer; other questions ignore taps
        elif self.state.section == "move":
            self.move.pick(structure_id)  # its length over the moved joint's range
        else:
            self.explorer.select(structure_id)

    # modes and sections ------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return self.state.mode

    def set_mode(self, mode: str) -> None:
        """Switch audience: words, sizes and controls follow audiences.yaml."""
        if self._showing:
            return  # the mode buttons follow show_page
        if mode not in self.audiences.audiences:
            known = ", ".join(self.audiences.audiences)
            self.tell([("no_mode", {"mode": mode, "shown": self.mode, "modes": known})])
            self.header.show_mode(self.mode)
            return
        self.show_page(dataclasses.replace(self.state, mode=mode))

    def set_section(self, section: str) -> None:
        """Explore the atlas, step through the condition walkthroughs, or test yourself."""
        if self._showing:
            return  # the section buttons follow show_page
        self.show_page(dataclasses.replace(self.state, section=section, question=None,
                                           structure=None))  # fmt: skip

    def act(self, action: str, key: str = "") -> bool:
        """Run a page action (navigation.ACTIONS) from a control or a key; False where it does
        not apply (a digit past the last step)."""
        moved = navigation.apply(self.state, action, self.places, key)
        if moved is not None:
            self.show_page(moved)
        return moved is not None

    def _show_mode(self, mode: str) -> None:
        audience = self.audiences.audiences[mode]
        for name, a in self.audiences.audiences.items():
            for css_class in (f"mode-{name}", *root_classes(a)):
                self.root.remove_class(css_class)
        for css_class in (f"mode-{mode}", *root_classes(audience)):
            self.root.add_class(css_class)
        self.header.show_mode(mode)
        self.view.set_audience(audience)
        self.section.relabel(audience)
        self.section.light(self.state.section)
        self.scene.use_plain_words(audience.plain).set_label_size(audience.label_px)
        for panel in (self.explorer, *self.panels.values()):
            panel.set_audience(audience)
        self.refresh()

    def _show_section(self, section: str) -> None:
        self.section.light(section)
        for name in navigation.SECTIONS:  # the page's layout may follow the section (CSS)
            (self.root.add_class if name == section else self.root.remove_class)(f"section-{name}")
        panel = self.panels.get(section)
        self.sidebar.children = [self.section, (panel or self.explorer).widget]
        self.bridge.kernel_keys = self.keymap.keys_for(page=False, section=section)
        self.scene.hide_names(False)  # a quiz hides names on hover while it asks
        self.scene.ask_touch(False).mark_taps()  # ... and palpate-it the body, under the skin
        self.scene.draw_pain()  # ... and a pain drawing, on it
        if panel is not None:
            panel.apply()
        else:
            self._start_again()

    def apply_query(self, query: str) -> None:
        """Settings from the page address (`?mode=client&condition=...`); see PageAddress."""
        self.address.apply(query)

    # the page's state ----------------------------------------------------------------------
    @property
    def page(self) -> PageState:
        """Where the page is (navigation.PageState)."""
        return self.state

    def panels_say(self) -> dict[str, object]:
        """What the panels themselves hold of the page's state: Explore's pick, the quiz's
        kind, the walkthrough's step and notes."""
        picked, explorer = self.explorer.selected, self.explorer
        structure = explorer.landmark or (
            picked[0] if len(picked) == 1 else self.atlas[picked[0]].stem if picked else None
        )
        return dict(structure=structure, quiz=self.quiz.kind or "",
                    condition=self.walkthrough.condition.id, step=self.walkthrough.index,
                    notes=self.walkthrough.show_notes, pose=self.move.code,
                    palpate=self.palpate.structure, route_step=self.palpate.step,
                    pain=self.pain.code, feel=self.pain.feel)  # fmt: skip

    def reported(self) -> None:
        """A panel changed by itself (a pick, a quiz kind, an answer): the page's state takes
        it in, and the figure and the address follow."""
        if not self._showing:
            self.state = dataclasses.replace(self.state, **self.panels_say())
        self.scene.point_at(None)  # the keyboard walk starts again on what is shown now
        self.refresh()

    def show_page(self, page: PageState) -> None:
        """Bring the panels to `page`, changing only what differs from the page's state; then
        it is the page's state, with what the panels made of it (an unknown quiz kind opens
        the menu), and the address follows."""
        page = navigation.settle(page, self.places)
        if navigation.moved(self.state, page):  # the picture changes: the walk starts again
            self.scene.point_at(None)
        now, self._showing = self.state, True
        try:
            self._show_changes(now, page)
        finally:
            self._showing = False
        said = self.panels_say()
        self.state = dataclasses.replace(page, quiz=said["quiz"], pain=said["pain"], structure=(
            said["structure"] if page.section == "explore" else page.structure))  # fmt: skip
        self.address.follow()

    def _show_changes(self, now: PageState, page: PageState) -> None:
        if page.mode != now.mode:
            self._show_mode(page.mode)
        if page.help != now.help:
            self.header.show_help(page.help)
        if page.screen != now.screen:
            for screen in navigation.SCREENS:
                (self.root.add_class if screen == page.screen else self.root.remove_class)(
                    f"screen-{screen}")  # fmt: skip
            self.walkthrough.set_screen(page.screen)
        picked = now.structure if now.section == "explore" else None
        if page.section == "quiz":
            new_kind = bool(page.question) or page.quiz != now.quiz
            if new_kind or now.section != "quiz":
                self._show_section("quiz")
            if new_kind and page.quiz:
                self.quiz.start(page.quiz, page.question)
        elif page.section == "conditions":
            if (now.section, now.condition, now.step) != ("conditions", page.condition, page.step):
                self.walkthrough.condition = self.walkthrough.conditions[page.condition]
                self.walkthrough.index = page.step
                self._show_section("conditions")  # puts the step into the scene
        elif page.section == "palpate":
            if (now.section, now.palpate, now.route_step) != ("palpate", page.palpate,
                                                               page.route_step):  # fmt: skip
                self.palpate.structure, self.palpate.step = page.palpate, page.route_step
                self._show_section("palpate")  # puts the view into the scene
        elif page.section == "pain":
            if (now.section, now.pain, now.feel) != ("pain", page.pain, page.feel):
                self.pain.set_drawing(page.pain, page.feel)
                self._show_section("pain")  # puts the body and the drawing into the scene
        elif page.section == "move":
            opening = now.section != "move"  # the pose is put in first: one picture, not two
            if page.pose != self.move.code:
                self.move.set_pose(self.library.joints.read_code(page.pose)[0], show=not opening)
            if opening:
                self._show_section("move")
        elif now.section != "explore":
            self._show_section("explore")
            picked = None
        if page.section == "explore" and page.structure != picked:
            self.pick(page.structure)
        if page.notes != now.notes:
            self.walkthrough.set_notes(page.notes)

    def pick(self, name: str | None) -> None:
        """Pick what `Places.find` named (Explorer.pick); None starts again."""
        if name is None:
            self.reset()
        else:
            self.explorer.pick(name)

    def reset(self) -> None:
        """Start again: the explorer's opening view, or the walkthrough's current step."""
        self.messages.clear()
        if (panel := self.panels.get(self.state.section)) is not None:
            panel.apply()  # the step, the question, the pose's view: again
        else:
            self._start_again()
            self.reported()

    def _start_again(self) -> None:
        """Explore's opening view, nothing picked."""
        self.explorer.clear()
        self.toolbar.labels.value = False
        self.scene.reset()
        self.refresh()

    def on_key(self, key: str) -> None:
        """Run the first keymap action for `key` that applies in the open section."""
        self.shortcuts.press(key, self.state.section)

    def display(self) -> None:
        from IPython.display import display

        display(self.root)
