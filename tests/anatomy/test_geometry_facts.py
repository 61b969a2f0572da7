"""Anatomical facts asserted on the geometry itself (RAS mm: +x right, +y anterior, +z up)."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from glutelib.rigging import depth_inside

HANDSFIELD_CM3 = {  # Handsfield 2014 means, cm3 (glutelib/data/SOURCES.md)
    "gluteus_maximus": 849, "adductor_magnus": 560, "gluteus_medius": 323, "psoas_major": 275,
    "semimembranosus": 245, "biceps_femoris_long_head": 207, "semitendinosus": 186,
    "iliacus": 177, "gluteus_minimus": 105, "tensor_fasciae_latae": 65, "piriformis": 43,
    "quadratus_femoris": 32,
}  # fmt: skip
SIDES = ("r", "l")


def sign(side: str) -> float:
    return 1.0 if side == "r" else -1.0


def nearest(mesh: trimesh.Trimesh, point) -> float:
    return float(np.min(np.linalg.norm(mesh.vertices - np.asarray(point), axis=1)))


def test_right_structures_lie_at_positive_x(atlas):
    for s in atlas:
        if s.side:
            centroid = atlas.mesh(s.id).vertices.mean(axis=0)
            assert centroid[0] * sign(s.side) > 0, f"{s.id} centroid x = {centroid[0]:.0f}"


@pytest.mark.parametrize("side", SIDES)
def test_piriformis_from_front_of_sacrum_to_top_of_trochanter(atlas, side):
    piri = atlas.mesh(f"piriformis_{side}")
    sacrum = atlas.mesh("sacrum")
    medial = piri.vertices[np.argsort(np.abs(piri.vertices[:, 0]))[:20]]
    # the medial end lies on the sacrum, in front of its back surface
    _, dist, _ = trimesh.proximity.closest_point(sacrum, medial)
    assert dist.min() < 5.0
    assert medial[:, 1].mean() > sacrum.vertices[:, 1].min() + 0.5 * np.ptp(sacrum.vertices[:, 1])
    assert nearest(piri, atlas.landmark("greater_trochanter", side)) <= 10.0
    assert nearest(piri, atlas.landmark("greater_sciatic_notch", side)) <= 15.0


@pytest.mark.parametrize("side", SIDES)
def test_sciatic_nerve_course(atlas, side):
    nerve = atlas.mesh(f"sciatic_nerve_{side}").vertices
    piri = atlas.mesh(f"piriformis_{side}").vertices
    notch = atlas.landmark("greater_sciatic_notch", side)
    # leaves the pelvis below piriformis: at the notch, the nerve is under the muscle
    band = lambda pts: pts[np.abs(pts[:, 0] - notch[0]) < 6]  # noqa: E731
    assert band(nerve)[:, 2].max() < band(piri)[:, 2].min() + 2.0
    # passes between greater trochanter and ischial tuberosity
    gt = atlas.landmark("greater_trochanter", side)
    it = atlas.landmark("ischial_tuberosity", side)
    level = nerve[np.abs(nerve[:, 2] - (it[2] + 18)) < 6]
    x = level[:, 0].mean() * sign(side)
    assert it[0] * sign(side) < x < gt[0] * sign(side)
    # divides 4-10 cm above the knee joint line
    above_knee = nerve[:, 2].min() - atlas.landmark("knee_joint_centre", side)[2]
    assert 40.0 <= above_knee <= 100.0


@pytest.mark.parametrize("side", SIDES)
def test_variant_passes_through_piriformis(atlas, side):
    piri = atlas.mesh(f"piriformis_{side}")
    variant = atlas.mesh(f"sciatic_nerve_variant_{side}").vertices
    assert piri.is_watertight
    assert piri.contains(variant).sum() >= 5


@pytest.mark.parametrize("side", SIDES)
def test_it_band_and_tfl_attachments(atlas, side):
    band = atlas.mesh(f"iliotibial_band_{side}")
    assert nearest(band, atlas.landmark("gerdys_tubercle", side)) <= 10.0
    tfl = atlas.mesh(f"tensor_fasciae_latae_{side}")
    assert nearest(tfl, atlas.landmark("asis", side)) <= 15.0


@pytest.mark.parametrize("side", SIDES)
def test_si_joint_between_sacrum_and_ilium_below_and_in_front_of_psis(atlas, side):
    joint = atlas.mesh(f"sacroiliac_joint_{side}")
    centre = joint.vertices.mean(axis=0)
    psis = atlas.landmark("psis", side)
    assert centre[2] < psis[2] and centre[1] > psis[1]
    for bone in ("sacrum", f"hip_bone_{side}"):
        _, dist, _ = trimesh.proximity.closest_point(atlas.mesh(bone), joint.vertices)
        assert np.median(dist) < 5.0, bone
    sacrum = atlas.mesh("sacrum").vertices
    top = sacrum[:, 2].max()
    assert top - 0.65 * np.ptp(sacrum[:, 2]) < centre[2] < top  # S1-S3: upper part
    assert joint.area / 2 > 600  # a real contact patch, mm2 per face


@pytest.mark.parametrize("side", SIDES)
def test_gluteal_layers(atlas, side):
    medius = atlas.mesh(f"gluteus_medius_{side}").vertices
    minimus = atlas.mesh(f"gluteus_minimus_{side}").vertices
    piri = atlas.mesh(f"piriformis_{side}").vertices
    assert medius[:, 2].max() > piri[:, 2].max() + 20  # medius starts above piriformis
    # minimus lies deep to medius: looking at the outer ilium from the side, where a ray
    # meets both, it meets medius first
    meshes = [atlas.mesh(f"gluteus_medius_{side}"), atlas.mesh(f"gluteus_minimus_{side}")]
    both = trimesh.util.concatenate(meshes)
    split = len(meshes[0].faces)
    lo, hi = np.percentile(minimus[:, 1], 20), np.percentile(minimus[:, 1], 80)
    zlo, zhi = np.percentile(minimus[:, 2], 30), np.percentile(minimus[:, 2], 90)
    origins = np.array(
        [(400 * sign(side), y, z) for y in np.linspace(lo, hi, 8) for z in np.linspace(zlo, zhi, 8)]
    )
    direction = np.tile([-sign(side), 0.0, 0.0], (len(origins), 1))
    first = both.ray.intersects_first(origins, direction)
    hits = first[first >= 0]
    assert len(hits) > 10
    assert np.mean(hits < split) >= 0.6, "gluteus medius should cover minimus from the side"


@pytest.mark.parametrize("muscle", sorted(HANDSFIELD_CM3))
def test_muscle_volumes_match_handsfield(atlas, muscle):
    scale = atlas.manifest.volume_scale
    for side in SIDES:
        volume = atlas.mesh(f"{muscle}_{side}").volume / 1000
        assert volume == pytest.approx(HANDSFIELD_CM3[muscle] * scale, rel=0.25)


def test_no_muscle_vertex_deep_in_bone(atlas):
    bones = [atlas.mesh(s.id) for s in atlas.select(kind="bone", side="r")]
    for s in atlas.select(kind="muscle", side="r"):
        mesh = atlas.mesh(s.id)
        worst = max(float(depth_inside(mesh.vertices, b).max()) for b in bones)
        assert worst <= 2.0, f"{s.id} is {worst:.1f} mm inside bone"


def test_gluteus_maximus_covers_the_buttock_from_behind(atlas):
    """Rays from straight behind over the buttock hit gluteus maximus first, piriformis never."""
    side = "r"
    ids = [s.id for s in atlas if s.kind != "joint"]
    meshes = [atlas.mesh(i) for i in ids]
    owner = np.concatenate([np.full(len(m.faces), k) for k, m in enumerate(meshes)])
    scene = trimesh.util.concatenate(meshes)
    psis, gt = atlas.landmark("psis", side), atlas.landmark("greater_trochanter", side)
    it = atlas.landmark("ischial_tuberosity", side)
    x0 = atlas.mesh("sacrum").vertices[:, 0].max() + 5
    origins = []
    for x in np.linspace(x0, gt[0] - 5, 12):
        top = psis[2] + (x - psis[0]) / (gt[0] - psis[0]) * (gt[2] - psis[2])
        for z in np.linspace(it[2] + 15, top - 5, 12):
            origins.append((x, -400.0, z))
    origins = np.array(origins)
    directions = np.tile([0.0, 1.0, 0.0], (len(origins), 1))
    first = scene.ray.intersects_first(origins, directions)
    hit = [ids[owner[f]] if f >= 0 else None for f in first]
    share = np.mean([h == "gluteus_maximus_r" for h in hit])
    assert share >= 0.85, f"gluteus maximus first in {share:.0%} of rays"
    assert "piriformis_r" not in hit
    # above the PSIS-trochanter line, gluteus medius shows
    above = np.array([(x, -400.0, gt[2] + 45) for x in np.linspace(gt[0] - 40, gt[0] - 10, 6)])
    first = scene.ray.intersects_first(above, np.tile([0.0, 1.0, 0.0], (len(above), 1)))
    assert any(ids[owner[f]] == "gluteus_medius_r" for f in first if f >= 0)


def first_hits(atlas, ids: list[str], origins: np.ndarray, direction) -> list[list[str]]:
    """For each ray, the structures it meets in order (each once), nearest first."""
    meshes = [atlas.mesh(i) for i in ids]
    owner = np.concatenate([np.full(len(m.faces), k) for k, m in enumerate(meshes)])
    scene = trimesh.util.concatenate(meshes)
    dirs = np.tile(np.asarray(direction, dtype=float), (len(origins), 1))
    locs, rays, tris = scene.ray.intersects_location(origins, dirs, multiple_hits=True)
    order = []
    for r in range(len(origins)):
        mine = np.flatnonzero(rays == r)
        dist = np.einsum("ij,j->i", locs[mine] - origins[r], dirs[r])
        seen = []
        for k in mine[np.argsort(dist)]:
            name = ids[owner[tris[k]]]
            if name not in seen:
                seen.append(name)
        order.append(seen)
    return order


@pytest.mark.parametrize("side", SIDES)
def test_low_back_layers_from_behind(atlas, side):
    """At L3, from behind: thoracolumbar fascia, then erector spinae, then quadratus lumborum."""
    l3 = atlas.mesh("vertebra_l3").vertices[:, 2].mean()
    ids = [f"thoracolumbar_fascia_{side}", f"erector_spinae_{side}", f"quadratus_lumborum_{side}"]
    xs = np.linspace(30, 45, 4) * sign(side)
    origins = np.array([(x, -400.0, z) for x in xs for z in (l3 - 10, l3, l3 + 10)])
    for order in first_hits(atlas, ids, origins, (0, 1, 0)):
        assert order[:3] == ids, f"expected fascia, erector, QL; got {order}"


@pytest.mark.parametrize("side", SIDES)
def test_quadratus_lumborum_from_iliac_crest_to_l1(atlas, side):
    ql = atlas.mesh(f"quadratus_lumborum_{side}")
    bottom = ql.vertices[np.argmin(ql.vertices[:, 2])]
    hip = atlas.mesh(f"hip_bone_{side}")
    assert nearest(hip, bottom) <= 10, "QL should start on the iliac crest"
    crest = atlas.landmark("iliac_crest_top", side)
    assert bottom[2] < crest[2] + 10
    assert ql.vertices[:, 2].max() > atlas.mesh("vertebra_l1").vertices[:, 2].mean()


@pytest.mark.parametrize("side", SIDES)
def test_erector_spinae_from_sacrum_up_the_lumbar_spine(atlas, side):
    es = atlas.mesh(f"erector_spinae_{side}").vertices
    bottom = es[np.argmin(es[:, 2])]
    assert nearest(atlas.mesh("sacrum"), bottom) <= 12, "erector spinae starts on the sacrum"
    assert es[:, 2].max() > atlas.mesh("vertebra_l1").vertices[:, 2].max()
    spine_tip = atlas.mesh("vertebra_l3").vertices[:, 1].min()
    assert es[:, 1].min() < spine_tip, "it bulges just behind the spinous processes"
