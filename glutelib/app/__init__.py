"""The dashboard: ipywidgets around one plotly FigureWidget driven by a Scene.

`notebooks/dashboard.ipynb` only calls `Dashboard().display()`; everything testable lives here.
"""

from glutelib.app.dashboard import Dashboard

__all__ = ["Dashboard"]
