"""Bad data in a real browser: text from data files is shown as text and runs nothing, a
broken mesh leaves one part out with a plain message, a missing manifest gives a plain page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
import yaml

from glutelib.atlas import DEFAULT_MESH_DIR
from glutelib.datafiles import DATA_DIR
from tests.browser.conftest import ROOT, open_dashboard, start_voila, stop_voila

pytestmark = pytest.mark.browser
ATTACK = '<img src=x onerror="window.__pwned = 1">'


@pytest.fixture(scope="module")
def tampered(tmp_path_factory) -> Iterator[str]:
    """A Voila server whose data files carry HTML and whose left piriformis mesh is cut short."""
    tmp = tmp_path_factory.mktemp("tampered")
    data, meshes = tmp / "data", tmp / "meshes"
    shutil.copytree(DATA_DIR, data)
    shutil.copytree(DEFAULT_MESH_DIR, meshes)
    table = data / "structures.yaml"
    rows = yaml.safe_load(table.read_text())
    rows["structures"]["piriformis"]["description"] = f"{ATTACK} Pear-shaped."
    table.write_text(yaml.safe_dump(rows, allow_unicode=True))
    step = data / "conditions" / "pregnancy.yaml"
    step.write_text(step.read_text().replace("plain_title: Your body changes shape",
                                             f"plain_title: '{ATTACK} Your body'", 1))  # fmt: skip
    ply = meshes / "piriformis_l.ply"
    ply.write_bytes(ply.read_bytes()[:300])
    proc, url = start_voila(ROOT / "notebooks" / "dashboard.ipynb", tmp,
                            env_extra={"GLUTELIB_DATA": str(data),
                                       "GLUTELIB_MESHES": str(meshes)})  # fmt: skip
    yield url
    stop_voila(proc)


def test_html_in_data_files_shows_as_text_and_runs_nothing(desktop_page, tampered, screenshot):
    page = desktop_page
    open_dashboard(page, tampered, "?mode=client&structure=right%20piriformis")
    page.wait_for_selector(".t-card:has-text('Pear-shaped')")
    assert "<img src=x" in page.inner_text(".t-card")  # the markup is visible as text
    message = page.inner_text(".t-message")
    assert "piriformis_l" in message and "meshes/piriformis_l.ply" in message  # the broken mesh
    assert "/meshes/" not in message  # named in its folder, not by the server's path
    page.click(".t-section >> text=Common problems")
    page.select_option(".t-condition-picker select", index=3)  # pregnancy, the fourth
    page.wait_for_selector(".t-step-title:has-text('Your body')")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')"
                           ".layout.meta.pose === 'pregnancy'")  # fmt: skip
    assert "<img src=x" in page.inner_text(".t-step-title")
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator(".t-step-title img, .t-card img").count() == 0
    names = page.evaluate("() => document.querySelector('.js-plotly-plot').data.map(t => t.name)")
    assert "piriformis_r" in names and "piriformis_l" not in names  # the rest still works
    screenshot(page)


def test_a_missing_manifest_gives_a_plain_page_not_a_traceback(desktop_page, tmp_path):
    meshes = tmp_path / "meshes"
    meshes.mkdir()
    proc, url = start_voila(ROOT / "notebooks" / "dashboard.ipynb", tmp_path,
                            env_extra={"GLUTELIB_MESHES": str(meshes)})  # fmt: skip
    try:
        desktop_page.goto(url, wait_until="commit")
        alert = desktop_page.wait_for_selector(".glutelib-error", timeout=90_000)
        text = alert.inner_text()
        assert "meshes/manifest.json" in text and "make meshes" in text
        assert str(tmp_path) not in text  # no folder of the server
        assert "Traceback" not in desktop_page.inner_text("body")
    finally:
        stop_voila(proc)
