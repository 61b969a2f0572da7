"""A dashboard page's side of the kernel's websocket, without a browser.

The load benchmark opens many of these, and the server tests speak the protocol the way a
script might. `KernelPage` does what a page does: GET the dashboard (Voila starts a kernel and
names it in the page, with the cookies), connect the kernel's websocket, send messages and wait
for the kernel to go idle after each. It speaks jupyter_server's two protocols: "v1"
(`v1.kernel.websocket.jupyter.org`, what JupyterLab's and Voila's pages ask for: every frame
binary, uint64 little-endian offsets) and the legacy one (JSON text, or uint32 big-endian
offsets when a message carries buffers).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import struct
import uuid
from collections.abc import Callable

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from glutelib.app.ceilings import V1

LEGACY = ""
PARTS = ("header", "parent_header", "metadata", "content")


def run(coroutine):
    """`asyncio.run(coroutine)` in a thread of its own: Playwright's sync API keeps an event
    loop running in the thread of any test that used a browser before."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class PageError(Exception):
    """What went wrong for one page, in a line."""


def encode_v1(channel: str, msg: dict) -> bytes:
    """A message as a v1 frame: the count of offsets, the offsets, the channel, then the
    header, parent header, metadata and content as JSON (no buffers)."""
    parts = [channel.encode(), *(json.dumps(msg[p]).encode() for p in PARTS)]
    offsets = [8 * (len(parts) + 2)]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return struct.pack(f"<{len(offsets) + 1}Q", len(offsets), *offsets) + b"".join(parts)


def decode(frame: str | bytes, protocol: str) -> dict:
    """A frame from the server as a message dict; buffers are dropped."""
    if isinstance(frame, str):
        return json.loads(frame)
    if protocol == V1:
        (count,) = struct.unpack_from("<Q", frame)
        offsets = struct.unpack_from(f"<{count}Q", frame, 8)
        msg = {p: json.loads(frame[offsets[i + 1] : offsets[i + 2]]) for i, p in enumerate(PARTS)}
        return {**msg, "msg_type": msg["header"]["msg_type"],
                "channel": frame[offsets[0] : offsets[1]].decode()}  # fmt: skip
    (count,) = struct.unpack_from("!I", frame)
    offsets = struct.unpack_from(f"!{count}I", frame, 4)
    return json.loads(frame[offsets[0] : offsets[1] if count > 1 else len(frame)])


class KernelPage:
    """One page's kernel: `open()` it, `request()` messages, `close()` it as a closing tab.

    `on_message(msg)` sees every message the kernel sends; errors and stderr are kept in
    `kernel_errors`.
    """

    def __init__(self, base: str, query: str = "", protocol: str = V1,
                 on_message: Callable[[dict], None] | None = None):  # fmt: skip
        self.base, self.query, self.protocol = base, query, protocol
        self.on_message = on_message or (lambda msg: None)
        self.session_id = uuid.uuid4().hex
        self.kernel_errors: list[str] = []
        self.received_bytes = 0
        self.pending: dict[str, asyncio.Future] = {}
        self.ws = self.reader = None

    async def open(self, timeout: float = 180) -> None:
        """GET the page (its kernel runs the notebook meanwhile), then connect its websocket."""
        try:
            page = await AsyncHTTPClient().fetch(
                self.base + self.query, request_timeout=timeout, connect_timeout=timeout,
                follow_redirects=False,
            )  # fmt: skip
        except HTTPClientError as exc:
            raise PageError(f"GET answered {exc.code}") from None
        found = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.body.decode("utf-8", "replace"))
        if not found:
            raise PageError("the page names no kernel")
        self.kernel_id = found.group(1)
        cookies = [c.split(";", 1)[0] for c in page.headers.get_list("Set-Cookie")]
        self.cookie = "; ".join(cookies)
        self.xsrf = next((c.split("=", 1)[1] for c in cookies if c.startswith("_xsrf=")), "")
        url = self.base.replace("http", "ws", 1) + f"api/kernels/{self.kernel_id}/channels"
        self.ws = await websocket_connect(
            HTTPRequest(f"{url}?session_id={self.session_id}", headers={"Cookie": self.cookie},
                        connect_timeout=timeout, request_timeout=timeout),
            max_message_size=2**30, subprotocols=[self.protocol] if self.protocol else None,
        )  # fmt: skip
        if (self.ws.selected_subprotocol or LEGACY) != self.protocol:
            raise PageError(f"the server chose protocol {self.ws.selected_subprotocol!r}")
        self.reader = asyncio.create_task(self._read())

    def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        """Send a shell message; returns its id (for `wait`)."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "session": self.session_id,
                  "username": "page", "date": "", "version": "5.4"}  # fmt: skip
        msg = {"header": header, "parent_header": {}, "metadata": metadata or {},
               "content": content}  # fmt: skip
        self.pending[msg_id] = asyncio.get_running_loop().create_future()
        if self.protocol == V1:
            self.ws.write_message(encode_v1("shell", msg), binary=True)
        else:
            self.ws.write_message(json.dumps({**msg, "channel": "shell", "buffers": []}))
        return msg_id

    async def wait(self, msg_id: str, what: str, timeout: float) -> None:
        """Until the kernel is idle after `msg_id`: every message it caused has arrived."""
        try:
            await asyncio.wait_for(self.pending[msg_id], timeout)
        except TimeoutError:
            raise PageError(f"no answer to {what} within {timeout:.0f} s") from None
        finally:
            self.pending.pop(msg_id, None)

    async def request(self, msg_type: str, content: dict, what: str, timeout: float = 60,
                      metadata: dict | None = None) -> None:  # fmt: skip
        await self.wait(self.send(msg_type, content, metadata), what, timeout)

    async def close(self) -> None:
        """As a closing tab: Voila's shutdown request (with the xsrf cookie), then the socket."""
        if not hasattr(self, "kernel_id"):
            return
        try:
            await AsyncHTTPClient().fetch(
                f"{self.base}voila/api/shutdown/{self.kernel_id}", method="POST", body="",
                headers={"Cookie": self.cookie, "X-XSRFToken": self.xsrf}, request_timeout=30,
            )  # fmt: skip
        except (HTTPClientError, OSError) as exc:
            self.kernel_errors.append(f"shutdown: {exc}")
        if self.ws is not None:
            self.ws.close()
            self.reader.cancel()

    async def _read(self) -> None:
        while (frame := await self.ws.read_message()) is not None:
            self.received_bytes += len(frame)
            msg = decode(frame, self.protocol)
            kind, content = msg["msg_type"], msg.get("content", {})
            if kind == "error" or (kind == "stream" and content.get("name") == "stderr"):
                self.kernel_errors.append(str(content.get("evalue") or content.get("text"))[:200])
            self.on_message(msg)
            if kind == "status" and content.get("execution_state") == "idle":
                waiting = self.pending.get(msg.get("parent_header", {}).get("msg_id"))
                if waiting is not None and not waiting.done():
                    waiting.set_result(None)
        for waiting in self.pending.values():  # the socket closed under us
            if not waiting.done():
                waiting.set_exception(PageError("the kernel's websocket closed"))
