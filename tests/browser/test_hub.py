"""A class on a real JupyterHub (deploy/jupyterhub/, issue 16): three students log in through
the proxy, log in together, each steps a walkthrough, one logs out and their server stops.

The hub, its configurable-http-proxy (npm, `make test` installs it) and each student's
single-user server are the real ones `make class` starts; only the ports and the folder
differ. Each student's memory (their server and its dashboard kernel) and the time from
login to the 3D view go to tests/artifacts/hub.json (README: For a class).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from .conftest import ARTIFACTS, ROOT, VIEWPORTS, _local_only, free_port, unseen

CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY = ROOT / "build" / "hub" / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "massage-class-2026"
STUDENTS = ("ana", "ben", "chloe")
DRAWN = ".js-plotly-plot .gl-container canvas"  # the 3D view is on the page


def three_free_ports() -> int:
    """A port whose next two are free too (the hub's API and the proxy's take them)."""
    for _ in range(50):
        port = free_port()
        if port < 65000 and all(_free(port + n) for n in (1, 2)):
            return port
    raise RuntimeError("no three free ports in a row")


def _free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[tuple[subprocess.Popen, str, Path]]:
    if not PROXY.exists():
        pytest.fail(f"{PROXY} is missing: run `make test` (it installs the proxy from npm)")
    state = tmp_path_factory.mktemp("hub")
    port = three_free_ports()
    env = {**os.environ, "GLUTELIB_CLASS_PASSWORD": PASSWORD, "GLUTELIB_HUB_PORT": str(port),
           "GLUTELIB_CHP": str(PROXY), "GLUTELIB_MAX_STUDENTS": "4"}  # fmt: skip
    with open(state / "hub.log", "w") as log:
        proc = subprocess.Popen(
            [str(Path(os.sys.executable).parent / "jupyterhub"), "-f", str(CONFIG)],
            cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, f"the hub exited; see {state / 'hub.log'}"
        try:
            urllib.request.urlopen(url + "hub/login", timeout=2).close()
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            assert time.monotonic() < deadline, "the hub did not answer within 60 s"
            time.sleep(0.5)
    yield proc, url, state
    for child in psutil.Process(proc.pid).children():  # the idle culler takes ~30 s to stop
        if "jupyterhub_idle_culler" in " ".join(child.cmdline()):
            child.kill()
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()


def server_of(hub_proc: subprocess.Popen, state: Path, name: str) -> psutil.Process | None:
    """The student's single-user server: a process of the hub's, working in their home."""
    home = str(state / "homes" / name)
    for p in psutil.Process(hub_proc.pid).children(recursive=True):
        try:
            if "jupyterhub-singleuser" in " ".join(p.cmdline()) and p.cwd() == home:
                return p
        except psutil.NoSuchProcess:
            continue
    return None


def memory_mb(server: psutil.Process) -> float:
    """Resident memory of a student's server and its kernels (the kernel of a page just
    left may still be ending)."""
    return sum(p.memory_info().rss for p in [server, *server.children(recursive=True)]) / 2**20


def sign_in(page, url: str, name: str) -> float:
    """Log in as a student would, up to pressing Sign in (when: the returned clock)."""
    page.goto(url + "hub/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    start = time.monotonic()
    page.get_by_role("button", name="Sign in").click(no_wait_after=True)
    return start


def test_three_students_log_in_through_the_proxy_each_steps_and_one_logs_out(hub, browser):
    proc, url, state = hub
    figures, pages, signed_in = {}, {}, {}
    for name in STUDENTS:  # the class logs in together, as at the start of a lesson
        context = browser.new_context(**VIEWPORTS["desktop"])
        page = context.new_page()
        page.route("**/*", _local_only)
        page.set_default_timeout(120_000)
        signed_in[name] = sign_in(page, url, name)
        pages[name] = page
    deadline = time.monotonic() + 180
    while len(figures) < len(pages):  # each page looked at in turn, so each time is its own
        assert time.monotonic() < deadline, (
            f"no 3D view within 180 s for {set(pages) - set(figures)}"
        )
        for name, page in pages.items():
            if name not in figures and page.locator(DRAWN).first.is_visible():
                figures[name] = {"login_to_3d_s": round(time.monotonic() - signed_in[name], 1)}
        time.sleep(0.25)
    for name, page in pages.items():
        assert page.url.startswith(f"{url}user/{name}/voila/render/dashboard.ipynb")
    for name, page in pages.items():  # each steps on their own server, in their own kernel
        page.click(".t-section >> text=Conditions")  # on the page the login opened
        page.wait_for_selector(".t-step-title")
        first = page.inner_text(".t-step-title")
        page.click(".t-next")
        page.wait_for_function("(t) => document.querySelector('.t-step-title').innerText !== t",
                               arg=first)  # fmt: skip
        page.click(".t-next")
        page.wait_for_selector(".t-progress:has-text('Step 3 of')")
        assert "step=3" in page.url  # the address follows, under the hub's prefix
        assert unseen(page) == [], name
        assert page.locator("#glutelib-fault").count() == 0
        server = server_of(proc, state, name)
        assert server is not None, name
        figures[name]["memory_mb"] = round(memory_mb(server))
        figures[name]["processes"] = 1 + len(server.children(recursive=True))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "hub.json").write_text(json.dumps(figures, indent=1) + "\n")
    print(figures)

    leaving = pages["ana"]
    student_runs_no_code(leaving, f"{url}user/ana/")
    leaving.goto(url + "hub/logout")
    leaving.wait_for_selector("input[name=username]")  # back at the login page
    deadline = time.monotonic() + 30
    while server_of(proc, state, "ana") is not None:
        assert time.monotonic() < deadline, "ana's server still runs 30 s after logging out"
        time.sleep(0.5)
    assert server_of(proc, state, "ben") and server_of(proc, state, "chloe")
    pages["ben"].click(".t-next")  # the others' dashboards carry on
    pages["ben"].wait_for_selector(".t-progress:has-text('Step 4 of')")
    for page in pages.values():
        page.context.close()


def test_the_hub_asks_for_a_login_first(hub):
    with urllib.request.urlopen(hub[1] + "user/ana/voila/render/dashboard.ipynb", timeout=30) as r:
        assert "/hub/login" in r.url  # sent to log in, whatever the address


def student_runs_no_code(page, base: str) -> None:
    """No JupyterLab, no terminal, and no writing a notebook Voila would then run."""
    for path in ("lab", "tree", "terminals/websocket/1", "api/terminals"):
        assert page.request.get(base + path).status in (403, 404), path
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    put = page.request.put(base + "api/contents/evil.ipynb", headers={"X-XSRFToken": xsrf},
                           data=json.dumps({"type": "notebook", "content": {}}))  # fmt: skip
    assert put.status == 403 and "read-only" in put.text(), put.text()[:300]
