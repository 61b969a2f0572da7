"""No visitor can take the class server down (issue 28): scripts speaking the kernel's
websocket as an attacker would, on 127.0.0.1 only.

Each case opens at most one page (one kernel) at a time and closes all it opens. A watchdog
kills the server and its kernels if together they pass WATCHDOG_MB, so a regression fails the
test instead of taking the machine down (before the fix, one such script grew the server by
40-55 MB a second, to all of the machine's memory).
"""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import struct
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import psutil
import pytest

from glutelib.app import ceilings
from glutelib.testing.kernel_socket import LEGACY, V1, KernelPage, encode_v1, run

from .conftest import ROOT, start_voila, stop_voila

NOTEBOOK = ROOT / "notebooks" / "dashboard.ipynb"
WATCHDOG_MB = 3000  # the server (~150 MB) and one or two kernels (~230 MB each), doubled
SERVER_GROWTH_MB = 150  # what one attack may add to the server process itself
ASKS = 300  # requests for every widget's state (~2 MB each): ~600 MB of replies


class Watchdog(threading.Thread):
    """Kills `proc` and its children if their memory passes `limit_mb`; keeps the server
    process's own peak."""

    def __init__(self, proc: subprocess.Popen, limit_mb: float):
        super().__init__(daemon=True)
        self.proc, self.limit_mb = psutil.Process(proc.pid), limit_mb
        self.tripped = False
        self.server_peak_mb = 0.0
        self.running = True

    def run(self) -> None:
        while self.running:
            try:
                server = self.proc.memory_info().rss / 2**20
                children = self.proc.children(recursive=True)
                total = server + sum(_rss_mb(c) for c in children)
            except psutil.NoSuchProcess:
                return
            self.server_peak_mb = max(self.server_peak_mb, server)
            if total > self.limit_mb:
                self.tripped = True
                for p in [*children, self.proc]:
                    p.kill()
                return
            time.sleep(0.2)

    def reset_peak(self) -> float:
        """Start measuring the server's peak afresh; returns its memory now (MB)."""
        self.server_peak_mb = self.proc.memory_info().rss / 2**20
        return self.server_peak_mb


def _rss_mb(p: psutil.Process) -> float:
    try:
        return p.memory_info().rss / 2**20
    except psutil.Error:
        return 0.0


@pytest.fixture(scope="module")
def guarded(tmp_path_factory) -> Iterator[tuple[subprocess.Popen, str, Watchdog]]:
    proc, url = start_voila(NOTEBOOK, tmp_path_factory.mktemp("visitors"), max_kernels=3)
    watchdog = Watchdog(proc, WATCHDOG_MB)
    watchdog.start()
    yield proc, url, watchdog
    watchdog.running = False
    stop_voila(proc)
    assert not watchdog.tripped, f"the server passed {WATCHDOG_MB} MB and was killed"


def still_serving(url: str) -> bool:
    """The server answers a static file at once (it is not stuck in one connection)."""
    try:
        urllib.request.urlopen(url + "voila/static/voila.js", timeout=5).close()
        return True
    except (urllib.error.URLError, TimeoutError):
        return False


def _command(p: psutil.Process) -> str:
    """A running process's command line; '' once it has ended (it may end as it is read)."""
    try:
        return "" if p.status() == psutil.STATUS_ZOMBIE else " ".join(p.cmdline())
    except psutil.Error:
        return ""


