"""A lesson that needs no server: one HTML file of the walkthroughs and the quiz.

    write_lesson("glutelib-lesson.html")                       # all five, three audiences
    write_lesson("sitting.html", conditions=["low_back_sitting"], audiences=["client"])

Every figure state is worked out here by the code the dashboard steps with (`frames`); the
meshes go in once each as compact typed arrays (`packing`), with plotly.js and the page's
player (static/player.js and the ES modules it imports, bundled: glutelib/pagecode.py; it only
looks states up and draws them) inlined into static/lesson.html (glutelib/templates.py). Its
words and constants (zoom step and limits, pixel-ratio cap, address lengths) are in its data.
The file opens from file:// with the network off, on any static host, or a learning platform.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import gzip
import hashlib
import json
import os
import re
from importlib import metadata
from importlib.resources import files
from pathlib import Path

import numpy as np

from glutelib import palpation, shading
from glutelib.app.deeplink import MAX_LENGTH
from glutelib.app.figure_widget import PLOTLY_CONFIG
from glutelib.app.keys import Keymap, load_keymap
from glutelib.app.style import page_style, root_classes
from glutelib.atlas import SKIN_KEY
from glutelib.cards import card_said
from glutelib.errors import GlutelibError, NotFoundError, without_paths
from glutelib.lesson import frames as framing
from glutelib.lesson.packing import STEP_MM, Blob, quantise
from glutelib.library import Library, load_library
from glutelib.pagecode import bundle
from glutelib.sides import TOKENS
from glutelib.templates import Markup, render
from glutelib.view import MAX_ZOOM, MIN_ZOOM, ZOOM_STEP
from glutelib.zones import zone_in

# What the lesson's keys can do (keys.yaml's other actions need the explorer or a kernel).
ACTIONS = ("next_step", "previous_step", "first_step", "last_step", "step_number",
           "quiz_answer", "quiz_next", "open_quiz", "toggle_notes", "zoom", "escape",
           "toggle_help", "next_part", "previous_part")  # fmt: skip
# The player's own words (the dashboard says the same: app/navigation.py, app/quiz.py), as
# templates whose {names} the page fills in.
PLOTLY_GL3D = "plotly.js-gl3d-dist-min"  # plotly's partial bundle: 3D traces only, from npm
CHECKOUT_NPM = Path(__file__).resolve().parents[2] / "build" / "lesson" / "npm" / "node_modules"


class LessonError(GlutelibError):
    """A lesson could not be made; the message says what to choose or install."""


def plotly_bundle(npm: Path = CHECKOUT_NPM) -> tuple[str, str]:
    """(plotly.js source, which bundle): the gl3d partial bundle `make lesson` installs when
    its version is the one the pinned plotly ships, else that full bundle (larger)."""
    full = Path(metadata.distribution("plotly").locate_file("plotly/package_data/plotly.min.js"))
    source = full.read_text("utf-8")
    version = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", source[:400])
    partial = npm / PLOTLY_GL3D / "plotly-gl3d.min.js"
    if version and partial.is_file():
        text = partial.read_text("utf-8")
        if f"v{version.group(1)}" in text[:400]:
            return text, f"{PLOTLY_GL3D} {version.group(1)}"
    return source, f"plotly.min.js {version.group(1) if version else '?'}"


def _pick(asked: list[str] | None, known: dict, kind: str, argument: str) -> list[str]:
    if asked is None:
        return list(known)
    if isinstance(asked, str | bytes) or not isinstance(asked, list | tuple):
        example = asked if isinstance(asked, str) and asked in known else next(iter(known))
        raise LessonError(
            f"{argument} takes a list of {kind} names, not a {type(asked).__name__}; "
            f"for example {argument}=[{example!r}]."
        )
    for name in asked:
        if not isinstance(name, str):
            raise LessonError(f"{argument} holds {kind} names as text, not {name!r}.")
        if name not in known:
            raise LessonError(str(NotFoundError(name, known, kind=kind)))
    if not asked:
        raise LessonError(f"A lesson needs at least one {kind}; choose from {', '.join(known)}.")
    return list(dict.fromkeys(asked))


def mesh_store(library: Library, frames: framing.Frames) -> tuple[Blob, np.ndarray]:
    """Each drawn trace's standing vertices, faces, light level, shades (full: `s`, light:
    `ls`, per full-mesh vertex) and the offsets of each pose it is drawn in, quantised; and
    the grid's origin (3,) mm."""
    rig, atlas = library.rig, library.atlas
    standing = library.pose("standing")
    drawn_names = sorted({name for name, _ in frames.drawn}, key=frames.traces.index)
    on_skin = {n: palpation.covering(library, n) for n in drawn_names if n in frames.on_skin}
    base = {n: np.asarray(rig.vertices(n, standing)) for n in drawn_names}
    origin = np.floor(np.vstack(list(base.values())).min(axis=0)) if base else np.zeros(3)
    # a pose at a time: the rig keeps only a few posed atlases, and there are more poses
    offsets: dict[tuple[str, str], np.ndarray] = {}
    for pose in frames.poses.values:
        for name in drawn_names:
            if pose != "standing" and (name, pose) in frames.drawn:
                posed = quantise(rig.vertices(name, library.pose(pose)), origin)
                offsets[name, pose] = posed - quantise(base[name], origin)
    blob = Blob()
    for name in drawn_names:
        grid = quantise(base[name], origin)
        blob.add(f"{name}/v", grid, planes=3)
        if zone := zone_in(name):
            faces = library.zones.mesh(zone).faces
            blob.add(f"{name}/f", np.asarray(faces).ravel())
        elif name == SKIN_KEY:  # one level: it is drawn only over everything, faint
            blob.add(f"{name}/f", np.asarray(atlas.skin_mesh().faces).ravel())
        elif name in on_skin:  # an outline (one colour) or a site (hatched) on the skin
            blob.add(f"{name}/f", np.asarray(on_skin[name].faces).ravel())
            if name.startswith(palpation.SITES_KEY):
                blob.add(f"{name}/s", palpation.hatching(library, [frames.on_skin[name]]))
        else:
            blob.add(f"{name}/f", atlas.level(name, light=False).faces.ravel())
            blob.add(f"{name}/s", shading.shade(library, name, stripes=True))
            blob.add(f"{name}/ls", shading.shade(library, name, stripes=False))
            light = atlas.level(name, light=True)
            if len(light.vertices) != len(base[name]):
                blob.add(f"{name}/lv", light.vertices)
                blob.add(f"{name}/lf", light.faces.ravel())
        for pose in frames.poses.values:
            offset = offsets.get((name, pose))
            if offset is not None and offset.any():
                blob.add(f"{name}/{pose}", offset, planes=3)
    return blob, origin


