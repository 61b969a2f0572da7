"""The Voila server a class shares: a kernel per page, kernels that end with their page, and
no visitor who can take the server down.

`python -m glutelib.app.voila_server NOTEBOOK --GlutelibVoila.max_kernels=N ...` is Voila with
these changes (glutelib/app/serve.py runs it; every Voila option still applies):

- Past `max_kernels` kernels, or with less than `memory_floor_mb` of the machine's memory
  available (a picture's renderer counts: it is memory in use), a new visitor gets a plain
  "this class server is full" page with HTTP 503 and no kernel starts.
- The page gets Voila's `_xsrf` cookie. Voila's page sends it back in the request that shuts its
  kernel down when the tab closes; without the cookie that request is refused (403) and every
  closed tab kept its ~230 MB until the culler came.
- A kernel no page is connected to (a closed tab whose request was lost, a plain GET) is ended
  by Voila's culler (serve.py sets how soon); a connected page is never culled.
- Requests for a foreign `Host`, overlong addresses and paths Voila's handlers choke on get a
  plain page first (glutelib/app/doors.py).
- Each kernel's websocket holds to glutelib/app/ceilings.py: the server has one thread, and a
  message it parses blindly, or a page that sends or asks without end, held that thread and
  grew the server without bound. Past a ceiling the page's connection closes with the reason
  and its kernel ends. What the server holds for a page (unread, or while it is away) is
  bounded too.
"""

from __future__ import annotations

import asyncio
import time
from functools import partial

import psutil
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.iostream import StreamBufferFullError
from traitlets import Integer, List, Unicode
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from glutelib.app import ceilings, doors, vendor

RETRY_AFTER_S = 60
# A new page's kernel (~300 MB) and a picture's renderer (~1.1 GB), with room to spare.
MEMORY_FLOOR_MB = 2048


class ClassFull(Exception):
    """No kernel may start: the server holds its cap, or its memory is low."""


class CappedKernelManager(AsyncMappingKernelManager):
    """Voila's kernel manager: at most `max_kernels` kernels (0: no cap), none started while
    the machine has under `memory_floor_mb` available, and a bounded buffer for a page that
    lost its connection."""

    max_kernels = Integer(0, config=True, help="Most kernels at once; 0 for no cap.")
    memory_floor_mb = Integer(MEMORY_FLOOR_MB, config=True,
                              help="No new kernel below this much available memory.")  # fmt: skip

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = 0  # starts under way: two visitors at once cannot both take the last
        self._ending: set[asyncio.Future] = set()

    def notify_disconnect(self, kernel_id: str) -> None:
        """The culler's idle time counts from the last page leaving, not from the kernel's
        last message: a page idle for a while that loses its connection for a moment keeps
        its kernel for the whole grace period."""
        super().notify_disconnect(kernel_id)
        if not vendor.pages_connected(self, kernel_id) and kernel_id in self:
            vendor.mark_active(self.get_kernel(kernel_id))

    async def start_kernel(self, *args, **kwargs) -> str:
        if self.max_kernels and len(self) + self._starting >= self.max_kernels:
            raise ClassFull(f"{len(self)} kernels of {self.max_kernels} in use")
        available_mb = psutil.virtual_memory().available / 2**20
        if available_mb < self.memory_floor_mb:
            raise ClassFull(f"{available_mb:.0f} MB of memory available, under the floor of "
                            f"{self.memory_floor_mb} MB")  # fmt: skip
        self._starting += 1
        try:
            return await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1

    def allowance(self, kernel_id: str) -> ceilings.PageAllowance:
        """What the pages of `kernel_id` have left to send (kept with the kernel, so it
        ends with it and a reconnecting page does not start afresh)."""
        kernel = self.get_kernel(kernel_id)
        if not hasattr(kernel, "glutelib_allowance"):
            kernel.glutelib_allowance = ceilings.PageAllowance()
        return kernel.glutelib_allowance

    def end(self, kernel_id: str, reason: str) -> None:
        """End a kernel whose page went past a ceiling (from the server's own loop)."""
        if kernel_id in self:
            self.log.warning("Ending kernel %s: %s", kernel_id, reason)
            ending = asyncio.ensure_future(self.shutdown_kernel(kernel_id, now=True))
            self._ending.add(ending)  # held until done: the loop keeps only weak references
            ending.add_done_callback(self._ending.discard)

    def start_buffering(self, kernel_id, session_key, channels) -> None:
        """Keep a disconnected page's messages, as jupyter_server does, up to
        ceilings.PENDING_BYTES; past it the kernel ends (its page has been away a while)."""
        super().start_buffering(kernel_id, session_key, channels)
        info = vendor.offline_buffer(self, kernel_id)
        if info.get("channels") is not channels:  # not buffering (closed, or turned off)
            return
        kept = 0

        def keep(channel: str, parts: list) -> None:
            nonlocal kept
            kept += sum(len(p) for p in parts)
            if kept > ceilings.PENDING_BYTES:
                self.stop_buffering(kernel_id)
                self.end(kernel_id, "its page was away and the kernel's replies passed "
                                    f"{ceilings.PENDING_BYTES // 2**20} MB")  # fmt: skip
                return
            info["buffer"].append((channel, parts))

        for channel, stream in channels.items():
            stream.on_recv(partial(keep, channel))


