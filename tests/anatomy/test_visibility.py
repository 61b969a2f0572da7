"""What the words name, the picture shows: the z-buffer of glutelib.visibility on known
geometry, and every walkthrough step of every audience measured by it."""

from __future__ import annotations

import random

import numpy as np
import pytest

from glutelib import visibility
from glutelib.lesson.frames import audience_scene
from glutelib.present import show_part, show_question, show_step
from glutelib.quiz import KINDS, load_rules, questions
from glutelib.scene import Scene
from glutelib.visibility import measure, named_in, rasterise, seen_enough

PELVIS = ["sacrum", "hip_bone_r", "hip_bone_l", "femur_r", "femur_l"]


def test_a_triangle_fills_the_pixels_whose_centres_it_covers():
    corners = np.array([[[0, 0, 1], [10.2, 0, 1], [0, 10.2, 1]]], dtype=float)  # (1, 3, 3)
    pix, depth, tri = rasterise(corners, 10, 10)
    assert len(pix) == 55  # centres (i + 0.5, j + 0.5) with i + j <= 9
    assert np.allclose(depth, 1) and (tri == 0).all()
    with pytest.raises(ValueError, match=r"\(m, 3, 3\)"):
        rasterise(np.zeros((4, 3)), 10, 10)


def test_depth_is_interpolated_in_perspective():
    # an edge from depth 1 to depth 3: 1/depth is linear on screen, so mid-screen is at 1.5
    corners = np.array([[[0, 0, 1], [100, 0, 3], [0, 100, 1]]], dtype=float)
    pix, depth, _ = rasterise(corners, 100, 100)
    at = {int(p): float(d) for p, d in zip(pix, depth, strict=True)}
    assert at[49] == pytest.approx(1 / (1 - 0.495 + 0.495 / 3), rel=1e-3)


def test_a_muscle_inside_the_pelvis_is_hidden_from_behind_and_seen_from_the_front(library):
    scene = Scene(library, structures=[*PELVIS, "iliacus_r"])
    behind = measure(scene.set_camera("posterior").state, library, ["iliacus_r"])
    front = measure(scene.set_camera("anterior").state, library, ["iliacus_r"])
    assert behind.unhidden("iliacus_r") < 0.2 < 0.8 < front.unhidden("iliacus_r")
    assert max(behind.cover["iliacus_r"], key=behind.cover["iliacus_r"].get) == "hip_bone_r"
    assert front.area["iliacus_r"] > 0 and behind.area["iliacus_r"] > 0


def test_a_peeled_layer_hides_nothing(library):
    scene = Scene(library, structures=[*PELVIS, "gluteus_maximus_r", "piriformis_r"])
    whole = measure(scene.state, library, ["piriformis_r"])
    peeled = measure(scene.peel("superficial").state, library, ["piriformis_r"])
    assert whole.cover["piriformis_r"].get("gluteus_maximus_r", 0) > 0
    assert "gluteus_maximus_r" not in peeled.won
    assert peeled.unhidden("piriformis_r") > 0.8 > 0.2 > whole.unhidden("piriformis_r")


def test_a_see_through_zone_hides_nothing_and_is_seen_over_the_body(library):
    scene = Scene(library, structures=[*PELVIS, "gluteus_maximus_r", "gluteus_maximus_l"])
    bare = measure(scene.state, library)
    zoned = measure(scene.show_zones("piriformis_referral_r").state, library)
    assert zoned.won["gluteus_maximus_r"] == bare.won["gluteus_maximus_r"]
    assert zoned.unhidden("zone:piriformis_referral_r") > 0.8


def test_the_policy_peels_what_hides_a_named_part_and_keeps_the_step_camera(library):
    """The FAIR step (sciatica step 5): piriformis behind gluteus medius and minimus from the
    right side; they are taken out, the view stays the right side."""
    scene = Scene(library, shown=[i for i in library.atlas.ids if i not in library.opening_hidden])
    step = library.conditions["sciatica_vs_piriformis"].steps[4]
    show_step(scene, step)
    assert scene.state.camera == step.camera
    assert "gluteus_medius_r" not in scene.state.shown
    seen = measure(scene.state, library, ["piriformis_r"])
    assert seen_enough(seen, "piriformis_r")


