"""A class on a real JupyterHub (deploy/jupyterhub/, issue 16): three students log in through
the proxy, log in together, each steps a walkthrough, one logs out and their server stops.
Then the hub holds against a curious student (issue 28): one kernel a student, nothing
written or started through the REST API, malformed kernel frames closed, logout ending the
session, names of sane length, wrong passwords throttled, and a stop within seconds.

The hub, its configurable-http-proxy (npm, `make test` installs it) and each student's
single-user server are the real ones `make class` starts; only the ports and the folder
differ. Each student's memory (their server and its dashboard kernel) and the time from
login to the 3D view go to tests/artifacts/hub.json (README: For a class).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest
import requests
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from glutelib.app.ceilings import V1

from .conftest import ARTIFACTS, ROOT, VIEWPORTS, free_port, local_only, unseen

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
    state = tmp_path_factory.mktemp("hub")
    proc, url = start_hub(state, three_free_ports(), GLUTELIB_CLASS_PASSWORD=PASSWORD)
    yield proc, url, state
    stop_hub(proc)  # test_the_hub_stops_within_seconds may have stopped it


def start_hub(state: Path, port: int, **settings: str) -> tuple[subprocess.Popen, str]:
    """The hub `make class` starts, in `state`, on `port` (and the next two), with these
    GLUTELIB_ settings; its address once it answers."""
    if not PROXY.exists():
        pytest.fail(f"{PROXY} is missing: run `make test` (it installs the proxy from npm)")
    env = {**os.environ, "GLUTELIB_HUB_PORT": str(port), "GLUTELIB_CHP": str(PROXY),
           "GLUTELIB_MAX_STUDENTS": "4", **settings}  # fmt: skip
    with open(state / "hub.log", "w") as log:
        proc = subprocess.Popen(
            [str(Path(os.sys.executable).parent / "jupyterhub"), "-f", str(CONFIG)],
            cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT,
            preexec_fn=_as_a_background_job,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    try:
        while not _answers(url + "hub/login"):
            assert proc.poll() is None, f"the hub exited; see {state / 'hub.log'}"
            assert time.monotonic() < deadline, "the hub did not answer within 60 s"
            time.sleep(0.5)
    except BaseException:
        stop_hub(proc)  # a hub that never answered is not left running
        raise
    return proc, url


def _answers(address: str) -> bool:
    """Whether the hub itself answers at `address`: its page, or a school's 401 (it has no
    login page); a 404 is the proxy's, before the hub has put its routes in."""
    try:
        urllib.request.urlopen(address, timeout=2).close()
        return True
    except urllib.error.HTTPError as error:
        return error.code == 401
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def stop_hub(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()


def _as_a_background_job() -> None:
    """Start the hub as a shell starts `make class &` from a script: SIGINT ignored. (Its
    culler inherited that and ignored the hub's SIGINT: every stop took 30 s.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
        page.route("**/*", local_only)
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
        # The address follows, under the hub's prefix (sent just after the step's words).
        page.wait_for_function("() => location.search.includes('step=3')", timeout=30_000)
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


# --- Issue 28: the hub holds against a curious student (plain HTTP and websockets). ---


def log_in(url: str, name: str, password: str = PASSWORD) -> requests.Session:
    """A student's cookies after the login form (the redirect to their server not followed)."""
    session = requests.Session()
    session.get(url + "hub/login", timeout=30)
    form = {
        "username": name,
        "password": password,
        "_xsrf": session.cookies.get("_xsrf", path="/hub/"),
    }
    session.login = session.post(url + "hub/login", data=form, allow_redirects=False, timeout=30)
    return session


def open_dashboard(session: requests.Session, url: str, name: str) -> str:
    """GET the student's dashboard, starting their server first; its kernel's id."""
    deadline = time.monotonic() + 120
    session.get(url + "hub/spawn", allow_redirects=False, timeout=60)
    while True:
        page = session.get(f"{url}user/{name}/voila/render/dashboard.ipynb", timeout=120)
        found = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.text)
        if found:
            return found.group(1)
        if page.status_code == 424:  # not running (a server a test killed): start it again
            session.get(url + "hub/spawn", allow_redirects=False, timeout=60)
        assert time.monotonic() < deadline, f"no dashboard for {name} within 120 s"
        time.sleep(1)


def api(session: requests.Session, url: str, name: str, method: str, path: str, **kw):
    xsrf = session.cookies.get("_xsrf", path=f"/user/{name}/") or ""
    kw.setdefault("timeout", 60)
    return session.request(method, f"{url}user/{name}/api/{path}",
                           headers={"X-XSRFToken": xsrf}, **kw)  # fmt: skip


