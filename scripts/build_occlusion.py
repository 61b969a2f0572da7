#!/usr/bin/env python
"""Build `meshes/occlusion.npy`: each vertex's ambient light, baked once, standing.

A vertex in a fold, under a muscle's edge or between two bones sees less of the sky than one
on an open surface: drawing it darker lets a still picture show what lies in front of what,
at no cost to the page (a number per vertex, in the colour it already has; glutelib/shading).

What shades a vertex is what is always there when its part is drawn: the bones (never
peeled) and the part itself (its own folds). Muscles do not shade each other: a layer peeled
away would leave its shadow behind on the part under it. Their surfaces are sampled onto
voxel grids (VOXEL_MM). From each vertex,
RAYS directions spread evenly over the sphere are walked outwards in steps of VOXEL_MM from
START_MM to REACH_MM. A vertex on an open surface sees half of them leave (the other half
go into its own part), so twice the share that reach no surface, at most 1, is its light:
255 open, 0 shut in. Hits nearer than START_MM are its own surface, not an occluder. The
whole sphere, not the half a normal points to: the source meshes' normals are not all
outward.

The file holds one uint8 per vertex of every structure's full mesh, in the manifest's order;
the manifest keeps its checksum (`occlusion`). Deterministic: two runs give identical bytes.
Run with `make meshes` (after the meshes themselves).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from glutelib import load_atlas  # noqa: E402
from glutelib.nearest import surface_samples  # noqa: E402

OCCLUSION_FILE = "occlusion.npy"
VOXEL_MM = 2.0
RAYS = 64
START_MM = 4.0  # nearer hits are the vertex's own surface
REACH_MM = 40.0  # farther surfaces shade too little to matter (a muscle's width)
CHUNK = 4096  # vertices walked at once (memory: CHUNK x RAYS x steps)


def sphere_directions(count: int) -> np.ndarray:
    """(count, 3) unit vectors spread evenly over the sphere (a Fibonacci lattice)."""
    k = np.arange(count) + 0.5
    z = 1 - 2 * k / count
    phi = np.pi * (3 - np.sqrt(5)) * k
    r = np.sqrt(1 - z**2)
    return np.column_stack([r * np.cos(phi), r * np.sin(phi), z])


Grid = tuple[np.ndarray, np.ndarray]  # (i, j, k) bool occupancy, (3,) mm of its corner


def occupancy(triangles: np.ndarray) -> Grid:
    """The voxels that hold a piece of any of the surfaces (triangles (f, 3, 3) in mm), on a
    grid reaching REACH_MM past them."""
    corners = triangles.reshape(-1, 3)
    lo = corners.min(axis=0) - REACH_MM
    shape = tuple(int(s) for s in np.ceil((corners.max(axis=0) + REACH_MM - lo) / VOXEL_MM) + 1)
    points, _ = surface_samples(triangles, VOXEL_MM / 2)
    grid = np.zeros(shape, bool)
    grid[tuple(np.floor((points - lo) / VOXEL_MM).astype(int).T)] = True
    return grid, lo


def ambient_light(vertices: np.ndarray, grids: list[Grid]) -> np.ndarray:
    """(n,) float in 0..1: twice the share of directions from each vertex (n, 3) that meet
    no surface of the grids within REACH_MM, at most 1."""
    dirs = sphere_directions(RAYS)
    steps = np.arange(START_MM, REACH_MM + 1e-9, VOXEL_MM)
    out = np.empty(len(vertices))
    for at in range(0, len(vertices), CHUNK):
        v = vertices[at : at + CHUNK]
        blocked = np.zeros((len(v), RAYS), bool)
        for step in steps:
            p = v[:, None, :] + step * dirs[None, :, :]
            for grid, lo in grids:
                index = np.floor((p - lo) / VOXEL_MM).astype(int)
                inside = np.all((index >= 0) & (index < grid.shape), axis=2)
                hit = np.zeros(blocked.shape, bool)
                hit[inside] = grid[tuple(index[inside].T)]
                blocked |= hit
        out[at : at + CHUNK] = np.minimum(1.0, 2 * (~blocked).mean(axis=1))
    return out


def build(atlas) -> tuple[np.ndarray, dict[str, int]]:
    """(total vertices,) uint8: every structure's full mesh's vertices, manifest order; and
    {id: its vertex count}."""
    ids = list(atlas.manifest.structures)
    meshes = [atlas.mesh(i) for i in ids]
    bones = occupancy(np.vstack([m.triangles for i, m in zip(ids, meshes, strict=True)
                                 if atlas[i].kind == "bone"]))  # fmt: skip
    light = [ambient_light(np.asarray(m.vertices), [bones, occupancy(m.triangles)])
             for m in meshes]  # fmt: skip
    values = np.round(np.concatenate(light) * 255).astype(np.uint8)
    return values, {i: len(m.vertices) for i, m in zip(ids, meshes, strict=True)}


def write(values: np.ndarray, counts: dict[str, int], out_dir: Path) -> dict:
    """Write the file and its manifest row into out_dir/manifest.json; return the row."""
    buffer = io.BytesIO()
    np.save(buffer, values, allow_pickle=False)
    data = buffer.getvalue()
    (out_dir / OCCLUSION_FILE).write_bytes(data)
    entry = {
        "file": OCCLUSION_FILE,
        "sha256": hashlib.sha256(data).hexdigest(),
        "vertices": counts,
        "provenance": {
            "built_by": "scripts/build_occlusion.py, from the structures' meshes standing",
            "voxel_mm": VOXEL_MM,
            "rays": RAYS,
            "reach_mm": REACH_MM,
        },
    }
    manifest_path = out_dir / "manifest.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        manifest["occlusion"] = entry
        manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    return entry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meshes", type=Path, default=ROOT / "meshes",
                        help="the meshes to shade (default: meshes/)")  # fmt: skip
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write (default: the meshes' folder)")  # fmt: skip
    args = parser.parse_args(argv)
    out = args.out or args.meshes
    out.mkdir(parents=True, exist_ok=True)
    values, counts = build(load_atlas(args.meshes))
    entry = write(values, counts, out)
    print(f"{out / OCCLUSION_FILE}: {len(values)} vertices, median light "
          f"{np.median(values) / 255:.2f}, sha256 {entry['sha256'][:12]}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
