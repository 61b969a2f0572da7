"""The Voila server a class shares: a kernel per page, a cap on kernels, and kernels that end
with their page.

`python -m glutelib.app.voila_server NOTEBOOK --GlutelibVoila.max_kernels=N ...` is Voila with
three changes (glutelib/app/serve.py runs it; every Voila option still applies):

- Past `max_kernels` kernels a new visitor gets a plain "this class server is full" page with
  HTTP 503 and no kernel starts: one script cannot fill the server's memory.
- The page gets Voila's `_xsrf` cookie. Voila's page sends it back in the request that shuts its
  kernel down when the tab closes; without the cookie that request is refused (403) and every
  closed tab kept its ~230 MB until the culler came.
- A kernel no page is connected to (a closed tab whose request was lost, a plain GET) is ended
  by Voila's culler (serve.py sets how soon); a connected page is never culled.
"""

from __future__ import annotations

from pathlib import Path

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Integer
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

FULL_PAGE = Path(__file__).with_name("static") / "full.html"
RETRY_AFTER_S = 60


class ClassFull(Exception):
    """No kernel may start: the server holds its cap."""


class CappedKernelManager(AsyncMappingKernelManager):
    """Voila's kernel manager, refusing to start more than `max_kernels` kernels (0: no cap)."""

    max_kernels = Integer(0, config=True, help="Most kernels at once; 0 for no cap.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = 0  # starts under way: two visitors at once cannot both take the last

    def notify_disconnect(self, kernel_id: str) -> None:
        """The culler's idle time counts from the last page leaving, not from the kernel's
        last message: a page idle for a while that loses its connection for a moment keeps
        its kernel for the whole grace period."""
        super().notify_disconnect(kernel_id)
        if not self._kernel_connections.get(kernel_id) and kernel_id in self._kernels:
            self._kernels[kernel_id].last_activity = utcnow()

    async def start_kernel(self, *args, **kwargs) -> str:
        if self.max_kernels and len(self._kernels) + self._starting >= self.max_kernels:
            raise ClassFull(f"{len(self._kernels)} kernels of {self.max_kernels} in use")
        self._starting += 1
        try:
            return await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1


class ClassPageHandler(TornadoVoilaHandler):
    """The dashboard's page: Voila's, with the xsrf cookie set and a plain page when full."""

    async def get(self, path=None):
        self.xsrf_token  # noqa: B018 - reading it sets the _xsrf cookie the closing tab sends
        try:
            await super().get(path)
        except ClassFull as full:
            self.log.warning("Class server full, visitor turned away: %s", full)
            self.clear()
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER_S))
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(FULL_PAGE.read_text(encoding="utf-8"))


class GlutelibVoila(Voila):
    """Voila with the capped kernel manager and the class page handler."""

    max_kernels = Integer(0, config=True, help="Most kernels (pages) at once; 0 for no cap.")

    def init_settings(self) -> dict:
        self.voila_configuration.multi_kernel_manager_class = CappedKernelManager
        settings = super().init_settings()
        self.kernel_manager.max_kernels = self.max_kernels
        return settings

    def init_handlers(self) -> list:
        return [
            (url, ClassPageHandler, *rest) if handler is TornadoVoilaHandler else
            (url, handler, *rest)
            for url, handler, *rest in super().init_handlers()
        ]  # fmt: skip


main = GlutelibVoila.launch_instance

if __name__ == "__main__":
    main()
