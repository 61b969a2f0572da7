"""The dashboard: ipywidgets around one plotly FigureWidget driven by a Scene.

`notebooks/dashboard.ipynb` only calls `show()`; everything testable lives here.
"""

from glutelib.app.dashboard import Dashboard, show

__all__ = ["Dashboard", "show"]
