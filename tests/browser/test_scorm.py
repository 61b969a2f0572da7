"""The lesson as a learning platform runs it (SCORM 1.2): the package's manifest names the
lesson, a page stands in for the platform with scorm-again (an LMS-side SCORM runtime, from
npm) as its API, and the lesson reports a walkthrough seen through and a quiz's score."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from glutelib.lesson.scorm import MANIFEST, write_scorm
from tests.browser.test_lesson import _asked, _question, lesson_data

ROOT = Path(__file__).resolve().parents[2]
SCORM_AGAIN = ROOT / "build/testing/node_modules/scorm-again/dist/scorm12.min.js"  # make test
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
      "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}  # fmt: skip
HOST = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A learning platform</title>
<script src="scorm12.min.js"></script>
<script>
  window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
  window.finished = false;
  window.API.on("LMSFinish", () => { window.finished = true; });
</script></head>
<body style="margin: 0">
<iframe id="sco" title="lesson" src="package/{href}#condition=pregnancy&amp;step=1&amp;mode=student"
        style="width: 1366px; height: 768px; border: 0"></iframe>
</body></html>
"""


@pytest.fixture
def platform(lesson, tmp_path) -> Iterator[str]:
    """The package unpacked on a web server on 127.0.0.1 beside a page with the SCORM API;
    the page's address."""
    package = write_scorm(tmp_path / "glutelib-lesson-scorm12.zip", lesson)
    site = tmp_path / "site"
    with zipfile.ZipFile(package) as z:
        assert sorted(z.namelist()) == sorted([MANIFEST, lesson.name])  # nothing else in it
        z.extractall(site / "package")
    resource = ET.parse(site / "package" / MANIFEST).find(".//cp:resource", NS)
    assert resource.get(f"{{{NS['adlcp']}}}scormtype") == "sco"
    href = resource.get("href")
    assert (site / "package" / href).is_file()
    shutil.copy(SCORM_AGAIN, site / "scorm12.min.js")
    (site / "host.html").write_text(HOST.replace("{href}", href), "utf-8")
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/host.html"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_in_a_platform_a_walkthrough_seen_through_completes_it_and_a_quiz_scores(
    browser, platform, lesson
):
    data = lesson_data(lesson)
    steps = next(len(c["steps"]) for c in data["conditions"] if c["id"] == "pregnancy")
    context = browser.new_context(viewport={"width": 1400, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(30_000)
    value = "(key) => window.API.LMSGetValue(key)"
    try:
        page.goto(platform)
        frame = page.wait_for_selector("#sco").content_frame()
        frame.wait_for_selector("#glutelib[data-ready=true]", timeout=60_000)
        assert page.evaluate(value, "cmi.core.lesson_status") == "incomplete"
        for n in range(2, steps + 1):
            assert page.evaluate(value, "cmi.core.lesson_status") == "incomplete"
            frame.click(".t-next")
            frame.wait_for_selector(f".t-step-shown[data-step='pregnancy/{n}']", state="attached")
        page.wait_for_function("() => API.LMSGetValue('cmi.core.lesson_status') === 'completed'")
        assert page.evaluate(value, "cmi.core.score.raw") == ""  # no quiz yet: no score

        frame.evaluate("() => { location.hash = '#quiz=mechanisms&mode=student'; }")
        missed = False
        while True:
            frame.wait_for_selector(".t-choice-1:visible:not([disabled]), .t-quiz-prompt h3"
                                    ":has-text('Done')")  # fmt: skip
            if "Done" in frame.inner_text(".t-quiz-prompt h3"):
                break
            asked = _question(data, "mechanisms", *_asked(frame))
            wrong = next(n for n in range(len(asked["choices"])) if n != asked["answer"])
            frame.click(f".t-choice-{(asked['answer'] if missed else wrong) + 1}")
            missed = True  # the first answer wrong, every other right
            frame.wait_for_selector(".t-quiz-feedback p")
            frame.click(".t-quiz-next")
        said = frame.inner_text(".t-quiz-prompt h3")
        right, asked_n = (int(w) for w in said.split(":")[1].split(" right")[0].split(" of "))
        assert asked_n == data["quiz"]["length"] and right == asked_n - 1, said
        page.wait_for_function("() => API.LMSGetValue('cmi.core.score.raw') !== ''")
        assert page.evaluate(value, "cmi.core.score.raw") == str(round(100 * right / asked_n))
        assert page.evaluate(value, "cmi.core.lesson_status") == "completed"
        assert not page.evaluate("window.finished")
        page.evaluate("() => document.getElementById('sco').remove()")  # the learner leaves
        page.wait_for_function("() => window.finished === true")
        assert not errors, errors
    finally:
        context.close()
