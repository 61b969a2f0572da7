"""Pain drawings ranked against pain.yaml's patterns (glutelib/pain.py): the issue's drawings,
made from landmarks and the skin's shape (never from a pattern's own vertices), rank the
structure or root the sources name first; bad drawings and a bad pattern file are refused
with what is wrong and the fix; a drawing survives the trip through an address."""

from __future__ import annotations

import base64
import json
import shutil

import numpy as np
import pytest

from glutelib import pain
from glutelib.datafiles import DATA_DIR
from glutelib.errors import DataFileError, GlutelibError
from glutelib.library import load_library
from glutelib.pain import PainDrawingError, candidates, decode, encode, load_pain

SIDES = ("r", "l")
DERMATOMES = ("l4_dermatome", "l5_dermatome", "s1_dermatome")
WAYS = {"back": (0, -1, 0), "front": (0, 1, 0), "up": (0, 0, 1), "down": (0, 0, -1)}


def skin_facing(library, side: str, way: str, low: float = -np.inf, high: float = np.inf,
                keep=None) -> np.ndarray:  # fmt: skip
    """(n, 3) the skin of one side facing `way` ('back', 'front', 'up', 'down', 'out')
    between two heights (mm): how a person paints a stretch of the body."""
    skin = library.atlas.skin_mesh()
    v, normals = np.asarray(skin.vertices), np.asarray(skin.vertex_normals)
    out = 1.0 if side == "r" else -1.0
    direction = np.array((out, 0, 0) if way == "out" else WAYS[way], dtype=float)
    chosen = (normals @ direction > 0.5) & (v[:, 0] * out > 15) & (v[:, 2] > low) & (v[:, 2] < high)
    if keep is not None:
        chosen &= keep(v)
    return v[chosen]


def mark(library, name: str, side: str) -> np.ndarray:
    return library.atlas.landmark(name, side)


def ranked(library, points) -> list[str]:
    return [c.id for c in candidates(library, points)]


def above(order: list[str], first: str, second: str) -> bool:
    """`first` ranks above `second` (one missing from the list ranks last)."""
    rank = {pid: n for n, pid in enumerate(order)}
    return rank.get(first, len(order)) < rank.get(second, len(order))


@pytest.mark.parametrize("side", SIDES)
def test_the_buttock_and_the_back_of_the_thigh_above_the_knee_is_piriformis_and_the_glutes(
    library, side
):
    out = 1.0 if side == "r" else -1.0
    trochanter = mark(library, "greater_trochanter", side)
    drawing = skin_facing(
        library, side, "back",
        low=mark(library, "knee_joint_centre", side)[2] + 100,  # stops above the knee
        high=mark(library, "iliac_crest_top", side)[2] - 40,
        keep=lambda v: v[:, 0] * out < trochanter[0] * out,
    )  # fmt: skip
    order = ranked(library, drawing)
    assert order[0] == f"piriformis_referral_{side}"
    glutes = [f"gluteus_{m}_referral_{side}" for m in
              ("minimus_posterior", "minimus_anterior", "medius")]  # fmt: skip
    best_glute = min(glutes, key=order.index)
    for root in DERMATOMES:
        assert above(order, f"piriformis_referral_{side}", f"{root}_{side}")
        assert above(order, best_glute, f"{root}_{side}")


@pytest.mark.parametrize("side", SIDES)
def test_a_band_down_the_side_of_the_leg_to_the_top_of_the_foot_is_l5(library, side):
    ankle = mark(library, "lateral_malleolus", side)
    side_of_leg = skin_facing(library, side, "out", low=ankle[2],
                              high=mark(library, "knee_joint_centre", side)[2] - 40)  # fmt: skip
    top_of_foot = skin_facing(library, side, "up", high=ankle[2],
                              keep=lambda v: v[:, 1] > ankle[1] + 20)  # fmt: skip
    assert ranked(library, np.vstack([side_of_leg, top_of_foot]))[0] == f"l5_dermatome_{side}"
    # from the hip down too: the whole side of the limb
    whole = skin_facing(library, side, "out", low=ankle[2],
                        high=mark(library, "greater_trochanter", side)[2] - 60)  # fmt: skip
    assert ranked(library, np.vstack([whole, top_of_foot]))[0] == f"l5_dermatome_{side}"


