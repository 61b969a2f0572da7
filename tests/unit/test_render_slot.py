"""Pictures take turns: one renderer (a ~1.1 GB Chromium) at a time per machine and account."""

from __future__ import annotations

import threading
import time

import plotly.graph_objects as go
import pytest

from glutelib import export
from glutelib.export import ExportError, render_slot


def test_a_picture_waits_for_the_one_before_and_says_when_it_waited_too_long(tmp_path):
    lock = tmp_path / "render.lock"
    busy = pytest.raises(ExportError, match="try again in a minute")
    with render_slot(lock), busy, render_slot(lock, wait_s=0.3):
        pass
    order = []

    def second():
        with render_slot(lock, wait_s=10):
            order.append("second")

    with render_slot(lock):
        waiting = threading.Thread(target=second)
        waiting.start()
        time.sleep(0.5)
        order.append("first")
    waiting.join(timeout=10)
    assert order == ["first", "second"]


def test_png_bytes_starts_no_renderer_while_another_runs(monkeypatch, tmp_path):
    lock = tmp_path / "render.lock"
    started = []
    monkeypatch.setattr(export, "RENDER_LOCK", lock)
    monkeypatch.setattr(export, "RENDER_WAIT_S", 0.3)
    monkeypatch.setattr(go.Figure, "to_image", lambda *a, **k: started.append(1) or b"png")
    with render_slot(lock), pytest.raises(ExportError, match="Other pictures are being made"):
        export.png_bytes(go.Figure())
    assert started == []
    assert export.png_bytes(go.Figure()) == b"png" and started == [1]
