"""The explorer in a real browser, in the three audience modes and viewports."""

from __future__ import annotations

import re

import pytest

from glutelib.colours import default_colours
from tests.browser.conftest import graph, open_dashboard, wcag_violations

pytestmark = pytest.mark.browser
CONTEXTS = default_colours().contexts()  # the context: grey bones, each tissue muted


def colour_of(page, structure_id: str) -> str:
    return graph(page, f"g.data.find(t => t.name === '{structure_id}').color")


def wait_for_colour(page, structure_id: str, grey: bool) -> None:
    """Until the part is drawn as context (`grey`) or not."""
    page.wait_for_function(
        "([contexts, grey]) => { const g = document.querySelector('.js-plotly-plot');"
        f" const t = g.data.find(t => t.name === '{structure_id}');"
        " return t && contexts.includes(t.color) === grey; }",
        arg=[CONTEXTS, grey],
    )


def wait_for_mode(page, mode: str) -> None:
    page.wait_for_selector(f".glutelib.mode-{mode}")


def test_a_student_tabs_through_searches_picks_with_enter_and_saves_a_picture(
    desktop_page, voila_url, tmp_path, screenshot
):
    """One page, as a student uses it: Tab from the top, search with a typo and with plain
    words, Enter on a suggestion, save the picture; then "piri" picks the right piriformis
    (peeled to be seen, its fibres marked), and "Bones and nerves" keeps the pick."""
    page = desktop_page
    open_dashboard(page, voila_url)
    for n in range(14):  # each Tab lands on a control a person can see, never a hidden one
        page.keyboard.press("Tab")
        seen = page.evaluate("""() => { const e = document.activeElement;
          const r = e.getBoundingClientRect();
          return { tag: e.tagName, w: r.width, h: r.height, top: r.top, left: r.left,
                   shown: getComputedStyle(e).visibility === 'visible'
                     && r.bottom <= innerHeight && r.right <= innerWidth }; }""")
        assert seen["tag"] != "BODY" and seen["w"] > 8 and seen["h"] > 8 and seen["shown"], (
            n,
            seen,
        )
    page.fill(".t-search input", "IT band")  # plain words, then a typo
    page.wait_for_selector(".t-suggestion-iliotibial-band-r")
    page.fill(".t-search input", "pirformis")
    page.wait_for_selector(".t-suggestion-piriformis-l")
    page.fill(".t-search input", "tailbone")  # Enter picks the first suggestion
    page.wait_for_selector(".t-suggestions .t-suggestion:has-text('Sacrum')")  # the new list
    assert "Sacrum" in page.locator(".t-suggestions .t-suggestion").first.inner_text()
    page.press(".t-search input", "Enter")
    page.wait_for_selector(".t-card-title:has-text('Sacrum')")
    wait_for_colour(page, "femur_r", grey=True)  # the sacrum is picked, the rest grey
    with page.expect_download(timeout=90_000) as info:
        page.click(".t-save")
    path = tmp_path / "picture.png"
    info.value.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    # "piri" finds the right piriformis: picked, its fibres marked, peeled to be seen
    page.fill(".t-search input", "piri")
    page.wait_for_selector(".t-suggestion-piriformis-r")
    page.click(".t-suggestion-piriformis-r")
    wait_for_colour(page, "piriformis_r", grey=False)  # the sacrum's pick gives way
    assert colour_of(page, "piriformis_r") not in CONTEXTS
    assert colour_of(page, "piriformis_l") in CONTEXTS
    page.wait_for_function(  # arrows along its fibres, on the picked muscle
        "() => { const t = document.querySelector('.js-plotly-plot').data.find("
        "(t) => t.name === 'fibres'); return t && t.visible !== false && t.x.length > 0; }"
    )
    # the card comes in its own message, which may land a moment after the figure's
    page.wait_for_selector(".t-card:has-text('Piriformis (right)')")
    assert "sacrum" in page.inner_text(".t-card")
    # piriformis is deep: what covers it is peeled away
    assert not graph(page, "g.data.find(t => t.name === 'gluteus_maximus_r').visible")
    screenshot(page, "piriformis")
    # "Bones and nerves": the pick and its name stay, the nerves are drawn as nerves
    picked = colour_of(page, "piriformis_r")
    page.click(".t-labels")
    page.click(".t-peel button:has-text('Bones and nerves')")
    nerve = default_colours().nerve
    page.wait_for_function(
        "() => { const g = document.querySelector('.js-plotly-plot');"
        f" return g.data.find(t => t.name === 'sciatic_nerve_r').color === '{nerve}'; }}"
    )
    assert graph(page, "g.data.find(t => t.name === 'piriformis_r').visible") is not False
    assert colour_of(page, "piriformis_r") == picked
    assert not graph(page, "g.data.find(t => t.name === 'gluteus_medius_r').visible")
    names = graph(page, "(g.layout.scene.annotations || []).map(a => a.name)")
    assert names == ["piriformis_r"]
    screenshot(page, "bones_and_nerves_with_a_pick")


