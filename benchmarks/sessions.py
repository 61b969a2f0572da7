#!/usr/bin/env python
"""Many people at once: N browser sessions step through walkthroughs on one Voila server.

    .venv/bin/python benchmarks/sessions.py --sessions 20

Each session opens a different walkthrough (by deep link), steps through every step with
Next, and checks after each press that its own figure shows its own step (layout.meta).
Reports errors (where each failed session stood and what its page showed), wall time
(bounded: each session stops itself at --limit seconds), kernel memory per session and
Voila's own errors; progress goes to stderr as it happens. `--url` drives a server that is
already running (a class server, with the browsers on another machine); kernel memory is
then not measured. Each session has its own Chromium: one browser keeps at most 16 live
WebGL contexts and drops the oldest. A benchmark, not a test: the browsers run on this
machine too, and each costs ~10 s of CPU, drawing in software.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from glutelib.conditions import load_conditions  # noqa: E402
from glutelib.testing.browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    KernelTraffic,
    kernels_rss_mb,
    start_voila,
    stop_voila,
)

PAGE_STATE = """() => { const g = document.querySelector('.js-plotly-plot');
    const p = document.querySelector('.t-progress');
    return {meta: g && g.layout && g.layout.meta, progress: p && p.innerText,
            canvas: !!document.querySelector('.js-plotly-plot .gl-container canvas'),
            text: document.body.innerText.slice(0, 200)}; }"""


async def session(
    p, url: str, n: int, conditions, results: list, delay: float, viewport, limit: float
) -> None:
    """One person: their own browser (Chromium keeps at most 16 live WebGL contexts per
    browser and drops the oldest, so pages sharing one browser lose their 3D), one page.
    Gives up at `limit` s after the run began, saying where it was and what the page showed."""
    from playwright.async_api import Error

    await asyncio.sleep(delay)  # people arrive over a minute or so, not in the same instant
    t0 = time.perf_counter()

    def say(what: str) -> None:  # progress, live, on stderr
        print(f"{time.perf_counter() - t0:6.1f}s session {n}: {what}", file=sys.stderr)

    cid = list(conditions)[n % len(conditions)]
    steps = conditions[cid].steps
    browser = await p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=CHROMIUM_ARGS)  # fmt: skip
    width, height = viewport
    page = await browser.new_page(viewport={"width": width, "height": height})
    traffic = KernelTraffic(page)  # the kernel's errors, which the page does not show
    console: list[str] = []  # the page's own errors, for a session that fails
    page.on("console", lambda m: console.append(f"{m.type}: {m.text[:200]}")
            if m.type == "error" and "Failed to load resource" not in m.text else None)  # fmt: skip
    host = urlsplit(url).hostname  # nothing else is fetched (Voila links a font CDN)
    await page.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).hostname == host
                     else r.abort())  # fmt: skip
    start, errors, stage = time.perf_counter(), [], "loading"

    async def walk() -> None:
        nonlocal stage
        await page.goto(f"{url}?mode=client&condition={cid}", wait_until="commit")
        await page.wait_for_selector(".js-plotly-plot .gl-container canvas", timeout=0)
        say("canvas")
        for number, step in enumerate(steps, start=1):
            stage = f"step {number}"
            if number > 1:
                # A person's tap: Playwright's usual wait for two steady animation frames
                # first is a harness cost here, where every frame is drawn in software.
                await page.click(".t-next", force=True, timeout=0)
            await page.wait_for_function(
                "([pose, hl, label]) => { const g = document.querySelector('.js-plotly-plot');"
                " const m = g && g.layout.meta; const p = document.querySelector('.t-progress');"
                " return m && m.pose === pose && JSON.stringify(m.highlighted) === hl"
                " && p && p.innerText.includes(label); }",
                arg=[step.pose, json.dumps(sorted(step.highlight), separators=(",", ":")),
                     f"Step {number} of {len(steps)}"], timeout=0,
            )  # fmt: skip
            say(stage)

    try:  # the whole walk stops at the run's limit, wherever it is
        await asyncio.wait_for(walk(), timeout=max(1.0, limit - delay))
    except (Error, TimeoutError) as exc:
        try:
            seen = await asyncio.wait_for(page.evaluate(PAGE_STATE), timeout=10)
        except (Error, TimeoutError):
            seen = "nothing (the page did not answer)"
        what = f"{type(exc).__name__} {exc}".splitlines()[0]
        errors.append(f"session {n} ({cid}) at {stage}: {what}; the page shows {seen}; "
                      f"its console: {console[-5:]}")  # fmt: skip
    errors += [f"session {n} ({cid}): kernel error {e}" for e in traffic.errors]
    results.append({"session": n, "condition": cid, "seconds": time.perf_counter() - start,
                    "errors": errors})  # fmt: skip
    await browser.close()


async def run(
    sessions: int, limit: float, arrival: float, viewport: tuple[int, int], url: str | None
) -> dict:
    """Against `url` (a class server; the browsers run here), or a Voila started here."""
    from playwright.async_api import async_playwright

    conditions = load_conditions()
    results: list = []
    rss: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = (
            (None, url) if url else start_voila(ROOT / "notebooks" / "dashboard.ipynb", Path(tmp))
        )
        try:
            async with async_playwright() as p:
                start = time.perf_counter()
                tasks = [session(p, url, n, conditions, results, n * arrival, viewport, limit)
                         for n in range(sessions)]  # fmt: skip
                try:  # each session stops itself at the limit; this is a backstop
                    await asyncio.wait_for(asyncio.gather(*tasks), timeout=limit + 60)
                    finished = all(not r["errors"] for r in results)
                except TimeoutError:
                    finished = False
                wall = time.perf_counter() - start
                rss = kernels_rss_mb(proc) if proc else []
        finally:
            if proc:
                stop_voila(proc)
        log = Path(tmp) / "voila.log"
        problems = [line for line in log.read_text().splitlines()
                    if " E " in line or "Error" in line] if log.exists() else []  # fmt: skip
    errors = [e for r in results for e in r["errors"]]
    return {
        "server": url if proc is None else "started here", "sessions": sessions,
        "arrival_s": arrival, "viewport": list(viewport),
        "finished": finished and len(results) == sessions,
        "completed": len(results), "errors": errors, "wall_s": round(wall, 1),
        "slowest_session_s": round(max((r["seconds"] for r in results), default=0), 1),
        "kernels": len(rss), "kernel_rss_mb_mean": round(sum(rss) / len(rss), 1) if rss else None,
        "kernel_rss_mb_total": round(sum(rss), 1), "server_errors": problems[-20:],
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--limit", type=float, default=600.0, help="stop after this many s")
    parser.add_argument("--arrival", type=float, default=0.0, help="s between arrivals")
    parser.add_argument("--viewport", default="1024x768", help="each page's size, WxH")
    parser.add_argument("--url", help="a running dashboard, e.g. http://class-server:8866/")
    args = parser.parse_args(argv)
    viewport = tuple(int(n) for n in args.viewport.split("x"))
    report = asyncio.run(run(args.sessions, args.limit, args.arrival, viewport, args.url))
    print(json.dumps(report, indent=1))
    out = ROOT / "benchmarks" / "results" / f"sessions-{args.sessions}.json"
    out.write_text(json.dumps(report, indent=1) + "\n")
    return 0 if report["finished"] and not report["errors"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
