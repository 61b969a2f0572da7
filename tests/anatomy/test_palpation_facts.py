"""Palpation facts measured on the meshes and the skin (glutelib/palpation.py): depths, surface
projections, the layers a finger presses through, the endangerment sites. RAS mm: +x right,
+y anterior, +z up."""

from __future__ import annotations

import numpy as np
import pytest

from glutelib.palpation import depth_mm, reach, site_field, sites_near, surface_projection
from glutelib.projection import PRESS, Look

SIDES = ("r", "l")


def sign(side: str) -> float:
    return 1.0 if side == "r" else -1.0


@pytest.mark.parametrize("side", SIDES)
def test_gluteus_maximus_lies_over_piriformis_which_a_finger_meets_before_obturator_internus(
    library, side
):
    glmax, piri, oi = (reach(library, f"{s}_{side}") for s in
                       ("gluteus_maximus", "piriformis", "obturator_internus"))  # fmt: skip
    assert glmax.typical_mm < piri.typical_mm and glmax.typical_mm < oi.typical_mm
    assert glmax.shallowest_mm < piri.shallowest_mm < oi.shallowest_mm
    # over all of piriformis a finger presses through gluteus maximus first
    assert dict(piri.layers)[f"gluteus_maximus_{side}"] > 0.9


@pytest.mark.parametrize("side", SIDES)
def test_piriformis_lies_along_the_line_from_sacrum_to_trochanter(library, atlas, side):
    """Trail Guide's line: from midway between the PSIS and the coccyx's tip to the top of
    the greater trochanter (the atlas has no coccyx: the sacrum's lowest point stands for
    its tip, about 2 cm high), seen from behind."""
    sacrum = atlas.mesh("sacrum").vertices
    tip = sacrum[np.argmin(sacrum[:, 2])]
    start = ((atlas.landmark("psis", side) + tip) / 2)[[0, 2]]
    end = atlas.landmark("greater_trochanter", side)[[0, 2]]
    along = (end - start) / np.linalg.norm(end - start)
    seen = surface_projection(library, f"piriformis_{side}")[:, [0, 2]] - start
    off_line = np.abs(seen @ np.array([-along[1], along[0]]))
    assert np.median(off_line) < 10.0 and np.percentile(off_line, 90) < 20.0
    reach_along = seen @ along / np.linalg.norm(end - start)
    assert reach_along.min() < 0.15 and reach_along.max() > 0.85  # sacrum to trochanter
    main = np.linalg.svd(seen - seen.mean(axis=0), full_matrices=False)[2][0]
    assert np.degrees(np.arccos(abs(main @ along))) < 15.0


@pytest.mark.parametrize("side", SIDES)
def test_the_sciatic_nerve_runs_between_tuberosity_and_trochanter_under_the_skin(
    library, atlas, side
):
    tuberosity = atlas.landmark("ischial_tuberosity", side)
    trochanter = atlas.landmark("greater_trochanter", side)
    nerve = surface_projection(library, f"sciatic_nerve_{side}")
    level = nerve[np.abs(nerve[:, 2] - (tuberosity[2] + 18)) < 6]
    assert len(level)
    x = level[:, 0] * sign(side)
    assert (tuberosity[0] * sign(side) < x).all() and (x < trochanter[0] * sign(side)).all()
    assert 25.0 < depth_mm(library, f"sciatic_nerve_{side}") < 80.0  # deep: under maximus


@pytest.mark.parametrize("side", SIDES)
def test_superficial_structures_lie_close_under_the_skin(library, side):
    """TFL and the IT band within 2 cm (side-lying, pressed from the side); the erectors
    under the thoracolumbar fascia, QL deeper under both."""
    assert depth_mm(library, f"tensor_fasciae_latae_{side}") < 20.0
    assert depth_mm(library, f"iliotibial_band_{side}") < 20.0
    erectors, ql = (
        reach(library, f"erector_spinae_{side}"),
        reach(library, f"quadratus_lumborum_{side}"),
    )
    assert erectors.typical_mm < ql.typical_mm
    assert [layer for layer, _ in ql.layers][:2] == [f"thoracolumbar_fascia_{side}",
                                                      f"erector_spinae_{side}"]  # fmt: skip


