"""The lesson's data (glutelib.lesson): quantised meshes stay within the grid, choices that do
not exist are named, and a broken mesh is left out and said."""

from __future__ import annotations

import errno
from pathlib import Path

import numpy as np
import pytest

from glutelib import palpation
from glutelib.atlas import SKIN_KEY
from glutelib.lesson import LessonError, lesson_data, write_lesson
from glutelib.lesson.packing import STEP_MM, Blob, decode
from glutelib.library import load_library

MAX_ERROR_MM = 0.5  # issue 18: quantised vertices within half a millimetre


@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.fixture(scope="module")
def small(library):
    """A lesson of one walkthrough that poses the body, for a student, without the quiz."""
    return lesson_data(library, conditions=["low_back_sitting"], audiences=["student"],
                       quiz=False)  # fmt: skip


def test_packing_round_trips_every_width_and_sign():
    blob = Blob()
    values = {"small": np.array([0, 3, -2, 5]), "wide": np.array([0, 40_000, -70_000, 12]),
              "planes": np.array([[0, 1, 2], [300, -300, 7], [1, 1, 1]])}  # fmt: skip
    for name, v in values.items():
        blob.add(name, v, planes=v.shape[1] if v.ndim == 2 else 1)
    payload = blob.payload()
    for name, v in values.items():
        assert np.array_equal(decode(payload, blob.index[name]), v), name


def test_every_vertex_drawn_is_within_the_grid_of_the_dashboards(small, library):
    """Each stored structure and zone, standing and in each pose it is drawn in, decoded as
    the page decodes it, against the rig's own posed vertices; faces exactly."""
    data, blob = small
    payload = blob.payload()
    origin, rig, atlas = np.array(data["origin"]), library.rig, library.atlas
    drawn = {(name, data["poses"][frame["pose"]]) for frame in data["frames"]
             for t, name in enumerate(data["traces"])
             if data["styles"][t][frame["style"][t]]["visible"]}  # fmt: skip
    worst, checked, kinds = 0.0, 0, set()
    for name in data["traces"]:
        if f"{name}/v" not in blob.index:
            continue
        grid = decode(payload, blob.index[f"{name}/v"])
        for pose in (p for p in data["poses"] if (name, p) in drawn):
            offset = blob.index.get(f"{name}/{pose}")
            moved = grid + decode(payload, offset) if offset else grid
            got = origin + moved * STEP_MM
            want = np.asarray(rig.vertices(name, library.pose(pose)))
            off = float(np.abs(got - want).max())
            # One rounding standing (half a step); two when posed (the grid and the offset).
            assert off <= (STEP_MM if offset else STEP_MM / 2) + 1e-6, (name, pose, off)
            worst = max(worst, off)
            checked += 1
        if not name.startswith("zone:"):
            faces = decode(payload, blob.index[f"{name}/f"]).reshape(-1, 3)
            mesh = (atlas.skin_mesh() if name == SKIN_KEY
                    else palpation.covering(library, name) if name.startswith("palpate:")
                    else atlas.level(name, light=False))  # fmt: skip
            assert np.array_equal(faces, mesh.faces), name
            kinds.add(name.split(":")[0] if ":" in name else name)
    print(f"{checked} meshes checked, worst coordinate off by {worst:.3f} mm")
    assert checked > 50 and len(data["poses"]) > 1
    assert {SKIN_KEY, "palpate"} <= kinds  # its Palpate views: the skin, outlines, sites
    assert worst <= STEP_MM + 1e-6 and worst < MAX_ERROR_MM


def test_what_a_lesson_cannot_hold_is_named_with_the_choices(library):
    with pytest.raises(LessonError, match=r"pregancy.*pregnancy"):
        lesson_data(library, conditions=["pregancy"])
    with pytest.raises(LessonError, match=r"clinet.*client"):
        lesson_data(library, audiences=["clinet"])
    with pytest.raises(LessonError, match="at least one"):
        lesson_data(library, audiences=[])