def kernel_ended(proc: subprocess.Popen, kernel_id: str, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not any(kernel_id in _command(p) for p in psutil.Process(proc.pid).children()):
            return True
        time.sleep(0.5)
    return False


async def closed_by_server(page: KernelPage, timeout_s: float = 150) -> tuple[int, str]:
    """The close code and reason once the server closed the page's websocket (a flood's
    thousand messages and the kernel's answers take a loaded server tens of seconds: over
    60 s once, with the suite's three workers keeping two cores busy)."""
    await asyncio.wait_for(asyncio.shield(page.reader), timeout_s)
    return page.ws.close_code, page.ws.close_reason or ""


def comm_msg(size: int) -> bytes:
    msg = {"header": {"msg_id": uuid.uuid4().hex, "msg_type": "comm_msg", "session": "s",
                      "username": "page", "date": "", "version": "5.4"},
           "parent_header": {}, "metadata": {},
           "content": {"comm_id": "x", "data": {"pad": "x" * size}}}  # fmt: skip
    return encode_v1("shell", msg)


def flood(page: KernelPage) -> None:
    """Three bursts at once: past the burst even for a server that reads them, loaded, at a
    few tens a second (the bucket refills at its rate while it reads)."""
    for _ in range(3 * int(ceilings.BURST)):
        page.send("kernel_info_request", {})


def open_widgets(page: KernelPage) -> None:
    for _ in range(ceilings.WIDGET_OPENS + 1):
        page.send("comm_open", {"comm_id": uuid.uuid4().hex, "target_name": "jupyter.widget",
                                "data": {"state": {}}})  # fmt: skip


def claim_parts(page: KernelPage) -> None:
    """Voila and jupyter_server sized a list by a frame's first word: 2**62 entries."""
    page.ws.write_message(struct.pack("<Q", 2**62) + bytes(64), binary=True)


def send_big(page: KernelPage) -> None:
    page.ws.write_message(comm_msg(300 * 2**10), binary=True)


ATTACKS = {
    "parts": (claim_parts, "claims more parts"),
    "big": (send_big, "over 256 kB"),
    "flood": (flood, "messages a second"),
    "widgets": (open_widgets, "widgets opened"),
}


@pytest.mark.parametrize("attack", ATTACKS)
def test_past_a_ceiling_the_page_is_closed_with_the_reason_and_its_kernel_ends(guarded, attack):
    proc, url, watchdog = guarded
    send, reason = ATTACKS[attack]

    async def script() -> tuple[int, str, str]:
        page = KernelPage(url, "?mode=client")
        await page.open()
        try:
            await page.request("kernel_info_request", {}, "kernel info")
            watchdog.reset_peak()
            send(page)
            code, said = await closed_by_server(page)
            return code, said, page.kernel_id
        finally:
            await page.close()

    before = watchdog.reset_peak()
    code, said, kernel_id = run(script())
    assert (code, reason in said) == (1008, True), said
    assert kernel_ended(proc, kernel_id, timeout_s=15)
    assert still_serving(url)
    assert watchdog.server_peak_mb - before < SERVER_GROWTH_MB


def test_a_websocket_without_the_v1_protocol_is_refused(guarded):
    """Voila read a legacy-protocol frame carrying buffers (its widget states) as a v1 one and
    sized a list of ~8.6e17 offsets: the whole server stalled and grew without bound."""
    _, url, _ = guarded

    async def script() -> str:
        page = KernelPage(url, "?mode=client", protocol=LEGACY)
        try:
            await page.open()
        except Exception as refused:  # tornado says 400 in its own words
            return str(refused)
        finally:
            await page.close()
        return "accepted"

    assert "400" in run(script())
    assert still_serving(url)


def test_a_page_that_asks_for_much_and_leaves_is_ended_and_the_server_holds_little(guarded):
    """jupyter_server keeps every reply for a page that lost its connection, with no bound:
    a page asking for all widget states (~2 MB each) hundreds of times and leaving grew
    the server by hundreds of MB."""
    proc, url, watchdog = guarded

    async def script() -> tuple[str, int]:
        page = KernelPage(url, "?mode=client")
        await page.open()
        control = uuid.uuid4().hex
        page.send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control",
                                "data": {}}, {"version": "1.0.0"})  # fmt: skip
        first = page.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        await page.wait(first, "widget states", timeout=60)
        one_reply = page.received_bytes
        for _ in range(ASKS):
            page.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        page.ws.close()  # gone without a word: no shutdown request
        page.reader.cancel()
        return page.kernel_id, one_reply

    before = watchdog.reset_peak()
    kernel_id, one_reply = run(script())
    assert one_reply * ASKS > 4 * ceilings.PENDING_BYTES  # the attack would pass the ceiling
    assert kernel_ended(proc, kernel_id, timeout_s=90)
    assert still_serving(url)
    grew = watchdog.server_peak_mb - before
    print(f"one reply {one_reply / 2**20:.1f} MB; the server grew {grew:.0f} MB at most")
    assert grew < ceilings.PENDING_BYTES / 2**20 + SERVER_GROWTH_MB


def raw_websocket(url: str, page: KernelPage) -> socket.socket:
    """The kernel's websocket of `page` on a plain socket that reads nothing after the
    handshake (tornado's client reads all the time), with a small receive buffer."""
    host, port = urlsplit(url).hostname, urlsplit(url).port
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((host, port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        f"GET /api/kernels/{page.kernel_id}/channels?session_id={uuid.uuid4().hex} HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Sec-WebSocket-Protocol: {V1}\r\nCookie: {page.cookie}\r\n\r\n".encode()
    )  # fmt: skip
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += sock.recv(1)
    assert answer.startswith(b"HTTP/1.1 101"), answer[:200]
    return sock


def masked(payload: bytes) -> bytes:
    """A client's binary websocket frame (RFC 6455: clients mask what they send)."""
    mask = os.urandom(4)
    size = len(payload)
    head = (
        bytes([0x82, 0x80 | size]) if size < 126 else bytes([0x82, 0xFE]) + struct.pack(">H", size)
    )
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def shell(msg_type: str, content: dict, metadata: dict | None = None) -> bytes:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": "s",
              "username": "page", "date": "", "version": "5.4"}  # fmt: skip
    return encode_v1("shell", {"header": header, "parent_header": {},
                               "metadata": metadata or {}, "content": content})  # fmt: skip


def test_a_page_that_asks_for_much_and_reads_nothing_is_ended(guarded):
    """tornado kept every reply a page did not read, with no bound."""
    proc, url, watchdog = guarded

    async def page_only() -> KernelPage:
        page = KernelPage(url, "?mode=client")
        await page.open()
        page.ws.close()
        page.reader.cancel()
        return page

    page = run(page_only())
    sock = raw_websocket(url, page)
    before = watchdog.reset_peak()
    try:
        control = uuid.uuid4().hex
        sock.sendall(masked(shell("comm_open", {"comm_id": control, "data": {},
                                                "target_name": "jupyter.widget.control"},
                                  {"version": "1.0.0"})))  # fmt: skip
        ask = {"comm_id": control, "data": {"method": "request_states"}}
        sock.sendall(b"".join(masked(shell("comm_msg", ask)) for _ in range(ASKS)))
        assert kernel_ended(proc, page.kernel_id, timeout_s=120)
    finally:
        sock.close()
    assert still_serving(url)
    grew = watchdog.server_peak_mb - before
    print(f"the server grew {grew:.0f} MB at most for a page that read nothing")
    assert grew < ceilings.PENDING_BYTES / 2**20 + SERVER_GROWTH_MB


def test_under_the_memory_floor_a_visitor_gets_the_full_page_and_no_kernel(tmp_path):
    total_mb = psutil.virtual_memory().total // 2**20
    proc, url = start_voila(
        NOTEBOOK, tmp_path, extra=[f"--GlutelibVoila.memory_floor_mb={total_mb}"]
    )
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=60)
        body = refused.value.read().decode()
        assert refused.value.code == 503 and "This class server is full" in body
        assert not psutil.Process(proc.pid).children()
    finally:
        stop_voila(proc)
