"""The dashboard in a real browser: it draws the bones and its view buttons reach the figure."""

from __future__ import annotations

import numpy as np
import pytest

from tests.browser.conftest import graph, open_dashboard

pytestmark = pytest.mark.browser
EDGE = 4  # px of the plot's picture left out at each side


def canvas_ratio(page) -> float:
    """The 3D canvas' pixels per CSS pixel, as drawn."""
    return graph(page, "(() => { const c = g.querySelector('.gl-container canvas');"
                       " return c.width / c.getBoundingClientRect().width; })()")  # fmt: skip


def test_the_3d_view_is_drawn_at_the_screens_own_pixel_ratio(browser, voila_url):
    """plotly's default draws at twice the pixels a plain screen has, four times the work on
    every step; a sharper screen gets its own ratio (up to 2)."""
    context = browser.new_context(viewport={"width": 1024, "height": 768},
                                  device_scale_factor=1.5)  # fmt: skip
    page = context.new_page()
    try:
        open_dashboard(page, voila_url)
        assert graph(page, "g._context.plotGlPixelRatio") == 1.5
        assert canvas_ratio(page) == pytest.approx(1.5, abs=0.01)
    finally:
        context.close()


def drawn_span(page) -> tuple[float, float, list[int]]:
    """What share of the plot's width and height the drawn model spans, and its box (left,
    top, right, bottom px), from a picture of the plot (the mode bar hidden)."""
    import io

    from PIL import Image

    page.evaluate("() => { document.activeElement.blur();"  # no focus ring over the plot
                  " document.querySelectorAll('.modebar-container')"
                  ".forEach(m => m.style.visibility = 'hidden'); }")  # fmt: skip
    png = page.locator(".js-plotly-plot").screenshot()
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    rgb = rgb[EDGE:-EDGE, EDGE:-EDGE]  # the neighbours' borders and shadows reach the edge
    ys, xs = np.nonzero((255 - rgb).max(axis=2) > 40)  # not the white background
    h, w = rgb.shape[:2]
    box = [int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())]
    return (box[2] - box[0]) / w, (box[3] - box[1]) / h, box


def test_every_view_frames_the_model_large_and_whole(desktop_page, voila_url, screenshot):
    """The bones drawn, seen from behind at first; then, from the picture, not camera
    numbers: each named view shows the model over at least 60 % of the plot's width or
    height, and cuts none of it at the edges."""
    page = desktop_page
    open_dashboard(page, voila_url)
    names = graph(page, "g.data.map(t => t.name)")
    assert {"sacrum", "hip_bone_r", "hip_bone_l", "femur_r", "femur_l"} <= set(names)
    eye_before = graph(page, "g._fullLayout.scene.camera.eye")
    assert eye_before["y"] < 0, "the dashboard opens from behind (posterior, -y)"
    assert canvas_ratio(page) == 1  # a plain screen: one canvas pixel a screen pixel
    views = page.locator(".t-toolbar [class*='t-view-']")
    for n in range(views.count()):
        button = views.nth(n)
        name = button.inner_text()
        before = graph(page, "JSON.stringify(g._fullLayout.scene.camera)")
        button.click()
        if n:
            page.wait_for_function(
                "(b) => JSON.stringify(document.querySelector('.js-plotly-plot')"
                "._fullLayout.scene.camera) !== b", arg=before,
            )  # fmt: skip
        page.wait_for_timeout(700)  # the new frame drawn in software
        wide, tall, box = drawn_span(page)
        screenshot(page, f"view-{n + 1}")
        assert max(wide, tall) >= 0.6, f"{name}: the model spans {wide:.0%} x {tall:.0%}"
        size = page.locator(".js-plotly-plot").bounding_box()
        right, bottom = size["width"] - 2 * EDGE - 1, size["height"] - 2 * EDGE - 1
        assert box[0] > 0 and box[1] > 0, f"{name}: cut at the left or top edge {box}"
        assert box[2] < right - 1 and box[3] < bottom - 1, f"{name}: cut at an edge {box}"
    page.click(".t-view-anterior")  # the front view's button looks from straight in front
    page.wait_for_function(
        "() => { const c = document.querySelector('.js-plotly-plot')._fullLayout.scene.camera;"
        " return c.eye.y - c.center.y > 0.5; }"
    )
    camera = graph(page, "g._fullLayout.scene.camera")
    assert abs(camera["eye"]["x"] - camera["center"]["x"]) < 1e-6


