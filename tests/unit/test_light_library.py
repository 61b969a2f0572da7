"""`pip install glutelib` is a library, not a server stack: the atlas, poses, scenes, figures
and lesson files import none of the dashboard's packages (they are the `dashboard` extra)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER_STACK = ("voila", "ipywidgets", "jupyter_server", "anywidget", "jupyterlab", "ipykernel",
                "kaleido", "psutil", "tornado", "zmq")  # fmt: skip


def imported_after(code: str) -> set[str]:
    """Top-level packages of SERVER_STACK imported after running `code` in a fresh Python."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=120, check=True).stdout  # fmt: skip
    return set(out.split()) & set(SERVER_STACK)


def test_the_library_imports_no_server_stack():
    code = (
        "import glutelib, glutelib.scene, glutelib.drawing, glutelib.library, "
        "glutelib.conditions, glutelib.quiz, glutelib.poses, glutelib.export\n"
        "from glutelib.library import load_library\n"
        "from glutelib.scene import Scene\n"
        "Scene(load_library().atlas).figure()"
    )
    assert imported_after(code) == set()


def test_the_server_stack_is_an_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = " ".join(project["dependencies"])
    assert not [name for name in SERVER_STACK if name in core]
    assert "voila" in " ".join(project["optional-dependencies"]["dashboard"])
    assert "kaleido" in " ".join(project["optional-dependencies"]["export"])
