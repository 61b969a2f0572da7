"""The package's shape: no import cycle among glutelib's modules (imports inside functions
and for type checking count), and the lesson builds with the dashboard's packages absent."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "glutelib"
BLOCKED = ("ipywidgets", "voila", "anywidget", "jupyter_server", "IPython")


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Each glutelib module -> the glutelib modules it imports, wherever in it."""
    known = modules()

    def owner(name: str) -> str | None:  # `glutelib.app.serve.x` -> glutelib.app.serve
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parent, base] if base else parent)
                targets = [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            graph[name] |= {t for t in map(owner, targets) if t and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while (w := stack.pop()) != v:
                group.append(w)
            if group:
                found.append(sorted([v, *group]))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_glutelib():
    graph = import_graph()
    assert "glutelib.present" in graph["glutelib.lesson.frames"]  # the graph sees imports
    assert cycles(graph) == []


def test_the_lesson_builds_with_the_dashboard_packages_absent(tmp_path):
    """A notebook user with `pip install glutelib` (no `dashboard` extra) writes lessons."""
    code = f"""
import importlib.abc, sys
class Absent(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {BLOCKED!r}:
            raise ImportError(f"{{name}} is absent")
sys.meta_path.insert(0, Absent())
from glutelib.lesson import write_lesson
path = write_lesson({str(tmp_path / "lesson.html")!r}, conditions=["pregnancy"],
                    audiences=["client"], quiz=False)
print(path.stat().st_size)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=240, cwd=ROOT)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.split()[-1]) > 1_000_000


def test_no_class_over_300_lines():
    """A class that grows past this does more than one thing: split it (the dashboard's
    view panel and section buttons, the rig's disk cache were split out so)."""
    long = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > 300:
                long.append(f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert not long, long
