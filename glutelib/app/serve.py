"""Serve the dashboard with Voila: check the port first, print the URL, stop cleanly on Ctrl-C.

`glutelib-dashboard` (what `make dashboard` runs, with PORT=... and HOST=...) or
`python -m glutelib.app.serve`. Binds 127.0.0.1 unless told otherwise.

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
import importlib.metadata
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

_APP = Path(__file__).resolve().parent


def _checkout() -> Path | None:
    """The repository glutelib runs from, or None for an installed wheel."""
    repo = _APP.parents[1]
    layout = (repo / "pyproject.toml", repo / "notebooks" / "dashboard.ipynb")
    return repo if all(p.is_file() for p in layout) else None


CHECKOUT = _checkout()
JUPYTER_DIR = _APP / "jupyter"  # voila/templates/glutelib: the page template
TEMPLATE = "glutelib"
NOTEBOOK = CHECKOUT / "notebooks" / "dashboard.ipynb" if CHECKOUT else _APP / "dashboard.ipynb"
# Files Voila serves besides its own (see publish_plotly).
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
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except PermissionError:
            return f"Port {port} needs root rights on this machine."
        except OSError as exc:
            return f"Port {port} on {host} is already in use ({exc.strerror})."
    return None


def voila_command(host: str, port: int, notebook: Path = NOTEBOOK, web: Path = WEB) -> list[str]:
    """Voila serving one notebook: no file browser, no Jupyter API, sources stripped (its
    defaults, checked by tests/browser/test_lockdown.py), idle kernels culled; plus the
    files in `web` (kernel_env puts plotly's bundle there)."""
    return [
        sys.executable, "-m", "voila", str(notebook), "--no-browser",
        f"--port={port}", f"--Voila.ip={host}",
        f"--VoilaConfiguration.extra_labextensions_path={web}",
        f"--template={TEMPLATE}",  # glutelib/app/jupyter/voila/templates/glutelib
        # Kernels of closed tabs are culled, so a dashboard left running all day stays small.
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=60",
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
    return parser


def exposure_warning(host: str, port: int) -> str | None:
    """What serving on `host` exposes, or None for loopback."""
    if host in ("127.0.0.1", "localhost", "::1"):
        return None
    return (
        f"Serving on {host}: anyone who can reach this machine on port {port} can open the "
        "dashboard (each visitor gets a kernel). Use HOST=127.0.0.1 to keep it on this machine."
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    problem = port_problem(args.host, args.port)
    if problem:
        print(
            f"{problem}\nPick another port, e.g. `make dashboard PORT={args.port + 1}`, "
            f"or stop what is using {args.port}.",
            file=sys.stderr,
        )
        return 2
    warning = exposure_warning(args.host, args.port)
    if warning:
        print(warning, file=sys.stderr)
    url = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '') else args.host}:{args.port}/"
    print(f"glutelib dashboard: open {url}  (Ctrl-C stops it)", flush=True)
    proc = subprocess.Popen(
        voila_command(args.host, args.port),
        cwd=CHECKOUT or NOTEBOOK.parent,
        env={**os.environ, **kernel_env()},
    )
    try:
        return proc.wait()
    except KeyboardInterrupt:  # Ctrl-C: let Voila shut its kernels down, then leave
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        print("glutelib dashboard stopped.")
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
