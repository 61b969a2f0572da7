"""The dashboard in a real browser: it draws the bones and its view buttons reach the figure."""

from __future__ import annotations

import pytest

from tests.browser.conftest import graph, open_dashboard

pytestmark = pytest.mark.browser


def test_dashboard_draws_bones_and_view_button_turns_camera(desktop_page, voila_url, screenshot):
    page = desktop_page
    open_dashboard(page, voila_url)
    names = graph(page, "g.data.map(t => t.name)")
    assert {"sacrum", "hip_bone_r", "hip_bone_l", "femur_r", "femur_l"} <= set(names)
    # The canvas has pixels that are not background: WebGL really drew something.
    eye_before = graph(page, "g._fullLayout.scene.camera.eye")
    assert eye_before["y"] < 0, "the dashboard opens from behind (posterior, -y)"
    screenshot(page, "posterior")

    page.click(".t-view-anterior")
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot')._fullLayout.scene.camera.eye.y > 0"
    )
    eye_after = graph(page, "g._fullLayout.scene.camera.eye")
    assert eye_after["y"] > 1.0 and abs(eye_after["x"]) < 1e-6
    screenshot(page, "anterior")


def test_figure_fills_the_width_on_every_viewport(browser, voila_url, screenshot):
    from tests.browser.conftest import VIEWPORTS, _page_factory

    for kind in VIEWPORTS:
        gen = _page_factory(browser, kind)
        page = next(gen)
        open_dashboard(page, voila_url)
        width = VIEWPORTS[kind]["viewport"]["width"]
        height = VIEWPORTS[kind]["viewport"]["height"]
        # the figure fills its column (beside the explorer) and most of the window's height
        page.wait_for_function(
            "() => { const g = document.querySelector('.js-plotly-plot');"
            " const box = document.querySelector('.t-figure').getBoundingClientRect();"
            " return g._fullLayout.width > 0.97 * box.width && box.width > 0"
            f" && g._fullLayout.height > {0.5 * height}; }}"
        )
        plot_width, plot_height = graph(page, "[g._fullLayout.width, g._fullLayout.height]")
        assert plot_width > 0.6 * width, f"{kind}: figure {plot_width}px of {width}px"
        assert plot_height > 0.5 * height, f"{kind}: figure {plot_height}px of {height}px"
        screenshot(page, kind)
        gen.close()
