"""Scene: which structures are shown, highlighted and from where, turned into a plotly figure.

A Scene is plain state (sets of ids, a camera name). `Scene.figure()` builds a whole figure;
`Scene.sync(widget)` sends a FigureWidget only what changed since the last sync, in one
`batch_update`. Traces are named by structure id, so `fig.update_traces(selector=dict(name=id))`
works as in any plotly figure.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import plotly.graph_objects as go
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from glutelib.atlas import DATA_DIR, Atlas, _describe
from glutelib.errors import StructureDataError, StructureNotFoundError

CONTEXT_GREY = "#b9b4ac"  # desaturated context colour (not translucent: plotly sorts those badly)
BACKGROUND = "#ffffff"
LIGHTING = dict(ambient=0.45, diffuse=0.8, specular=0.15, roughness=0.7, fresnel=0.1)
LIGHT_POSITION = dict(x=0, y=-1e5, z=1e5)
PLOTLY_CONFIG = {
    "responsive": True,
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "filename": "glutelib", "scale": 2},
}


class Camera(BaseModel):
    """A named view: where the eye is (plotly scene units) and which way is up."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    plain_label: str
    eye: tuple[float, float, float]
    up: tuple[float, float, float] = (0.0, 0.0, 1.0)
    center: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def plotly(self) -> dict[str, Any]:
        """The camera as plotly's `layout.scene.camera` dict."""
        xyz = ("x", "y", "z")
        return {
            "eye": dict(zip(xyz, self.eye, strict=True)),
            "up": dict(zip(xyz, self.up, strict=True)),
            "center": dict(zip(xyz, self.center, strict=True)),
            "projection": {"type": "perspective"},
        }


class _CameraFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int
    cameras: dict[str, Camera]


def load_cameras(path: Path | None = None) -> dict[str, Camera]:
    """Read cameras.yaml into {name: Camera}; raise StructureDataError naming the file."""
    path = path or DATA_DIR / "cameras.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return _CameraFile.model_validate(raw).cameras
    except FileNotFoundError:
        raise StructureDataError(f"Camera file {path} is missing; restore it from git.") from None
    except yaml.YAMLError as exc:
        raise StructureDataError(f"Camera file {path} is not valid YAML: {exc}") from None
    except ValidationError as exc:
        raise StructureDataError(f"Camera file {path} is malformed:\n{_describe(exc)}") from None


@dataclass
class SceneState:
    """Everything a figure depends on, apart from the atlas itself."""

    shown: set[str] = field(default_factory=set)
    highlighted: set[str] = field(default_factory=set)
    camera: str = "posterior"


