"""meshes/skin.ply and meshes/occlusion.npy are exactly what scripts/build_skin.py and
scripts/build_occlusion.py make from the committed meshes (a file of its own: it runs beside
the meshes' rebuild, not after it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MESHES = ROOT / "meshes"

pytestmark = pytest.mark.build


def test_rebuilding_the_skin_from_the_committed_meshes_gives_the_committed_file(tmp_path):
    pytest.importorskip("skimage", reason="needs the build extra (make test installs it)")
    subprocess.run([sys.executable, "scripts/build_skin.py", "--out", str(tmp_path)], cwd=ROOT,
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    committed = json.loads((MESHES / "manifest.json").read_text())["skin"]
    assert (tmp_path / committed["file"]).read_bytes() == (MESHES / committed["file"]).read_bytes()


def test_rebuilding_the_ambient_light_from_the_committed_meshes_gives_the_committed_file(tmp_path):
    subprocess.run([sys.executable, "scripts/build_occlusion.py", "--out", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True, timeout=300)  # fmt: skip
    committed = json.loads((MESHES / "manifest.json").read_text())["occlusion"]
    assert (tmp_path / committed["file"]).read_bytes() == (MESHES / committed["file"]).read_bytes()