def test_instructor_mode_large_text_and_keyboard(projector_page, voila_url, screenshot):
    page = projector_page
    open_dashboard(page, voila_url, "?mode=instructor")
    wait_for_mode(page, "instructor")
    page.fill(".t-search input", "sciatic")
    page.click(".t-suggestion-sciatic-nerve-r")
    page.wait_for_selector(".t-card dt")
    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.t-card dd')).fontSize)"
    )
    assert size >= 28, f"body text {size}px on the projector"
    modebar = page.locator(".modebar-btn").all()  # plotly's own bar: nothing sends the figure
    assert modebar and not [b for b in modebar if "Share" in (b.get_attribute("data-title") or "")]
    assert wcag_violations(page) == []
    page.locator(".js-plotly-plot").click(position={"x": 5, "y": 5})  # focus leaves the box
    page.keyboard.press("2")  # second view: from the front
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot')._fullLayout.scene.camera.eye.y > 0"
    )
    page.keyboard.press("3")
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot')._fullLayout.scene.camera.eye.x > 0.5"
    )
    walk_the_parts_shown(page)
    page.keyboard.press("?")
    page.wait_for_selector(".t-help-overlay", state="visible")
    assert "Search" in page.inner_text(".t-help-overlay")
    rows = page.evaluate(
        "() => [...document.querySelectorAll('.t-help-overlay dt')].map(dt => {"
        " const k = dt.getBoundingClientRect(), d = dt.nextElementSibling.getBoundingClientRect();"
        " return [k.top, d.top, k.right, d.left]; })"
    )
    assert len(rows) >= 8
    for key_top, text_top, key_right, text_left in rows:  # each key beside what it does
        assert abs(key_top - text_top) < 6 and key_right <= text_left
    screenshot(page, "help")
    assert wcag_violations(page) == []
    page.keyboard.press("Escape")
    page.wait_for_selector(".t-help-overlay", state="hidden")
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.closest('.t-search') !== null")
    page.keyboard.press("Escape")  # leaves the box and resets
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot')._fullLayout.scene.camera.eye.y < 0"
    )
    wait_for_colour(page, "sciatic_nerve_r", grey=False)  # nothing picked: all in colour
    screenshot(page)


def walk_the_parts_shown(page) -> None:
    """`]` and `[`: the parts shown one by one, the picked one first; each named in the view in
    a box in the focus ring's colour, inside the view, and read out with its card."""
    said = ".t-view-said"
    page.keyboard.press("]")
    page.wait_for_function(f"() => document.querySelector('{said}').innerText.startsWith("
                           "'Part 1 of ')")  # fmt: skip
    first = page.inner_text(said)
    assert re.match(r"Part 1 of \d+, highlighted: Sciatic nerve \(right\)\. .*Origin: ", first)
    assert boxed_name(page) == "Sciatic nerve (right)"
    page.keyboard.press("]")
    page.wait_for_function(f"() => document.querySelector('{said}').innerText.startsWith("
                           "'Part 2 of ')")  # fmt: skip
    second = page.inner_text(said).split(": ", 1)[1].split(". ")[0]
    page.wait_for_function("(name) => (document.querySelector('.js-plotly-plot')._fullLayout"
                           ".scene.annotations || []).some(a => a.text.replace(/<br>/g, ' ')"
                           " === name)", arg=second)  # fmt: skip
    assert boxed_name(page).replace("<br>", " ") == second
    page.keyboard.press("[")
    page.wait_for_function(f"() => document.querySelector('{said}').innerText.startsWith("
                           "'Part 1 of ')")  # fmt: skip


def boxed_name(page) -> str:
    """The text of the one name in the view boxed in the focus ring's colour (colours.yaml),
    which must lie inside the view (lines broken by <br>); waits for it."""
    focus = default_colours().focus.lstrip("#")
    rgb = f"rgb({int(focus[:2], 16)}, {int(focus[2:4], 16)}, {int(focus[4:], 16)})"
    found = page.wait_for_function(
        """(rgb) => {
          const plot = document.querySelector('.js-plotly-plot');
          const view = plot.getBoundingClientRect();
          const boxed = [...plot.querySelectorAll('g.annotation-text-g')].filter((g) => {
            const bg = g.querySelector('rect.bg');
            return bg && getComputedStyle(bg).stroke === rgb
              && parseFloat(getComputedStyle(bg).strokeWidth) >= 3;
          });
          if (boxed.length !== 1) return null;
          const box = boxed[0].querySelector('rect.bg').getBoundingClientRect();
          const inside = box.left >= view.left && box.right <= view.right
            && box.top >= view.top && box.bottom <= view.bottom && box.width > 20;
          return inside ? boxed[0].querySelector('text').dataset.unformatted : null;
        }""",
        arg=rgb,
    )
    return found.json_value()


