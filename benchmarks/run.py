#!/usr/bin/env python
"""Speed and size of glutelib, each figure beside a baseline measured in the same run.

    make bench                       # or: .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --compare benchmarks/results/latest.json --no-write

Prints one table and writes benchmarks/results/latest.json. Figures, not pass/fail tests:
targets are shown next to them (from issue 7), and --compare shows the change against an
earlier result. The browser part runs Voila on 127.0.0.1 with Debian's Chromium.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import trimesh

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from glutelib import load_atlas, rigging, visibility  # noqa: E402
from glutelib.app.dashboard import Dashboard  # noqa: E402
from glutelib.library import load_library  # noqa: E402
from glutelib.poses import LegPose, Pose, Rig  # noqa: E402
from glutelib.scene import Scene  # noqa: E402
from glutelib.testing.browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORTS,
    KernelTraffic,
    kernels_rss_mb,
    local_only,
    open_dashboard,
    start_voila,
    stop_voila,
)  # fmt: skip

RESULTS = ROOT / "benchmarks" / "results" / "latest.json"


def median_time(fn, repeat: int = 5) -> float:
    """Median wall time of `fn()` in ms."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def atlas_figures() -> dict:
    """Loading, figure building, bytes on the wire, and what one change sends."""
    atlas = load_atlas()
    files = [atlas.mesh_dir / atlas.manifest.structures[i].file for i in atlas.ids]

    def load_glutelib():
        a = load_atlas()
        for i in a.ids:
            a.mesh(i)

    def load_plain():
        for f in files:
            trimesh.load(f, force="mesh")

    scene = Scene(atlas)
    full = pio.to_json(scene.figure(), validate=False)

    def naive():
        traces = []
        for i in atlas.ids:
            m = atlas.mesh(i)
            v, f = m.vertices.tolist(), m.faces.tolist()
            traces.append(go.Mesh3d(x=[p[0] for p in v], y=[p[1] for p in v],
                                    z=[p[2] for p in v], i=[t[0] for t in f],
                                    j=[t[1] for t in f], k=[t[2] for t in f], name=i))  # fmt: skip
        return pio.to_json(go.Figure(traces), validate=False)

    naive_json = naive()
    sent = change_bytes(atlas)
    sent.update(opening_figures(atlas))
    sent.update(posing_figures(atlas))
    sent.update(drag_figures())
    sent.update(visibility_figures(atlas))
    return {
        "atlas_load_ms": median_time(load_glutelib),
        "atlas_load_plain_trimesh_ms": median_time(load_plain),
        "figure_build_ms": median_time(
            lambda: pio.to_json(Scene(atlas).figure(), validate=False), repeat=3
        ),
        "figure_build_naive_ms": median_time(naive, repeat=3),
        "scene_bytes": len(full),
        "scene_bytes_naive": len(naive_json),
        **sent,
        "atlas_triangles": sum(s.triangles for s in atlas.manifest.structures.values()),
        "atlas_bytes": sum(f.stat().st_size for f in files),
    }


def opening_figures(atlas) -> dict:
    """What the dashboard's first page carries: triangles drawn and bytes, against the whole
    scene drawn at once."""
    figure = Dashboard(atlas).scene.figure()
    return {
        "opening_triangles": sum(len(t.i) for t in figure.data if t.visible is not False),
        "opening_bytes": len(pio.to_json(figure, validate=False)),
    }


def random_poses(n: int, seed: int = 19) -> list[Pose]:
    """`n` poses with every leg angle drawn uniformly within its limits (both legs alike)."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(n):
        leg = LegPose(**{name: float(rng.uniform(*_limits(field)))
                         for name, field in LegPose.model_fields.items()})  # fmt: skip
        out.append(Pose(label=f"random {k}", right=leg, left=leg,
                        pelvic_tilt=float(rng.uniform(-20, 20))))  # fmt: skip
    return out


def _limits(field) -> tuple[float, float]:
    """A pydantic field's (ge, le) bounds."""
    low = next(m.ge for m in field.metadata if hasattr(m, "ge"))
    return low, next(m.le for m in field.metadata if hasattr(m, "le"))


