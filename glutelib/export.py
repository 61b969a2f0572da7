"""Pictures of a scene: PNG files through kaleido, driving Debian's Chromium.

Kaleido finds its browser through BROWSER_PATH; we point it at /usr/bin/chromium (never a
downloaded browser) unless the caller already chose one.
"""

from __future__ import annotations

import os
from pathlib import Path

import plotly.graph_objects as go

from glutelib.errors import GlutelibError

CHROMIUM = Path("/usr/bin/chromium")
# kaleido's page sometimes runs its render call before its own scripts have loaded, on a busy
# machine ("kaleido_scopes is not defined"); a second try finds them loaded.
NOT_LOADED = "kaleido_scopes is not defined"
ATTEMPTS = 3


class ExportError(GlutelibError):
    """A picture could not be made; the message says what to install or fix."""


def png_bytes(
    figure: go.Figure, width: int = 1600, height: int = 1200, scale: float = 1.0
) -> bytes:
    """The figure as PNG bytes (width x height CSS px, times `scale`)."""
    if "BROWSER_PATH" not in os.environ and CHROMIUM.exists():
        os.environ["BROWSER_PATH"] = str(CHROMIUM)
    try:
        import kaleido  # noqa: F401  (imported here so the library loads without it)
    except ImportError:
        raise ExportError(
            "Saving a picture needs kaleido: run `make dashboard` (installs it)."
        ) from None
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return go.Figure(figure).to_image(format="png", width=width, height=height,
                                              scale=scale)  # fmt: skip
        except Exception as exc:  # kaleido reports a missing browser in several ways
            if NOT_LOADED in str(exc) and attempt < ATTEMPTS:
                continue
            raise _export_error(exc) from exc
    raise AssertionError("unreachable")


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
