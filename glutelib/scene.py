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
import plotly.colors
import plotly.graph_objects as go
from pydantic import BaseModel, ConfigDict

from glutelib.atlas import DATA_DIR, Atlas, read_data_file
from glutelib.errors import StructureNotFoundError
from glutelib.geometry import spread_labels
from glutelib.poses import Pose, Rig, load_poses
from glutelib.zones import Zones

CONTEXT_GREY = "#c9c7c3"  # desaturated context colour (not translucent: plotly sorts those badly)
# Bone is nearly grey itself: highlighted bone turns ochre so it stands out from the context
# grey for every common colour-vision deficiency (tests/unit/test_scene.py checks the distance).
BONE_HIGHLIGHT = "#d99a3e"
LABEL_TRACE = "labels"
# Peel levels: which layers of soft tissue stay hidden (bones, joints and nerves always show).
PEEL_HIDES: tuple[frozenset[str], ...] = (
    frozenset(),
    frozenset({"superficial"}),
    frozenset({"superficial", "intermediate"}),
    frozenset({"superficial", "intermediate", "deep"}),
)
# Lengthening colours: ColorBrewer PuOr (diverging, colour-blind safe), purple = shorter
# (tight), orange = longer (stretched), pale = unchanged; saturates at +-STRAIN_RANGE.
STRAIN_SCALE = "PuOr"
STRAIN_RANGE = 0.15
ZONE_PREFIX = "zone:"
ZONE_OPACITY = 0.7
BACKGROUND = "#ffffff"
LIGHTING = dict(ambient=0.45, diffuse=0.8, specular=0.15, roughness=0.7, fresnel=0.1)
LIGHT_POSITION = dict(x=0, y=-1e5, z=1e5)
PLOTLY_CONFIG = {
    "responsive": True,
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "filename": "glutelib", "scale": 2},
}


def strain_colour(ratio: float) -> str:
    """Hex colour for a length ratio: purple shorter, pale unchanged, orange longer."""
    t = 0.5 - float(np.clip((ratio - 1.0) / STRAIN_RANGE, -1.0, 1.0)) / 2  # PuOr: 0 = orange
    rgb = plotly.colors.sample_colorscale(STRAIN_SCALE, [t], colortype="tuple")[0]
    return "#" + "".join(f"{round(c * 255):02x}" if c <= 1 else f"{round(c):02x}" for c in rgb)


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
    return read_data_file(path, _CameraFile, "Camera file").cameras