def posing_figures(atlas, count: int = 20) -> dict:
    """Posing every structure the kernel can show, for `count` random poses it has never seen
    (no disk cache; skinning weights and bone fields already made, as after a kernel's first
    pose), beside moving the same vertices rigidly (the least any posing costs).

        .venv/bin/python -c "import benchmarks.run as b; print(b.posing_figures(b.load_atlas()))"
    """
    rig = Rig(atlas, cache_dir=None)
    first, *poses = random_poses(count + 1, seed=2031)
    for sid in atlas.ids:  # weights, bone fields and clearances, once
        rig.vertices(sid, first)
    times, rigid = [], []
    for pose in poses:
        start = time.perf_counter()
        for sid in atlas.ids:
            rig.vertices(sid, pose)
        times.append((time.perf_counter() - start) * 1000)
        transform = rig.transforms(pose)["thigh_r"]
        start = time.perf_counter()
        for sid in atlas.ids:
            rigging.apply(transform, np.asarray(atlas.mesh(sid).vertices))
        rigid.append((time.perf_counter() - start) * 1000)
    return {
        "pose_median_ms": statistics.median(times), "pose_worst_ms": max(times),
        "pose_rigid_ms": statistics.median(rigid), "poses_timed": len(times),
    }  # fmt: skip


def visibility_figures(atlas) -> dict:
    """What the picture shows (glutelib.visibility.measure, which the view policy runs on every
    step) of the whole body at the laptop's size, from three sides, its posed vertices already
    cached; beside drawing the same state into a figure (Scene.figure), which every step pays too.
    """
    library = load_library(atlas)
    scene = Scene(library, shown=[i for i in atlas.ids if i not in library.opening_hidden])
    scene.set_view_size(1366, 768)
    visibility.measure(scene.state, library)
    times, figure = [], []
    for camera in ("posterior", "right_lateral", "anterior") * 2:
        scene.set_camera(camera)
        start = time.perf_counter()
        visibility.measure(scene.state, library)
        times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        scene.figure()
        figure.append((time.perf_counter() - start) * 1000)
    return {"visibility_median_ms": statistics.median(times), "visibility_worst_ms": max(times),
            "visibility_figure_ms": statistics.median(figure)}  # fmt: skip