@pytest.mark.parametrize("side", SIDES)
def test_the_back_of_the_calf_to_the_sole_is_s1(library, side):
    ankle = mark(library, "lateral_malleolus", side)
    calf = skin_facing(library, side, "back", low=ankle[2],
                       high=mark(library, "knee_joint_centre", side)[2] - 60)  # fmt: skip
    sole = skin_facing(library, side, "down", high=ankle[2] - 30)
    assert ranked(library, np.vstack([calf, sole]))[0] == f"s1_dermatome_{side}"


@pytest.mark.parametrize("side", SIDES)
def test_the_outer_thigh_to_the_outer_knee_is_tfl_or_gluteus_minimus(library, side):
    drawing = skin_facing(library, side, "out",
                          low=mark(library, "lateral_femoral_epicondyle", side)[2],
                          high=mark(library, "greater_trochanter", side)[2] - 60)  # fmt: skip
    order = ranked(library, drawing)
    assert order[0] in (f"tensor_fasciae_latae_referral_{side}",
                        f"gluteus_minimus_anterior_referral_{side}")  # fmt: skip
    assert above(order, order[1], f"l5_dermatome_{side}")  # both above the root


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("radius", [1.0, 15.0])
def test_a_patch_over_the_psis_is_the_sacroiliac_joint(library, side, radius):
    """A tap on the dimple (the brush alone) and a patch a few centimetres across."""
    skin = np.asarray(library.atlas.skin_mesh().vertices)
    over = skin[np.argmin(np.linalg.norm(skin - mark(library, "psis", side), axis=1))]
    drawing = skin[np.linalg.norm(skin - over, axis=1) < radius]
    assert ranked(library, drawing)[0] == f"sacroiliac_joint_referral_{side}"


def test_each_match_carries_its_fractions_and_the_stated_rule(library):
    drawing = pain.pattern(library, "piriformis_referral_r")[::3]
    found = candidates(library, drawing)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    for c in found:
        assert 0 < c.explained <= 1 + 1e-9 and 0 < c.covered <= 1 + 1e-9
        assert c.score == pytest.approx(c.explained**0.5 * c.covered**0.5)
        assert (c.structure is None) == (c.kind == "dermatome") == (c.root is not None)
    assert {c.side for c in found[:3]} == {"r"}
    rule = json.loads(json.dumps(pain.rule()))  # what the lesson receives
    assert rule["brush_mm"] == pain.BRUSH_MM and rule["explained_power"] == 0.5
    assert pain.fields(library) is pain.fields(library)  # made once per library
    skin = library.atlas.skin_mesh()
    assert pain.fields(library).shape == (len(library.pain.ids), len(skin.vertices))


@pytest.mark.parametrize(
    ("points", "named"),
    [
        (np.zeros((0, 3)), r"empty: paint where it hurts"),
        ([], r"empty"),
        (np.zeros((4, 2)), r"\(n, 3\) array .* shaped \(4, 2\)"),
        (np.zeros(3), r"shaped \(3,\)"),
        ([["a", "b", "c"]], r"\(n, 3\) array of numbers"),
        ([[100.0, -100.0, np.nan]], r"not numbers \(NaN or infinite\); leave them out"),
        ([[0.0, 0.0, 2000.0]], r"1 of the drawing's 1 points lie outside the model"),
        ([[260.0, 0.0, 300.0]], r"outside the model.*no\s+arms"),  # where an arm would hang
        (np.zeros((pain.MAX_POINTS + 1, 3)), r"more than the 50000 a drawing may have; thin it"),
    ],
)  # fmt: skip
def test_a_bad_drawing_is_refused_with_what_is_wrong_and_the_fix(library, points, named):
    with pytest.raises(PainDrawingError, match=named):
        candidates(library, points)
    assert issubclass(PainDrawingError, GlutelibError)


