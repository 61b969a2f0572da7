# A class on a real JupyterHub: students log in and each gets the glutelib dashboard.
#
# `make class` runs `jupyterhub -f deploy/jupyterhub/jupyterhub_config.py` in build/hub (its
# database and cookie secret live there). Settings come from the environment (Makefile names):
#   GLUTELIB_CLASS_PASSWORD   the password the teacher gives the class (12+ characters); any
#                             name with it logs in: a one-off workshop's login, not a school's
#   GLUTELIB_TEACHER          the admin's name (default teacher); GLUTELIB_TEACHER_PASSWORD
#                             (32+ characters) lets them log in to the admin page
#   GLUTELIB_HUB_IP / _PORT   where the hub listens (127.0.0.1:8000); the hub's API and the
#                             proxy's take the next two ports
#   GLUTELIB_CLASS_ACCOUNT    the Unix account students' servers run as when the hub runs as
#                             root (it must be able to read this checkout and its .venv)
#   GLUTELIB_MAX_STUDENTS     servers at once (default: the machine's memory at ~400 MB each)
#
# A school's login instead of the class password (LTI 1.3, glutelib/app/school.py): students
# open glutelib from the learning platform, which vouches for them. Set all four from the
# platform's registration of the tool (README "For a school"):
#   GLUTELIB_LTI_ISSUER         the platform's issuer (its address, e.g. https://moodle.school.edu)
#   GLUTELIB_LTI_CLIENT_ID      the client id the platform gave the tool
#   GLUTELIB_LTI_AUTHORIZE_URL  the platform's authentication request URL
#   GLUTELIB_LTI_JWKS_URL       the platform's public keyset URL
#   GLUTELIB_LTI_USERNAME_KEY   the id_token claim that names a student (default sub)
#   GLUTELIB_LTI_CROSS_SITE=1   the platform is on another site (another domain) and the hub on
#                               https: the hub's cookies must come back on the platform's post
#
# Each student's server is Voila under jupyterhub-singleuser (singleuser_config.py locks it
# down to the dashboard); it stops when the student logs out or after 15 idle minutes
# (jupyterhub-idle-culler), and a page's kernel ends with its page as on the class server.
# Logins are throttled, names kept short and logout ends the name's sessions on the hub
# (glutelib/app/hub.py); singleuser_config.py says what a student's server allows.
# ruff: noqa: F821 - `c` is the config object traitlets hands a config file
import os
import shutil
import signal
import sys
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner, set_user_setuid

from glutelib.app import hub, serve

HERE = Path(__file__).resolve().parent
STATE = Path.cwd()  # build/hub: the database, the cookie secret, students' home folders
BIN = Path(sys.executable).parent
IP = os.environ.get("GLUTELIB_HUB_IP", "127.0.0.1")
PORT = int(os.environ.get("GLUTELIB_HUB_PORT", "8000"))
ACCOUNT = os.environ.get("GLUTELIB_CLASS_ACCOUNT", "")
# A student's server (~240 MB) and its one kernel (StudentKernelManager): 470-545 MB measured
# after a walkthrough (tests/artifacts/hub.json).
SERVER_BYTES = 550 * 2**20
TEACHER = os.environ.get("GLUTELIB_TEACHER", "teacher")


class ClassSpawner(SimpleLocalProcessSpawner):
    """Students' servers as local processes, each with a home folder of its own under the
    hub's folder, all run as one account: students need no Unix accounts, and the servers
    run no student code (singleuser_config.py)."""

    home_dir_template = str(STATE / "homes" / "{username}")

    def make_preexec_fn(self, name):
        home, as_account = self.home_dir, set_user_setuid(ACCOUNT) if ACCOUNT else None

        def preexec():
            os.makedirs(home, 0o700, exist_ok=True)
            if as_account:
                shutil.chown(home, ACCOUNT)
                as_account()
            os.chdir(home)

        return preexec


