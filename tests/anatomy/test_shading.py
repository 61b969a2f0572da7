"""Shading on the geometry (issue 32 item 3): stripes run along each muscle's fibres, baked
ambient light is darker where bone closes in, a colour's scale draws the colour itself at
the neutral shade, a damaged light file costs the depth cue, never the picture; a picked
muscle's arrows lie on it along its fibres in every pose."""

from __future__ import annotations

import logging
import shutil

import numpy as np
import pytest
import trimesh
from scipy.spatial import cKDTree

from glutelib import drawing, fibres, shading
from glutelib.atlas import occlusion
from glutelib.colours import delta_e
from glutelib.library import load_library
from glutelib.present import show_part, show_step
from glutelib.scene import Scene

STRIPED = ["gluteus_maximus_r", "gluteus_medius_r", "piriformis_r", "tensor_fasciae_latae_r",
           "semitendinosus_r", "erector_spinae_l", "quadratus_femoris_r"]  # fmt: skip


@pytest.mark.parametrize("muscle", STRIPED)
def test_stripes_change_across_the_fibres_not_along_them(library, muscle):
    """Along an edge that runs with the fibres (the centre line's way there) the stripe value
    changes far less per mm than along one that runs across them."""
    mesh = library.atlas.mesh(muscle)
    stripes = shading.fibre_stripes(library, muscle)
    line = shading.fibre_line(library, muscle)
    edges = np.asarray(mesh.edges_unique)
    v = np.asarray(mesh.vertices)
    vec = v[edges[:, 1]] - v[edges[:, 0]]
    length = np.linalg.norm(vec, axis=1)
    mid = (v[edges[:, 1]] + v[edges[:, 0]]) / 2
    ways = np.diff(line, axis=0)
    ways /= np.linalg.norm(ways, axis=1)[:, None]
    way = ways[np.minimum(cKDTree(line[:-1] + np.diff(line, axis=0) / 2).query(mid)[1],
                          len(ways) - 1)]  # fmt: skip
    cos = np.abs(np.einsum("nk,nk->n", vec, way)) / np.maximum(length, 1e-9)
    rate = np.abs(stripes[edges[:, 1]] - stripes[edges[:, 0]]) / np.maximum(length, 1e-9)
    along, across = rate[cos > 0.85].mean(), rate[cos < 0.3].mean()
    assert along < 0.6 * across, (muscle, along, across)
    assert stripes.std() > 0.3  # there are stripes to see


def test_ambient_light_is_darker_where_bone_closes_in(library):
    """Muscle vertices within 4 mm of a bone see less sky than those 25 mm or more from any."""
    light = occlusion(library.atlas)
    bones = np.vstack(
        [library.atlas.mesh(s.id).vertices for s in library.atlas.select(kind="bone")]
    )
    tree = cKDTree(bones)
    near, far = [], []
    for s in library.atlas.select(kind="muscle"):
        gap = tree.query(library.atlas.mesh(s.id).vertices)[0]
        near.append(light[s.id][gap < 4])
        far.append(light[s.id][gap > 25])
    near, far = np.concatenate(near), np.concatenate(far)
    assert len(near) > 100 and len(far) > 100
    assert near.mean() < far.mean() - 0.15, (near.mean(), far.mean())
    assert set(light) == set(library.atlas.ids)


def test_the_neutral_shade_draws_the_colour_itself(library):
    for colour in [*library.colours.named, *library.colours.contexts(), library.colours.bone,
                   *library.colours.tissues.values()]:  # fmt: skip
        (low, dark), (at, drawn), (high, bright) = shading.colorscale(colour)
        assert (low, high) == (0, 1) and abs(at * 255 - shading.NEUTRAL) < 0.1
        assert drawn == colour
        assert delta_e(dark, "#000000") < delta_e(colour, "#000000") < delta_e(bright, "#000000")


def test_every_structure_is_shaded_and_zones_and_the_skin_are_flat(library):
    scene = Scene(library).highlight("piriformis_r").show_zones("piriformis_referral_r")
    figure = drawing.build_figure(scene.state, library)
    for trace in figure.data:
        if trace.name in library.atlas.ids and len(trace.x):
            assert len(trace.intensity) == len(trace.x), trace.name
            assert trace.colorscale is not None
        elif len(trace.x):
            assert trace.intensity is None, trace.name