def test_a_drawing_survives_the_address_and_ranks_the_same(library):
    ankle = mark(library, "lateral_malleolus", "l")
    drawing = skin_facing(library, "l", "back", low=ankle[2], high=ankle[2] + 200)
    drawing = drawing + np.random.default_rng(1).normal(0, 1.0, drawing.shape)  # a finger's wobble
    text = encode(library, drawing)
    assert text.startswith("1.") and len(text) < 3 * len(drawing)
    assert all(c.isalnum() or c in "-_." for c in text)  # safe in an address as it is
    back = decode(library, text)
    assert back.shape[1] == 3 and len(back) <= len(drawing)
    assert candidates(library, back) == candidates(library, drawing)
    assert encode(library, back) == text


def _payload(indices: list[int]) -> str:
    """`encode`'s payload of raw vertex indices, to name what no drawing of the skin holds."""
    out, before = bytearray(), -1
    for index in indices:
        gap, before = index - before - 1, index
        while gap >= 0x80:
            out.append(gap & 0x7F | 0x80)
            gap >>= 7
        out.append(gap)
    return base64.urlsafe_b64encode(bytes(out)).decode().rstrip("=")


def test_a_damaged_drawing_in_an_address_is_refused_plainly(library):
    tag = encode(library, pain.pattern(library, "s1_dermatome_r")[:50]).split(".")[1]
    count = len(library.atlas.skin_mesh().vertices)
    assert len(decode(library, f"1.{tag}.{_payload([100, 102])}")) == 2
    cases = {
        "": "it is empty",
        "hello": "not a drawing of format 1",
        f"2.{tag}.{_payload([5])}": "not a drawing of format 1",
        f"1.abcdef.{_payload([5])}": "made on another version of the body's skin",
        f"1.{tag}.@@@@": "not base64url text",
        f"1.{tag}.gA": "ends in the middle of a number",  # 0x80: a byte that says more follows
        f"1.{tag}.gICAgIAB": "a number in it runs on",
        f"1.{tag}.": "names no skin vertex",
        f"1.{tag}.{_payload([count])}": f"one past the skin's {count}",
        f"1.{tag}." + "A" * pain.MAX_CODE_CHARS: "longer than any drawing",
    }
    for text, named in cases.items():
        with pytest.raises(PainDrawingError, match=named):
            decode(library, text)


def _pain_file(tmp_path, old: str, new: str):
    text = (DATA_DIR / "pain.yaml").read_text()
    assert old in text, old
    path = tmp_path / "pain.yaml"
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("above: [psis, -100]}", "above: [psiss, -100]}",
         r"pattern sacroiliac_joint_referral, patch 1: no landmark 'psiss'\. Fix the entry .*"
         r"landmarks are .*psis"),
        ("structure: piriformis\n", "structure: piriformus\n",
         r"pattern piriformis_referral: structure: No structure called 'piriformus'\. Did you "
         r"mean 'piriformis'.*\? Fix the entry \(structures\.yaml"),
        ("{region: foot, facing: [superior]}", "{region: feet, facing: [superior]}",
         r"pattern l5_dermatome, patch 4: no region 'feet'; regions are .*zones\.yaml"),
        ("sources: [fortin_1994]", "sources: [fortin_1995]",
         r"sacroiliac_joint_referral: no source 'fortin_1995'; add it under `sources`"),
        ("    root: L5\n", "    root: L5\n    structure: sciatic_nerve\n",
         r"patterns\.l5_dermatome.*a dermatome names its root \(root: L5\) and no structure"),
    ],
)  # fmt: skip
def test_a_pattern_file_naming_what_does_not_exist_is_refused_with_the_entry_and_fix(
    tmp_path, library, old, new, named
):
    path = _pain_file(tmp_path, old, new)
    with pytest.raises(DataFileError, match=r"Pain pattern file .*pain\.yaml") as caught:
        load_pain(library.atlas, library.zones, path)
    assert caught.match(named)


def test_the_library_reads_the_pattern_file_once_and_refuses_a_bad_one(tmp_path, atlas, library):
    assert "piriformis_referral_l" in library.pain.ids and len(library.pain.ids) == 26
    assert library.pain["l5_dermatome_r"].spec.root == "L5"
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "pain.yaml").write_text(
        (DATA_DIR / "pain.yaml").read_text().replace("[gerdys_tubercle, 0]", "[gerdy, 0]", 1)
    )
    with pytest.raises(
        DataFileError, match=r"pain\.yaml, pattern l4_dermatome.*no landmark 'gerdy'"
    ):
        load_library(atlas, data_dir=data)
