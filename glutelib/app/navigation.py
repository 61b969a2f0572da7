"""The page's state as data, and the pure rules that move it.

A `PageState` says where a person is: the mode, the section, the open walkthrough and its
step, what Explore has picked, the pose moved to, the quiz kind and the keys' help. Three
pure functions move it, with no widget in sight (tests drive them directly):

    parse(query, places, now) -> (PageState, said)       an address arrives (link, Back)
    settle(state, places) -> PageState                   as a page can show it
    to_query(state) -> "?mode=...&condition=...&step=3"  the address of what is shown
    apply(state, action, places, key) -> PageState|None  a key of the keymap is pressed

`Places` is what a page can go to, read once from the library. The dashboard turns a state
into widgets (`Dashboard.show_page`) and reads its widgets back into one (`Dashboard.page`);
nothing else reaches into the dashboard for the address or the keys.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from glutelib.app.deeplink import Link, link_query, parse_link, step_number
from glutelib.library import Library
from glutelib.pain import FEELINGS

SECTIONS = ("explore", "move", "conditions", "quiz", "palpate", "pain")
# An instructor's two windows of one walkthrough: the laptop's (notes, the next step, a clock)
# and the projector's (the slide); a step in either moves both (glutelib/js/pair.js).
SCREENS = ("presenter", "slide")
# The keymap's actions that move the page (the others act on the view: glutelib/app/shortcuts.py).
# What a page is told, as (message key, fields): the words are audiences.yaml's page.messages.
Said = tuple[str, dict[str, object]]
ACTIONS = ("next_step", "previous_step", "first_step", "last_step", "step_number",
           "toggle_notes", "toggle_help", "open_quiz")  # fmt: skip


@dataclass(frozen=True)
class PageState:
    """Where a person is on the page."""

    mode: str
    section: str = "explore"  # one of SECTIONS
    condition: str = ""  # the walkthrough open, or last open
    step: int = 0  # its step, 0-based
    structure: str | None = None  # picked in Explore: an id, a pair's stem, a landmark key
    quiz: str = ""  # Test yourself's kind; '' for its menu
    question: str | None = None  # that kind's question to ask first
    notes: bool = False  # an instructor's speaker notes shown
    help: bool = False  # the keys' help shown
    screen: str = ""  # one of SCREENS, or '' for a window on its own
    pose: str = ""  # Move it yourself: the pose's code (glutelib.joints), '' standing
    palpate: str = ""  # Palpate: the structure ('' for the first the guide covers)
    route_step: int = 0  # its route's step, 0-based
    pain: str = ""  # Where does it hurt: the drawing (glutelib.pain.encode; '' none)
    feel: tuple[str, ...] = ()  # ... and how it feels (glutelib.pain.FEELINGS' keys)


def moved(now: PageState, page: PageState) -> bool:
    """Whether going from `now` to `page` changes what the view shows (the help, the notes,
    the mode's words and a presenter's screen do not)."""
    kept = ("help", "notes", "mode", "screen")
    return dataclasses.replace(page, **{k: getattr(now, k) for k in kept}) != now


@dataclass(frozen=True)
class Places:
    """Where a page can go: modes, walkthroughs (id -> number of steps, in the picker's order)
    and `find`, which turns any name a person types into what Explore picks (or None)."""

    modes: tuple[str, ...]
    quiz_modes: frozenset[str]  # the modes with Test yourself
    notes_modes: frozenset[str]  # the modes with speaker notes
    steps: Mapping[str, int]
    find: Callable[[str], str | None]
    read_pose: Callable[[str], tuple[str, list[Said]]]  # a pose code, tidied, and its faults
    routes: Mapping[str, int] = dataclasses.field(default_factory=dict)  # palpate: id -> steps

    @classmethod
    def of(cls, library: Library, ids: Collection[str]) -> Places:
        """The places of `library` whose structures `ids` are drawn (a broken mesh's are not)."""
        atlas, audiences = library.atlas, library.audiences.audiences

        def find(name: str) -> str | None:
            if name in library.landmarks:
                return name
            if len(atlas.stems.get(name, ())) > 1:
                return name  # a pair: both sides
            found = atlas.find(name)
            return found[0].id if found and found[0].id in ids else None

        def read_pose(code: str) -> tuple[str, list[Said]]:
            pose, said = library.joints.read_code(code)
            return library.joints.code_of(pose), said

        return cls(
            modes=tuple(audiences),
            quiz_modes=frozenset(k for k, a in audiences.items() if a.quiz != "none"),
            notes_modes=frozenset(k for k, a in audiences.items() if a.speaker_notes),
            steps={cid: len(c.steps) for cid, c in library.conditions.items()},
            find=find,
            read_pose=read_pose,
            routes={
                sid: len(e.route) for sid, e in library.palpation.entries.items() if sid in ids
            },
        )


def printable(text: str) -> str:
    """`text` without control and format characters (NUL, escapes, bidi overrides): an
    address value is named and looked up as a person would read it."""
    return "".join(c for c in text if not unicodedata.category(c).startswith("C"))


def clean_link(link: Link) -> Link:
    """The link with every value printable (`?mode=student%00` asks for student mode)."""
    return dataclasses.replace(link, **{
        k: printable(v) for k, v in dataclasses.asdict(link).items() if isinstance(v, str)
    })  # fmt: skip


def parse(query: str, places: Places, now: PageState) -> tuple[PageState, list[Said]]:
    """The state an address asks for, from `now`, and a message for each bad value in it
    (the rest of the address still applies)."""
    link, said = clean_link(parse_link(query)), []
    state = now
    if link.mode is not None:
        if link.mode in places.modes:
            state = dataclasses.replace(state, mode=link.mode)
        else:
            said.append(("no_mode", {"mode": link.mode, "shown": state.mode,
                                     "modes": ", ".join(places.modes)}))  # fmt: skip
    if link.screen is not None:
        if link.screen in ("", *SCREENS):
            state = dataclasses.replace(state, screen=link.screen)
        else:
            said.append(("no_screen", {"screen": link.screen, "screens": ", ".join(SCREENS)}))
    if link.quiz is not None:
        if state.mode not in places.quiz_modes:
            return state, [*said, ("quiz_not_for_mode", {})]
        return dataclasses.replace(state, section="quiz", quiz=link.quiz,
                                   question=link.question), said  # fmt: skip
    if link.condition is not None:
        state, bad = open_condition(state, link.condition, link.step, places)
        said += bad
    elif link.palpate is not None:
        state, bad = open_palpation(state, link.palpate, link.step, places)
        said += bad
    elif link.pose is not None:
        code, bad = places.read_pose(link.pose)
        state = dataclasses.replace(state, section="move", pose=code, question=None)
        said += bad
    elif link.pain is not None:
        state, bad = open_pain(state, link.pain, link.feel or "")
        said += bad
    elif state.section in ("conditions", "quiz", "move", "palpate", "pain"):  # Back to exploring
        state = dataclasses.replace(state, section="explore", question=None)
    if link.structure is not None:
        found = places.find(link.structure)
        if found is None:
            said.append(("nothing_called", {"name": link.structure}))
        else:
            state = dataclasses.replace(state, structure=found)
    elif state.section == "explore":
        state = dataclasses.replace(state, structure=None)
    return state, said


def open_condition(state: PageState, condition: str, step: str, places: Places
                   ) -> tuple[PageState, list[Said]]:  # fmt: skip
    """A walkthrough at a 1-based step as typed; an unknown walkthrough or step is named (the
    state stays, or the walkthrough starts at step 1)."""
    if condition not in places.steps:
        return state, [("no_walkthrough", {"name": condition, "known": ", ".join(places.steps)})]
    total, said = places.steps[condition], []
    number = step_number(step) or 0
    if not 1 <= number <= total:
        said.append(("step_range", {"name": condition, "total": total, "step": step}))
        number = 1
    return dataclasses.replace(state, section="conditions", condition=condition,
                               step=number - 1, question=None), said  # fmt: skip


def open_palpation(state: PageState, name: str, step: str, places: Places
                   ) -> tuple[PageState, list[Said]]:  # fmt: skip
    """Palpate a structure (an id, or a pair's stem: its right side) at a 1-based step as
    typed; an unknown structure or step is named (the first structure, or step 1)."""
    found = name if name in places.routes else f"{name}_r" if f"{name}_r" in places.routes else ""
    said: list[Said] = []
    if not found:
        stems = sorted({sid.removesuffix("_r").removesuffix("_l") for sid in places.routes})
        said.append(("nothing_to_palpate", {"name": name, "known": ", ".join(stems)}))
    total = places.routes.get(found, 1)
    number = step_number(step) or 0
    if found and not 1 <= number <= total:
        said.append(("route_range", {"name": found, "total": total, "step": step}))
    number = number if 1 <= number <= total else 1
    return dataclasses.replace(state, section="palpate", palpate=found, route_step=number - 1,
                               question=None), said  # fmt: skip


def open_pain(state: PageState, drawing: str, feel: str) -> tuple[PageState, list[Said]]:
    """Where does it hurt, with a drawing (checked as the panel decodes it) and feelings;
    an unknown feeling is named and left out."""
    said: list[Said] = []
    feelings = [f for f in feel.split(",") if f]
    for f in feelings:
        if f not in FEELINGS:
            said.append(("no_feeling", {"name": f, "known": ", ".join(FEELINGS)}))
    known = tuple(f for f in FEELINGS if f in feelings)  # in the panel's order, each once
    return dataclasses.replace(state, section="pain", pain=drawing, feel=known,
                               question=None), said  # fmt: skip


def settle(state: PageState, places: Places) -> PageState:
    """`state` as a page can show it: Test yourself only in a mode that has it (else Explore),
    a walkthrough the page has (else the first), a presenter's and a slide's window only in a
    mode with speaker notes (the presenter's with the notes shown)."""
    if state.screen and state.mode not in places.notes_modes:
        state = dataclasses.replace(state, screen="")
    if state.screen == "presenter":
        state = dataclasses.replace(state, notes=True)
    if state.section == "quiz" and state.mode not in places.quiz_modes:
        state = dataclasses.replace(state, section="explore", quiz="", question=None,
                                    structure=None)  # fmt: skip
    if state.condition not in places.steps:
        state = dataclasses.replace(state, condition=next(iter(places.steps)), step=0)
    if places.routes and state.palpate not in places.routes:
        state = dataclasses.replace(state, palpate=next(iter(places.routes)), route_step=0)
    return state


def to_query(state: PageState) -> str:
    """The address of what a state shows: the mode, and the step, the quiz or the pick (and
    which of a presenter's windows it is)."""
    screen = state.screen or None
    if state.section == "quiz":
        return link_query(Link(mode=state.mode, quiz=state.quiz, screen=screen))
    if state.section == "conditions":
        return link_query(Link(mode=state.mode, condition=state.condition,
                               step=str(state.step + 1), screen=screen))  # fmt: skip
    if state.section == "move":
        return link_query(Link(mode=state.mode, pose=state.pose, screen=screen))
    if state.section == "palpate":
        return link_query(Link(mode=state.mode, palpate=state.palpate,
                               step=str(state.route_step + 1), screen=screen))  # fmt: skip
    if state.section == "pain":
        return link_query(Link(mode=state.mode, pain=state.pain,
                               feel=",".join(state.feel) or None, screen=screen))  # fmt: skip
    return link_query(Link(mode=state.mode, structure=state.structure, screen=screen))


def apply(state: PageState, action: str, places: Places, key: str = "") -> PageState | None:
    """The state after a keymap `action` (one of ACTIONS) pressed with `key`; None when it
    does not apply there (a digit past the last step: the keymap's next action runs)."""
    if action == "toggle_help":
        return dataclasses.replace(state, help=not state.help)
    if action == "open_quiz":
        if state.mode not in places.quiz_modes:
            return None
        return dataclasses.replace(state, section="quiz", question=None)
    if action == "toggle_notes":
        if state.mode not in places.notes_modes:
            return None
        return dataclasses.replace(state, notes=not state.notes)
    if state.section == "pain":
        return None  # nothing to step: a drawing (the view keys still turn the body)
    route = state.section == "palpate"  # the keys step the route there
    total = places.routes.get(state.palpate, 1) if route else places.steps.get(state.condition, 1)
    now = state.route_step if route else state.step
    steps = {"next_step": now + 1, "previous_step": now - 1, "first_step": 0,
             "last_step": total - 1}  # fmt: skip
    if action == "step_number":
        number = step_number(key)
        if number is None or not 1 <= number <= total:
            return None
        steps[action] = number - 1
    if action not in steps:
        raise ValueError(f"{action!r} is not a page action; they are {', '.join(ACTIONS)}")
    step = max(0, min(steps[action], total - 1))
    return dataclasses.replace(state, **{"route_step" if route else "step": step})