def test_a_damaged_light_file_draws_without_depth_cues_and_says_so(mesh_copy, caplog):
    (mesh_copy / "occlusion.npy").write_bytes(b"\x93NUMPY broken")
    library = load_library(mesh_dir=mesh_copy)
    with caplog.at_level(logging.WARNING, logger="glutelib.shading"):
        shade = shading.shade(library, "piriformis_r", stripes=False)
    assert "occlusion.npy" in caplog.text and "make meshes" in caplog.text
    assert len(np.unique(shade)) == 1  # flat: the colour itself everywhere
    figure = Scene(library).highlight("piriformis_r").figure()
    assert any(t.name == "piriformis_r" and len(t.x) for t in figure.data)
    shutil.rmtree(mesh_copy)


def test_the_shades_are_kept_on_disk_and_redone_for_new_light(atlas, mesh_copy, tmp_path,
                                                              monkeypatch):  # fmt: skip
    """A new kernel reads the shades a first one worked out; other baked light (here none,
    from a damaged file) is another file, drawn without depth cues."""
    monkeypatch.setenv("GLUTELIB_CACHE", str(tmp_path))
    first = shading.shade_table(load_library(atlas))
    (kept,) = tmp_path.glob("shades-*.npz")
    written = kept.stat().st_mtime_ns
    again = shading.shade_table(load_library(atlas))
    assert kept.stat().st_mtime_ns == written  # read, not worked out and written again
    assert first.keys() == again.keys() and "piriformis_r/striped" in first
    assert all(np.array_equal(first[k], again[k]) and again[k].dtype == np.uint8 for k in first)
    (mesh_copy / "occlusion.npy").write_bytes(b"\x93NUMPY broken")
    dark = shading.shade_table(load_library(mesh_dir=mesh_copy))
    assert len(list(tmp_path.glob("shades-*.npz"))) == 2
    assert len(np.unique(dark["piriformis_r/plain"])) == 1
    assert not np.array_equal(dark["piriformis_r/plain"], first["piriformis_r/plain"])


ARROWED = ["piriformis_r", "gluteus_maximus_r", "gluteus_medius_l", "tensor_fasciae_latae_r",
           "semimembranosus_r", "quadratus_femoris_r"]  # fmt: skip


@pytest.mark.parametrize("muscle", ARROWED)
@pytest.mark.parametrize("pose", ["standing", "seated"])
def test_fibre_arrows_lie_on_the_muscle_along_its_fibres(library, muscle, pose):
    """Each arrow's middle lies LIFT_MM above the posed muscle and its shaft runs along the
    centre line where it lies (laid on a surface that curves away, within 50 degrees)."""
    posed = library.pose(pose)
    v, faces = fibres.arrows(library, muscle, posed, "posterior")
    assert v.shape == (fibres.ARROWS * 10, 3) and faces.max() < len(v)
    each = v.reshape(fibres.ARROWS, 10, 3)
    middles = each[:, :4].mean(axis=1)  # the shaft's corners
    surface = trimesh.Trimesh(library.rig.vertices(muscle, posed),
                              library.atlas.mesh(muscle).faces, process=False)  # fmt: skip
    gap = trimesh.proximity.closest_point(surface, middles)[1]
    assert np.all(np.abs(gap - fibres.LIFT_MM) < 1.5), gap
    shafts = each[:, 5] - each[:, 8]  # tip to tip
    shafts /= np.linalg.norm(shafts, axis=1)[:, None]
    line = shading.fibre_line(library, muscle, posed)  # the centre line, posed
    along = shading.fibre_frame(library, muscle).along[fibres.pins(library, muscle, "posterior").at]
    segment = np.minimum((along * (len(line) - 1)).astype(int), len(line) - 2)
    ways = line[segment + 1] - line[segment]
    ways /= np.linalg.norm(ways, axis=1)[:, None]
    cos = np.abs(np.einsum("nk,nk->n", shafts, ways))
    assert np.all(cos > 0.64) and np.median(cos) > 0.9, cos


def test_a_picked_muscle_shows_its_fibres_and_a_bone_or_a_step_does_not(library):
    scene = Scene(library)
    show_part(scene, ["piriformis_r"])
    assert scene.state.fibres == "piriformis_r"
    arrows = next(t for t in scene.figure().data if t.name == fibres.FIBRES_KEY)
    assert arrows.visible and len(arrows.x) == fibres.ARROWS * 10
    show_part(scene, ["femur_r"])
    assert scene.state.fibres is None
    show_part(scene, ["piriformis_r"])
    show_step(scene, library.conditions["sciatica_vs_piriformis"].steps[1])
    assert scene.state.fibres is None
    arrows = next(t for t in scene.figure().data if t.name == fibres.FIBRES_KEY)
    assert arrows.visible is False and len(arrows.x) == 0