@pytest.mark.parametrize(
    ("choice", "message"),
    [(dict(conditions="pregnancy"), r"conditions takes a list of walkthrough names, not a str; "
      r"for example conditions=\['pregnancy'\]"),
     (dict(audiences="client"), r"audiences takes a list .* audiences=\['client'\]"),
     (dict(conditions=3), r"conditions takes a list .* not a int"),
     (dict(conditions=[["pregnancy"]]), r"conditions holds walkthrough names as text")],
)  # fmt: skip
def test_one_name_where_a_list_is_meant_is_named_with_the_fix(library, choice, message):
    with pytest.raises(LessonError, match=message):
        lesson_data(library, **choice)


def test_a_lesson_written_to_a_folder_or_a_full_disk_says_what_to_do(library, tmp_path,
                                                                     monkeypatch):  # fmt: skip
    small = dict(conditions=["pregnancy"], audiences=["client"], library=library, quiz=False)
    with pytest.raises(LessonError, match=r"is a folder; name the lesson file, for example "):
        write_lesson(tmp_path, **small)
    (tmp_path / "file").write_text("")
    with pytest.raises(LessonError, match=r"cannot be written to .*choose a folder you can"):
        write_lesson(tmp_path / "file" / "lesson.html", **small)

    def full(self, text, *args, **kwargs):  # half the page fits, then the disk is full
        with open(self, "w") as f:
            f.write(text[: len(text) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(LessonError, match=r"the disk is full; free some space or write it"):
        write_lesson(tmp_path / "lesson.html", **small)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # no half lesson left


def test_the_lesson_page_escapes_every_value_but_its_own_markup(library):
    """One autoescaping environment (glutelib/templates.py): a value is text unless marked."""
    from jinja2 import UndefinedError

    from glutelib.templates import Markup, render

    page = dict(
        controls=library.audiences.page.controls,
        words=library.audiences.page.lesson,
        script_hashes="'sha256-x'",
        style=Markup("<style>b{}</style>"),
        help=Markup("<h2>Keys</h2>"),
        data='<img src=x onerror="1">&',
        arrays="",
        guard=Markup("if (a < b && c) {}"),
        plotly=Markup(""),
        player=Markup(""),
    )
    html = render("lesson/static/lesson.html", **page)
    assert "&lt;img src=x onerror=&#34;1&#34;&gt;&amp;" in html and "<img" not in html
    assert "<script>if (a < b && c) {}</script>" in html and "<h2>Keys</h2>" in html
    assert "script-src &#39;sha256-x&#39;;" in html  # the browser reads the attribute back as '
    with pytest.raises(UndefinedError, match="player"):
        render("lesson/static/lesson.html", **{k: v for k, v in page.items() if k != "player"})


def test_explore_finds_every_part_by_the_beginning_of_each_of_its_names(small, library):
    """The index the page looks typed text up in: each part comes first for its whole name,
    is among the answers to its plain name and each alias, and to the first four letters
    of its name, as the dashboard's search finds them."""
    from glutelib.atlas import SUGGESTIONS, _normalise

    x = small[0]["explore"]
    index, missed = x["index"], []
    assert all(0 < len(found) <= SUGGESTIONS for found in index.values())
    for n, part in enumerate(x["parts"]):
        s = library.atlas[part["ids"][0]]
        if index.get(_normalise(s.name), [None])[0] != n:
            missed.append(f"{s.name} (whole name)")
        for key in (_normalise(s.name)[:4].strip(), *map(_normalise, (s.plain_name, *s.aliases))):
            if n not in index.get(key, []):
                missed.append(f"{s.name} ({key!r})")
    assert not missed, missed


def test_explore_has_every_drawn_part_once_in_a_group_with_its_frame_and_card(small, library):
    data = small[0]
    x = data["explore"]
    listed = [n for g in x["groups"] for n in g["parts"]]
    assert sorted(listed) == list(range(len(x["parts"])))  # each part in one group, once
    drawn = set(data["traces"])
    assert {i for p in x["parts"] for i in p["ids"]} == {i for i in library.atlas.ids if i in drawn}
    for part in x["parts"]:
        frame = data["frames"][part["frame"]["student"]]
        shown = [data["styles"][t][frame["style"][t]] for t, name in enumerate(data["traces"])
                 if name in part["ids"]]  # fmt: skip
        assert all(style["visible"] for style in shown), part["id"]
        assert library.atlas[part["ids"][0]].name in part["card"]["student"]