def eye_distance(page) -> float:
    """The 3D camera's distance from its centre as plotly draws it now (camera units)."""
    return graph(page, "g._fullLayout.scene._scene.camera.distance")


def test_pinch_zooms_one_finger_turns_and_the_wheel_cannot_lose_the_model(tablet_page, voila_url):
    page = tablet_page
    open_dashboard(page, voila_url, "?mode=client")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot').layout.meta.reach")
    near, far = graph(page, "g.layout.meta.reach")
    box = page.locator(".js-plotly-plot").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, points: list[tuple[float, float]]) -> None:
        cdp.send("Input.dispatchTouchEvent", {
            "type": kind, "touchPoints": [{"x": x, "y": y, "id": n} for n, (x, y) in
                                          enumerate(points)]})  # fmt: skip

    before = eye_distance(page)
    touch("touchStart", [(cx - 40, cy), (cx + 40, cy)])
    for step in range(1, 5):  # the fingers spread apart: zoom in
        touch("touchMove", [(cx - 40 - 30 * step, cy), (cx + 40 + 30 * step, cy)])
    touch("touchEnd", [])
    page.wait_for_timeout(500)
    after = eye_distance(page)
    assert after < 0.6 * before, (before, after)  # 80 px apart -> 320 px: about 4x nearer
    eye = graph(page, "JSON.stringify(g._fullLayout.scene._scene.getCamera().eye)")
    touch("touchStart", [(cx, cy)])
    for step in range(1, 5):  # one finger across: turns the body
        touch("touchMove", [(cx + 40 * step, cy)])
    touch("touchEnd", [])
    page.wait_for_timeout(500)
    assert graph(page, "JSON.stringify(g._fullLayout.scene._scene.getCamera().eye)") != eye
    assert eye_distance(page) == pytest.approx(after, rel=0.05)  # turned, not zoomed
    page.wait_for_timeout(1500)
    assert "structure=" not in page.url  # a turn picks nothing (plotly saw a tap at its end)

    near, far = graph(page, "g.layout.meta.reach")
    page.mouse.move(cx, cy)
    for _ in range(8):
        page.mouse.wheel(0, 3000)  # out, far past where the model would be a speck
    page.wait_for_timeout(800)
    assert far * 0.8 < eye_distance(page) <= far * 1.01
    wide, tall, _ = drawn_span(page)
    assert max(wide, tall) >= 0.6 * 0.5 * 0.86  # at most 2x further than the framing
    for _ in range(10):
        page.mouse.wheel(0, -3000)  # in, far past the middle of the body
    page.wait_for_timeout(800)
    assert near * 0.9 <= eye_distance(page) < near * 1.2  # plotly stops within a few %

    # A pinch beside the middle zooms about the fingers: here, near the body, the fingers
    # close on the right of the view, so the view's middle moves away from them (to the left).
    def camera() -> dict[str, np.ndarray]:
        c = graph(page, "g._fullLayout.scene._scene.getCamera()")
        return {k: np.array([c[k]["x"], c[k]["y"], c[k]["z"]]) for k in ("eye", "center", "up")}

    was = camera()
    right = np.cross(was["center"] - was["eye"], was["up"])
    x0 = cx + box["width"] / 4
    touch("touchStart", [(x0 - 120, cy), (x0 + 120, cy)])
    for step in range(1, 5):  # the fingers close: zoom out
        touch("touchMove", [(x0 - 120 + 25 * step, cy), (x0 + 120 - 25 * step, cy)])
    touch("touchEnd", [])
    page.wait_for_timeout(500)
    now = camera()
    assert eye_distance(page) > near * 1.3  # it zoomed out
    moved = float(np.dot(now["center"] - was["center"], right / np.linalg.norm(right)))
    assert moved < -0.01, f"the view's middle moved {moved:+.3f} along the view's right"
