"""What the words name, the picture shows (issue 30 item 1), measured in the real page: every
walkthrough step of the offline lesson in each audience at its screen, drawn once more as an
ID pass (each opaque trace one flat colour, no shading, no names, see-through zones left out)
whose pixels are counted per structure. Every thing a step names (glutelib.visibility's
named_in: a highlighted structure or pair, a marked landmark's bone) covers at least
visibility.MIN_SHARE of the 3D view. The zones, see-through, are measured in Python
(tests/anatomy/test_visibility.py)."""

from __future__ import annotations

import pytest

from glutelib.visibility import MIN_SHARE, named_in
from glutelib.zones import zone_in
from tests.browser.test_lesson import PEOPLE, Offline

pytestmark = pytest.mark.browser

# The shown frame drawn once more in place, each opaque trace in a flat colour coding its place
# (r: 40 + 10 * (n % 20), g: 40 + 40 * (n // 20), b: 128), see-through ones and the names
# left out, read back from WebGL straight after the draw; returns {trace name: pixels} and
# the pixels in all. The player's next frame restyles every trace and the names again.
ID_PASS = """async () => {
  const gd = document.getElementById('glutelib-figure');
  const names = [], colours = [], visible = [];
  gd.data.forEach((t) => {
    const opaque = t.visible !== false && !(t.opacity < 1);
    const n = opaque ? names.push(t.name) - 1 : -1;
    colours.push(`rgb(${40 + 10 * (n % 20)}, ${40 + 40 * Math.floor(n / 20)}, 128)`);
    visible.push(opaque);
  });
  const flat = { ambient: 1, diffuse: 0, specular: 0, roughness: 1, fresnel: 0 };
  await Plotly.update(gd, { color: colours, visible, flatshading: true, lighting: flat },
    { 'scene.annotations': [] });
  const scene = gd._fullLayout.scene._scene;
  scene.glplot.redraw();
  const gl = scene.glplot.gl;
  const w = gl.drawingBufferWidth, h = gl.drawingBufferHeight;
  const px = new Uint8Array(w * h * 4);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
  const counts = {};
  for (let i = 0; i < px.length; i += 4) {
    if (Math.abs(px[i + 2] - 128) > 2) continue;
    const col = (px[i] - 40) / 10, row = (px[i + 1] - 40) / 40;
    const [c, q] = [Math.round(col), Math.round(row)];
    if (Math.abs(col - c) > 0.2 || Math.abs(row - q) > 0.05 || c < 0 || c > 19) continue;
    const name = names[q * 20 + c];
    if (name !== undefined) counts[name] = (counts[name] || 0) + 1;
  }
  return { counts, total: w * h };
}"""


def _shares(page, mode: str, cid: str, number: int) -> tuple[dict[str, float], int]:
    """Each opaque trace's share of the 3D view at this step, and the view's pixels."""
    drawn = "() => Number(document.getElementById('glutelib').dataset.drawn || 0)"
    before = page.evaluate(drawn)
    page.evaluate("(a) => { location.hash = a; }", f"#mode={mode}&condition={cid}&step={number}")
    page.wait_for_selector(f".t-step-shown[data-step='{cid}/{number}']", state="attached")
    page.wait_for_function(f"() => ({drawn})() > {before}")  # this step's frame drawn
    found = page.evaluate(ID_PASS)
    return {k: v / found["total"] for k, v in found["counts"].items()}, found["total"]


@pytest.mark.parametrize("mode", list(PEOPLE))
def test_every_step_shows_what_it_names_in_the_page(browser, lesson, library, mode):
    o = Offline(browser, lesson, **PEOPLE[mode])
    page = o.page
    last = list(library.conditions.values())[-1]
    o.open(f"#mode={mode}&condition={last.id}&step={len(last.steps)}")  # then step 1 is news
    faults, lowest = [], []
    for cid, condition in library.conditions.items():
        for number, step in enumerate(condition.steps, 1):
            named = named_in(library, step.highlight, (), step.marks)
            if not named:
                continue  # nothing to find (the closing steps)
            shares, total = _shares(page, mode, cid, number)
            for group in named:
                if any(zone_in(k) for k in group):
                    continue
                best = max(group, key=lambda k: shares.get(k, 0.0))
                share = shares.get(best, 0.0)
                lowest.append((share, cid, number, best))
                if share < MIN_SHARE:
                    where = f"{cid} step {number} ({mode})"
                    faults.append(f"{where}: {' / '.join(group)} covers {share:.3%} of the view "
                                  f"({share * total:.0f} px)")  # fmt: skip
    for share, cid, number, key in sorted(lowest)[:3]:
        print(f"{mode}: least seen {key} at {cid} step {number}: {share:.3%}")
    o.close()
    assert not faults, "\n".join(faults)