def test_a_student_starts_no_kernel_and_writes_no_checkpoint_through_the_api(hub):
    proc, url, state = hub
    student = log_in(url, "dora")
    open_dashboard(student, url, "dora")
    session = {"path": "x.ipynb", "type": "notebook", "kernel": {"name": "python3"}}
    for method, path, body in [
        ("POST", "kernels", {}),  # each of these started a kernel (6 of them: 1.17 GB)
        ("POST", "sessions", session),
        ("POST", "contents/dashboard.ipynb/checkpoints", None),  # wrote .ipynb_checkpoints/
        ("POST", "contents/dashboard.ipynb/checkpoints/checkpoint", None),  # restored it
        ("DELETE", "contents/dashboard.ipynb/checkpoints/checkpoint", None),
    ]:
        answer = api(student, url, "dora", method, path, json=body)
        assert answer.status_code == 403, (method, path, answer.status_code, answer.text[:200])
        assert json.loads(answer.text)["message"] in (
            "The class notebooks are read-only.",
            "A dashboard page starts its own kernel; nothing else may start or change one.",
        )
    assert api(student, url, "dora", "GET", "contents/dashboard.ipynb/checkpoints").json() == []
    assert not (ROOT / "notebooks" / ".ipynb_checkpoints").exists()

    open_dashboard(student, url, "dora")  # a reload, or a second tab: still one kernel
    open_dashboard(student, url, "dora")
    assert len(api(student, url, "dora", "GET", "kernels").json()) == 1
    server = server_of(proc, state, "dora")
    kernels = [p for p in server.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
    assert len(kernels) == 1, kernels
    print({"dora_memory_mb": round(memory_mb(server))})


@pytest.mark.parametrize("protocol", [V1, None], ids=["v1", "legacy"])
def test_a_frame_claiming_more_parts_than_it_holds_closes_its_socket_only(hub, protocol):
    """2**62 parts claimed in a v1 frame held the server's one thread and grew it ~50 MB/s.
    A regression cannot take the machine down: a watchdog kills the server past 1.5 GB, and a
    server left stalled or grown by 200 MB is killed when the test ends."""
    proc, url, state = hub
    student = log_in(url, "dora")
    kernel = open_dashboard(student, url, "dora")
    server = server_of(proc, state, "dora")
    before = server.memory_info().rss
    killed = []

    def watchdog(stop: threading.Event) -> None:
        while not stop.wait(0.2):
            try:
                if server.memory_info().rss > before + 1.5 * 2**30:
                    killed.append(server.memory_info().rss)
                    server.kill()
                    return
            except psutil.NoSuchProcess:
                return

    if protocol == V1:
        frame = (2**62).to_bytes(8, "little") + bytes(64)
    else:
        frame = (2**31 - 1).to_bytes(4, "big") + bytes(64)  # a 2 GB format string
    cookie = "; ".join(f"{c.name}={c.value}" for c in student.cookies)
    ws_url = url.replace("http", "ws", 1) + f"user/dora/api/kernels/{kernel}/channels?session_id=s"

    async def attack() -> tuple[int | None, str | None]:
        ws = await websocket_connect(
            HTTPRequest(ws_url, headers={"Cookie": cookie}, request_timeout=30),
            subprotocols=[protocol] if protocol else None,
        )
        assert ws.selected_subprotocol == protocol
        ws.write_message(frame, binary=True)
        while await asyncio.wait_for(ws.read_message(), 10) is not None:
            pass  # the kernel's own messages until the server closes the socket
        return ws.close_code, ws.close_reason

    stop, held = threading.Event(), False
    threading.Thread(target=watchdog, args=(stop,), daemon=True).start()
    try:
        with ThreadPoolExecutor(1) as aside:  # Playwright's loop runs in this thread
            code, reason = aside.submit(asyncio.run, attack()).result(timeout=60)
        status = api(student, url, "dora", "GET", "status", timeout=10)
        held = server.memory_info().rss < before + 200 * 2**20
    finally:
        stop.set()
        if not held and server.is_running():  # stalled or growing: not left to grow
            server.kill()
    assert not killed, f"the server grew to {killed[0] / 2**20:.0f} MB; killed it"
    assert (code, reason) == (1007, "Malformed kernel message: reload the page.")
    assert status.status_code == 200  # the server still answers
    assert held, "the server grew by more than 200 MB"


def test_logout_ends_the_session_a_copied_cookie_held(hub):
    _, url, _ = hub
    student = log_in(url, "fern")
    assert student.get(url + "hub/api/user", timeout=30).json()["name"] == "fern"
    copied = requests.Session()
    for cookie in student.cookies:
        copied.cookies.set_cookie(cookie)
    student.get(url + "hub/logout", timeout=60)
    assert copied.get(url + "hub/api/user", timeout=30).status_code == 403
    home = copied.get(url + "hub/home", allow_redirects=False, timeout=30)
    assert home.status_code == 302 and "/hub/login" in home.headers["Location"]
    assert log_in(url, "fern").login.status_code == 302  # fern logs in again as ever


def test_a_name_of_300_characters_is_refused_at_login_in_plain_words(hub):
    _, url, _ = hub
    refused = log_in(url, "x" * 300).login
    assert refused.status_code == 400
    assert "Use a name of 1 to 32 characters" in refused.text
    assert log_in(url, "y" * 32).login.status_code == 302


def test_wrong_passwords_are_throttled_per_name_then_per_address(hub):
    """Last but the stop: it holds 127.0.0.1 (every test's address) for 5 minutes."""
    _, url, _ = hub
    start = time.monotonic()
    answers = [log_in(url, "mallory", f"guess-{n}").login.status_code for n in range(11)]
    assert answers == [403] * 10 + [429]  # ten tries for a name
    held = log_in(url, "mallory", PASSWORD).login
    assert held.status_code == 429 and "Too many wrong passwords" in held.text
    assert 0 < int(held.headers["Retry-After"]) <= 300
    answers = [log_in(url, f"guess{n}", "guess").login.status_code for n in range(21)]
    assert answers == [403] * 20 + [429]  # thirty for an address, whatever the names
    assert log_in(url, "newcomer", PASSWORD).login.status_code == 429
    print({"wrong_passwords_before_held": 30, "seconds": round(time.monotonic() - start, 1)})


def test_the_hub_stops_within_seconds_with_its_students_servers(hub):
    proc, _, state = hub
    servers = [server_of(proc, state, name) for name in ("ben", "chloe", "dora")]
    assert any(servers), "no student's server to stop"
    everything = psutil.Process(proc.pid).children(recursive=True)
    start = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    _, alive = psutil.wait_procs(everything, timeout=15)
    took = time.monotonic() - start
    for straggler in alive:
        straggler.kill()
    print({"hub_stop_s": round(took, 1)})
    assert not alive, [p.pid for p in alive]
    assert took < 15, f"the hub took {took:.0f} s to stop"
