"""What a walkthrough's picture costs to paint, and what in it the cost follows.

Issue 31 asked for the grey context as one mesh because the dashboard's Next paints slower
than a bare page of the same triangles, and the dashboard draws ~75 traces. This measures
that idea on its own: one walkthrough's steps as the app draws them (one trace per part,
zones see-through), the same figures with every trace of one colour merged into one mesh,
the same without the see-through zones, and one opaque mesh of the same triangles under the
same camera. Plotly alone draws them (no kernel, no widgets) in Debian's Chromium, at the
projector's 1920x1080 and a pixel ratio of 1, so only the drawing differs.

    .venv/bin/python benchmarks/traces.py [--condition low_back_sitting]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np
import plotly
import plotly.graph_objects as go

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from glutelib import drawing  # noqa: E402
from glutelib.library import Library, load_library  # noqa: E402
from glutelib.present import show_step  # noqa: E402
from glutelib.scene import Scene  # noqa: E402
from glutelib.testing.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

VARIANTS = {  # name -> what it is, for the table
    "as drawn": "one trace per part, zones see-through (the app)",
    "merged": "each colour one mesh, zones see-through",
    "opaque": "one trace per part, zones left out",
    "bare": "one opaque mesh of the same triangles",
}
ROUNDS = 3  # times through the walkthrough's steps per variant
VIEW = (1920, 1080)


def step_figures(library: Library, condition: str) -> list[go.Figure]:
    """Each step of `condition` as `drawing.build_figure` draws it, framed for the view."""
    figures = []
    for step in library.conditions[condition].steps:
        scene = Scene(library)
        scene.state.view_aspect = VIEW[0] / VIEW[1]
        show_step(scene, step)
        figures.append(drawing.build_figure(scene.state, library))
    return figures


def _shown(figure: go.Figure) -> list[go.Mesh3d]:
    return [t for t in figure.data if t.visible is not False and len(t.i)]


def _joined(traces: list[go.Mesh3d], **style) -> go.Mesh3d:
    """One Mesh3d of all `traces`' triangles."""
    vertices, faces, start = [], [], 0
    for t in traces:
        vertices.append(np.column_stack([t.x, t.y, t.z]))
        faces.append(np.column_stack([t.i, t.j, t.k]) + start)
        start += len(t.x)
    v, f = np.vstack(vertices).astype(np.float32), np.vstack(faces).astype(np.int32)
    return go.Mesh3d(x=v[:, 0], y=v[:, 1], z=v[:, 2], i=f[:, 0], j=f[:, 1], k=f[:, 2],
                     flatshading=False, **style)  # fmt: skip


def variant(figure: go.Figure, name: str) -> go.Figure:
    """`figure` redrawn as variant `name` (see VARIANTS), with the same layout."""
    shown = _shown(figure)
    if name == "opaque":
        traces = [t for t in shown if t.opacity is None or t.opacity >= 1]
    elif name == "bare":
        traces = [_joined(shown, color=drawing.CONTEXT_GREY, lighting=drawing.LIGHTING)]
    elif name == "merged":
        groups: dict[tuple, list[go.Mesh3d]] = {}
        for t in shown:
            groups.setdefault((t.color, t.opacity), []).append(t)
        traces = [_joined(ts, color=c, opacity=o, lighting=ts[0].lighting)
                  for (c, o), ts in groups.items()]  # fmt: skip
    else:
        traces = shown
    return go.Figure(data=traces, layout=figure.layout)


def paint_times(figures: list[go.Figure]) -> dict:
    """{variant: {"traces", "triangles", "update", "paint"}}: medians over the steps."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", folder)
        shutil.copy(Path(__file__).with_name("traces.html"), folder)
        variants = {name: [variant(f, name) for f in figures] for name in VARIANTS}
        drawn = {name: [json.loads(v.to_json()) for v in vs] for name, vs in variants.items()}
        (folder / "figures.js").write_text(f"window.FIGURES = {json.dumps(drawn)};")
        out = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                        args=CHROMIUM_ARGS)  # fmt: skip
            for name in VARIANTS:
                page = browser.new_page(viewport=dict(width=VIEW[0], height=VIEW[1]))
                page.goto((folder / "traces.html").as_uri())
                page.wait_for_function("window.ready === true")
                page.evaluate(f"show({json.dumps(name)}, 0)")
                times = [page.evaluate(f"show({json.dumps(name)}, {n % len(figures)})")
                         for n in range(1, ROUNDS * len(figures) + 1)]  # fmt: skip
                page.close()
                out[name] = {
                    "traces": statistics.median(len(d["data"]) for d in drawn[name]),
                    "triangles": statistics.median(
                        sum(len(t.i) for t in _shown(v)) for v in variants[name]
                    ),
                    "update": statistics.median(t[0] for t in times),
                    "paint": statistics.median(t[1] for t in times),
                }
            browser.close()
    return out


def table(results: dict) -> str:
    bare = results["bare"]["paint"]
    lines = [f"{'variant':10} {'traces':>6} {'triangles':>9} {'update ms':>9} {'paint ms':>8}"
             f" {'vs bare':>7}  what"]  # fmt: skip
    for name, r in results.items():
        lines.append(
            f"{name:10} {r['traces']:6.0f} {r['triangles']:9.0f} {r['update']:9.0f} "
            f"{r['paint']:8.0f} {r['paint'] / bare:6.2f}x  {VARIANTS[name]}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--condition", default="low_back_sitting")
    args = parser.parse_args(argv)
    results = paint_times(step_figures(load_library(), args.condition))
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
