#!/usr/bin/env python
"""Build `meshes/` (one PLY per structure + manifest.json + ATTRIBUTION.md) from open data.

Source: the MyoLeg model of the PyPI package myo-sim (Apache-2.0), itself MyoSuite's MuJoCo
port of Rajagopal et al. 2016. The model is posed at its reference configuration (qpos0), each
bone geom is read in world coordinates, converted once to the project's frame (RAS millimetres,
origin midway between the hip joint centres), repaired and smoothed, and written out.

Run with `make meshes` (needs the `build` extra). Deterministic: two runs give identical bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import shutil
import sys
import time
import warnings
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import fast_simplification
import numpy as np
import trimesh
from scipy.spatial import cKDTree
from soft_tissue import HANDSFIELD_CM3, VOLUME_SCALE, SoftTissue, bone_penetration, mirror
from tqdm import tqdm

from glutelib.geometry import smooth_bone, surface_gap

ROOT = Path(__file__).resolve().parents[1]
LICENCES = ROOT / "scripts" / "licences"
SCHEMA_VERSION = 1
MYO_TO_RAS = np.array([-1000.0, -1000.0, 1000.0])  # myo-sim: +Z up, -Y forward, -X right; metres
LOG = logging.getLogger("build_meshes")
# The light level of detail (context drawn grey): the most decimated version that stays this
# close to the full surface. The test allows 1.5 mm, measured with other sample points.
LIGHT_GAP_MM = 1.25
LIGHT_REDUCTIONS = (0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2)  # tried in turn: share of faces removed

MYO_SIM_SOURCE = "myo-sim {version}, model 'myolegs' (MyoLeg after Rajagopal et al. 2016)"


@dataclass(frozen=True)
class BoneSpec:
    """One bone: which geom of the model it comes from and how finely to resample it."""

    id: str
    geom: str
    edge_mm: float  # target edge length before smoothing: finer near the hip, coarser below


def bone_specs() -> list[BoneSpec]:
    """The bones of the atlas, both sides, as (structure id, myo-sim geom, detail)."""
    specs = [
        BoneSpec("sacrum", "sacrum_geom_1", 8.0),
        *(BoneSpec(f"vertebra_l{i}", f"lumbar{i}_geom_1", 8.0) for i in range(1, 6)),
    ]
    per_side = [  # (id stem, geom stem, edge)
        ("hip_bone", "pelvis", 9.0),
        ("femur", "femur", 10.0),
        ("patella", "patella", 8.0),
        ("tibia", "tibia", 14.0),
        ("fibula", "fibula", 14.0),
        ("talus", "talus", 10.0),
        ("foot_bones", "foot", 20.0),
        ("toe_bones", "bofoot", 20.0),
    ]
    for side in ("r", "l"):
        specs += [
            BoneSpec(f"{stem}_{side}", f"{geom}_{side}", edge) for stem, geom, edge in per_side
        ]
    return specs


class MyoLeg:
    """The myo-sim leg model posed at qpos0, read out in RAS millimetres."""

    def __init__(self) -> None:
        import mujoco
        import myo_sim

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # myo-sim warns about an empty attach prefix
            self.model = myo_sim.load_model("myolegs")
        self.data = mujoco.MjData(self.model)
        mujoco.mj_forward(self.model, self.data)
        hips = [self.data.body(f"femur_{s}").xpos * MYO_TO_RAS for s in ("r", "l")]
        self.origin = (hips[0] + hips[1]) / 2.0

    def to_ras(self, world_m: np.ndarray) -> np.ndarray:
        """(n, 3) world metres -> (n, 3) RAS mm about the hip-centre midpoint."""
        return world_m * MYO_TO_RAS - self.origin

    def geom_mesh(self, name: str) -> trimesh.Trimesh:
        """A mesh geom in RAS mm (MuJoCo stores mesh vertices in the geom's own frame)."""
        m, d = self.model, self.data
        g = m.geom(name).id
        mesh_id = m.geom_dataid[g]
        v0, nv = m.mesh_vertadr[mesh_id], m.mesh_vertnum[mesh_id]
        f0, nf = m.mesh_faceadr[mesh_id], m.mesh_facenum[mesh_id]
        local = m.mesh_vert[v0 : v0 + nv].astype(float)
        world = d.geom_xpos[g] + local @ d.geom_xmat[g].reshape(3, 3).T
        return trimesh.Trimesh(self.to_ras(world), m.mesh_face[f0 : f0 + nf], process=True)


def soft_tissue_recipes(st: SoftTissue) -> dict[str, tuple[str, object]]:
    """Structure id stem -> (kind of source, recipe). Each recipe returns a right-side Built."""
    rot = "gait2392 (Delp et al. 1990, CC BY 3.0) registered to myo-sim; landmark rules"
    model = "myo-sim muscle path sites"
    rules = "landmark rules on the myo-sim bones and muscle paths (schematic)"
    trunk = "myo-sim torso sites and lumbar vertebrae; landmark rules (schematic)"
    return {
        "gluteus_maximus": (model, st.gluteus_maximus),
        "gluteus_medius": (model, st.gluteus_medius),
        "gluteus_minimus": (model, st.gluteus_minimus),
        "piriformis": (model, st.piriformis),
        "gemellus_superior": (rot, lambda: st.deep_rotator("gemellus_superior")),
        "obturator_internus": (rot, lambda: st.deep_rotator("obturator_internus")),
        "gemellus_inferior": (rot, lambda: st.deep_rotator("gemellus_inferior")),
        "quadratus_femoris": (rot, lambda: st.deep_rotator("quadratus_femoris")),
        "obturator_externus": (rot, st.obturator_externus),
        "tensor_fasciae_latae": (model, st.tensor_fasciae_latae),
        "iliacus": (model, lambda: st.single("iliacus", "iliacus", 2.5, (1, 0, 0))),
        "psoas_major": (model, lambda: st.single("psoas", "psoas_major", 1.2)),
        "biceps_femoris_long_head": (model, lambda: st.single("bflh", "biceps_femoris_long_head")),
        "semitendinosus": (model, lambda: st.single("semiten", "semitendinosus")),
        "semimembranosus": (model, lambda: st.single("semimem", "semimembranosus", 1.6)),
        "adductor_magnus": (model, st.adductor_magnus),
        "quadratus_lumborum": (trunk, st.quadratus_lumborum),
        "erector_spinae": (trunk, st.erector_spinae),
        "thoracolumbar_fascia": (trunk, lambda: st.thoracolumbar_fascia(st.erector_spinae().mesh)),
        "iliotibial_band": (rules, st.iliotibial_band),
        "sacroiliac_joint": (rules, st.sacroiliac_joint),
        "sciatic_nerve": (rules, st.sciatic_nerve),
        "tibial_nerve": (rules, st.tibial_nerve),
        "common_fibular_nerve": (rules, st.common_fibular_nerve),
        "sciatic_nerve_variant": (rules, st.sciatic_variant),
        "superior_gluteal_nerve": (rules, st.superior_gluteal_nerve),
        "inferior_gluteal_nerve": (rules, st.inferior_gluteal_nerve),
    }


def write_ply(mesh: trimesh.Trimesh, path: Path) -> bytes:
    """Binary PLY, vertices rounded to 1 µm so the bytes do not depend on float noise."""
    clean = trimesh.Trimesh(np.round(mesh.vertices, 3), mesh.faces, process=False)
    data = trimesh.exchange.ply.export_ply(clean, encoding="binary", vertex_normal=False)
    path.write_bytes(data)
    return data


def lighter(full: trimesh.Trimesh) -> tuple[trimesh.Trimesh, float] | None:
    """The most decimated version of `full` within LIGHT_GAP_MM, and its gap; None if none is.

    Its vertices are some of `full`'s (each decimated vertex moves to the nearest original
    one), so a pose moves both levels alike and the light one needs no posing of its own.
    """
    tree = cKDTree(full.vertices)
    for reduction in LIGHT_REDUCTIONS:
        points, faces = fast_simplification.simplify(
            np.asarray(full.vertices, dtype=np.float64), np.asarray(full.faces),
            target_reduction=reduction,
        )  # fmt: skip
        kept = tree.query(points)[1][faces]
        kept = kept[(kept[:, 0] != kept[:, 1]) & (kept[:, 1] != kept[:, 2])
                    & (kept[:, 0] != kept[:, 2])]  # fmt: skip
        used, faces = np.unique(kept, return_inverse=True)
        light = trimesh.Trimesh(full.vertices[used], faces.reshape(-1, 3), process=False)
        gap = surface_gap(full, light)
        if gap <= LIGHT_GAP_MM:
            return light, gap
    return None


def write_structure(
    out: Path, sid: str, mesh: trimesh.Trimesh, provenance: dict, licence: str
) -> dict:
    """Write `<sid>.ply` (and `light/<sid>.ply` when there is a light level) into `out`;
    return its manifest entry."""
    full = trimesh.Trimesh(np.round(mesh.vertices, 3), mesh.faces, process=False)
    data = write_ply(full, out / f"{sid}.ply")
    entry = {
        "file": f"{sid}.ply",
        "sha256": hashlib.sha256(data).hexdigest(),
        "triangles": len(mesh.faces),
        "bounds_mm": np.round(mesh.bounds, 1).tolist(),
        "provenance": provenance,
        "licence": licence,
    }
    found = lighter(full)
    if found is not None:
        light, gap = found
        (out / "light").mkdir(exist_ok=True)
        data = write_ply(light, out / "light" / f"{sid}.ply")
        entry["light"] = {
            "file": f"light/{sid}.ply",
            "sha256": hashlib.sha256(data).hexdigest(),
            "triangles": len(light.faces),
            "gap_mm": round(gap, 2),
        }
    return entry


def build(out: Path, only: set[str] | None = None) -> dict:
    """Write every structure and the manifest into `out`; return the manifest. `only`: the
    soft-tissue stems to make (every bone is made: the soft tissue is built on them)."""
    out.mkdir(parents=True, exist_ok=True)
    leg = MyoLeg()
    myo_version = metadata.version("myo-sim")
    source = MYO_SIM_SOURCE.format(version=myo_version)
    structures: dict[str, dict] = {}
    specs = bone_specs()
    for spec in tqdm(specs, desc="bones", unit="mesh", file=sys.stderr):
        raw = leg.geom_mesh(spec.geom)
        mesh, deviation = smooth_bone(raw, target_edge_mm=spec.edge_mm)
        structures[spec.id] = write_structure(
            out,
            spec.id,
            mesh,
            licence="Apache-2.0",
            provenance={
                "source": f"{source}, geom '{spec.geom}'",
                "method": (
                    "posed at qpos0, converted to RAS mm; merged, subdivided to "
                    f"{spec.edge_mm:g} mm edges, Taubin-smoothed, clamped to 2 mm of the source"
                ),
                "deviation_mm": {
                    "mean": round(deviation.mean_mm, 2),
                    "max": round(deviation.max_mm, 2),
                },
            },
        )
    bones = {sid: trimesh.load(out / f"{sid}.ply", force="mesh") for sid in structures}
    tissue = SoftTissue(leg, bones, (ROOT / "scripts" / "data" / "deep_rotators.yaml").read_text())
    near_bones = [bones[k] for k in bones if k.endswith("_r") or k == "sacrum"]
    recipes = soft_tissue_recipes(tissue)
    unknown = sorted((only or set()) - set(recipes))
    if unknown:
        raise SystemExit(f"--only: no soft tissue called {', '.join(unknown)}; "
                         f"choose from {', '.join(recipes)}")  # fmt: skip
    chosen = {k: v for k, v in recipes.items() if only is None or k in only}
    for stem, (origin, recipe) in tqdm(
        chosen.items(), desc="soft tissue", unit="structure", file=sys.stderr
    ):
        built = recipe()
        inside = bone_penetration(built.mesh, near_bones)
        for side, mesh in (("r", built.mesh), ("l", mirror(built.mesh))):
            sid = f"{stem}_{side}"
            licence = "CC-BY-3.0 AND Apache-2.0" if origin.startswith("gait2392") else "Apache-2.0"
            structures[sid] = write_structure(
                out,
                sid,
                mesh,
                licence=licence,
                provenance={
                    "source": f"{source}; {origin}",
                    "method": built.method,
                    "volume_cm3": round(abs(mesh.volume) / 1000, 1),
                    "bone_penetration_mm": round(inside, 2),
                },
            )
    landmarks = {}
    for name, point in sorted(tissue.lm.items()):
        landmarks[f"{name}_r"] = np.round(point, 2).tolist()
        landmarks[f"{name}_l"] = np.round(point * (-1.0, 1.0, 1.0), 2).tolist()
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "frame": "RAS",
        "units": "mm",
        "origin": "midpoint of the left and right hip joint centres",
        "sources": {
            "myo-sim": myo_version,
            "mujoco": metadata.version("mujoco"),
            "trimesh": metadata.version("trimesh"),
        },
        "volume_scale": round(VOLUME_SCALE, 4),
        "landmarks": landmarks,
        "structures": dict(sorted(structures.items())),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    for licence in sorted(LICENCES.iterdir()):
        shutil.copyfile(licence, out / licence.name)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "meshes", help="output folder")
    parser.add_argument("--only", help="comma-separated soft-tissue stems (bones: always all)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    start = time.perf_counter()
    manifest = build(args.out, set(args.only.split(",")) if args.only else None)
    rows = manifest["structures"]
    triangles = sum(s["triangles"] for s in rows.values())
    size = sum((args.out / s["file"]).stat().st_size for s in rows.values())
    LOG.info("%-16s %9s %8s %8s", "structure", "triangles", "dev mean", "dev max")
    for sid, s in rows.items():
        dev = s["provenance"].get("deviation_mm")
        if dev:
            LOG.info("%-16s %9d %8.2f %8.2f", sid, s["triangles"], dev["mean"], dev["max"])
    LOG.info("%-28s %9s %9s %7s", "muscle (right)", "cm3", "target", "ratio")
    for stem, cm3 in HANDSFIELD_CM3.items():
        if f"{stem}_r" not in rows:
            continue  # not made (--only)
        built = rows[f"{stem}_r"]["provenance"]["volume_cm3"]
        target = cm3 * VOLUME_SCALE
        LOG.info("%-28s %9.0f %9.0f %7.2f", stem, built, target, built / target)
    light = sum(s["light"]["triangles"] if "light" in s else s["triangles"] for s in rows.values())
    LOG.info(
        "%d structures, %d triangles (%d at the light level), %.1f MB, in %.1f s -> %s",
        len(rows),
        triangles,
        light,
        size / 1e6,
        time.perf_counter() - start,
        args.out,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
