#!/usr/bin/env python
"""A class's load on one dashboard server, without browsers: what the server can hold.

    make bench-load        # N = 10, 30, then the largest N (to 40) with p95 <= 500 ms
    .venv/bin/python benchmarks/load.py --sessions 10 30 --think 6 --no-search

The browser benchmark (`sessions.py`) measures this machine's software WebGL, not the server:
twenty Chromiums drawing on two cores. Here each session is what a page sends, over HTTP and
the kernel's websocket, and nothing is drawn:

1. GET the dashboard's address (`?mode=client&condition=<id>`): Voila starts a kernel and
   runs the notebook; the page names the kernel and sets the cookies.
2. Connect the kernel's websocket with those cookies and ask for every widget's state as
   ipywidgets' page does (the `jupyter.widget.control` comm).
3. Tell the bridge the page's address and the 3D view's size, as `bridge.js` does.
4. Press Next (the button's click message) through the walkthrough, reading each step for
   --think s on average (uniform from half to one and a half times). A step's latency runs
   from the click to the kernel going idle after it, when every update it sent has arrived;
   the progress text must then name the step pressed to, or the step counts as an error.
5. Close as a tab does: the shutdown request with the `_xsrf` cookie.

Not sent: plotly's acknowledgements of each figure update (the page trims them to ~1 kB a
Next). Sessions open `--arrival` s apart, like a class sitting down; latency is measured once
every session of a round is open. A warm-up round first steps each walkthrough once, so the
poses are cached as on a server after its first class. Each round, every step and the whole
run are bounded in time (--limit), the count by --max-sessions; it stops by itself, and its
Voila (started here on 127.0.0.1) stops with it. Writes benchmarks/results/load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from tornado.httpclient import AsyncHTTPClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from glutelib.app import serve  # noqa: E402
from glutelib.conditions import load_conditions  # noqa: E402
from glutelib.testing.browser import kernels_rss_mb, start_voila, stop_voila  # noqa: E402
from glutelib.testing.kernel_socket import KernelPage, PageError  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "load.json"
TARGET_P95_MS = 500
STEP_TIMEOUT_S = 60  # a Next unanswered this long counts as an error
OPEN_TIMEOUT_S = 180


class Session:
    """One person's page stepping through a walkthrough: its kernel and the widgets a Next
    press touches (found in the widget states by their classes, as the page's CSS does)."""

    def __init__(self, base: str, condition: str, steps: int, view: tuple[int, int]):
        self.condition, self.steps, self.view = condition, steps, view
        self.page = KernelPage(base, f"?mode=client&condition={condition}",
                               on_message=self._received)  # fmt: skip
        self.latencies_ms: list[float] = []
        self.states: dict = {}
        self.control = uuid.uuid4().hex
        self.progress_id = None
        self.progress = ""

    async def open(self) -> float:
        """The page's opening: GET, websocket, widget states, address and view size. Returns
        the seconds it took."""
        start = time.perf_counter()
        page = self.page
        await page.open(OPEN_TIMEOUT_S)
        await page.request("kernel_info_request", {}, "kernel info", OPEN_TIMEOUT_S)
        # ipywidgets' page opens the control comm with its protocol's version (1.x).
        target = {"comm_id": self.control, "target_name": "jupyter.widget.control", "data": {}}
        page.send("comm_open", target, {"version": "1.0.0"})
        await self._comm(self.control, {"method": "request_states"}, "widget states")
        self.next_id = self._model(lambda s: "t-next" in s.get("_dom_classes", ()))
        self.progress_id = self._model(lambda s: "t-progress" in s.get("_dom_classes", ()))
        self.progress = self.states[self.progress_id]["state"].get("value", "")
        bridge = self._model(lambda s: "kernel_keys" in s and "query" in s)
        update = {"method": "update", "state": {"query": page.query}, "buffer_paths": []}
        await self._comm(bridge, update, "the address")
        width, height = self.view
        view = {"method": "custom", "content": {"type": "view", "width": width,
                                                "height": height}}  # fmt: skip
        await self._comm(bridge, view, "the view's size")
        if "Step 1 of" not in self.progress:
            raise PageError(f"opened on {self._said()!r}, not step 1")
        return time.perf_counter() - start

    async def step(self, number: int) -> None:
        """Press Next to step `number` (2...); record how long the kernel took."""
        start = time.perf_counter()
        click = {"method": "custom", "content": {"event": "click"}}
        await self._comm(self.next_id, click, f"step {number}", STEP_TIMEOUT_S)
        self.latencies_ms.append((time.perf_counter() - start) * 1000)
        if f"Step {number} of {self.steps}" not in self.progress:
            raise PageError(f"Next to step {number} shows {self._said()!r}")

    async def _comm(self, comm_id: str, data: dict, what: str,
                    timeout: float = OPEN_TIMEOUT_S) -> None:  # fmt: skip
        await self.page.request("comm_msg", {"comm_id": comm_id, "data": data}, what, timeout)

    def _received(self, msg: dict) -> None:
        if msg["msg_type"] != "comm_msg":
            return
        content = msg["content"]
        data = content.get("data", {})
        if data.get("method") == "update_states" and content.get("comm_id") == self.control:
            self.states = data.get("states", {})
        elif data.get("method") == "update" and content.get("comm_id") == self.progress_id:
            self.progress = data.get("state", {}).get("value", self.progress)

    def _said(self) -> str:
        words = re.sub(r"<[^>]+>", " ", self.progress).replace("\N{BLACK CIRCLE}", " ")
        return " ".join(words.split())[:80]

    def _model(self, test) -> str:
        found = [mid for mid, s in self.states.items() if test(s.get("state", {}))]
        if len(found) != 1:
            raise PageError(f"{len(found)} widgets where the page expects one")
        return found[0]


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100), nearest rank; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