def _view_size(audience) -> tuple[int, int]:
    """The 3D view's size on the audience's first screen: beside the sidebar."""
    width, height = audience.screens[0]
    return round(width * (1 - audience.sidebar_percent / 100)), height


@pytest.fixture(scope="module")
def scenes(library):
    out = {}
    for mode, audience in library.audiences.audiences.items():
        scene = audience_scene(library, library.atlas.ids, audience)
        out[mode] = scene.set_view_size(*_view_size(audience))
    return out


STEPS = [(c, n) for c in ("low_back_sitting", "runners_cyclists", "hip_rotators", "pregnancy",
                          "sciatica_vs_piriformis") for n in range(8)]  # fmt: skip


@pytest.mark.parametrize("mode", ["student", "client", "instructor"])
def test_every_walkthrough_step_shows_what_it_names(library, scenes, mode):
    scene = scenes[mode]
    faults = []
    for cid, condition in library.conditions.items():
        for n, step in enumerate(condition.steps, 1):
            show_step(scene, step)
            named = named_in(library, [i for i in step.highlight if i in scene.ids], step.zones,
                             step.marks)  # fmt: skip
            labelled = sorted(scene.state.highlighted) if step.labels else []
            keys = [k for g in named for k in g] + labelled
            seen = measure(scene.state, library, keys)
            for group in visibility.unseen(seen, named):
                best = max(group, key=seen.share)
                faults.append(f"{cid} step {n} ({mode}): {' / '.join(group)} shows "
                              f"{seen.share(best):.3%} of the view, {seen.unhidden(best):.0%} "
                              f"of it unhidden")  # fmt: skip
            for key in labelled:
                if not seen_enough(seen, key):
                    faults.append(f"{cid} step {n} ({mode}): labelled {key} is hidden")
            if "top" in seen.edges and not scene.state.close_up:
                faults.append(f"{cid} step {n} ({mode}): the model runs off the view's top")
    assert not faults, "\n".join(faults)


def test_every_quiz_question_and_answer_shows_its_part(library, scenes):
    """Name it's part as asked, Find it's target among the whole body, and every answer's
    parts (and zones), each seen enough (the student's view: a question's state does not
    depend on the audience but for the view's shape)."""
    rules = load_rules(library)
    scene = scenes["student"]
    faults = []
    for kind in (k for k in KINDS if k in rules.kinds):
        for q in questions(library, kind, random.Random(0), rules):
            for answered in (False, True):
                if not answered and kind not in ("name_it", "find_it"):
                    continue  # asked in words, over the whole body
                show_question(scene, q, answered)
                shown = [i for i in q.show if i in scene.ids]
                if answered or kind == "name_it":
                    named = named_in(library, shown, q.zones if answered else ())
                else:
                    named = named_in(library, [q.target] if q.target else [])
                keys = [k for g in named for k in g]
                seen = measure(scene.state, library, keys)
                for group in visibility.unseen(seen, named):
                    best = max(group, key=seen.share)
                    faults.append(f"{kind} {'answer' if answered else 'asked'} {q.prompt!r}: "
                                  f"{best} {seen.share(best):.3%} of the view, "
                                  f"{seen.unhidden(best):.0%} unhidden")  # fmt: skip
    assert not faults, "\n".join(faults)


@pytest.mark.parametrize("mode", ["student", "client"])
def test_every_part_explore_picks_is_seen(library, mode):
    """A part picked in Explore (`present.show_part`: the lesson's pick, from the view that
    shows it most) is seen enough at the audience's screen, one side or the other."""
    audience = library.audiences.audiences[mode]
    faults = []
    for stem, ids in library.atlas.stems.items():
        scene = audience_scene(library, library.atlas.ids, audience)
        scene.set_view_size(*_view_size(audience))
        show_part(scene, list(ids))
        seen = measure(scene.state, library, ids)
        if visibility.unseen(seen, [tuple(ids)]):
            best = max(ids, key=seen.share)
            faults.append(f"{stem} from {scene.state.camera}: {seen.share(best):.3%} of the "
                          f"view, {seen.unhidden(best):.0%} of it unhidden")  # fmt: skip
    assert not faults, "\n".join(faults)
