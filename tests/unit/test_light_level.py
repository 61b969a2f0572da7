"""The light level of detail: close to the full surface, on its vertices, and safe to lose."""

from __future__ import annotations

import hashlib
import json
import logging

import numpy as np
import trimesh

from glutelib import load_atlas, view
from glutelib.geometry import surface_gap
from glutelib.state import SceneState

GAP_MM = 1.5  # what issue 19 allows between the levels


def test_every_light_level_is_within_its_gap_of_the_full_surface(atlas):
    lighter = 0
    for s in atlas:
        entry = atlas.manifest.structures[s.id].light
        if entry is None:
            continue
        full = atlas.mesh(s.id)
        level = atlas.level(s.id, light=True)
        light = trimesh.Trimesh(full.vertices[level.vertices], level.faces, process=False)
        gap = surface_gap(full, light, samples=3000, seed=7)  # other points than the build's
        assert gap <= GAP_MM, f"{s.id}: {gap:.2f} mm"
        assert len(level.faces) == entry.triangles < len(full.faces)
        lighter += len(full.faces) - entry.triangles
    total = sum(len(atlas.mesh(s.id).faces) for s in atlas)
    assert lighter > 0.4 * total  # context drawn grey has well under two thirds of the triangles


def test_grey_context_is_drawn_light_from_the_posed_full_mesh(library):
    state = SceneState(structures=("gluteus_medius_r", "piriformis_r"), pose="seated")
    state.shown, state.highlighted = set(state.structures), {"piriformis_r"}
    posed = library.rig.vertices("gluteus_medius_r", library.pose("seated"))
    level = library.atlas.level("gluteus_medius_r", light=True)
    v, faces = view.drawn("gluteus_medius_r", state, library)  # grey context: light
    assert np.allclose(v, posed[level.vertices]) and np.array_equal(faces, level.faces)
    stored = trimesh.load(library.atlas.mesh_dir / "light" / "gluteus_medius_r.ply", force="mesh")
    full = library.atlas.mesh("gluteus_medius_r").vertices
    assert np.array_equal(stored.vertices, full[level.vertices])  # standing: the full ones
    v, faces = view.drawn("piriformis_r", state, library)  # highlighted: full
    assert len(faces) == len(library.atlas.mesh("piriformis_r").faces)


def test_a_broken_light_file_draws_the_full_mesh_and_says_which_file(mesh_copy, caplog):
    path = mesh_copy / "light" / "sacrum.ply"
    path.write_bytes(path.read_bytes()[:300])
    atlas = load_atlas(mesh_copy)
    with caplog.at_level(logging.WARNING):
        level = atlas.level("sacrum", light=True)
    assert len(level.faces) == len(atlas.mesh("sacrum").faces)  # nothing is lost
    assert str(path) in caplog.text and "make meshes" in caplog.text
    assert "sacrum" not in atlas.broken


def test_a_light_file_on_other_vertices_is_refused(mesh_copy, caplog):
    manifest = json.loads((mesh_copy / "manifest.json").read_text())
    entry = manifest["structures"]["femur_r"]["light"]
    other = trimesh.load(mesh_copy / "light" / "femur_r.ply", force="mesh")
    moved = trimesh.Trimesh(other.vertices + 0.5, other.faces, process=False)
    data = trimesh.exchange.ply.export_ply(moved, encoding="binary", vertex_normal=False)
    (mesh_copy / entry["file"]).write_bytes(data)
    entry["sha256"] = hashlib.sha256(data).hexdigest()
    (mesh_copy / "manifest.json").write_text(json.dumps(manifest))
    atlas = load_atlas(mesh_copy)
    with caplog.at_level(logging.WARNING):
        level = atlas.level("femur_r", light=True)
    assert len(level.faces) == len(atlas.mesh("femur_r").faces)
    assert "not its full mesh's" in caplog.text
