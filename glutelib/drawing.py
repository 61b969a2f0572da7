"""build_figure(state, library) -> go.Figure: the one way a scene becomes a picture.

Pure: no widgets, no I/O beyond the library's (cached) meshes. The dashboard's widget, the
PNG export and an offline lesson all draw through these functions. Traces are named by
structure id (`zone:<id>` for pain zones; names are scene annotations), so
`fig.update_traces(selector=dict(name=id))` works as in any plotly figure.
"""

from __future__ import annotations

import html
from functools import cache
from typing import Any

import numpy as np
import plotly.graph_objects as go

from glutelib import labels, pain, palpation, shading, view
from glutelib.atlas import SKIN_KEY
from glutelib.colours import ColourLanguage, default_colours, hex_of_lab, lab_of
from glutelib.fibres import FIBRES_KEY
from glutelib.library import Library
from glutelib.state import SceneState
from glutelib.zones import zone_key

# Colours come from the library's colour language (data/colours.yaml, glutelib/colours.py).
ZONE_OPACITY = 0.7
# A pain drawing and its pattern are opaque: see-through layers a millimetre or two apart
# shimmer in stripes as WebGL sorts them (the drawing lies over the pattern, both lifted).
ON_SKIN_OPACITY = 1.0
PATTERN_ROLES = {"referral": "referral", "joint": "referral", "dermatome": "nerve_root"}
LIGHTING = dict(ambient=0.45, diffuse=0.8, specular=0.15, roughness=0.7, fresnel=0.1)
ZONE_LIGHTING = dict(ambient=0.8, diffuse=0.3, specular=0.0)
SKIN_OPACITY = 0.25  # faint: what lies under it stays in sight
SITES_OPACITY = 0.6  # an endangerment site over the skin: the parts under it still show
SKIN_LIGHTING = dict(ambient=0.6, diffuse=0.5, specular=0.05, roughness=0.9, fresnel=0.2)
FIBRES_LIGHTING = dict(ambient=0.9, diffuse=0.2, specular=0.0)  # flat: read as a mark
LIGHT_POSITION = dict(x=0, y=-1e5, z=1e5)