def test_unknown_mode_is_named_and_the_page_keeps_working(desktop_page, voila_url):
    page = desktop_page
    open_dashboard(page, voila_url, "?mode=nonsense")
    page.wait_for_selector(".t-message:has-text('nonsense')")
    page.click(".t-item-piriformis")
    wait_for_colour(page, "gluteus_medius_r", grey=True)
    assert colour_of(page, "piriformis_r") not in CONTEXTS


def non_white_share(page) -> float:
    """The share of the plot's pixels that are not the page's white (the model and the skin)."""
    import io

    import numpy as np
    from PIL import Image

    page.evaluate("() => document.activeElement.blur()")
    png = page.locator(".js-plotly-plot").screenshot()
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return float(((255 - rgb).max(axis=2) > 12).mean())


def test_a_client_sees_the_skin_and_a_landmark_under_it_then_a_part_in_plain_words(
    tablet_page, voila_url, screenshot
):
    """Skin (beside Layers, a thumb's size) draws the body's surface over everything, faint:
    the picture gains the body's outline around the muscles; a bony landmark searched for is
    marked and named under it, on screen; Reset takes the skin away. On the client's tablet,
    by touch (the desktop's button is the same widget). Then, on the same page, a part picked
    by its button is shown in plain words, and every control is a thumb's size, named and
    reachable with Tab."""
    page, kind = tablet_page, "tablet"
    open_dashboard(page, voila_url, "?mode=client")
    graph(page, "g.layout.meta.pose")  # the figure is up
    page.wait_for_timeout(1500)
    before = non_white_share(page)
    button = page.locator(".t-skin")
    box = button.bounding_box()
    assert box["height"] >= 48  # a client's thumb
    button.tap()
    page.wait_for_function(
        "() => { const g = document.querySelector('.js-plotly-plot');"
        " const t = g.data.find((t) => t.name === 'skin');"
        " return t && t.visible === true && t.x.length > 0 && g.layout.meta.skin; }"
    )
    page.wait_for_timeout(1500)
    assert graph(page, "g.data.find((t) => t.name === 'skin').opacity") < 0.5
    assert non_white_share(page) > before * 1.1  # the outline round the muscles
    page.fill(".t-search input", "dimple")  # the client's word for the PSIS
    page.locator(".t-suggestions button").first.click()
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')"
                           ".layout.scene.annotations?.length === 1")  # fmt: skip
    assert graph(page, "g.layout.meta.skin") is True  # picking keeps the skin
    mark = page.locator(".js-plotly-plot g.annotation-scene text.annotation-text").first
    mark.wait_for()
    where, plot = mark.bounding_box(), page.locator(".js-plotly-plot").bounding_box()
    assert plot["x"] <= where["x"] and where["x"] + where["width"] <= plot["x"] + plot["width"]
    assert plot["y"] <= where["y"] and where["y"] + where["height"] <= plot["y"] + plot["height"]
    screenshot(page, kind)
    page.locator(".t-reset").click()
    page.wait_for_function("() => !document.querySelector('.js-plotly-plot').layout.meta.skin")
    assert not page.locator(".t-skin").evaluate("b => b.classList.contains('mod-active')")
    # Then a part by its button, in plain words; every control a thumb's size and named
    page.tap(".t-item-gluteus-medius")
    wait_for_colour(page, "piriformis_r", grey=True)  # everything else turns grey
    assert colour_of(page, "gluteus_medius_r") not in CONTEXTS
    assert colour_of(page, "gluteus_medius_l") not in CONTEXTS  # both sides by default
    assert colour_of(page, "piriformis_r") in CONTEXTS
    # the card comes in its own message, which may land a moment after the colours
    page.wait_for_selector(".t-card:has-text('side-hip muscle')")
    text = page.inner_text("body").lower()
    for word in ("innervation", "insertion", "origin"):
        assert word not in text, f"client mode shows '{word}'"
    small = page.evaluate(
        "() => [...document.querySelectorAll('.glutelib button')]"
        ".filter(b => b.offsetParent !== null)"
        ".map(b => { const r = b.getBoundingClientRect();"
        " return [b.innerText || b.title, r.width, r.height]; })"
        ".filter(([, w, h]) => w < 48 || h < 48)"
    )
    assert small == [], f"buttons under 48 px: {small}"
    # every control has an accessible name and is reachable with Tab
    unnamed = page.evaluate(
        "() => [...document.querySelectorAll('.glutelib button, .glutelib input')]"
        ".filter(e => e.offsetParent !== null)"
        ".filter(e => !((e.innerText || '').trim() || e.title || e.getAttribute('aria-label')"
        " || e.placeholder) || e.tabIndex < 0).map(e => e.outerHTML.slice(0, 80))"
    )
    assert unnamed == [], f"controls without a name or out of the tab order: {unnamed}"
    assert wcag_violations(page) == []
    screenshot(page, "client")