@dataclass
class SceneState:
    """Everything a figure depends on, apart from the atlas itself."""

    shown: set[str] = field(default_factory=set)
    highlighted: set[str] = field(default_factory=set)
    camera: str = "posterior"
    fit: Camera | None = None  # a camera framed on the highlighted structures, if asked for
    zoom: float = 1.0  # > 1 moves the eye closer
    peel: int = 0  # index into PEEL_HIDES
    labels: bool = False
    plain_words: bool = False  # labels in plain words (clients), not anatomical names
    label_px: int = 16  # size of the labels' text (large on a projector)
    pose: str = "standing"  # a name in poses.yaml
    strain: bool = False  # colour muscles by how much the pose lengthens them
    zones: frozenset[str] = frozenset()  # pain / referral zones drawn


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
        shown: Iterable[str] | None = None,
    ):
        self.atlas = atlas
        self.cameras = cameras or load_cameras()
        self.ids = [atlas[i].id for i in structures] if structures is not None else atlas.ids
        self.poses = load_poses()
        self.rig = Rig(atlas)
        self.zones = Zones(atlas)
        for zid in self.zones.ids:
            self.rig.add_mesh(ZONE_PREFIX + zid, self.zones.mesh(zid))
        self.home = {self._known(i) for i in shown} if shown is not None else set(self.ids)
        self.state = SceneState(shown=set(self.home))
        self.set_camera(camera)
        self._sent: SceneState | None = None
        self._sent_pose: dict[str, str] = {}  # trace name -> pose of the vertices it holds
        self._sent_labels = repr(self._labels_in(SceneState()))  # the label trace last sent

    # state changes -------------------------------------------------------------
    def set_camera(self, name: str) -> Scene:
        if name not in self.cameras:
            raise StructureNotFoundError(name, self.cameras)
        self.state.camera = name
        self.state.fit = None
        self.state.zoom = 1.0
        return self

    def fit(self, *ids: str, closeness: float = 2.4) -> Scene:
        """Frame these structures (default: the highlighted ones), looking from the current side.

        The camera's centre moves onto their bounding box; the eye comes in along the current
        view direction so their largest extent fills about 1/`closeness` of the view.
        """
        ids = tuple(self._known(i) for i in ids) or tuple(sorted(self.state.highlighted))
        if not ids:
            return self
        lo, hi = self._box()
        boxes = np.array([self.atlas.manifest.structures[i].bounds_mm for i in ids])
        mid = (boxes[:, 0].min(axis=0) + boxes[:, 1].max(axis=0)) / 2
        size = (boxes[:, 1].max(axis=0) - boxes[:, 0].min(axis=0)).max()
        scale = self._domain_scale(lo, hi)
        centre = (mid - (lo + hi) / 2) * scale
        base = self.cameras[self.state.camera]
        direction = np.asarray(base.eye) / np.linalg.norm(base.eye)
        distance = max(0.35, closeness * size * scale.max())
        self.state.fit = Camera(
            label="Fit",
            plain_label="Close up",
            eye=tuple(float(v) for v in centre + direction * distance),
            up=base.up,
            center=tuple(float(v) for v in centre),
        )
        self.state.zoom = 1.0
        return self

    def zoom(self, factor: float) -> Scene:
        """Move the eye closer (factor > 1) or further (< 1); kept between 0.5x and 6x."""
        self.state.zoom = float(np.clip(self.state.zoom * factor, 0.5, 6.0))
        return self

    def matching(
        self, kind: str | None = None, group: str | None = None, side: str | None = None
    ) -> list[str]:
        """Ids of this scene's structures of that kind, group and side ('r'/'l'; None = any)."""
        return [
            s.id for s in self.atlas.select(kind=kind, group=group)
            if s.id in self.ids and (side is None or s.side == side)
        ]  # fmt: skip

    def isolate(self, *ids: str) -> Scene:
        """Show only these structures."""
        self.state.shown = {self._known(i) for i in ids}
        return self

    def peel(self, level: int) -> Scene:
        """0 shows every layer; 1 hides the superficial soft tissue; 2 also the intermediate;
        3 leaves bones, joints and nerves."""
        if not 0 <= level < len(PEEL_HIDES):
            raise ValueError(f"peel level must be 0..{len(PEEL_HIDES) - 1}, not {level}")
        self.state.peel = level
        return self

    def use_plain_words(self, on: bool = True) -> Scene:
        """Label structures with their plain names ('right pear-shaped muscle')."""
        self.state.plain_words = bool(on)
        return self

    def set_label_size(self, px: int) -> Scene:
        """Text size of the labels, in CSS pixels (audiences.yaml: label_px)."""
        self.state.label_px = int(px)
        return self

    def show_labels(self, on: bool = True) -> Scene:
        """Name the highlighted structures in the 3D view."""
        self.state.labels = bool(on)
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
        self.state = SceneState(shown=set(self.home), plain_words=self.state.plain_words,
                                label_px=self.state.label_px)  # fmt: skip
        return self

    def set_pose(self, name: str) -> Scene:
        """Pose the body (a name from poses.yaml); soft tissue and zones follow the bones."""
        if name not in self.poses:
            raise StructureNotFoundError(name, self.poses)
        self.state.pose = name
        return self

    @property
    def pose(self) -> Pose:
        return self.poses[self.state.pose]

    def show_strain(self, on: bool = True) -> Scene:
        """Colour muscles (the highlighted ones, or all) by length in the pose over standing."""
        self.state.strain = bool(on)
        return self

    def show_zones(self, *zone_ids: str) -> Scene:
        """Draw these pain / referral zones (none = clear)."""
        for z in zone_ids:
            if z not in self.zones:
                raise StructureNotFoundError(z, self.zones.ids)
        self.state.zones = frozenset(zone_ids)
        return self

    def length_ratio(self, structure_id: str) -> float:
        """The structure's centre-line length in the current pose over standing."""
        return self.rig.length_ratio(self._known(structure_id), self.pose)

    def visible(self, structure_id: str) -> bool:
        """Shown, and not peeled away."""
        return self._visible_in(structure_id, self.state)

    def camera(self) -> Camera:
        """The camera in effect: the named one, or the fitted one, with the zoom applied."""
        return self._camera_in(self.state)

    def _camera_in(self, state: SceneState) -> Camera:
        base = state.fit or self.cameras[state.camera]
        if state.zoom == 1.0:
            return base
        centre = np.asarray(base.center)
        eye = centre + (np.asarray(base.eye) - centre) / state.zoom
        return base.model_copy(update={"eye": tuple(float(v) for v in eye)})

    def _visible_in(self, structure_id: str, state: SceneState) -> bool:
        if structure_id not in state.shown:
            return False
        s = self.atlas[structure_id]
        return s.kind not in ("muscle", "fascia") or s.layer not in PEEL_HIDES[state.peel]

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
        v = self._vertices(structure_id, self.state)
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
            visible=self.visible(structure_id),
            flatshading=False,
            lighting=LIGHTING,
            lightposition=LIGHT_POSITION,
            hovertext=structure.label,
            hoverinfo="text",
            showlegend=False,
        )

    def _vertices(self, key: str, state: SceneState) -> np.ndarray:
        """(n, 3) float32 vertices of a structure (or `zone:<id>`) in the state's pose."""
        return np.asarray(self.rig.vertices(key, self.poses[state.pose]), dtype=np.float32)

    def zone_trace(self, zone_id: str) -> go.Mesh3d:
        """One pain / referral zone as a soft, semi-transparent Mesh3d named `zone:<id>`."""
        zone = self.zones[zone_id]
        key = ZONE_PREFIX + zone_id
        v = self._vertices(key, self.state)
        f = np.asarray(self.zones.mesh(zone_id).faces, dtype=np.int32)
        return go.Mesh3d(
            name=key, x=v[:, 0], y=v[:, 1], z=v[:, 2], i=f[:, 0], j=f[:, 1], k=f[:, 2],
            color=zone.colour, opacity=ZONE_OPACITY, visible=zone_id in self.state.zones,
            flatshading=False, lighting=dict(ambient=0.8, diffuse=0.3, specular=0.0),
            hovertext=zone.label, hoverinfo="text", showlegend=False,
        )  # fmt: skip

    def _meta(self, state: SceneState) -> dict[str, Any]:
        """What the page can read back from the graph (tests, screen readers)."""
        return {"pose": state.pose, "zones": sorted(state.zones), "strain": state.strain,
                "highlighted": sorted(state.highlighted)}  # fmt: skip

    def layout(self) -> dict[str, Any]:
        """Layout with a fixed, uniform-scale box around the shown bones and the camera."""
        lo, hi = self._box()
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
                camera=self.camera().plotly(),
                bgcolor=BACKGROUND,
                dragmode="orbit",
            ),
            margin=dict(l=0, r=0, t=0, b=0),
            paper_bgcolor=BACKGROUND,
            showlegend=False,
            autosize=True,
            uirevision="glutelib",
            meta=self._meta(self.state),
        )

    def _box(
        self, margin_mm: float = 15.0, pose: str | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(3,), (3,) corners of the box around every structure of the scene in the pose
        (default: the current one), plus a margin."""
        boxes = np.array([self.atlas.manifest.structures[i].bounds_mm for i in self.ids])
        lo, hi = boxes[:, 0].min(axis=0), boxes[:, 1].max(axis=0)
        posed = self.poses[pose or self.state.pose]
        if not posed.is_neutral:
            bones = self.rig.posed_bounds(self.ids, posed)
            lo, hi = np.minimum(lo, bones[0] - 40), np.maximum(hi, bones[1] + 40)  # + flesh
        return lo - margin_mm, hi + margin_mm

    @staticmethod
    def _domain_scale(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """(3,) factors from mm to plotly's camera units: the box spans -ratio/2..ratio/2
        (checked in the picture: tests/anatomy/test_framing.py)."""
        extent = hi - lo
        ratio = extent / extent.max()
        return ratio / extent

    def label_trace(self, labels: dict[str, Any] | None = None) -> go.Scatter3d:
        """Names of the highlighted structures, beside them on screen, none covering another
        and nothing in front of them (`labels`: from `_labels_in`, if already placed)."""
        return go.Scatter3d(name=LABEL_TRACE, **(labels or self._labels_in(self.state)))

    def _labels_in(self, state: SceneState) -> dict[str, Any]:
        shown = [i for i in state.highlighted if self._visible_in(i, state)]
        ids = sorted(shown) if state.labels else []
        texts = [self._label_text(i, state) for i in ids]
        p = (self._label_places(ids, texts, state) if ids else np.zeros((0, 3))).astype(np.float32)
        font = dict(size=state.label_px, color="#1b1b1b")
        return dict(x=p[:, 0], y=p[:, 1], z=p[:, 2], text=texts, mode="text", hoverinfo="skip",
                    showlegend=False, textfont=font)  # fmt: skip

    def _label_places(self, ids: list[str], texts: list[str], state: SceneState) -> np.ndarray:
        """(n, 3) where each name goes: in front of its structure, then moved on screen."""
        lo, hi = self._box()
        cam = self._camera_in(state)
        scale = self._domain_scale(lo, hi)
        eye, centre = ((lo + hi) / 2 + np.asarray(v) / scale for v in (cam.eye, cam.center))
        toward = (np.asarray(cam.eye) - np.asarray(cam.center)) / scale  # in mm directions
        toward /= np.linalg.norm(toward)
        points = []
        for i in ids:
            v = self._vertices(i, state)
            points.append(v[np.argmax(v @ toward)] + toward * 12.0)  # just in front of it
        # On screen: what a line of text spans in mm at this distance (a view shows
        # 2 tan(fov/2) = 0.83 scene units per unit of distance, over its height).
        up = np.asarray(cam.up, dtype=float)
        right = np.cross(-toward, up)
        right /= np.linalg.norm(right)
        up = np.cross(right, -toward)
        view_px = 560  # a tablet's: text sized for it is roomy on a projector
        distance = np.linalg.norm(np.asarray(cam.eye) - np.asarray(cam.center))
        mm_per_px = 0.83 * distance / scale.max() / view_px
        px = state.label_px  # a character is ~0.45 em wide, a line ~1.25 em high
        widths = np.array([len(t) * 0.45 * px for t in texts]) * mm_per_px
        # Names right of the middle run rightwards, the others leftwards: away from each other.
        # (Each text is centred on a point half its width out: with a per-point textposition,
        # plotly drew the second of two names centred, over the first.) Kept inside the
        # scene's box, where plotly draws, and below the top of the view; then spread so that
        # none covers another.
        anchors = np.array(points)
        sides = np.where((anchors - centre) @ right >= 0, 1, -1)
        above = (anchors - centre) @ up - (0.42 * view_px - 2 * px) * mm_per_px  # margin
        anchors -= np.maximum(above, 0)[:, None] * up
        anchors += (sides * (widths / 2 + 4 * mm_per_px))[:, None] * right
        anchors = np.clip(anchors, lo + 2, hi - 2)  # plotly drops a point outside its box
        # (and again below: `up` leans with the camera, so moving down can leave the box)
        p = spread_labels(anchors, widths, 1.25 * px * mm_per_px, right, up)
        return np.clip(self._in_front(p, state, eye, toward, lo, hi), lo + 2, hi - 2)

    def _in_front(
        self,
        points: np.ndarray,
        state: SceneState,
        eye: np.ndarray,
        toward: np.ndarray,
        lo: np.ndarray,
        hi: np.ndarray,
    ) -> np.ndarray:
        """Slide each point (n, 3) towards the eye, along its line of sight (so it stays at
        the same place on screen), until nothing shown is in front of it, or as far as the
        scene's box allows (plotly drops what lies outside it): plotly hides text behind a
        surface, and a deep muscle's name was half covered by bone. eye, toward (3,) in mm;
        lo, hi (3,) the scene's box."""
        shown = [i for i in self.ids if self._visible_in(i, state)]
        front = max(float((self._vertices(i, state) @ toward).max()) for i in shown) + 5.0
        sight = eye - points  # (n, 3) from each point to the eye
        ahead = np.maximum(front - points @ toward, 0.0) / np.maximum(sight @ toward, 1e-6)
        with np.errstate(divide="ignore", invalid="ignore"):  # how far the box lets it go
            room = np.where(sight > 0, (hi - 2 - points) / sight, (lo + 2 - points) / sight)
        room = np.nan_to_num(room, nan=np.inf, posinf=np.inf, neginf=np.inf).min(axis=1)
        return points + np.clip(np.minimum(ahead, room), 0.0, 1.0)[:, None] * sight

    def _label_text(self, structure_id: str, state: SceneState) -> str:
        s = self.atlas[structure_id]
        return s.plain_label.capitalize() if state.plain_words else s.label

    def figure(self) -> go.Figure:
        """The whole scene as a new plotly Figure."""
        labels = self._labels_in(self.state)
        traces = [self.trace(i) for i in self.ids]
        traces += [self.zone_trace(z) for z in self.zones.ids]
        traces += [self.label_trace(labels)]
        fig = go.Figure(data=traces, layout=self.layout())
        self._sent = copy.deepcopy(self.state)
        self._sent_pose = {t.name: self.state.pose for t in traces}
        self._sent_labels = repr(labels)
        return fig

    def widget(self, cls: type[go.FigureWidget] | None = None) -> go.FigureWidget:
        """The whole scene as a FigureWidget (layout given at construction: set later, it did
        not reach the page); `cls`: a subclass that loads plotly's code another way. (A default
        of go.FigureWidget would import plotly's widget, and nbformat, as this module loads.)"""
        widget = (cls or go.FigureWidget)(self.figure())
        widget._config = PLOTLY_CONFIG  # no public setter; `responsive` follows the window size
        return widget

    def sync(self, widget: go.FigureWidget) -> dict[str, int]:
        """Send `widget` only what changed since the last sync; return what was sent.

        Colours and visibility go as trace restyles, new vertices only for visible traces
        whose pose changed (hidden ones catch up when shown), the camera, box and meta as one
        relayout, all in one `batch_update`.
        """
        before = self._sent or SceneState()
        now = self.state
        changed = {
            i
            for i in self.ids
            if self._visible_in(i, before) != self._visible_in(i, now)
            or self._colour_in(i, before) != self._colour_in(i, now)
        }
        zones_changed = {z for z in self.zones.ids if (z in before.zones) != (z in now.zones)}
        visible = [i for i in self.ids if self._visible_in(i, now)]
        visible += [ZONE_PREFIX + z for z in sorted(now.zones)]
        moved = [k for k in visible if self._sent_pose.get(k) != now.pose]
        camera = self._camera_in(now)
        camera_changed = self._camera_in(before) != camera
        box_changed = before.pose != now.pose
        meta_changed = self._meta(before) != self._meta(now)
        labels = self._labels_in(now)
        labels_changed = repr(labels) != self._sent_labels
        by_name = {t.name: t for t in widget.data}
        with widget.batch_update():
            for i in sorted(changed):
                by_name[i].update(color=self.colour(i), visible=self.visible(i))
            for z in sorted(zones_changed):
                by_name[ZONE_PREFIX + z].visible = z in now.zones
            for key in moved:
                v = self._vertices(key, now)
                by_name[key].update(x=v[:, 0], y=v[:, 1], z=v[:, 2])
                self._sent_pose[key] = now.pose
            if labels_changed:
                by_name[LABEL_TRACE].update(labels)
            if box_changed:
                layout = self.layout()["scene"]
                for axis in ("xaxis", "yaxis", "zaxis"):
                    widget.layout.scene[axis].range = layout[axis]["range"]
                widget.layout.scene.aspectratio = layout["aspectratio"]
            if camera_changed or box_changed:
                widget.layout.scene.camera = camera.plotly()
            if meta_changed:
                widget.layout.meta = self._meta(now)
        self._sent = copy.deepcopy(now)
        self._sent_labels = repr(labels)
        return {
            "traces": len(changed | set(moved)) + len(zones_changed) + int(labels_changed),
            "vertices": len(moved),
            "camera": int(camera_changed),
        }

    def _colour_in(self, structure_id: str, state: SceneState) -> str:
        if state.highlighted and structure_id not in state.highlighted:
            return CONTEXT_GREY
        structure = self.atlas[structure_id]
        if state.strain and structure.kind == "muscle":
            ratio = self.rig.length_ratio(structure_id, self.poses[state.pose])
            return strain_colour(ratio)
        if state.highlighted and structure.kind == "bone":
            return BONE_HIGHLIGHT
        return structure.colour
