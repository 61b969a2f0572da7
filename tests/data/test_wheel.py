"""`pip install .` (not editable) gives a working glutelib: the atlas with its meshes, the data
files, the dashboard's static files and notebook, and the `glutelib-dashboard` command.

The wheel is built from this checkout without build isolation (hatchling comes with the test
extra) and installed without dependencies into a fresh venv, which sees the dependencies of
.venv through a .pth file: .pth files inside a folder added that way are not run, so .venv's
editable glutelib stays out and only the wheel's copy can be imported.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IGNORED = ("__pycache__", ".ipynb_checkpoints")  # what .gitignore leaves out of glutelib/

# Run by the fresh venv's python, from a folder outside the checkout.
CHECK = """
import json, sys
from pathlib import Path
import glutelib
from glutelib import load_atlas
from glutelib.app import serve

prefix = Path(sys.prefix).resolve()
atlas = load_atlas()
print(json.dumps({
    "glutelib": glutelib.__file__,
    "structures": len(atlas),
    "mesh_dir": str(atlas.mesh_dir),
    "sacrum_faces": len(atlas.mesh("sacrum").faces),
    "broken": atlas.broken,
    "checkout": serve.CHECKOUT and str(serve.CHECKOUT),
    "notebook": str(serve.NOTEBOOK),
    "notebook_there": serve.NOTEBOOK.is_file(),
    "web": str(serve.WEB),
}))
"""


def run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kwargs)
    assert result.returncode == 0, f"{cmd[:4]}...: {result.stderr[-3000:]}"
    return result


def shipped(folder: Path) -> set[str]:
    """Files under `folder` that the wheel must carry, relative to it."""
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not any(part in IGNORED for part in p.parts) and p.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if importlib.util.find_spec("hatchling") is None:
        pytest.fail("hatchling is missing: `make test` installs it (the test extra)")
    out = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(out), str(ROOT)])  # fmt: skip
    (found,) = out.glob("glutelib-*.whl")
    return found


def test_the_wheel_holds_the_package_its_data_meshes_static_files_and_notebook(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {"glutelib/" + n for n in shipped(ROOT / "glutelib")}
    meshes = {"glutelib/meshes/" + n for n in shipped(ROOT / "meshes")}
    assert "glutelib/meshes/manifest.json" in meshes
    assert not (package | meshes) - names, sorted((package | meshes) - names)
    assert "glutelib/app/dashboard.ipynb" in names
    static = {"glutelib/app/static/" + n for n in shipped(ROOT / "glutelib" / "app" / "static")}
    assert {n for n in names if n.startswith("glutelib/app/static/")} == static
    assert not {n for n in names if n.startswith(("tests/", "notebooks/", "scripts/"))}


def test_the_installed_wheel_loads_the_atlas_from_inside_the_venv(wheel, tmp_path):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
                .stdout.strip())  # fmt: skip
    (site / "dependencies_from_dot_venv.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "-q", str(wheel)])  # fmt: skip

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "GLUTELIB_MESHES", "GLUTELIB_DATA")}  # fmt: skip
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    found = json.loads(run([python, "-c", CHECK], cwd=elsewhere, env=env).stdout)

    inside = venv.resolve()
    assert Path(found["glutelib"]).resolve().is_relative_to(inside), found["glutelib"]
    assert found["structures"] == 76
    assert Path(found["mesh_dir"]).resolve().is_relative_to(inside), found["mesh_dir"]
    assert found["sacrum_faces"] > 0 and found["broken"] == {}  # every checksum matches
    assert found["checkout"] is None
    assert found["notebook_there"] and Path(found["notebook"]).is_relative_to(inside)
    assert Path(found["web"]) == tmp_path / "cache" / "glutelib" / "web"

    command = run([venv / "bin" / "glutelib-dashboard", "--help"], cwd=elsewhere, env=env)
    assert "--port" in command.stdout
