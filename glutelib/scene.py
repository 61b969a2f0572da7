"""Scene: edit what is shown, highlighted and from where; draw it with `figure()`.

A Scene holds a plain `SceneState` and the `Library` it refers to. Its methods change the
state (checked, chainable); drawing is `glutelib.drawing.build_figure(state, library)`,
and keeping a live widget in step is `glutelib.app.figure_widget.FigureSync`.

>>> scene = Scene(atlas)                 # every structure, from behind
>>> scene.highlight("sacrum")            # sacrum in colour, the rest grey
>>> scene.set_camera("anterior")
>>> fig = scene.figure()                 # plotly Figure, one Mesh3d per structure
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import plotly.graph_objects as go

from glutelib import drawing, view
from glutelib.atlas import Atlas
from glutelib.cameras import Camera
from glutelib.errors import NotFoundError, StructureNotFoundError
from glutelib.library import Library, load_library
from glutelib.poses import Pose
from glutelib.sides import on_side
from glutelib.state import SceneState
from glutelib.view import MAX_ZOOM, MIN_ZOOM


class Scene:
    """A view of the library's atlas: shown and highlighted structures, a pose and a camera."""

    def __init__(
        self,
        library: Library | Atlas,
        structures: Iterable[str] | None = None,
        camera: str = "posterior",
        shown: Iterable[str] | None = None,
    ):
        """`library`: a Library, or an Atlas whose data files are then read; `structures`:
        the ones drawn (default all); `shown`: those shown at the start and on `reset`."""
        self.library = library if isinstance(library, Library) else load_library(library)
        self.atlas = self.library.atlas
        self.ids = (
            [self.atlas[i].id for i in structures] if structures is not None else self.atlas.ids
        )
        self.home = {self._known(i) for i in shown} if shown is not None else set(self.ids)
        self.state = SceneState(structures=tuple(self.ids), shown=set(self.home))
        self.set_camera(camera)

    @property
    def cameras(self) -> dict[str, Camera]:
        return self.library.cameras

    @property
    def rig(self):
        return self.library.rig

    # state changes -------------------------------------------------------------
    def set_camera(self, name: str) -> Scene:
        """Look from a named view (cameras.yaml) at all that is shown; drops any close-up
        and zoom."""
        self.library.camera(name)
        self.state.camera, self.state.zoom = name, 1.0
        self.state.focus, self.state.close_up, self.state.close_up_fill = (), False, None
        return self

    def fit(self, *ids: str) -> Scene:
        """Close up on these structures (default: the highlighted ones) from the current side."""
        ids = tuple(self._known(i) for i in ids) or tuple(sorted(self.state.highlighted))
        if ids:
            self.state.focus, self.state.close_up, self.state.zoom = ids, True, 1.0
            self.state.close_up_fill = None
        return self

    def close_up_on_region(self, *keys: str) -> Scene:
        """Close up on these structures (or `zone:<id>`) at the fill a named view frames all
        it shows with (VIEW_FILL, nearer than `fit`), without taking in what is above them:
        the rest crops at any edge (a part among its neighbours)."""
        self.state.focus, self.state.close_up, self.state.zoom = tuple(sorted(keys)), True, 1.0
        self.state.close_up_fill = view.VIEW_FILL
        return self

    def frame_on(self, *keys: str) -> Scene:
        """Frame the current side's view on these structures (or `zone:<id>`) as a named
        view frames all it shows, with what is shown above them; the rest may crop at the
        sides and the bottom."""
        self.state.focus, self.state.close_up = tuple(sorted(keys)), False
        self.state.close_up_fill = None
        return self

    def zoom(self, factor: float) -> Scene:
        """Move the eye closer (factor > 1) or further (< 1); kept between 0.5x and 6x."""
        self.state.zoom = float(np.clip(self.state.zoom * factor, MIN_ZOOM, MAX_ZOOM))
        return self

    def matching(
        self, kind: str | None = None, group: str | None = None, side: str | None = None
    ) -> list[str]:
        """Ids of this scene's structures of that kind, group and side ('r'/'l'; None = any):
        the side's own parts, without the midline ones (the side is shown, hidden, counted)."""
        return [
            s.id for s in self.atlas.select(kind=kind, group=group)
            if s.id in self.ids and on_side(s.side, side, midline=False)
        ]  # fmt: skip

    def isolate(self, *ids: str) -> Scene:
        """Show only these structures."""
        self.state.shown = {self._known(i) for i in ids}
        return self

    def peel(self, layer: str | None) -> Scene:
        """Hide soft tissue of `layer` and every layer above it (None: show every layer);
        bones, joints and nerves always show. Layers: structures.yaml `layers`."""
        self.state.peel = self.atlas.layers.check(layer)
        return self

    def use_plain_words(self, on: bool = True) -> Scene:
        """Label structures with their plain names ('right pear-shaped muscle')."""
        self.state.plain_words = bool(on)
        return self

    def set_label_size(self, px: int) -> Scene:
        """Text size of the labels, in CSS pixels (audiences.yaml: label_px)."""
        self.state.label_px = int(px)
        return self

    def set_view_size(self, width: int, height: int) -> Scene:
        """The 3D view's size in CSS px: the model is framed for its shape, labels spaced for
        its height."""
        self.state.view_px, self.state.view_aspect = int(height), width / height
        return self

    def hide_names(self, on: bool = True) -> Scene:
        """No names on hover (a quiz asks for them)."""
        self.state.names_hidden = bool(on)
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
        """The opening state again, keeping the audience's words and label size."""
        self.state = SceneState(structures=tuple(self.ids), shown=set(self.home),
                                plain_words=self.state.plain_words,
                                label_px=self.state.label_px,
                                view_px=self.state.view_px,
                                view_aspect=self.state.view_aspect)  # fmt: skip
        return self

    def mark(self, *keys: str) -> Scene:
        """Mark and name these bony landmarks ('ischial_tuberosity_r'); none = clear."""
        self.state.marks = frozenset(self.library.landmarks[k].key for k in keys)
        return self

    def set_pose(self, name: str) -> Scene:
        """Pose the body (a name from poses.yaml); soft tissue and zones follow the bones."""
        self.library.pose(name)
        self.state.pose, self.state.framed_in = name, None
        return self

    def hold_frame(self, name: str) -> Scene:
        """Frame the view for the pose `name` (the end of a move) whatever the pose shown, so
        the view holds still while the body moves there; `set_pose` lets go."""
        self.library.pose(name)
        self.state.framed_in = name
        return self

    def show_strain(self, on: bool = True) -> Scene:
        """Colour muscles (the highlighted ones, or all) by length in the pose over standing."""
        self.state.strain = bool(on)
        return self

    def show_fibres(self, muscle: str | None = None) -> Scene:
        """Draw arrows along this muscle's fibres (glutelib.fibres); None, or a part that is
        not a muscle: none."""
        kind = self.library.atlas[muscle].kind if muscle else None
        self.state.fibres = self.library.atlas[muscle].id if kind == "muscle" else None
        return self

    def show_palpation(self, structure_id: str | None = None) -> Scene:
        """Outline this structure's surface projection on the skin (glutelib.palpation);
        None: none. Unknown names are refused, naming the ones palpation.yaml covers."""
        if structure_id is not None:
            self.library.palpation.entry(structure_id)
        self.state.palpate = structure_id
        return self

    def show_sites(self, *site_ids: str) -> Scene:
        """Draw these endangerment sites on the skin (palpation.yaml; none: none)."""
        sites = self.library.palpation.sites
        for site in site_ids:
            if site not in sites:
                raise NotFoundError(site, sites, kind="endangerment site")
        self.state.sites = frozenset(site_ids)
        return self

    def show_skin(self, on: bool = True) -> Scene:
        """Draw the skin over everything, faint and see-through (off where it failed to
        load: the library has logged why)."""
        self.state.skin = bool(on) and self.library.has_skin
        return self

    def point_at(self, structure_id: str | None = None) -> Scene:
        """Name this part in a focus box whatever the labels (the keyboard walk through the
        shown parts, glutelib.described.walked); None: none."""
        self.state.pointed = None if structure_id is None else self._known(structure_id)
        return self

    def ask_touch(self, on: bool = True) -> Scene:
        """The skin alone, solid, taking taps (a palpate-it question asks where on it a
        finger goes); nothing under it is drawn or named."""
        self.state.touch = bool(on) and self.library.has_skin
        if self.state.touch:
            self.show_skin(True).hide_names(True)
        return self

    def mark_taps(self, *taps: tuple[str, float, float, float]) -> Scene:
        """Mark points tapped on the skin, each with its words ('Tap 1'); none = clear."""
        self.state.taps = tuple((str(t[0]), *map(float, t[1:4])) for t in taps)
        return self

    def draw_pain(self, strokes: Iterable[int] = (), pattern: str | None = None,
                  tool: str | None = None) -> Scene:  # fmt: skip
        """A pain drawing on the skin (the skin vertices stroked; none = clear), a pain
        pattern beside it (a pain.yaml id, or None; an unknown one is refused) and the tool
        a drag on the skin uses ("paint", "erase"; None: a drag turns the body)."""
        if pattern is not None:
            self.library.pain[pattern]
        if tool not in (None, "paint", "erase"):
            raise ValueError(f"{tool!r} is no pain drawing tool; they are 'paint' and 'erase'")
        self.state.drawing = tuple(sorted({int(v) for v in strokes}))
        self.state.pattern, self.state.paint = pattern, tool
        return self

    def show_zones(self, *zone_ids: str) -> Scene:
        """Draw these pain / referral zones (none = clear)."""
        for z in zone_ids:
            if z not in self.library.zones:
                raise NotFoundError(z, self.library.zones.ids, kind="zone")
        self.state.zones = frozenset(zone_ids)
        return self

    # reading --------------------------------------------------------------------
    @property
    def pose(self) -> Pose:
        return self.library.pose(self.state.pose)

    def length_ratio(self, structure_id: str) -> float:
        """The structure's centre-line length in the current pose over standing."""
        return self.rig.length_ratio(self._known(structure_id), self.pose)

    def visible(self, structure_id: str) -> bool:
        """Shown, and not peeled away."""
        return view.visible(structure_id, self.state, self.library)

    def camera(self) -> Camera:
        """The camera in effect: the named one, or the fitted one, with the zoom applied."""
        return view.camera_of(self.state, self.library)

    def colour(self, structure_id: str) -> str:
        """The colour a structure is drawn in, given the current highlight."""
        return drawing.colour(structure_id, self.state, self.library)

    def figure(self) -> go.Figure:
        """The whole scene as a new plotly Figure."""
        return drawing.build_figure(self.state, self.library)

    def _known(self, structure_id: str) -> str:
        if structure_id not in self.ids:
            raise StructureNotFoundError(structure_id, self.ids)
        return structure_id