def drag_figures(count: int = 20) -> dict:
    """Move's kernel work for one angle a dragged slider reaches (MovePanel.drag: the pose,
    the lists of lengths, the figure's update serialised for the page), over `count` angles
    along the knee's and the hip's tracks, beside a walkthrough's Next in the same kernel
    (the same dashboard, its figure's update serialised alike)."""
    board = Dashboard(query="?mode=student&pose=")
    joints = ("knee_flexion_r", "hip_flexion_r")
    angles = [(j, float(a)) for j in joints for a in np.linspace(7, 97, count // len(joints))]
    board.move.drag("knee_flexion_r", 3.0)  # weights and bone fields, once a kernel
    times, sent = [], []
    for joint, angle in angles:
        start = time.perf_counter()
        board.move.drag(joint, angle)
        times.append((time.perf_counter() - start) * 1000)
        sent.append(board.view.last_sync["vertices"])
    walk = Dashboard(query="?mode=student&condition=low_back_sitting&step=1")
    steps = []
    for n in range(count):
        start = time.perf_counter()
        walk.on_key("Home" if n % 5 == 4 else "ArrowRight")
        steps.append((time.perf_counter() - start) * 1000)
    return {
        "drag_update_ms": statistics.median(times), "drag_update_worst_ms": max(times),
        "drag_traces_sent": statistics.median(sent), "drag_traces_shown": len(board.scene.ids),
        "drag_next_ms": statistics.median(steps),
    }  # fmt: skip


def change_bytes(atlas) -> dict:
    """Bytes the widget sends for one walkthrough step and one highlight, vs the full scene."""
    dashboard = Dashboard(atlas)
    widget = dashboard.figure
    sent: list[int] = []
    for name in ("_send_restyle_msg", "_send_relayout_msg", "_send_update_msg"):
        original = getattr(widget, name)

        def spy(*args, _original=original, **kwargs):
            sent.append(len(json.dumps([args, kwargs], default=_encode)))
            return _original(*args, **kwargs)

        setattr(widget, name, spy)
    full = len(pio.to_json(dashboard.scene.figure(), validate=False))
    dashboard.open_condition("low_back_sitting", "3")
    sent.clear()
    dashboard.on_key("ArrowRight")  # step 3 -> 4: same pose, new highlight, zone and camera
    step = sum(sent)
    sent.clear()
    dashboard.set_section("explore")
    sent.clear()
    dashboard.explorer.select("piriformis_r")
    highlight = sum(sent)
    dashboard.scene.set_pose("seated")
    sent.clear()
    dashboard.refresh()
    pose = sum(sent)
    return {
        "step_bytes": step, "highlight_bytes": highlight, "pose_change_bytes": pose,
        "full_scene_bytes": full,
    }  # fmt: skip


def _encode(value):
    """JSON for numpy arrays as plotly sends them (base64 typed arrays)."""
    if isinstance(value, np.ndarray):
        return {"bdata": "x" * (value.nbytes * 4 // 3), "dtype": str(value.dtype)}
    return str(value)


def kernel_rss_mb(voila: subprocess.Popen) -> float:
    """Resident memory of the largest kernel Voila started, MB."""
    return max(kernels_rss_mb(voila), default=float("nan"))


# Each audience's screens (the round's layouts): the dashboard opens a walkthrough in that
# audience's mode; the bare pages are drawn at the same size.
SCREENS = {  # name -> (Playwright context options, dashboard query)
    "projector": (VIEWPORTS["projector"], "?mode=instructor&condition=low_back_sitting"),
    "projector_720": (dict(viewport={"width": 1280, "height": 720}),
                      "?mode=instructor&condition=low_back_sitting"),
    "tablet": (VIEWPORTS["tablet"], "?mode=client&condition=low_back_sitting"),
    "laptop": (VIEWPORTS["desktop"], "?mode=student&condition=low_back_sitting"),
}  # fmt: skip
SCREEN_PRESSES = 10  # Next presses per page on the screens other than the projector


def browser_figures(presses: int = 30) -> dict:
    """First draw, Next timings, bytes and kernel memory of the dashboard and the two bare
    pages, on each screen of SCREENS (the projector's are also the headline figures)."""
    from playwright.sync_api import sync_playwright

    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS)  # fmt: skip
        bare = ROOT / "benchmarks" / "bare.ipynb"
        pages = (("bare", bare, {}), ("bare_all", bare, {"BARE_MESHES": "all"}),
                 ("dashboard", ROOT / "notebooks" / "dashboard.ipynb", {}))  # fmt: skip
        for label, notebook, env in pages:
            (Path(tmp) / label).mkdir()
            proc, url = start_voila(notebook, Path(tmp) / label, env_extra=env)
            try:
                for screen, (options, query) in SCREENS.items():
                    context = browser.new_context(**options)
                    page = context.new_page()
                    traffic = KernelTraffic(page)
                    page.route("**/*", local_only)
                    page.set_default_timeout(120_000)
                    start = time.perf_counter()
                    open_dashboard(page, url, query if label == "dashboard" else "")
                    draw = (time.perf_counter() - start) * 1000
                    headline = screen == "projector"
                    n = presses if headline else SCREEN_PRESSES
                    timings = press_next(page, n, label, traffic)
                    out[f"first_draw_{label}_{screen}_ms"] = draw
                    out[f"next_{label}_{screen}_ms"] = timings
                    if headline:
                        out[f"first_draw_{label}_ms"], out[f"next_{label}_ms"] = draw, timings
                        out[f"kernel_rss_{label}_mb"] = kernel_rss_mb(proc)
                    context.close()
                if label == "dashboard":
                    out["quiz_next_ms"] = quiz_next(browser, url, SCREEN_PRESSES)
                    out["move_drag"] = move_drag(browser, url)
            finally:
                stop_voila(proc)
        out.update(lesson_figures(browser, Path(tmp), presses))
        browser.close()
    out.update(drawing_figures())
    return out


# Walkthroughs whose figures are drawn by plotly alone in each way traces.py compares: one
# with see-through zones on two steps, one with zones on most.
DRAWN_CONDITIONS = ("low_back_sitting", "sciatica_vs_piriformis")


def drawing_figures() -> dict:
    """Paint time of walkthroughs' figures by plotly alone, as drawn and in the variants
    traces.py compares, each beside one opaque mesh of the same triangles and camera."""
    import traces

    from glutelib.library import load_library

    library = load_library()
    return {f"drawn_{c}": traces.paint_times(traces.step_figures(library, c))
            for c in DRAWN_CONDITIONS}  # fmt: skip


def lesson_figures(browser, tmp: Path, presses: int) -> dict:
    """The offline lesson (`make lesson`'s file) on the projector: its size, gzipped too;
    open -> first 3D drawn, and Next -> painted, timed as the dashboard's are."""
    import gzip

    from glutelib.lesson import write_lesson

    path = write_lesson(tmp / "glutelib-lesson.html")
    data = path.read_bytes()
    options, _ = SCREENS["projector"]
    context = browser.new_context(**options)
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else route.abort())  # fmt: skip
    page.set_default_timeout(120_000)
    start = time.perf_counter()
    page.goto(path.as_uri() + "#condition=low_back_sitting&step=1&mode=instructor")
    page.wait_for_selector(".js-plotly-plot .gl-container canvas", state="visible")
    draw = (time.perf_counter() - start) * 1000
    page.wait_for_selector("#glutelib[data-ready=true]")
    timings = press_next(page, presses, "dashboard", KernelTraffic(page))
    context.close()
    return {"lesson_bytes": len(data), "lesson_gzip_bytes": len(gzip.compress(data)),
            "first_draw_lesson_ms": draw, "next_lesson_ms": timings}  # fmt: skip


def quiz_next(browser, url: str, presses: int) -> dict:
    """Test yourself on the student's laptop: an answer given (key 1), then ms from pressing
    Next to the next question's picture painted, in the page's clock as for the walkthrough."""
    context = browser.new_context(**SCREENS["laptop"][0])
    page = context.new_page()
    page.route("**/*", local_only)
    page.set_default_timeout(120_000)
    open_dashboard(page, url, "?quiz=name_it")
    page.wait_for_selector(".t-choice-1:visible")
    page.evaluate(WATCH_NEXT)
    paint = []
    for _ in range(presses):
        page.keyboard.press("1")
        page.wait_for_selector(".t-quiz-feedback p")
        page.wait_for_timeout(300)
        page.click(".t-quiz-next")
        page.wait_for_function(AFTER_CLICK, arg=["paint"])
        paint.append(page.evaluate(AFTER_CLICK, ["paint"]))
        page.wait_for_function("() => !document.querySelector('.t-quiz-feedback p')")
        if page.locator(".t-quiz-again").count():  # the session ended: start another
            page.click(".t-quiz-again")
            page.wait_for_selector(".t-choice-1:visible")
    context.close()
    return {"median": statistics.median(paint), "p95": sorted(paint)[int(0.95 * (len(paint) - 1))]}


def move_drag(browser, url: str, seconds: float = 2.0, every_ms: int = 50) -> dict:
    """Move it yourself on the student's laptop: the knee's slider dragged along its track for
    `seconds` as a hand drags (the mouse moving every `every_ms`). Bytes each way while
    dragging; poses the page asked for and the most it had waiting at once (glutelib/js/
    drag.js: never more than one); ms from letting go to the settled picture painted, in the
    page's clock as for Next."""
    context = browser.new_context(**SCREENS["laptop"][0])
    page = context.new_page()
    traffic = KernelTraffic(page)
    page.route("**/*", local_only)
    page.set_default_timeout(120_000)
    open_dashboard(page, url, "?mode=student&pose=")
    handle = page.locator(".t-joint-knee-flexion-r .noUi-handle")
    handle.wait_for()
    page.evaluate(WATCH_RELEASE)
    track = page.locator(".t-joint-knee-flexion-r .noUi-target").bounding_box()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    mark, moves = traffic.mark(), int(seconds * 1000 / every_ms)
    for k in range(1, moves + 1):
        page.mouse.move(x + 0.9 * track["width"] * k / moves, y)
        page.wait_for_timeout(every_ms)
    up, down = traffic.since(mark)
    asked, answered, most = traffic.asked_since(mark, "drag", "posed")
    page.mouse.up()
    page.wait_for_function("() => /knee_flexion_r:\\d/.test(decodeURIComponent(location.search))")
    page.wait_for_timeout(3000)  # the settled pose drawn, whatever was still on its way
    paint = page.evaluate(AFTER_RELEASE)
    context.close()
    return {"bytes_up": up, "bytes_down": down, "poses_asked": asked, "poses_answered": answered,
            "most_waiting": most, "release_paint_ms": paint, "seconds": seconds}  # fmt: skip


WATCH_RELEASE = """() => {
    const g = document.querySelector('.js-plotly-plot');
    window.__released = null; window.__painted = [];
    document.addEventListener('mouseup', () => { window.__released = performance.now(); }, true);
    g.on('plotly_afterplot', () => requestAnimationFrame(() => requestAnimationFrame(
        () => window.__painted.push(performance.now()))));
}"""
AFTER_RELEASE = """() => {
    // Nothing painted after letting go, yet the graph shows the address's pose: the drag's
    // last pose was the angle let go at, drawn while dragging (0 ms); otherwise null.
    const last = window.__painted.filter((t) => t > window.__released).at(-1);
    if (last) return last - window.__released;
    const meta = document.querySelector('.js-plotly-plot').layout.meta || {};
    return meta.pose === new URLSearchParams(location.search).get('pose') ? 0 : null;
}"""
WATCH_NEXT = """() => {
    // Clocks in the page: Playwright's click first waits for two steady animation frames,
    // and here each frame of 90k triangles is drawn in software, so timing the click from
    // Python counts the harness as well.
    const g = document.querySelector('.js-plotly-plot');
    window.__clicks = []; window.__drawn = []; window.__painted = [];
    document.addEventListener('click', (e) => {
        if (e.target.closest('.t-next, .t-quiz-next')) window.__clicks.push(performance.now());
    }, true);
    g.on('plotly_afterplot', () => {
        window.__drawn.push(performance.now());
        requestAnimationFrame(() => requestAnimationFrame(
            () => window.__painted.push(performance.now())));
    });
}"""
AFTER_CLICK = """([kind]) => {
    const c = window.__clicks.at(-1), d = window.__drawn.find((t) => t > c);
    const p = d && window.__painted.find((t) => t >= d);
    return kind === 'drawn' ? (d ? d - c : null) : (p ? p - c : null);
}"""


def press_next(page, presses: int, label: str, traffic: KernelTraffic) -> dict:
    """Click Next `presses` times. Per press, in the page's clock: ms from the click to
    plotly's `afterplot` (kernel round trip and plotly's update: `update`) and to the second
    animation frame after it (the new picture painted: `paint`); from Python: ms from asking
    Playwright to click until the page has drawn (`harness`); bytes over the websocket."""
    page.evaluate(WATCH_NEXT)
    times: dict[str, list[float]] = {"update": [], "paint": [], "harness": []}
    up, down = [], []
    for n in range(presses):
        if label == "dashboard" and n % 5 == 0:  # steps 1-5 again: seated and standing steps
            page.keyboard.press("Home")
            page.wait_for_timeout(500)
        mark = traffic.mark()
        start = time.perf_counter()
        page.click(".t-next")
        page.wait_for_function(AFTER_CLICK, arg=["paint"])
        times["harness"].append((time.perf_counter() - start) * 1000)
        times["update"].append(page.evaluate(AFTER_CLICK, ["drawn"]))
        times["paint"].append(page.evaluate(AFTER_CLICK, ["paint"]))
        page.wait_for_timeout(300)  # let the replies to this press arrive before the next
        sent, received = traffic.since(mark)
        up.append(sent)
        down.append(received)
    out = {k: {"median": statistics.median(v), "p95": sorted(v)[int(0.95 * (len(v) - 1))]}
           for k, v in times.items()}  # fmt: skip
    out["bytes_up"], out["bytes_down"] = statistics.median(up), statistics.median(down)
    out["kernel_errors"] = len(traffic.errors)
    return out


TARGETS = {  # issue 7, then issue 19 where it asks for more
    "step_share": "<= 5 %", "highlight_share": "<= 5 %", "first_draw_ratio": "<= 0.7x bare",
    "next_median_ms": "<= 1.0x same tri.", "kernel_rss_dashboard_mb": "<= 300 MB",
    "atlas_triangles": "<= 150k", "atlas_bytes": "<= 10 MB", "bytes_up": "<= 10 kB",
    "pose_ms": "<= 50 median, <= 100 worst", "lesson_mb": "<= 8 MB, <= 3 MB gz",
    "lesson_first_draw": "<= 0.35x dashboard",
    "drag_ms": "<= 50", "release": "<= 1.2x Next", "drag_bytes": "<= 2 MB",
    "visibility_ms": "< 500 (issue 30)",
}  # fmt: skip


def next_rows(r: dict, row) -> list:
    """Next -> figure updated / picture painted, each beside the bare pages; bytes per press."""
    d, bare, same = r["next_dashboard_ms"], r["next_bare_ms"], r["next_bare_all_ms"]
    rows = []
    for part, name in (("update", "Next -> figure updated"), ("paint", "Next -> painted")):
        for stat in ("median", "p95"):
            value = d[part][stat]
            rows.append(row(
                f"{name} {stat} (ms)", value,
                f"bare {bare[part][stat]:.0f} ({value / bare[part][stat]:.1f}x), "
                f"same tri. {same[part][stat]:.0f} ({value / same[part][stat]:.2f}x)",
                TARGETS["next_median_ms"] if (part, stat) == ("paint", "median") else "",
            ))  # fmt: skip
    rows.append(row("Next: kB up / down per press", d["bytes_up"] / 1e3,
                    f"down {d['bytes_down'] / 1e3:.0f} kB; bare up "
                    f"{bare['bytes_up'] / 1e3:.1f}", TARGETS["bytes_up"]))  # fmt: skip
    rows.append(row("Next via Playwright (ms)", d["harness"]["median"],
                    f"bare {bare['harness']['median']:.0f}, same tri. "
                    f"{same['harness']['median']:.0f}"))  # fmt: skip
    return rows


def move_rows(r: dict, row) -> list:
    """Move it yourself on the laptop: a 2 s drag of the knee's slider, and letting go."""
    m, walk = r["move_drag"], r["next_dashboard_laptop_ms"]["paint"]["median"]
    release = m["release_paint_ms"]
    release = float("nan") if release is None else release
    settled = " (drawn while dragging)" if release == 0 else ""
    return [
        row("move: release -> painted", release,
            f"walkthrough Next {walk:.0f} ({release / walk:.2f}x){settled}", TARGETS["release"]),
        row(f"  {m['seconds']:.0f} s drag: kB down", m["bytes_down"] / 1e3,
            f"up {m['bytes_up'] / 1e3:.1f}", TARGETS["drag_bytes"]),
        row("  poses asked / answered", m["poses_asked"], f"{m['poses_answered']}"),
        row("  most asked at once", m["most_waiting"], "", "<= 1"),
    ]  # fmt: skip


def screen_rows(r: dict, row) -> list:
    """First draw and Next -> painted on each audience's screen, beside the bare pages drawn
    at the same size in the same run."""
    rows = []
    for screen in SCREENS:
        if f"first_draw_dashboard_{screen}_ms" not in r:
            continue
        draw, bare = r[f"first_draw_dashboard_{screen}_ms"], r[f"first_draw_bare_{screen}_ms"]
        rows.append(row(f"{screen}: first 3D draw (ms)", draw,
                        f"bare {bare:.0f} ({draw / bare:.2f}x)"))  # fmt: skip
        paint = r[f"next_dashboard_{screen}_ms"]["paint"]["median"]
        same = r[f"next_bare_all_{screen}_ms"]["paint"]["median"]
        rows.append(row(f"{screen}: Next -> painted (ms)", paint,
                        f"same tri. {same:.0f} ({paint / same:.2f}x)"))  # fmt: skip
    return rows


def lesson_rows(r: dict, row) -> list:
    """The lesson file beside the dashboard and the bare page, all on the projector."""
    draw, board = r["first_draw_lesson_ms"], r["first_draw_dashboard_ms"]
    paint = r["next_lesson_ms"]["paint"]["median"]
    same = r["next_bare_all_ms"]["paint"]["median"]
    return [
        row("lesson: file (MB)", r["lesson_bytes"] / 2**20,
            f"gzipped {r['lesson_gzip_bytes'] / 2**20:.2f} MB", TARGETS["lesson_mb"]),
        row("lesson: open -> first 3D (ms)", draw,
            f"dashboard {board:.0f} ({draw / board:.2f}x)", TARGETS["lesson_first_draw"]),
        row("lesson: Next -> painted (ms)", paint,
            f"same tri. {same:.0f} ({paint / same:.2f}x)", TARGETS["next_median_ms"]),
    ]  # fmt: skip


def drawing_rows(r: dict, row) -> list:
    """Step -> painted by plotly alone (no kernel): as the app draws, each colour merged into
    one mesh, the see-through zones left out; each beside one opaque mesh of the same
    triangles under the same camera (benchmarks/traces.py)."""
    rows = []
    for condition in DRAWN_CONDITIONS:
        drawn = r.get(f"drawn_{condition}")
        if not drawn:
            continue
        bare = drawn["bare"]["paint"]
        for name in ("as drawn", "merged", "opaque"):
            d = drawn[name]
            rows.append(row(f"{condition[:12]}: {name} (ms)", d["paint"],
                            f"one mesh {bare:.0f} ({d['paint'] / bare:.2f}x), "
                            f"{d['traces']:.0f} traces"))  # fmt: skip
    return rows


def table(r: dict, before: dict | None) -> str:
    def row(name, value, baseline="", target=""):
        change = ""
        if before is not None and name in before.get("_rows", {}):
            old = before["_rows"][name]
            change = (
                f"{(value - old) / old * 100:+.0f} %"
                if isinstance(old, (int, float)) and old
                else ""
            )
        return (name, value, baseline, target, change)

    rows = [
        row(
            "atlas load (ms)",
            r["atlas_load_ms"],
            f"plain trimesh {r['atlas_load_plain_trimesh_ms']:.0f}",
        ),
        row("figure build (ms)", r["figure_build_ms"], f"naive {r['figure_build_naive_ms']:.0f}"),
        row(
            "scene on the wire (kB)",
            r["scene_bytes"] / 1e3,
            f"naive {r['scene_bytes_naive'] / 1e3:.0f}",
        ),
        row(
            "one step (% of scene)",
            100 * r["step_bytes"] / r["full_scene_bytes"],
            f"{r['step_bytes']} B",
            TARGETS["step_share"],
        ),
        row(
            "one highlight (% of scene)",
            100 * r["highlight_bytes"] / r["full_scene_bytes"],
            f"{r['highlight_bytes']} B",
            TARGETS["highlight_share"],
        ),
        row(
            "pose change (% of scene)",
            100 * r["pose_change_bytes"] / r["full_scene_bytes"],
            "vertices of shown parts",
        ),
        row(
            "opening view: triangles (k)",
            r["opening_triangles"] / 1e3,
            f"whole atlas {r['atlas_triangles'] / 1e3:.0f}k",
        ),
        row(
            "opening view: first figure (kB)",
            r["opening_bytes"] / 1e3,
            f"whole scene {r['scene_bytes'] / 1e3:.0f}",
        ),
        row(
            "new pose, median (ms)",
            r["pose_median_ms"],
            f"rigid move {r['pose_rigid_ms']:.1f} ({r['poses_timed']} poses)",
            TARGETS["pose_ms"],
        ),
        row("new pose, worst (ms)", r["pose_worst_ms"], "", TARGETS["pose_ms"]),
        row(
            "visibility, whole body (ms)",
            r["visibility_median_ms"],
            f"its figure {r['visibility_figure_ms']:.0f}, worst {r['visibility_worst_ms']:.0f}",
            TARGETS["visibility_ms"],
        ),
        row(
            "drag update, kernel (ms)",
            r["drag_update_ms"],
            f"Next {r['drag_next_ms']:.0f}, worst {r['drag_update_worst_ms']:.0f}",
            TARGETS["drag_ms"],
        ),
        row(
            "  traces sent per update", r["drag_traces_sent"], f"of {r['drag_traces_shown']} drawn"
        ),
        row("atlas triangles (k)", r["atlas_triangles"] / 1e3, "", TARGETS["atlas_triangles"]),
        row("atlas size (MB)", r["atlas_bytes"] / 1e6, "", TARGETS["atlas_bytes"]),
    ]
    if "first_draw_dashboard_ms" in r:
        ratio = r["first_draw_dashboard_ms"] / r["first_draw_bare_ms"]
        rows += [
            row(
                "first 3D draw (ms)",
                r["first_draw_dashboard_ms"],
                f"bare {r['first_draw_bare_ms']:.0f} ({ratio:.2f}x)",
                TARGETS["first_draw_ratio"],
            ),
            row(
                "  same triangles, bare (ms)",
                r["first_draw_bare_all_ms"],
                f"dashboard {r['first_draw_dashboard_ms'] / r['first_draw_bare_all_ms']:.2f}x",
            ),
            *next_rows(r, row),
            row(
                "kernel memory (MB)",
                r["kernel_rss_dashboard_mb"],
                f"bare {r['kernel_rss_bare_mb']:.0f}",
                TARGETS["kernel_rss_dashboard_mb"],
            ),
        ]
        rows += screen_rows(r, row)
        if "quiz_next_ms" in r:
            quiz, walk = (
                r["quiz_next_ms"]["median"],
                r["next_dashboard_laptop_ms"]["paint"]["median"],
            )
            rows.append(row("quiz: answer -> next painted", quiz,
                            f"walkthrough Next {walk:.0f} ({quiz / walk:.2f}x)"))  # fmt: skip
        if "move_drag" in r:
            rows += move_rows(r, row)
        if "first_draw_lesson_ms" in r:
            rows += lesson_rows(r, row)
        rows += drawing_rows(r, row)
    r["_rows"] = {name: value for name, value, *_ in rows}
    head = f"{'figure':30} {'value':>10}  {'baseline (same run)':32} {'target':26} {'change':>8}"
    lines = [head, "-" * len(head)]
    lines += [f"{n:30} {v:10.1f}  {b:32} {t:26} {c:>8}" for n, v, b, t, c in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", type=Path, help="an earlier results JSON to compare with")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    parser.add_argument("--no-write", action="store_true", help="do not update latest.json")
    args = parser.parse_args(argv)
    results = atlas_figures()
    if not args.no_browser:
        results.update(browser_figures())
    before = json.loads(args.compare.read_text()) if args.compare else None
    print(table(results, before))
    results["_machine"] = {"python": platform.python_version(), "cpus": _cpus(),
                           "date": time.strftime("%Y-%m-%d")}  # fmt: skip
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
        print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    return 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    raise SystemExit(main())
