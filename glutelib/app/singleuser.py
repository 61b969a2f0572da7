"""A student's single-user server under the class hub: what it lets a page (or a script
holding the student's cookie) do.

deploy/jupyterhub/singleuser_config.py installs these. All students' servers run as one
account, so a student may read and look, and a dashboard page may talk to its own kernel,
but nothing may be written, started or changed through the server's REST API:

- `StudentAuthorizer`: reads, and the kernel websocket, only. Writing anything (contents,
  checkpoints, kernels, sessions, settings) is refused with a plain 403.
- `ReadOnlyContents` and `ReadOnlyCheckpoints`: the notebooks folder as it is, checkpoints
  included (Voila runs any notebook a page names; a restored checkpoint is a write).
- `StudentKernelManager`: at most `max_kernels` kernels a student. A new page takes the
  place of the student's oldest (a reloaded tab, a tablet that slept), so reloading works and
  no loop of page loads grows the server past what the hub's student cap counts.
- `CheckedKernelSocket`: the kernel websocket reads a binary frame only where the frame holds
  the parts its first word claims. jupyter_server builds a list as long as that claim, so one
  frame claiming 2**62 parts held the server's one thread and grew it without bound.
"""

from __future__ import annotations

import asyncio
import contextlib

from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.services.contents.filecheckpoints import AsyncFileCheckpoints
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

from glutelib.app.ceilings import frame_fits

READ_ONLY = "The class notebooks are read-only."
REFUSED = {
    "contents": READ_ONLY,
    "kernels": "A dashboard page starts its own kernel; nothing else may start or change one.",
    "sessions": "A dashboard page starts its own kernel; nothing else may start or change one.",
}
BUSY = "Your dashboard is still opening in another tab. Try again in a moment."


class StudentAuthorizer(Authorizer):
    """Reads, and a page's websocket to its kernel; every other action is refused."""

    def is_authorized(self, handler, user, action: str, resource: str) -> bool:
        if action == "read" or (action == "execute" and resource == "kernels"):
            return True
        # A plain reason instead of jupyter_server's "not authorized to write on resource".
        raise web.HTTPError(403, REFUSED.get(resource, "This server shows the dashboard only."))


class ReadOnlyContents(AsyncLargeFileManager):
    """The notebooks folder as it is: a student can upload, change, rename or delete nothing
    (Voila runs any notebook in it that a page asks for)."""

    def _refuse(self, *args, **kwargs):
        raise web.HTTPError(403, READ_ONLY)

    save = delete_file = rename_file = new = new_untitled = copy = _refuse
    create_checkpoint = restore_checkpoint = delete_checkpoint = _refuse


class ReadOnlyCheckpoints(AsyncFileCheckpoints):
    """No checkpoints: none made, restored over a notebook, renamed or deleted, and none
    listed (jupyter_server's listing creates the `.ipynb_checkpoints` folder it looks in)."""

    async def _refuse(self, *args, **kwargs):
        raise web.HTTPError(403, READ_ONLY)

    async def list_checkpoints(self, path: str) -> list:
        return []

    create_checkpoint = restore_checkpoint = rename_checkpoint = delete_checkpoint = _refuse
    rename_all_checkpoints = delete_all_checkpoints = _refuse


class StudentKernelManager(AsyncMappingKernelManager):
    """At most `max_kernels` kernels: a new page ends the student's oldest kernel first."""

    max_kernels = Integer(1, config=True, help="Kernels a student may hold at once.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = 0  # starts under way, not yet among the kernels
        self._deciding = asyncio.Lock()  # one start at a time picks what to end

    async def start_kernel(self, *args, kernel_id: str | None = None, **kwargs) -> str:
        if kernel_id is not None and kernel_id in self:
            return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        async with self._deciding:
            if self._starting >= self.max_kernels:
                raise web.HTTPError(503, BUSY)
            excess = len(self) + self._starting + 1 - self.max_kernels
            for oldest in self.list_kernel_ids()[: max(excess, 0)]:  # oldest first
                self.log.info("Ending kernel %s: the student opened a new page", oldest)
                with contextlib.suppress(KeyError, web.HTTPError):  # its page ended it meanwhile
                    await self.shutdown_kernel(oldest, now=True)
            self._starting += 1
        try:
            return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        finally:
            self._starting -= 1


class CheckedKernelSocket(ZMQChannelsWebsocketConnection):
    """jupyter_server's kernel websocket, closing on a frame that does not hold what it
    claims instead of sizing a list by the claim."""

    def handle_incoming_message(self, incoming_msg: str | bytes) -> None:
        if not frame_fits(incoming_msg, self.subprotocol):
            self.log.warning("Kernel websocket: a malformed frame (%d bytes); closed it",
                             len(incoming_msg))  # fmt: skip
            self.websocket_handler.close(1007, "Malformed kernel message: reload the page.")
            return
        super().handle_incoming_message(incoming_msg)