async def one_round(
    base: str, n: int, conditions: dict, args: argparse.Namespace, voila=None
) -> dict:
    """N sessions open, step through their walkthroughs and close; what it cost the server."""
    rng = random.Random(n)
    ids = list(conditions)
    sessions = [
        Session(base, ids[i % len(ids)], len(conditions[ids[i % len(ids)]].steps), args.view)
        for i in range(n)
    ]
    errors: list[str] = []
    opened: list[Session] = []
    open_s: list[float] = []
    deadline = time.monotonic() + args.limit

    async def arrive(i: int, s: Session) -> None:
        await asyncio.sleep(i * args.arrival)
        try:
            open_s.append(await s.open())
            opened.append(s)
        except (PageError, OSError) as exc:
            errors.append(f"session {i} ({s.condition}) opening: {exc}")

    await asyncio.wait_for(
        asyncio.gather(*(arrive(i, s) for i, s in enumerate(sessions))),
        timeout=max(1.0, deadline - time.monotonic()),
    )
    rss = kernels_rss_mb(voila) if voila else []

    async def walk(s: Session) -> None:
        await asyncio.sleep(rng.uniform(0, args.think))  # not all on the same beat
        for number in range(2, s.steps + 1):
            try:
                await s.step(number)
            except (PageError, OSError) as exc:
                errors.append(f"{s.condition} ({s.page.kernel_id[:8]}): {exc}")
                return
            if number < s.steps:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * args.think)

    start = time.perf_counter()
    try:
        await asyncio.wait_for(
            asyncio.gather(*(walk(s) for s in opened)),
            timeout=max(1.0, deadline - time.monotonic()),
        )
    except TimeoutError:
        errors.append(f"the round passed its limit of {args.limit:.0f} s")
    walk_s = time.perf_counter() - start
    rss = (kernels_rss_mb(voila) if voila else []) or rss  # after the steps: poses in memory
    for s in sessions:
        await s.page.close()
        errors += [f"{s.condition}: kernel error {e}" for e in s.page.kernel_errors]
    latencies = [ms for s in opened for ms in s.latencies_ms]
    freed = await kernels_gone(voila) if voila else None
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    return {
        "sessions": n, "opened": len(opened), "steps": len(latencies),
        "step_ms_p50": round(p50) if p50 is not None else None,
        "step_ms_p95": round(p95) if p95 is not None else None,
        "step_ms_max": round(max(latencies)) if latencies else None,
        "open_s_p50": round(statistics.median(open_s), 1) if open_s else None,
        "open_s_max": round(max(open_s), 1) if open_s else None,
        "walk_s": round(walk_s, 1),
        "kernel_rss_mb_mean": round(statistics.mean(rss)) if rss else None,
        "kernel_rss_mb_total": round(sum(rss)) if rss else None,
        "received_kb_per_step": round(
            sum(s.page.received_bytes for s in opened) / 1024 / max(1, len(latencies)), 1
        ),
        "kernels_freed_s": freed, "errors": errors[:20], "error_count": len(errors),
        "ok": not errors and p95 is not None and p95 <= TARGET_P95_MS,
    }  # fmt: skip


