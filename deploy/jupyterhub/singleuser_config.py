# Each student's single-user server under the hub (jupyterhub_config.py starts it with
# --config=this file): the glutelib dashboard in Voila and nothing else a student can use.
#
# All students' servers run as one account (the hub's, or GLUTELIB_CLASS_ACCOUNT when the hub
# runs as root), so nothing here may let a student run code: no JupyterLab, no terminals, no
# code over a kernel's websocket, no writing files Voila would then run, nothing started or
# changed through the REST API (glutelib/app/singleuser.py).
# ruff: noqa: F821 - `c` is the config object traitlets hands a config file
import os

from glutelib.app import singleuser

# Reads and a page's kernel websocket only; the notebooks and their checkpoints as they are.
c.ServerApp.authorizer_class = singleuser.StudentAuthorizer
c.ServerApp.contents_manager_class = singleuser.ReadOnlyContents
c.ContentsManager.checkpoints_class = singleuser.ReadOnlyCheckpoints
# One kernel a student (a new page ends their older one): the hub's student cap counts one.
c.ServerApp.kernel_manager_class = singleuser.StudentKernelManager
c.StudentKernelManager.max_kernels = 1
# Frames checked before jupyter_server sizes a list by the count they claim.
c.ServerApp.kernel_websocket_connection_class = singleuser.CheckedKernelSocket
c.ServerApp.jpserver_extensions = {
    "voila": True,
    "jupyterlab": False,
    "notebook": False,
    "notebook_shim": False,
    "jupyter_lsp": False,
    "jupyter_server_terminals": False,
}
c.ServerApp.terminals_enabled = False
# A hub run as root without GLUTELIB_CLASS_ACCOUNT runs students' servers as root: allowed,
# since they run no student code; the account is the better choice (jupyterhub_config.py).
c.ServerApp.allow_root = os.getuid() == 0
# What Voila's own server lets a page send a kernel: widget messages, never execute_request.
c.MappingKernelManager.allowed_message_types = [
    "comm_open",
    "comm_close",
    "comm_msg",
    "comm_info_request",
    "kernel_info_request",
    "shutdown_request",
]
# As the class server: a kernel no page is connected to ends after 25 s idle (a reloaded tab,
# a tab that vanished); an open page is never culled. The hub's idle culler stops the server.
c.MappingKernelManager.cull_idle_timeout = 25
c.MappingKernelManager.cull_interval = 5
c.MappingKernelManager.cull_connected = False

c.VoilaConfiguration.template = "glutelib"  # glutelib/app/jupyter (on $JUPYTER_PATH)
c.VoilaConfiguration.extra_labextensions_path = [os.environ["GLUTELIB_WEB"]]
c.VoilaConfiguration.show_tracebacks = False
c.VoilaExecutor.iopub_timeout = 120  # see glutelib/app/serve.py
