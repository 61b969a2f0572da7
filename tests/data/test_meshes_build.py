"""meshes/ is exactly what scripts/build_meshes.py makes, and carries its licences."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MESHES = ROOT / "meshes"

pytestmark = pytest.mark.build


# Every bone (the soft tissue is built on them) and one structure of each way soft tissue is
# made: a muscle from myo-sim's paths, a deep rotator from gait2392, landmark rules, a nerve.
# `make meshes` rebuilds all; the rest are made by the same code paths.
REBUILT_SOFT_TISSUE = ("gluteus_maximus", "piriformis", "gemellus_superior", "iliotibial_band",
                       "sciatic_nerve")  # fmt: skip


def test_rebuilding_every_bone_and_each_kind_of_soft_tissue_gives_the_committed_files(tmp_path):
    pytest.importorskip("myo_sim", reason="needs the build extra (make test installs it)")
    out = tmp_path / "meshes"
    subprocess.run(
        [
            sys.executable,
            "scripts/build_meshes.py",
            "--out",
            str(out),
            "--only",
            ",".join(REBUILT_SOFT_TISSUE),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    committed = json.loads((MESHES / "manifest.json").read_text())
    rebuilt = json.loads((out / "manifest.json").read_text())
    made = rebuilt["structures"]
    assert {s.rsplit("_", 1)[0] for s in made} >= set(REBUILT_SOFT_TISSUE)
    assert all(committed["structures"][sid] == entry for sid, entry in made.items())
    # landmarks, sources (the skin is made after, from all the meshes: the next test)
    committed.pop("skin")
    committed.pop("occlusion")
    assert rebuilt | {"structures": {}} == committed | {"structures": {}}
    bones = {sid for sid, e in committed["structures"].items() if "deviation_mm" in e["provenance"]}
    assert bones <= set(made)
    for sid, entry in made.items():
        data = (out / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == committed["structures"][sid]["sha256"], sid
        assert (MESHES / entry["file"]).read_bytes() == data, sid
        if "light" in entry:
            light = entry["light"]["file"]
            assert (MESHES / light).read_bytes() == (out / light).read_bytes(), sid


def test_licence_and_attribution_ship_with_the_meshes():
    attribution = (MESHES / "ATTRIBUTION.md").read_text()
    for needed in ("Apache", "Vikash Kumar", "Rajagopal", "10.1109/TBME.2016.2586891", "MyoSuite"):
        assert needed in attribution
    assert "modified" in attribution.lower()
    assert "Apache License" in (MESHES / "LICENSE-Apache-2.0.txt").read_text()
    manifest = json.loads((MESHES / "manifest.json").read_text())
    for sid, entry in manifest["structures"].items():
        assert entry["licence"] and entry["provenance"]["source"], sid
        assert entry["provenance"]["method"], sid


def test_atlas_size_budget():
    manifest = json.loads((MESHES / "manifest.json").read_text())
    triangles = sum(e["triangles"] for e in manifest["structures"].values())
    size = sum((MESHES / e["file"]).stat().st_size for e in manifest["structures"].values())
    assert triangles <= 150_000
    assert size <= 10 * 1024 * 1024
