"""PNG export through kaleido and Debian's Chromium."""

from __future__ import annotations

import subprocess
import sys

from glutelib.export import save_png
from glutelib.scene import Scene


def test_save_png_writes_a_picture_of_the_scene(atlas, tmp_path):
    scene = Scene(atlas, structures=["piriformis_r", "sacrum", "hip_bone_r"])
    scene.highlight("piriformis_r")
    path = save_png(scene.figure(), tmp_path / "view.png", width=400, height=300)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (400, 300)


def test_missing_browser_gives_a_clear_error(tmp_path):
    code = (
        "import os; os.environ['BROWSER_PATH'] = '/nonexistent/chromium'\n"
        "import plotly.graph_objects as go\n"
        "from glutelib.export import ExportError, png_bytes\n"
        "try:\n"
        "    png_bytes(go.Figure(go.Scatter(x=[1], y=[1])), 100, 100)\n"
        "except ExportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "apt-get install chromium" in out.stdout, out.stdout + out.stderr
