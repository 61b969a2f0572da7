"""Serve the dashboard with Voila: check the port, print the URL, stop it all on Ctrl-C or SIGTERM.

`glutelib-dashboard` (what `make dashboard` runs, with PORT=... and HOST=...) or
`python -m glutelib.app.serve`. Binds 127.0.0.1 unless told otherwise (IPv6 too: HOST=::1);
holds at most --max-kernels pages at once (MAX_KERNELS=...).

The same command serves from a checkout and from an installed wheel:
- the notebook is the checkout's notebooks/dashboard.ipynb (edits show on the next page load),
  else the copy the wheel carries (glutelib/app/dashboard.ipynb);
- the web folder, where plotly's bundle is published (see publish_plotly), is the checkout's
  build/web (`make clean` removes it), else $XDG_CACHE_HOME/glutelib/web (~/.cache/glutelib/web):
  an installed package's folder may not be writable.
A checkout is the folder above glutelib/ when it holds pyproject.toml and notebooks/dashboard.ipynb.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib.metadata
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import psutil

_APP = Path(__file__).resolve().parent


def _checkout() -> Path | None:
    """The repository glutelib runs from, or None for an installed wheel."""
    repo = _APP.parents[1]
    layout = (repo / "pyproject.toml", repo / "notebooks" / "dashboard.ipynb")
    return repo if all(p.is_file() for p in layout) else None


CHECKOUT = _checkout()
JUPYTER_DIR = _APP / "jupyter"  # voila/templates/glutelib: the page template
TEMPLATE = "glutelib"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
NOTEBOOK = CHECKOUT / "notebooks" / "dashboard.ipynb" if CHECKOUT else _APP / "dashboard.ipynb"
# Files Voila serves besides its own (see publish_plotly).
KERNEL_BYTES = 300 * 2**20  # a dashboard kernel measures ~230 MB; the rest is headroom
KEEP_FREE_BYTES = 2 * 2**30
# A kernel no page is connected to ends after this many idle seconds (the culler looks every
# CULL_EVERY_S): a closed tab whose shutdown request was lost, or a plain GET.
CULL_UNCONNECTED_S = 15
CULL_EVERY_S = 5
STOP_TIMEOUT_S = 10  # SIGTERM to Voila, then SIGKILL to it and its kernels
WEB = (
    CHECKOUT / "build" / "web"
    if CHECKOUT
    else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "glutelib" / "web"
)


def kernel_env(web: Path = WEB) -> dict[str, str]:
    """What Voila's kernels find in their environment (they inherit Voila's).

    - ipywidgets 8 echoes every change a page makes back to it, for other views of the same
      kernel; a Voila kernel has one page, so the echo only doubled the traffic of each step.
    - $GLUTELIB_PLOTLY_MODULE: figures import plotly's code from the server
      (glutelib/app/figure_widget.py), published in `web` here.
    - $JUPYTER_PATH starts with the package's own Jupyter folder, where Voila finds the
      page template `glutelib` (the lab template without its request to a public CDN).
    """
    paths = [str(JUPYTER_DIR), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    return {
        "JUPYTER_WIDGETS_ECHO": "0",
        "GLUTELIB_PLOTLY_MODULE": publish_plotly(web),
        "JUPYTER_PATH": os.pathsep.join(dict.fromkeys(paths)),
    }


def publish_plotly(web: Path) -> str:
    """Copy plotly's FigureWidget bundle into `web`, which Voila serves at
    /voila/labextensions/; return its path there (named by plotly's version, so a browser
    never keeps an old one)."""
    package = Path(importlib.util.find_spec("plotly").origin).parent
    bundle = package / "package_data" / "widgetbundle.js"
    name = f"glutelib/plotly-widget-{importlib.metadata.version('plotly')}.js"
    target = web / name
    if not target.exists() or target.stat().st_size != bundle.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bundle, target)
    return name


def port_problem(host: str, port: int) -> str | None:
    """A sentence saying why `host:port` cannot be served, or None if it is free."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror as exc:
        return f"{host!r} is not an address of this machine ({exc.strerror})."
    with socket.socket(family, socket.SOCK_STREAM) as s:
        # As Voila's server binds: the closed connections of a server just stopped
        # (TIME_WAIT) do not hold the port, a listening server does.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except PermissionError:
            return f"Port {port} needs root rights on this machine."
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"Port {port} on {host} is already in use ({exc.strerror})."
            return f"Cannot serve on {host} port {port}: {exc.strerror}."
    return None


