"""Set-up errors say what is wrong and how to fix it (`make dashboard`, Python version)."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_port_in_use_says_so_and_how_to_pick_another():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = subprocess.run(
            [Path(sys.executable).with_name("glutelib-dashboard"), "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert f"Port {port}" in result.stderr and "already in use" in result.stderr
    assert f"make dashboard PORT={port + 1}" in result.stderr


def test_from_a_checkout_serve_uses_the_checkout():
    """Edits to notebooks/dashboard.ipynb show without reinstalling; build/web is `make clean`'s.
    The installed wheel's paths are checked by tests/data/test_wheel.py."""
    from glutelib.app import serve

    assert serve.CHECKOUT == ROOT
    assert serve.NOTEBOOK == ROOT / "notebooks" / "dashboard.ipynb"
    assert serve.WEB == ROOT / "build" / "web"


def test_serve_runs_as_a_module_too():
    result = subprocess.run([sys.executable, "-m", "glutelib.app.serve", "--help"],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0 and "--port" in result.stdout


def test_the_suite_keeps_its_pose_cache_out_of_home(glutelib_cache):
    """tests/conftest.py points $GLUTELIB_CACHE into this run's temp folder, for children too."""
    from glutelib.poses import default_cache_dir

    assert default_cache_dir() == glutelib_cache and glutelib_cache.is_dir()
    assert not glutelib_cache.is_relative_to(Path.home() / ".cache")
    code = "import os; print(os.environ['GLUTELIB_CACHE'])"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert child.stdout.strip() == str(glutelib_cache)


def python_check(python) -> subprocess.CompletedProcess:
    """`make python-check` with the given interpreter."""
    return subprocess.run(
        ["make", "--no-print-directory", "python-check", f"PYTHON={python}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_wrong_python_is_named(tmp_path):
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    result = python_check(fake)
    assert result.returncode != 0
    assert "needs Python 3.11" in result.stderr and str(fake) in result.stderr


def test_this_python_passes_the_check():
    result = python_check(sys.executable)
    assert result.returncode == 0, result.stderr


def test_a_served_kernel_skips_the_iri_grammar_and_still_validates_notebooks():
    """show() keeps rfc3987_syntax (a second of grammar building) out of the kernel; plotly's
    widget and nbformat's validation still work without it."""
    code = (
        "import sys\n"
        "from glutelib.app import show\n"
        "assert show() is not None\n"
        "assert sys.modules.get('rfc3987_syntax') is None, 'the grammar was built'\n"
        "import nbformat\n"
        "nbformat.validate(nbformat.v4.new_notebook())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, cwd=ROOT)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]


def test_figures_import_plotly_code_from_the_server_only_when_it_is_published(monkeypatch):
    import plotly.graph_objects as go

    from glutelib.app import figure_widget as figure
    from glutelib.errors import GlutelibError

    monkeypatch.delenv(figure.MODULE_ENV, raising=False)
    assert figure.figure_class() is go.FigureWidget  # JupyterLab, nbval: plotly's own
    monkeypatch.setenv(figure.MODULE_ENV, "glutelib/plotly-widget-7.1.0.js")
    cls = figure.figure_class()
    assert issubclass(cls, go.FigureWidget) and cls is figure.figure_class()  # made once
    widget = cls()
    code = widget._esm  # a few lines that import the 5 MB bundle, not the bundle
    assert len(code) < 3000 and '"glutelib/plotly-widget-7.1.0.js"' in code and "import(" in code
    for bad in ("../../etc/passwd.js", "https://elsewhere.example/x.js", 'a.js";alert(1)//'):
        monkeypatch.setenv(figure.MODULE_ENV, bad)
        with pytest.raises(GlutelibError, match="GLUTELIB_PLOTLY_MODULE"):
            figure.figure_class()


def test_no_python_file_holds_page_code():
    """JavaScript, CSS and HTML pages are package files (glutelib/app/static), where they can
    be read, linted and tested; Python only reads them."""
    page_code = re.compile(
        r"export default|addEventListener|querySelector|function\s*\w*\s*\("  # JavaScript
        r"|[.#][\w-]+\s*\{\s*[\w-]+:\s*[^;{}]+;"  # a CSS rule
        r"|<(html|head|body)\b|<!doctype|<h[1-6]>[A-Za-z]",  # an HTML page, a written heading
        re.IGNORECASE,
    )
    for path in (ROOT / "glutelib").rglob("*.py"):
        if path.parent.name == "testing":  # Playwright's questions to a page, not page code
            continue
        text = path.read_text()
        assert not page_code.search(text), f"{path.relative_to(ROOT)} holds page code"
    static = {p.name for p in (ROOT / "glutelib" / "app" / "static").iterdir()}
    assert {"bridge.js", "dashboard.css", "help.html", "import_plotly.js"} <= static