c.JupyterHub.bind_url = f"http://{IP}:{PORT}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{PORT + 1}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT + 2}"
c.ConfigurableHTTPProxy.command = [os.environ.get("GLUTELIB_CHP", "configurable-http-proxy")]
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server
# The hub stops its idle culler with SIGINT, and the culler inherits the hub's SIGINT
# disposition from before the hub installs its handlers: a hub started in the background by
# a script (SIGINT ignored) had a culler that ignored it too, and every stop waited the 30 s
# before SIGTERM. Python's own handler here, so SIGINT stops what the hub starts.
signal.signal(signal.SIGINT, signal.default_int_handler)
c.JupyterHub.shutdown_on_logout = True
c.JupyterHub.active_server_limit = int(
    os.environ.get("GLUTELIB_MAX_STUDENTS") or serve.default_max_kernels(each=SERVER_BYTES)
)

LTI = {key: os.environ.get(f"GLUTELIB_LTI_{key.upper()}", "")
       for key in ("issuer", "client_id", "authorize_url", "jwks_url")}  # fmt: skip
PASSWORD = os.environ.get("GLUTELIB_CLASS_PASSWORD", "")
if any(LTI.values()):
    from glutelib.app.school import SchoolAuthenticator

    if missing := [f"GLUTELIB_LTI_{key.upper()}" for key, value in LTI.items() if not value]:
        sys.exit(f"A school's login needs {', '.join(missing)} too: copy them from the "
                 "platform's registration of the tool (README: For a school).")  # fmt: skip
    c.JupyterHub.authenticator_class = SchoolAuthenticator
    c.LTI13Authenticator.issuer = LTI["issuer"]
    c.LTI13Authenticator.client_id = {LTI["client_id"]}
    c.LTI13Authenticator.authorize_url = LTI["authorize_url"]
    c.LTI13Authenticator.jwks_endpoint = LTI["jwks_url"]
    c.LTI13Authenticator.username_key = os.environ.get("GLUTELIB_LTI_USERNAME_KEY", "sub")
    c.LTI13Authenticator.tool_name = "glutelib"
    c.LTI13Authenticator.tool_description = "The pelvis and glutes in 3D, for massage therapy"
    if os.environ.get("GLUTELIB_LTI_CROSS_SITE") == "1":
        c.JupyterHub.tornado_settings = {"cookie_options": {"samesite": "None", "secure": True}}
elif len(PASSWORD) < hub.MIN_PASSWORD:
    sys.exit(f"The class password has {len(PASSWORD)} characters; give it at least "
             f"{hub.MIN_PASSWORD}: a phrase of a few words the class can type.")  # fmt: skip
else:
    c.JupyterHub.authenticator_class = hub.ClassAuthenticator
    c.ClassAuthenticator.user_password = PASSWORD
    if os.environ.get("GLUTELIB_TEACHER_PASSWORD"):
        c.Authenticator.admin_users = {TEACHER}
        c.ClassAuthenticator.admin_password = os.environ["GLUTELIB_TEACHER_PASSWORD"]
c.Authenticator.allow_all = True  # anyone with the class password, or the platform launches

c.JupyterHub.spawner_class = ClassSpawner
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.args = [f"--config={HERE / 'singleuser_config.py'}"]
c.Spawner.notebook_dir = str(serve.NOTEBOOK.parent)
c.Spawner.default_url = f"/voila/render/{serve.NOTEBOOK.name}"
# One cache of posed meshes for the class (the same data for all): the first student's step
# into a pose poses it for everyone (a home of its own each, a cold cache made every
# student's first steps wait ~20 s). Students run no code, so sharing it is safe.
CACHE = STATE / "cache"
CACHE.mkdir(exist_ok=True)
if ACCOUNT:
    shutil.chown(CACHE, ACCOUNT)
c.Spawner.environment = {**serve.kernel_env(), "GLUTELIB_WEB": str(serve.WEB),
                         "GLUTELIB_CACHE": str(CACHE)}  # fmt: skip
# Stopping (logout, the culler, the hub itself): SIGINT, then SIGTERM 3 s later, then SIGKILL.
# A student's server and the culler stop within a second; the defaults waited up to 20 s.
c.LocalProcessSpawner.interrupt_timeout = 3
c.LocalProcessSpawner.term_timeout = 2
c.Spawner.http_timeout = 120  # a loaded server starts a student's server slowly
c.Spawner.start_timeout = 120

c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=900"],
    }
]