class ClassPageHandler(TornadoVoilaHandler):
    """The dashboard's page: Voila's, with the xsrf cookie set and a plain page when full."""

    async def get(self, path=None):
        self.xsrf_token  # noqa: B018 - reading it sets the _xsrf cookie the closing tab sends
        try:
            await super().get(path)
        except ClassFull as full:
            self.log.warning("Class server full, visitor turned away: %s", full)
            status, page = doors.server_page("full")
            self.clear()
            self.set_status(status)
            self.set_header("Retry-After", str(RETRY_AFTER_S))
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(page)


class KernelSocketHandler(VoilaKernelWebsocketHandler):
    """Voila's kernel websocket: v1 only, each message checked against the ceilings before
    jupyter_server parses it, and at most ceilings.PENDING_BYTES waiting for the page."""

    @property
    def max_message_size(self) -> int:
        # tornado closes (1009) past this; ceilings.MESSAGE_BYTES, checked below, comes first
        return 2 * ceilings.MESSAGE_BYTES

    async def get(self, kernel_id: str, *args, **kwargs):
        offered = self.request.headers.get("Sec-WebSocket-Protocol", "")
        if ceilings.V1 not in [p.strip() for p in offered.split(",")]:
            self.log.warning("Kernel websocket without the v1 protocol from %s: refused",
                             self.request.remote_ip)  # fmt: skip
            self.set_status(400)
            self.finish("The kernel's websocket speaks jupyter's v1 protocol only.")
            return None
        return await super().get(kernel_id, *args, **kwargs)

    async def open(self, kernel_id: str) -> None:
        vendor.cap_unread(self, ceilings.PENDING_BYTES)
        await super().open(kernel_id)

    def on_message(self, ws_message: str | bytes) -> None:
        if self.ws_connection is None or self.ws_connection.is_closing():
            return  # frames read in the same batch as the one that closed it
        try:
            self.kernel_manager.allowance(self.kernel_id).take(
                ws_message, self.selected_subprotocol, time.monotonic()
            )
        except ceilings.Breach as breach:  # fmt: skip
            self.breach(str(breach))
            return
        super().on_message(ws_message)

    def write_message(self, message, binary: bool = False):
        if self.ws_connection is None or self.ws_connection.is_closing():
            return None  # closed (past a ceiling, or gone): the kernel's replies go nowhere
        try:
            sent = super().write_message(message, binary)
        except StreamBufferFullError:
            self.breach(f"the page left over {ceilings.PENDING_BYTES // 2**20} MB unread")
            return None
        if sent is not None:  # a page gone mid-write fails its writes; nobody waits on them
            sent.add_done_callback(lambda done: done.cancelled() or done.exception())
        return sent

    def breach(self, reason: str) -> None:
        """Close the page's connection with the plain reason, and end its kernel."""
        self.log.warning("Kernel websocket from %s closed: %s", self.request.remote_ip, reason)
        self.close(1008, reason[:120])  # a close frame's reason fits 123 bytes
        self.kernel_manager.end(self.kernel_id, reason)


class GlutelibVoila(Voila):
    """Voila with the capped kernel manager, the class page, the checked websocket and the
    door in front of them all."""

    max_kernels = Integer(0, config=True, help="Most kernels (pages) at once; 0 for no cap.")
    memory_floor_mb = Integer(MEMORY_FLOOR_MB, config=True,
                              help="No new page below this much free memory (MB).")  # fmt: skip
    hostnames = List(Unicode(), config=True,
                     help="Names the server answers to besides its IP addresses, localhost "
                          "and this machine's own names.")  # fmt: skip

    def init_settings(self) -> dict:
        self.voila_configuration.multi_kernel_manager_class = CappedKernelManager
        settings = super().init_settings()
        self.kernel_manager.max_kernels = self.max_kernels
        self.kernel_manager.memory_floor_mb = self.memory_floor_mb
        return settings

    def init_handlers(self) -> list:
        ours = {TornadoVoilaHandler: ClassPageHandler,
                VoilaKernelWebsocketHandler: KernelSocketHandler}  # fmt: skip
        names = doors.machine_names(self.hostnames)
        door = (doors.Door(names), doors.RefusalHandler, {"names": names,
                                                          "base_url": self.base_url})  # fmt: skip
        return [door, *((url, ours.get(handler, handler), *rest)
                        for url, handler, *rest in super().init_handlers())]  # fmt: skip

    def listen(self) -> None:
        # A long address then reaches the door's 414 page, not a dropped connection.
        vendor.listen_with(self.app, max_header_size=doors.MAX_HEADER_BYTES)
        super().listen()


main = GlutelibVoila.launch_instance

if __name__ == "__main__":
    main()
