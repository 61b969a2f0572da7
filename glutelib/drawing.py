"""build_figure(state, library) -> go.Figure: the one way a scene becomes a picture.

Pure: no widgets, no I/O beyond the library's (cached) meshes. The dashboard's widget, the
PNG export and an offline lesson all draw through these functions. Traces are named by
structure id (`zone:<id>` for pain zones; names are scene annotations), so
`fig.update_traces(selector=dict(name=id))` works as in any plotly figure.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import plotly.colors
import plotly.graph_objects as go

from glutelib import labels, view
from glutelib.library import Library
from glutelib.state import SceneState
from glutelib.zones import zone_key

CONTEXT_GREY = "#c9c7c3"  # desaturated context colour (not translucent: plotly sorts those badly)
# The highlight colour for parts without a telling colour of their own: bone (nearly grey
# itself), and anything highlighted beside muscles coloured by length. A green far from the
# context grey and from both ends of the purple-orange strain scale for every common
# colour-vision deficiency (tests/unit/test_scene.py checks the distances).
HIGHLIGHT = "#35b779"
# Lengthening colours: ColorBrewer PuOr (diverging, colour-blind safe), purple = shorter
# (tight), orange = longer (stretched), pale = unchanged; saturates at +-STRAIN_RANGE.
STRAIN_SCALE = "PuOr"
STRAIN_RANGE = 0.15
ZONE_OPACITY = 0.7
BACKGROUND = "#ffffff"
LIGHTING = dict(ambient=0.45, diffuse=0.8, specular=0.15, roughness=0.7, fresnel=0.1)
ZONE_LIGHTING = dict(ambient=0.8, diffuse=0.3, specular=0.0)
LIGHT_POSITION = dict(x=0, y=-1e5, z=1e5)


def strain_colour(ratio: float) -> str:
    """Hex colour for a length ratio: purple shorter, pale unchanged, orange longer."""
    t = 0.5 - float(np.clip((ratio - 1.0) / STRAIN_RANGE, -1.0, 1.0)) / 2  # PuOr: 0 = orange
    rgb = plotly.colors.sample_colorscale(STRAIN_SCALE, [t], colortype="tuple")[0]
    return "#" + "".join(f"{round(c * 255):02x}" if c <= 1 else f"{round(c):02x}" for c in rgb)


def colour(structure_id: str, state: SceneState, library: Library) -> str:
    """The colour a structure is drawn in: grey context, ochre bone, strain, or its own."""
    if state.highlighted and structure_id not in state.highlighted:
        return CONTEXT_GREY
    structure = library.atlas[structure_id]
    if state.strain and structure.kind == "muscle":
        return strain_colour(library.rig.length_ratio(structure_id, library.pose(state.pose)))
    if state.highlighted and (structure.kind == "bone" or state.strain):
        return HIGHLIGHT  # orange would read as "longer" beside strain colours
    return structure.colour


def hoverinfo(state: SceneState) -> str:
    """Names on hover in anatomical words; none for clients, whose tap names the part in
    the panel in plain words (the tap still reaches the dashboard), nor while a quiz
    question asks for a name."""
    return "none" if state.plain_words or state.names_hidden else "text"


def _mesh(name: str, v: np.ndarray, faces: np.ndarray, **style: Any) -> go.Mesh3d:
    """A Mesh3d from (n, 3) float32 vertices and (m, 3) int32 faces; a hidden one carries
    none (the page gets them when it is shown: `FigureSync`), so a first page holds only
    what it shows."""
    if style.get("visible") is False:
        v, faces = np.zeros((0, 3), np.float32), np.zeros((0, 3), np.int32)
    f = np.asarray(faces, dtype=np.int32)
    return go.Mesh3d(name=name, x=v[:, 0], y=v[:, 1], z=v[:, 2], i=f[:, 0], j=f[:, 1],
                     k=f[:, 2], flatshading=False, showlegend=False, **style)  # fmt: skip


def plotly_text(words: str) -> str:
    """Words from data as plotly shows them: plotly reads <a href>, <b>, <br> in any text as
    markup (a live link, bold), so every text from a data file goes through here or
    labels.annotations' escape."""
    return html.escape(words, quote=False)