def test_the_layers_the_sources_name_are_found_over_each_structure(library):
    """Every layer palpation.yaml says a finger presses through lies between the skin and
    the structure over at least LAYER_SHARE of its projection (right side; the left mirrors)."""
    missing = []
    for sid, entry in library.palpation.entries.items():
        if not sid.endswith("_r") or not entry.layers:
            continue
        found = [layer for layer, _ in reach(library, sid).layers]
        missing += [f"{sid}: {s}" for s in entry.layers if f"{s}_r" not in found]
    assert not missing, missing


@pytest.mark.parametrize("sid", ["piriformis_r", "sciatic_nerve_l", "iliotibial_band_r"])
def test_a_projection_lies_on_the_skin_facing_the_finger(library, atlas, sid):
    skin = atlas.skin_mesh()
    points = surface_projection(library, sid)
    distance = np.asarray(skin.nearest.on_surface(points[::7])[1])
    assert np.percentile(distance, 95) < 1.5
    press = reach(library, sid).press
    normals = skin.vertex_normals[skin.kdtree.query(points[::7])[1]]
    assert np.median(normals @ press) < -0.5  # the skin faces the finger pressing in


@pytest.mark.parametrize("side", SIDES)
def test_the_sciatic_course_site_covers_the_nerve_and_is_near_piriformis(library, atlas, side):
    skin = atlas.skin_mesh()
    course = skin.vertices[site_field(library, f"sciatic_course_{side}") >= 0.5]
    nerve = surface_projection(library, f"sciatic_nerve_{side}")
    notch = atlas.landmark("greater_sciatic_notch", side)[2]
    knee = atlas.landmark("knee_joint_centre", side)[2]
    nerve = nerve[(nerve[:, 2] < notch) & (nerve[:, 2] > knee + 160)]
    field = site_field(library, f"sciatic_course_{side}")
    over = field[skin.kdtree.query(nerve)[1]] >= 0.5  # the site at the skin over the nerve
    assert np.mean(over) > 0.9
    assert course[:, 2].max() < notch + 15 + 10 and course[:, 2].min() > knee + 150 - 10
    near = {site.id for site in sites_near(library, f"piriformis_{side}")}
    assert f"sciatic_course_{side}" in near


@pytest.mark.parametrize("side", SIDES)
def test_the_other_sites_lie_where_their_nerves_and_vessels_run(library, atlas, side):
    skin = atlas.skin_mesh()
    normals = skin.vertex_normals
    back = site_field(library, f"posterior_femoral_cutaneous_{side}") >= 0.5
    front = site_field(library, f"femoral_triangle_{side}") >= 0.5
    assert back.sum() > 20 and front.sum() > 20
    assert np.median(normals[back, 1]) < -0.5 and np.median(normals[front, 1]) > 0.5
    tuberosity = atlas.landmark("ischial_tuberosity", side)
    assert skin.vertices[back, 2].max() < tuberosity[2] + 25  # below the gluteal fold
    asis = atlas.landmark("asis", side)
    triangle = skin.vertices[front]
    assert triangle[:, 2].max() < asis[2] and (triangle[:, 0] * sign(side) < asis[0] * sign(
        side)).all()  # below and medial of the ASIS  # fmt: skip


@pytest.mark.xfail(strict=True, reason="the atlas' sciatic nerve runs through the short "
                   "rotators, not behind them (scripts/soft_tissue.py sciatic_course): "
                   "noted on the palpation issue")  # fmt: skip
def test_the_sciatic_nerve_crosses_behind_the_short_rotators(atlas):
    """ANATOMY.md: below piriformis the nerve crosses the gemelli, obturator internus and
    quadratus femoris under gluteus maximus, so where they overlap, seen from behind, a
    finger meets the nerve first."""
    look = Look.round(PRESS["posterior"], np.array([[0, -120, -80], [160, 20, 80]]))
    nerve = look.near_far(atlas.mesh("sciatic_nerve_r").triangles)[0]
    for rotator in ("obturator_internus_r", "quadratus_femoris_r"):
        muscle = look.near_far(atlas.mesh(rotator).triangles)[0]
        both = np.isfinite(nerve) & np.isfinite(muscle)
        assert both.sum() > 20 and np.mean(nerve[both] < muscle[both]) > 0.8, rotator