async def kernels_gone(voila, timeout: float = 60) -> float | None:
    """Seconds until every kernel of `voila` has ended (None if some are left at `timeout`)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if not kernels_rss_mb(voila):
            return round(time.monotonic() - start, 1)
        await asyncio.sleep(0.5)
    return None


def next_size(done: dict[int, dict], largest: int, grain: int) -> int | None:
    """The next N to try for the largest N that holds: between the largest that held and the
    smallest that did not, to `grain` sessions; None when found."""
    held = [n for n, r in done.items() if r["ok"]]
    failed = [n for n, r in done.items() if not r["ok"]]
    low = max(held, default=0)
    high = min((n for n in failed if n > low), default=largest + 1)
    if high - low <= grain:
        return None
    return low + max(grain, (high - low) // 2 // grain * grain)


async def run(args: argparse.Namespace) -> dict:
    conditions = load_conditions()
    cap = args.max_kernels if args.max_kernels is not None else serve.default_max_kernels()
    largest = min(args.max_sessions, cap)
    rounds: dict[int, dict] = {}
    AsyncHTTPClient.configure(None, max_clients=2 * largest)  # a class's GETs, all at once
    with tempfile.TemporaryDirectory() as tmp:
        if args.url:
            voila, base = None, args.url.rstrip("/") + "/"
        else:
            voila, base = start_voila(
                ROOT / "notebooks" / "dashboard.ipynb", Path(tmp), max_kernels=cap,
                env_extra={"GLUTELIB_CACHE": str(Path(tmp) / "cache")},
            )  # fmt: skip
        if urlsplit(base).hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"{base} is not loopback: the load benchmark runs on loopback only")
        try:
            started = time.monotonic()
            warm = {"steps": 0, "errors": [], "error_count": 0}
            if args.warm_up:
                brisk = argparse.Namespace(**{**vars(args), "think": 0.0})
                warm = await one_round(base, len(conditions), conditions, brisk, voila)
            print(f"warm-up: {warm['steps']} steps, errors {warm['error_count']}", file=sys.stderr)
            sizes = [n for n in args.sessions if n <= largest]
            while sizes and time.monotonic() - started < args.total_limit:
                n = sizes.pop(0)
                rounds[n] = await one_round(base, n, conditions, args, voila)
                r = rounds[n]
                print(f"N={n}: p50 {r['step_ms_p50']} ms, p95 {r['step_ms_p95']} ms, "
                      f"{r['kernel_rss_mb_mean']} MB a kernel, {r['error_count']} errors",
                      file=sys.stderr)  # fmt: skip
                if not sizes and args.search:
                    found = next_size(rounds, largest, args.grain)
                    sizes = [found] if found else []
        finally:
            if voila:
                stop_voila(voila)
    held = [n for n, r in rounds.items() if r["ok"]]
    return {
        "server": args.url or "started here (make dashboard's server, 127.0.0.1)",
        "cap": cap, "think_s": args.think, "arrival_s": args.arrival,
        "view": list(args.view), "target_p95_ms": TARGET_P95_MS,
        "largest_held": max(held, default=None),
        "largest_tried": max(rounds, default=None),
        "rounds": [rounds[n] for n in sorted(rounds)], "warm_up_errors": warm["errors"],
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--no-search", dest="search", action="store_false",
                        help="only the given N, not the largest that holds")  # fmt: skip
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false",
                        help="measure a cold server (no walkthrough stepped before)")  # fmt: skip
    parser.add_argument("--grain", type=int, default=5, help="the search's step in sessions")
    parser.add_argument("--think", type=float, default=6.0, help="mean s between presses")
    parser.add_argument("--arrival", type=float, default=0.5, help="s between arrivals")
    parser.add_argument("--view", default="640x600", help="the 3D view's size, WxH")
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=40,
        help="the most at once (~230 MB a kernel: 40 hold ~9 GB)",
    )
    parser.add_argument("--max-kernels", type=int, help="the server's cap (default: memory)")
    parser.add_argument("--limit", type=float, default=600.0, help="s a round may take")
    parser.add_argument("--total-limit", type=float, default=2400.0, help="s for all rounds")
    parser.add_argument("--url", help="a dashboard already running on this machine")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    args.view = tuple(int(v) for v in args.view.split("x"))
    report = asyncio.run(run(args))
    print(json.dumps(report, indent=1))
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    return 0 if report["rounds"] and all(not r["errors"] for r in report["rounds"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
