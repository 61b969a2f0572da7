"""PNG export through kaleido and Debian's Chromium."""

from __future__ import annotations

import subprocess
import sys

import pytest

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


def test_a_kaleido_page_that_had_not_loaded_is_tried_again(monkeypatch):
    import plotly.graph_objects as go

    from glutelib import export

    calls = []

    def flaky(self, **_kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("ReferenceError: kaleido_scopes is not defined")
        return b"\x89PNG"

    monkeypatch.setattr(go.Figure, "to_image", flaky)
    assert export.png_bytes(go.Figure()) == b"\x89PNG" and len(calls) == 2
    monkeypatch.setattr(
        go.Figure, "to_image", lambda self, **k: (_ for _ in ()).throw(OSError("x"))
    )
    with pytest.raises(export.ExportError, match="Chromium"):
        export.png_bytes(go.Figure())  # other faults are not retried
