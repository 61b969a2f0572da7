"""Screenshots of the dashboard as people see it, to look at before calling a change done.

    python scripts/screens.py OUT SHOT [SHOT ...]

Each SHOT is `screen@query[@keys]`: a screen of SCREENS, the page's query string, and keys
pressed after the page has drawn (comma-separated Playwright key names). For example
`proj720@?mode=instructor&condition=hip_rotators@ArrowRight` saves OUT/01-proj720.png.
Starts its own Voila on 127.0.0.1 (as the browser tests do) and stops it at the end.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from glutelib.testing.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    local_only,
    open_dashboard,
    start_voila,
    stop_voila,
)

SCREENS = {  # name -> Playwright context options
    "proj1080": dict(viewport={"width": 1920, "height": 1080}),
    "proj720": dict(viewport={"width": 1280, "height": 720}),
    "tablet": dict(viewport={"width": 1024, "height": 768}, has_touch=True, is_mobile=True),
    "portrait": dict(viewport={"width": 768, "height": 1024}, has_touch=True, is_mobile=True),
    "laptop": dict(viewport={"width": 1366, "height": 768}),
}
SETTLE_S = 4  # for the kernel's answer to a key and plotly's redraw


def main(out: Path, shots: list[str]) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_voila(ROOT / "notebooks" / "dashboard.ipynb", Path(tmp))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                for n, shot in enumerate(shots, 1):
                    screen, query, *keys = shot.split("@")
                    context = browser.new_context(**SCREENS[screen])
                    page = context.new_page()
                    page.route("**/*", local_only)
                    page.set_default_timeout(120_000)
                    open_dashboard(page, url, query)
                    time.sleep(SETTLE_S)
                    for key in ",".join(keys).split(",") if keys else []:
                        page.keyboard.press(key)
                        time.sleep(SETTLE_S)
                    path = out / f"{n:02d}-{screen}.png"
                    page.screenshot(path=str(path))
                    print(path, flush=True)
                    context.close()
        finally:
            stop_voila(proc)
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))