def __getattr__(name: str) -> Any:
    """CONTEXT_GREY, HIGHLIGHT (the first named colour) and BACKGROUND: the default colour
    language's, for code and tests that name them (read on first use, not at import)."""
    lang = default_colours()
    values = {"CONTEXT_GREY": lang.context, "HIGHLIGHT": lang.named[0], "BACKGROUND": lang.page}
    if name in values:
        return values[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def strain_colour(ratio: float, colours: ColourLanguage | None = None) -> str:
    """Hex colour for a length ratio: purple shorter, mid grey unchanged, orange longer."""
    return (colours or default_colours()).strain_colour(ratio)


def nerves_as_nerves(state: SceneState, library: Library) -> bool:
    """Whether nerves beside a named part keep the nerve colour: when the view is peeled to
    bones and nerves (the deepest layer) and no nerve is named itself."""
    if state.peel != library.atlas.layers.order[-1]:
        return False
    return not any(library.atlas[i].kind == "nerve" for i in state.highlighted)


def screen_roles(state: SceneState, library: Library) -> list[str]:
    """The colours of the roles besides the named parts on the state's screen: context, the
    nerves', the strain scale's, the shown zones' (named colours keep clear of them)."""
    lang = library.colours
    out = lang.contexts()
    if nerves_as_nerves(state, library) or any(
        library.atlas[i].kind == "nerve" for i in state.highlighted
    ):
        out.append(lang.nerve)
    if state.strain:
        out += lang.strain_stops()
    out += sorted({lang.zone(library.zones[z].role) for z in state.zones})
    return out


def named_colours(state: SceneState, library: Library) -> dict[str, str]:
    """{id: colour} of the named (highlighted) parts not coloured by length: the first named
    nerve in the nerve colour, the others one colour per stem (both sides alike) from the
    named palette, in the atlas' order, clear of the other colours on the screen."""
    atlas, lang = library.atlas, library.colours
    ids = [i for i in state.structures if i in state.highlighted]
    ids = [i for i in ids if not (state.strain and atlas[i].kind == "muscle")]
    nerve = next((atlas[i].stem for i in ids if atlas[i].kind == "nerve"), None)
    stems = list(dict.fromkeys(atlas[i].stem for i in ids if atlas[i].stem != nerve))
    # beside strain colours the named bones and bands share one: there the muscles' colours
    # are the telling ones, and few colours keep clear of the scale for every viewer
    colours = lang.named_for(1 if state.strain else len(stems), screen_roles(state, library))
    by_stem = {stem: colours[n % len(colours)] for n, stem in enumerate(stems)}
    if nerve is not None:
        by_stem[nerve] = lang.nerve
    return {i: by_stem[atlas[i].stem] for i in ids}


def colour(
    structure_id: str, state: SceneState, library: Library,
    named: dict[str, str] | None = None,
) -> str:  # fmt: skip
    """The colour a structure is drawn in: a named part's own from the palette (or by its
    length), its tissue's muted colour as context (nerves as nerves in bones and nerves)
    beside named parts or zones, or with neither, its tissue's own colour. `named`:
    named_colours(state)."""
    lang = library.colours
    structure = library.atlas[structure_id]
    if (state.highlighted or state.zones) and structure_id not in state.highlighted:
        keep = structure.kind == "nerve" and nerves_as_nerves(state, library)
        return lang.nerve if keep else lang.context_of(structure.kind)
    if state.strain and structure.kind == "muscle":
        ratio = library.rig.length_ratio(structure_id, library.pose(state.pose))
        return lang.strain_colour(ratio)
    if state.highlighted:
        return (named if named is not None else named_colours(state, library))[structure_id]
    return lang.tissue(structure.kind)


def hoverinfo(state: SceneState) -> str:
    """Names on hover in anatomical words; none for clients, whose tap names the part in
    the panel in plain words (the tap still reaches the dashboard), nor while a quiz
    question asks for a name."""
    return "none" if state.plain_words or state.names_hidden else "text"


def _mesh(
    name: str, v: np.ndarray, faces: np.ndarray, shade: np.ndarray | None = None, **style: Any
) -> go.Mesh3d:
    """A Mesh3d from (n, 3) float32 vertices, (m, 3) int32 faces and (n,) uint8 shades (the
    colour scale's index; None: one flat colour); a hidden one carries none (the page gets
    them when it is shown: `FigureSync`), so a first page holds only what it shows."""
    if style.get("visible") is False:
        v, faces = np.zeros((0, 3), np.float32), np.zeros((0, 3), np.int32)
        shade = None if shade is None else np.zeros(0, np.uint8)
    f = np.asarray(faces, dtype=np.int32)
    if shade is not None:
        style["intensity"] = shade
    return go.Mesh3d(name=name, x=v[:, 0], y=v[:, 1], z=v[:, 2], i=f[:, 0], j=f[:, 1],
                     k=f[:, 2], flatshading=False, showlegend=False, **style)  # fmt: skip


def plotly_text(words: str) -> str:
    """Words from data as plotly shows them: plotly reads <a href>, <b>, <br> in any text as
    markup (a live link, bold), so every text from a data file goes through here or
    labels.annotations' escape."""
    return html.escape(words, quote=False)


def structure_style(
    structure_id: str, state: SceneState, library: Library,
    named: dict[str, str] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """How a structure's trace looks in the state (all but its vertices and their shades:
    its colour drawn through a scale the shades index); `named`: named_colours(state), when
    styling many."""
    drawn_in = colour(structure_id, state, library, named)
    return dict(
        color=drawn_in,
        colorscale=shading.colorscale(drawn_in),
        cmin=0,
        cmax=255,
        showscale=False,
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
        color=library.colours.zone(zone.role),
        opacity=ZONE_OPACITY,
        visible=zone_id in state.zones,
        lighting=ZONE_LIGHTING,
        hovertext=plotly_text(zone.label),
        hoverinfo=hoverinfo(state),
    )


def skin_style(state: SceneState, library: Library) -> dict[str, Any]:
    """How the skin's trace looks: faint and see-through, so what lies under it (a marked
    landmark, a named part) stays in sight, taking no hover (what it covers does); solid
    and taking taps (no hover box: it would name nothing) when a palpate-it question asks."""
    return dict(color=library.colours.skin, opacity=1.0 if state.touch else SKIN_OPACITY,
                visible=state.skin, lighting=SKIN_LIGHTING, lightposition=LIGHT_POSITION,
                hoverinfo="none" if state.touch else "skip")  # fmt: skip


def drawing_style(state: SceneState, library: Library) -> dict[str, Any]:
    """How a pain drawing looks: the colour of pain where it is felt, solid, over a pattern
    beside it; it takes taps as the skin does (an eraser's, more strokes)."""
    return dict(color=library.colours.zone("pain"), opacity=ON_SKIN_OPACITY,
                visible=bool(state.drawing), lighting=ZONE_LIGHTING,
                hoverinfo="none" if state.touch else "skip")  # fmt: skip


def pattern_style(state: SceneState, library: Library) -> dict[str, Any]:
    """How the pain pattern beside a drawing looks: its kind's zone colour (a referral's, a
    nerve root's), solid under the drawing; it takes taps as the skin does."""
    kind = library.pain[state.pattern].kind if state.pattern else "referral"
    return dict(color=library.colours.zone(PATTERN_ROLES[kind]), opacity=ON_SKIN_OPACITY,
                visible=state.pattern is not None, lighting=ZONE_LIGHTING,
                hoverinfo="none" if state.touch else "skip")  # fmt: skip


def fibres_style(state: SceneState, library: Library) -> dict[str, Any]:
    """How the picked muscle's fibre arrows look: near white, unlit, over its colour."""
    return dict(color=library.colours.fibres, visible=state.fibres is not None,
                lighting=FIBRES_LIGHTING, hoverinfo="skip")  # fmt: skip


def outline_style(state: SceneState, library: Library) -> dict[str, Any]:
    """How a palpated structure's outline on the skin looks: its own named colour, solid."""
    target = state.palpate
    named = named_colours(state, library)
    colour = named.get(target, library.colours.named[0]) if target else library.colours.named[0]
    return dict(color=colour, visible=target is not None, lighting=FIBRES_LIGHTING,
                hoverinfo="skip")  # fmt: skip


def sites_style(state: SceneState, library: Library) -> dict[str, Any]:
    """How the endangerment sites look: the caution colour, half see-through so the skin's
    shape and the parts under it still read; hover names them (not for clients)."""
    names = [library.palpation.sites[s].spec.plain_label if state.plain_words
             else library.palpation.sites[s].spec.label for s in sorted(state.sites)]  # fmt: skip
    return dict(color=library.colours.caution, colorscale=hatch_scale(library.colours.caution),
                cmin=0, cmax=255, showscale=False, opacity=SITES_OPACITY,
                visible=bool(state.sites), lighting=ZONE_LIGHTING,
                hovertext=plotly_text("; ".join(names)), hoverinfo=hoverinfo(state))  # fmt: skip


@cache
def hatch_scale(colour: str) -> tuple[tuple[float, str], ...]:
    """A two-tone colour scale for hatching (`palpation.hatching`'s 0 and 255): `colour`,
    then halfway to white in CIE Lab, with a hard edge between."""
    tint = hex_of_lab((lab_of(colour) + lab_of("#ffffff")) / 2)
    return ((0.0, colour), (0.5, colour), (0.5, tint), (1.0, tint))


def styles(state: SceneState, library: Library) -> dict[str, dict[str, Any]]:
    """{trace name: style} for every trace of the figure, in its order (the lesson stores
    these per step; `build_figure` draws them): structures, zones, the skin, the fibre
    arrows."""
    named = named_colours(state, library)
    out = {i: structure_style(i, state, library, named) for i in state.structures}
    out |= {zone_key(z): zone_style(z, state, library) for z in library.zones.ids}
    if library.has_skin:
        out[SKIN_KEY] = skin_style(state, library)
    out[FIBRES_KEY] = fibres_style(state, library)
    out[palpation.OUTLINE_KEY] = outline_style(state, library)
    out[palpation.SITES_KEY] = sites_style(state, library)
    out[pain.PATTERN_KEY] = pattern_style(state, library)
    out[pain.DRAWING_KEY] = drawing_style(state, library)
    return out


def structure_trace(
    structure_id: str, state: SceneState, library: Library,
    named: dict[str, str] | None = None,
) -> go.Mesh3d:  # fmt: skip
    """One structure as a Mesh3d named by its id (muted context at the light level);
    `named`: named_colours(state), when drawing many."""
    return _mesh(structure_id, *view.drawn(structure_id, state, library),
                 view.drawn_shade(structure_id, state, library),
                 **structure_style(structure_id, state, library, named))  # fmt: skip


def zone_trace(zone_id: str, state: SceneState, library: Library) -> go.Mesh3d:
    """One pain / referral zone as a soft, semi-transparent Mesh3d named `zone:<id>`."""
    key = zone_key(zone_id)
    return _mesh(key, *view.drawn(key, state, library), **zone_style(zone_id, state, library))


def meta(state: SceneState, library: Library) -> dict[str, Any]:
    """What the page reads back from the graph: what is shown (tests, screen readers) and
    how near and far the eye may go (static/bridge.js limits the wheel and a pinch to it)."""
    return {"pose": state.pose, "zones": sorted(state.zones), "strain": state.strain,
            "highlighted": sorted(state.highlighted), "skin": state.skin, "fibres": state.fibres,
            "palpate": state.palpate, "sites": sorted(state.sites),
            "drawing": len(state.drawing), "pattern": state.pattern, "paint": state.paint,
            "reach": list(view.zoom_reach(state, library))}  # fmt: skip


def dragmode(state: SceneState) -> str | bool:
    """A drag turns the body ('orbit'), except where it paints on the skin (False)."""
    return False if state.paint else "orbit"


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
        scene=dict(**axes(state, library), aspectmode="manual", bgcolor=library.colours.page,
                   camera=view.camera_of(state, library).plotly(), dragmode=dragmode(state),
                   annotations=labels.annotations(state, library)),
        margin=dict(l=0, r=0, t=0, b=0), paper_bgcolor=library.colours.page, showlegend=False,
        autosize=True, uirevision="glutelib", meta=meta(state, library),
    )  # fmt: skip


def build_figure(state: SceneState, library: Library) -> go.Figure:
    """The whole scene as a new plotly Figure: structures, then zones; names as annotations."""
    named = named_colours(state, library)
    traces: list[Any] = [structure_trace(i, state, library, named) for i in state.structures]
    traces += [zone_trace(z, state, library) for z in library.zones.ids]
    if library.has_skin:
        traces.append(_mesh(SKIN_KEY, *view.drawn(SKIN_KEY, state, library),
                            **skin_style(state, library)))  # fmt: skip
    traces.append(_mesh(FIBRES_KEY, *view.drawn(FIBRES_KEY, state, library),
                        **fibres_style(state, library)))  # fmt: skip
    for key, style in (
        (palpation.OUTLINE_KEY, outline_style),
        (palpation.SITES_KEY, sites_style),
        (pain.PATTERN_KEY, pattern_style),
        (pain.DRAWING_KEY, drawing_style),
    ):
        traces.append(
            _mesh(
                key,
                *view.drawn(key, state, library),
                view.drawn_shade(key, state, library),
                **style(state, library),
            )
        )
    return go.Figure(data=traces, layout=layout(state, library))