def lesson_data(
    library: Library | None = None,
    *,
    conditions: list[str] | None = None,
    audiences: list[str] | None = None,
    quiz: bool = True,
    seed: int = 0,
) -> tuple[dict, Blob]:
    """What the page needs, as JSON-ready data, and the mesh arrays."""
    library = library or load_library()
    condition_ids = _pick(conditions, library.conditions, "walkthrough", "conditions")
    modes = _pick(audiences, library.audiences.audiences, "audience", "audiences")
    broken = library.atlas.broken
    ids = [i for i in library.atlas.ids if i not in broken]
    every = library.audiences.audiences
    scenes = {m: framing.audience_scene(library, ids, every[m]) for m in modes}
    palpated = framing.palpated(library, condition_ids, quiz, modes)
    frames = framing.Frames(library, tuple(ids), palpated)
    steps = framing.walkthroughs(frames, scenes, condition_ids)
    asked = framing.quiz(frames, scenes, seed) if quiz else None
    palpating = framing.palpate(frames, scenes, palpated)
    explored = framing.explore(frames, scenes)
    moved = framing.move(frames, scenes)
    drawn = framing.pain(frames, scenes, explored, steps)
    blob, origin = mesh_store(library, frames)
    words = library.audiences.words
    keymap = load_keymap()
    data = {
        "glutelib": metadata.version("glutelib"),
        "step_mm": STEP_MM,
        "origin": origin.tolist(),
        "arrays": blob.index,
        "traces": frames.traces,
        "styles": [frames.styles[n].values for n in frames.traces],
        "layout": frames.base,
        "parts": {k: t.values for k, t in frames.parts.items()},
        "poses": frames.poses.values,
        "frames": frames.frames.values,
        "aspects": framing.ASPECTS,
        "heights": framing.HEIGHTS,
        "audiences": {
            m: {
                "label": every[m].label,
                "plain": every[m].plain,
                "quiz": every[m].quiz,
                "notes": every[m].speaker_notes,
                "zoom": every[m].zoom_buttons,
                "classes": sorted({f"mode-{m}", *root_classes(every[m])}),
            }
            for m in modes
        },
        "default": library.audiences.default if library.audiences.default in modes else modes[0],
        # A touch screen is most likely a client's tablet: the lesson opens in their words.
        "default_on_touch": (
            library.audiences.default_on_touch
            if library.audiences.default_on_touch in modes
            else None
        ),
        "words": {
            k: {
                "title": w.title,
                "conditions": w.conditions,
                "quiz": w.quiz,
                "explore": w.explore,
                "move": w.move.section,
                "palpate": w.palpate.section,
                "pain": w.pain.section,
                "search": w.search,
                "hint": w.hint,
                "said": w.said.region,  # the view's text alternative: its region's name
                "walked": w.said.walked,  # the keyboard walk through the parts
                "walked_highlighted": w.said.walked_highlighted,
                "walk_none": w.said.walk_none,
                "walk_empty": w.said.walk_empty,
            }
            for k, w in words.items()
        },
        "conditions": steps,
        "quiz": asked,
        "move": moved,
        "palpate": palpating,
        "pain": drawn,
        # The page strips side words from a search (a part is both sides) and looks it up.
        "explore": {
            **explored,
            "side_words": sorted(TOKENS),
            "no_match": library.audiences.page.messages["no_search_match"],
        },
        "names": {i: library.atlas[i].label for i in ids},
        # each part's card as the keyboard walk reads it, per audience, by trace index
        "cards": {
            m: [card_said(library.atlas[i], every[m], library.audiences) for i in ids]
            for m in modes
        },
        "skin_key": SKIN_KEY,  # the trace a palpate-it question's taps land on
        "keys": [b.model_dump() for b in keymap.bindings if b.action in ACTIONS],
        "note": _left_out(broken, library),
        "max_length": MAX_LENGTH,  # an address value is cut, as the dashboard cuts it
        # plotGlPixelRatio is the cap: the page draws at its screen's ratio up to it
        "config": {k: v for k, v in PLOTLY_CONFIG.items() if k != "toImageButtonOptions"},
        "zoom": {"step": ZOOM_STEP, "min": MIN_ZOOM, "max": MAX_ZOOM},
        "messages": library.audiences.page.lesson,
    }
    return data, blob