class Scene:
    """A view of an atlas: shown and highlighted structures and a camera.

    >>> scene = Scene(atlas)                 # every structure, from behind
    >>> scene.highlight("sacrum")            # sacrum in colour, the rest grey
    >>> scene.set_camera("anterior")
    >>> fig = scene.figure()                 # plotly Figure, one Mesh3d per structure
    """

    def __init__(
        self,
        atlas: Atlas,
        structures: Iterable[str] | None = None,
        camera: str = "posterior",
        cameras: dict[str, Camera] | None = None,
    ):
        self.atlas = atlas
        self.cameras = cameras or load_cameras()
        self.ids = [atlas[i].id for i in structures] if structures is not None else atlas.ids
        self.state = SceneState(shown=set(self.ids))
        self.set_camera(camera)
        self._sent: SceneState | None = None

    # state changes -------------------------------------------------------------
    def set_camera(self, name: str) -> Scene:
        if name not in self.cameras:
            raise StructureNotFoundError(name, self.cameras)
        self.state.camera = name
        return self

    def highlight(self, *ids: str) -> Scene:
        """Show these structures in their own colour and grey the rest; none = clear."""
        self.state.highlighted = {self._known(i) for i in ids}
        return self

    def show(self, *ids: str) -> Scene:
        self.state.shown |= {self._known(i) for i in ids}
        return self

    def hide(self, *ids: str) -> Scene:
        self.state.shown -= {self._known(i) for i in ids}
        return self

    def reset(self) -> Scene:
        self.state = SceneState(shown=set(self.ids), camera="posterior")
        return self

    def _known(self, structure_id: str) -> str:
        if structure_id not in self.ids:
            raise StructureNotFoundError(structure_id, self.ids)
        return structure_id

    # rendering -------------------------------------------------------------------
    def colour(self, structure_id: str) -> str:
        """The colour a structure is drawn in, given the current highlight."""
        return self._colour_in(structure_id, self.state)

    def trace(self, structure_id: str) -> go.Mesh3d:
        """One structure as a Mesh3d named by its id (float32 vertices, int32 faces)."""
        structure = self.atlas[structure_id]
        mesh = self.atlas.mesh(structure_id)
        v = np.asarray(mesh.vertices, dtype=np.float32)
        f = np.asarray(mesh.faces, dtype=np.int32)
        return go.Mesh3d(
            name=structure_id,
            x=v[:, 0],
            y=v[:, 1],
            z=v[:, 2],
            i=f[:, 0],
            j=f[:, 1],
            k=f[:, 2],
            color=self.colour(structure_id),
            visible=structure_id in self.state.shown,
            flatshading=False,
            lighting=LIGHTING,
            lightposition=LIGHT_POSITION,
            hovertext=structure.label,
            hoverinfo="text",
            showlegend=False,
        )

    def layout(self) -> dict[str, Any]:
        """Layout with a fixed, uniform-scale box around the shown bones and the camera."""
        lo, hi = self._bounds()
        extent = hi - lo
        hidden_axis = dict(visible=False, showspikes=False)
        axes = {
            f"{a}axis": {**hidden_axis, "range": [float(lo[n]), float(hi[n])]}
            for n, a in enumerate("xyz")
        }
        ratio = extent / extent.max()
        return dict(
            scene=dict(
                **axes,
                aspectmode="manual",
                aspectratio=dict(x=float(ratio[0]), y=float(ratio[1]), z=float(ratio[2])),
                camera=self.cameras[self.state.camera].plotly(),
                bgcolor=BACKGROUND,
                dragmode="orbit",
            ),
            margin=dict(l=0, r=0, t=0, b=0),
            paper_bgcolor=BACKGROUND,
            showlegend=False,
            autosize=True,
            uirevision="glutelib",
        )

    def _bounds(self, margin_mm: float = 15.0) -> tuple[np.ndarray, np.ndarray]:
        """(3,), (3,) corners of the box around every structure of the scene, plus a margin."""
        boxes = np.array([self.atlas.manifest.structures[i].bounds_mm for i in self.ids])
        return boxes[:, 0].min(axis=0) - margin_mm, boxes[:, 1].max(axis=0) + margin_mm

    def figure(self) -> go.Figure:
        """The whole scene as a new plotly Figure."""
        fig = go.Figure(data=[self.trace(i) for i in self.ids], layout=self.layout())
        self._sent = copy.deepcopy(self.state)
        return fig

    def widget(self) -> go.FigureWidget:
        """The whole scene as a FigureWidget (layout passed at construction, see STACK.md)."""
        widget = go.FigureWidget(self.figure())
        widget._config = PLOTLY_CONFIG  # no public setter; `responsive` follows the window size
        self._sent = copy.deepcopy(self.state)
        return widget

    def sync(self, widget: go.FigureWidget) -> dict[str, int]:
        """Send `widget` only what changed since the last sync; return what was sent.

        Colours and visibility go as trace restyles, the camera as one relayout, all in one
        `batch_update`. Vertices are never re-sent here: they only change with a pose.
        """
        before = self._sent or SceneState()
        now = self.state
        changed = {
            i
            for i in self.ids
            if (i in before.shown) != (i in now.shown)
            or self._colour_in(i, before) != self._colour_in(i, now)
        }
        by_name = {t.name: t for t in widget.data}
        with widget.batch_update():
            for i in sorted(changed):
                by_name[i].update(color=self.colour(i), visible=i in now.shown)
            if before.camera != now.camera:
                widget.layout.scene.camera = self.cameras[now.camera].plotly()
        self._sent = copy.deepcopy(now)
        return {"traces": len(changed), "camera": int(before.camera != now.camera)}

    def _colour_in(self, structure_id: str, state: SceneState) -> str:
        if state.highlighted and structure_id not in state.highlighted:
            return CONTEXT_GREY
        return self.atlas[structure_id].colour
