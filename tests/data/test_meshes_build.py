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


def test_rebuild_gives_the_committed_files(tmp_path):
    pytest.importorskip("myo_sim", reason="needs the build extra (make test installs it)")
    out = tmp_path / "meshes"
    subprocess.run(
        [sys.executable, "scripts/build_meshes.py", "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    committed = json.loads((MESHES / "manifest.json").read_text())
    rebuilt = json.loads((out / "manifest.json").read_text())
    assert rebuilt == committed
    for sid, entry in rebuilt["structures"].items():
        data = (out / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == committed["structures"][sid]["sha256"], sid
        assert (MESHES / entry["file"]).read_bytes() == data, sid


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