def _left_out(broken: dict[str, str], library: Library) -> str:
    """The parts left out, in words for whoever opens the file: no folder of this machine."""
    if not broken:
        return ""
    mesh_dir = library.atlas.mesh_dir
    first = without_paths(next(iter(broken.values())), {mesh_dir: mesh_dir.name})
    return library.audiences.page.lesson["left_out"].format(
        count=len(broken), names=", ".join(broken), first=first
    )


def _packed(text: str) -> str:
    return base64.b64encode(gzip.compress(text.encode(), 9, mtime=0)).decode()


def _script(text: str) -> str:
    """Script text as the page's parser will read it (so its hash is the browser's): no
    early end tag, one kind of line end, no NUL."""
    text = text.replace("</script", "<\\/script").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\0", "\ufffd")


def _script_hash(text: str) -> str:
    """The policy's source for one inline script: only these run (CSP script-src)."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def lesson_html(
    library: Library | None = None,
    *,
    conditions: list[str] | None = None,
    audiences: list[str] | None = None,
    quiz: bool = True,
    seed: int = 0,
) -> str:
    """The lesson as one HTML page (see `write_lesson`)."""
    library = library or load_library()
    data, blob = lesson_data(library, conditions=conditions, audiences=audiences, quiz=quiz,
                             seed=seed)  # fmt: skip
    plotly_js, which = plotly_bundle()
    data["plotly"] = which
    static = files("glutelib.lesson").joinpath("static")
    keymap = load_keymap()
    ours = tuple(b for b in keymap.bindings if b.action in ACTIONS)
    lesson_keys = Keymap(schema_version=keymap.schema_version, bindings=ours)
    # The guard runs first, in the head; the player bundle holds the same damaged-file words,
    # so that either can say the file is damaged alone.
    scripts = {
        "guard": _script(bundle("lesson_guard")),
        "plotly": _script(plotly_js),
        "player": _script(bundle("lesson_player")),
    }
    return render(
        "lesson/static/lesson.html",
        script_hashes=" ".join(_script_hash(text) for text in scripts.values()),
        style=Markup(page_style(library.audiences, library.colours) + "\n<style>\n"
                     + static.joinpath("lesson.css").read_text("utf-8") + "</style>"),
        help=Markup(lesson_keys.help_html(library.cameras)),
        controls=library.audiences.page.controls, words=library.audiences.page.lesson,
        data=_packed(json.dumps(data, separators=(",", ":"))),
        arrays=blob.payload(),
        **{name: Markup(text) for name, text in scripts.items()},
    )  # fmt: skip


def write_lesson(
    path: str | Path,
    *,
    conditions: list[str] | None = None,
    audiences: list[str] | None = None,
    library: Library | None = None,
    quiz: bool = True,
    seed: int = 0,
) -> Path:
    """Write a lesson file: the chosen walkthroughs (ids; default all, in picker order) for
    the chosen audiences (default all), and Test yourself for those who have it; return its
    path. `seed` fixes which question wrong answers are offered."""
    path = Path(path)
    if path.is_dir():
        raise LessonError(f"{path} is a folder; name the lesson file, for example "
                          f"{path / 'glutelib-lesson.html'}.")  # fmt: skip
    page = lesson_html(library, conditions=conditions, audiences=audiences, quiz=quiz, seed=seed)
    # Written beside, then renamed: a full disk leaves no half file that looks like a lesson.
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part.write_text(page, "utf-8")
        os.replace(part, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            part.unlink()
        why = ("the disk is full; free some space or write it to another disk"
               if exc.errno == errno.ENOSPC
               else f"{exc.strerror or exc}; choose a folder you can write to")  # fmt: skip
        raise LessonError(f"The lesson cannot be written to {path}: {why}.") from None
    return path


__all__ = ["LessonError", "lesson_data", "lesson_html", "plotly_bundle", "write_lesson"]