def structure_style(structure_id: str, state: SceneState, library: Library) -> dict[str, Any]:
    """How a structure's trace looks in the state (all but its vertices)."""
    return dict(
        color=colour(structure_id, state, library),
        visible=view.visible(structure_id, state, library),
        lighting=LIGHTING,
        lightposition=LIGHT_POSITION,
        hovertext=plotly_text(library.atlas[structure_id].label),
        hoverinfo=hoverinfo(state),
    )


def zone_style(zone_id: str, state: SceneState, library: Library) -> dict[str, Any]:
    """How a pain / referral zone's trace looks in the state (all but its vertices)."""
    zone = library.zones[zone_id]
    return dict(
        color=zone.colour,
        opacity=ZONE_OPACITY,
        visible=zone_id in state.zones,
        lighting=ZONE_LIGHTING,
        hovertext=plotly_text(zone.label),
        hoverinfo=hoverinfo(state),
    )


def styles(state: SceneState, library: Library) -> dict[str, dict[str, Any]]:
    """{trace name: style} for every trace of the figure, in its order (the lesson stores
    these per step; `build_figure` draws them)."""
    out = {i: structure_style(i, state, library) for i in state.structures}
    out |= {zone_key(z): zone_style(z, state, library) for z in library.zones.ids}
    return out


def structure_trace(structure_id: str, state: SceneState, library: Library) -> go.Mesh3d:
    """One structure as a Mesh3d named by its id (grey context at the light level)."""
    return _mesh(structure_id, *view.drawn(structure_id, state, library),
                 **structure_style(structure_id, state, library))  # fmt: skip


def zone_trace(zone_id: str, state: SceneState, library: Library) -> go.Mesh3d:
    """One pain / referral zone as a soft, semi-transparent Mesh3d named `zone:<id>`."""
    key = zone_key(zone_id)
    return _mesh(key, *view.drawn(key, state, library), **zone_style(zone_id, state, library))


def meta(state: SceneState, library: Library) -> dict[str, Any]:
    """What the page reads back from the graph: what is shown (tests, screen readers) and
    how near and far the eye may go (static/bridge.js limits the wheel and a pinch to it)."""
    return {"pose": state.pose, "zones": sorted(state.zones), "strain": state.strain,
            "highlighted": sorted(state.highlighted),
            "reach": list(view.zoom_reach(state, library))}  # fmt: skip


def axes(state: SceneState, library: Library) -> dict[str, Any]:
    """The scene's fixed, uniform-scale axes round the state's structures in its pose."""
    lo, hi = view.scene_box(state, library)
    ratio = (hi - lo) / (hi - lo).max()
    hidden = dict(visible=False, showspikes=False)
    out: dict[str, Any] = {
        f"{a}axis": {**hidden, "range": [float(lo[n]), float(hi[n])]} for n, a in enumerate("xyz")
    }
    out["aspectratio"] = dict(x=float(ratio[0]), y=float(ratio[1]), z=float(ratio[2]))
    return out


def layout(state: SceneState, library: Library) -> dict[str, Any]:
    """The figure's layout: axes, camera, background and the page-readable meta."""
    return dict(
        scene=dict(**axes(state, library), aspectmode="manual", bgcolor=BACKGROUND,
                   camera=view.camera_of(state, library).plotly(), dragmode="orbit",
                   annotations=labels.annotations(state, library)),
        margin=dict(l=0, r=0, t=0, b=0), paper_bgcolor=BACKGROUND, showlegend=False,
        autosize=True, uirevision="glutelib", meta=meta(state, library),
    )  # fmt: skip


def build_figure(state: SceneState, library: Library) -> go.Figure:
    """The whole scene as a new plotly Figure: structures, then zones; names as annotations."""
    traces: list[Any] = [structure_trace(i, state, library) for i in state.structures]
    traces += [zone_trace(z, state, library) for z in library.zones.ids]
    return go.Figure(data=traces, layout=layout(state, library))
