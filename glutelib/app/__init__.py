"""The dashboard: ipywidgets around one plotly FigureWidget showing a SceneState.

`notebooks/dashboard.ipynb` only calls `show()`; everything testable lives here. Imported
lazily, so `glutelib.app.keys` or `glutelib.app.serve` load without the widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from glutelib.app.dashboard import Dashboard, show

__all__ = ["Dashboard", "show"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from glutelib.app import dashboard

        return getattr(dashboard, name)
    raise AttributeError(f"module 'glutelib.app' has no attribute {name!r}")
