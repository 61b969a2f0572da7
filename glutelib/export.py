"""Pictures of a scene: PNG files through kaleido, driving Debian's Chromium.

Kaleido finds its browser through BROWSER_PATH; we point it at /usr/bin/chromium (never a
downloaded browser) unless the caller already chose one. Each picture starts a Chromium of
~1.1 GB; on a class server every page's kernel could start one at once, so pictures take
turns, one at a time per machine and account (`render_slot`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import plotly.graph_objects as go

from glutelib.errors import GlutelibError

CHROMIUM = Path("/usr/bin/chromium")
# kaleido's page sometimes runs its render call before its own scripts have loaded, on a busy
# machine ("kaleido_scopes is not defined"); a second try finds them loaded.
NOT_LOADED = "kaleido_scopes is not defined"
ATTEMPTS = 3
RENDER_WAIT_S = 60
RENDER_LOCK = Path(tempfile.gettempdir()) / f"glutelib-render-{os.getuid()}.lock"


class ExportError(GlutelibError):
    """A picture could not be made; the message says what to install or fix."""


def png_bytes(
    figure: go.Figure, width: int = 1600, height: int = 1200, scale: float = 1.0
) -> bytes:
    """The figure as PNG bytes (width x height CSS px, times `scale`)."""
    _kaleido()
    with render_slot():
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return go.Figure(figure).to_image(format="png", width=width, height=height,
                                                  scale=scale)  # fmt: skip
            except Exception as exc:  # kaleido reports a missing browser in several ways
                if NOT_LOADED in str(exc) and attempt < ATTEMPTS:
                    continue
                raise _export_error(exc) from exc
    raise AssertionError("unreachable")


def _kaleido():
    """kaleido, pointed at Debian's Chromium (imported here so the library loads without it)."""
    if "BROWSER_PATH" not in os.environ and CHROMIUM.exists():
        os.environ["BROWSER_PATH"] = str(CHROMIUM)
    try:
        import kaleido
    except ImportError:
        raise ExportError(
            "Saving a picture needs kaleido: run `make dashboard` (installs it)."
        ) from None
    return kaleido


@contextlib.contextmanager
def one_browser() -> Iterator[None]:
    """Pictures made in the block share one Chromium (kaleido's server): many pictures in a
    row (an Anki deck's) take 2.4 s each here instead of 6 s each starting its own."""
    kaleido = _kaleido()
    kaleido.start_sync_server(silence_warnings=True)
    try:
        with warnings.catch_warnings():  # plotly's size options are passed per picture anyway
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            yield
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


@contextlib.contextmanager
def render_slot(lock: Path | None = None, wait_s: float | None = None) -> Iterator[None]:
    """Hold the machine's one picture renderer (a lock file every kernel of this account
    shares: RENDER_LOCK) for the `with` block; waits up to `wait_s` (RENDER_WAIT_S), then
    says the server is busy."""
    with open(lock or RENDER_LOCK, "a") as held:
        deadline = time.monotonic() + (RENDER_WAIT_S if wait_s is None else wait_s)
        while True:
            try:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ExportError(
                        "Other pictures are being made on this server; try again in a minute."
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)


def _export_error(exc: Exception) -> ExportError:
    return ExportError(
        f"Could not draw the picture ({type(exc).__name__}: {exc}). It needs Chromium at "
        f"{CHROMIUM}: install it with `apt-get install chromium`."
    )


def save_png(figure: go.Figure, path: str | Path, width: int = 1600, height: int = 1200) -> Path:
    """Write the figure to `path` as PNG; return the path."""
    path = Path(path)
    path.write_bytes(png_bytes(figure, width, height))
    return path