def default_max_kernels(total_bytes: int | None = None, each: int = KERNEL_BYTES) -> int:
    """Pages (or, for the hub, students' servers: `each` bytes apiece) the machine holds at
    once, keeping 2 GB for everything else."""
    if total_bytes is None:
        total_bytes = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return max(1, (total_bytes - KEEP_FREE_BYTES) // each)


def voila_command(
    host: str,
    port: int,
    notebook: Path = NOTEBOOK,
    web: Path = WEB,
    max_kernels: int = 0,
    hostnames: list[str] | tuple[str, ...] = (),
) -> list[str]:
    """The class's Voila (glutelib/app/voila_server.py) serving one notebook: no file browser,
    no Jupyter API, sources stripped (its defaults, checked by tests/browser/test_lockdown.py),
    at most `max_kernels` pages (0: no cap), kernels without a page culled, answering to its
    IP addresses, its own names and `hostnames`; plus the files in `web` (kernel_env puts
    plotly's bundle there)."""
    return [
        sys.executable, "-m", "glutelib.app.voila_server", str(notebook), "--no-browser",
        f"--port={port}", f"--Voila.ip={host}", "--Voila.port_retries=0",
        f"--GlutelibVoila.max_kernels={max_kernels}",
        *(f"--GlutelibVoila.hostnames={name}" for name in hostnames),
        f"--VoilaConfiguration.extra_labextensions_path={web}",
        f"--template={TEMPLATE}",  # glutelib/app/jupyter/voila/templates/glutelib
        # An open page is never culled, however long it sits idle; a kernel without one is.
        f"--MappingKernelManager.cull_idle_timeout={CULL_UNCONNECTED_S}",
        f"--MappingKernelManager.cull_interval={CULL_EVERY_S}",
        "--MappingKernelManager.cull_connected=False",
        # Voila stops waiting for a cell's output 4 s after the cell finishes and serves the
        # page without it: a blank page. With several kernels starting at once on a small
        # server, the dashboard's figure takes longer than that to arrive.
        "--VoilaExecutor.iopub_timeout=120",
    ]  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument(
        "--max-kernels", type=int, default=None,
        help="most pages open at once (default: the machine's memory at ~300 MB a page)",
    )  # fmt: skip
    parser.add_argument(
        "--hostnames", default="",
        help="names the class reaches the server by, comma-separated (IP addresses, localhost "
             "and this machine's own names always work)",
    )  # fmt: skip
    return parser


def exposure_warning(host: str, port: int, max_kernels: int) -> str | None:
    """What serving on `host` exposes, or None for loopback."""
    if host in LOOPBACK:
        return None
    return (
        f"Serving on {host}: anyone who can reach this machine on port {port} can open the "
        f"dashboard. There is no login; each visitor gets a kernel (~230 MB), at most "
        f"{max_kernels} at once (MAX_KERNELS=...), then a 'server is full' page. It answers "
        "to its IP addresses and this machine's names; HOSTNAMES=a.name,b.name adds more. "
        "For a class "
        "with logins use the JupyterHub in deploy/jupyterhub/ (README: For a class). "
        "HOST=127.0.0.1 keeps the dashboard on this machine."
    )


def page_url(host: str, port: int) -> str:
    """Where a browser on this machine opens the dashboard."""
    if host in ("0.0.0.0", ""):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def stop(proc: subprocess.Popen) -> None:
    """Stop Voila and every kernel it started, and free the port: SIGTERM lets Voila shut its
    kernels down; whatever is left after STOP_TIMEOUT_S is killed."""
    try:
        children = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for child in children:  # kernels run in sessions of their own: no group signal reaches them
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    problem = port_problem(args.host, args.port)
    if problem:
        print(
            f"{problem}\nPick another port, e.g. `make dashboard PORT={args.port + 1}`, "
            f"or stop what is using {args.port}; HOST=127.0.0.1 or HOST=::1 serves this "
            "machine only.",
            file=sys.stderr,
        )
        return 2
    max_kernels = default_max_kernels() if args.max_kernels is None else args.max_kernels
    warning = exposure_warning(args.host, args.port, max_kernels)
    if warning:
        print(warning, file=sys.stderr)
    print(
        f"glutelib dashboard: open {page_url(args.host, args.port)}  (at most {max_kernels} "
        "pages at once; Ctrl-C stops it)",
        flush=True,
    )

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    hostnames = [name.strip() for name in args.hostnames.split(",") if name.strip()]
    proc = subprocess.Popen(
        voila_command(args.host, args.port, max_kernels=max_kernels, hostnames=hostnames),
        cwd=CHECKOUT or NOTEBOOK.parent,
        env={**os.environ, **kernel_env()},
        start_new_session=True,  # Ctrl-C reaches this process only, which stops Voila in order
    )

    try:
        return proc.wait()
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: Voila, its kernels, then this process
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stop(proc)
        print("glutelib dashboard stopped.", flush=True)
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
