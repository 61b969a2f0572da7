"""Where the test suite's processor time goes, per test and per file.

The suite is bound by the processor (both cores busy from start to end), so a test's cost is
the processor-seconds it takes, not its wall time. Run serially so a test's share of the
machine is all of it:

    make bench-suite TESTS="tests/browser/test_explorer.py tests/browser/test_quiz.py"

As a pytest plugin (`-p benchmarks.suite_cpu`) it writes one row per test to
$GLUTELIB_SUITE_CPU (a TSV): the machine's busy processor-seconds over the test, the test
worker's process tree's (its Chromium, kernels and servers, alive or reaped), and the wall
time. Run this way (one test at a time) read the busy column: the tree's misses what
Chromium's zygote reaps without counting, and falls below zero where a teardown stops a
session's servers (their time leaves the tree). Beside other workers only the tree's is
the test's own.
"""

from __future__ import annotations

import collections
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

TICKS = os.sysconf("SC_CLK_TCK")
ROOT = Path(__file__).resolve().parents[1]
OUT_ENV = "GLUTELIB_SUITE_CPU"


def machine_busy_s() -> float:
    """Processor-seconds the machine has spent busy since boot (/proc/stat, all cores)."""
    values = list(map(int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]))
    return (sum(values) - values[3] - values[4]) / TICKS  # less idle and iowait


def tree_cpu_s(root: int) -> float:
    """Processor-seconds of `root` and every process under it, with the children each has
    reaped (utime + stime + cutime + cstime of /proc/<pid>/stat)."""
    children: dict[int, list[int]] = collections.defaultdict(list)
    spent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:  # gone since the listing
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        children[int(fields[1])].append(int(entry))
        spent[int(entry)] = sum(int(f) for f in fields[11:15])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += spent.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total / TICKS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    out = os.environ.get(OUT_ENV)
    if not out:
        yield
        return
    busy, tree, start = machine_busy_s(), tree_cpu_s(os.getpid()), time.monotonic()
    yield
    row = (machine_busy_s() - busy, tree_cpu_s(os.getpid()) - tree, time.monotonic() - start)
    with open(out, "a", encoding="utf-8") as f:
        f.write("\t".join(f"{v:.1f}" for v in row) + f"\t{item.nodeid}\n")


def summary(rows: list[tuple[float, float, float, str]]) -> str:
    """Per file, most first, then the ten costliest tests: busy / tree / wall seconds."""
    files: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
    for busy, tree, wall, node in rows:
        for n, value in enumerate((busy, tree, wall)):
            files[node.split("::")[0]][n] += value
    lines = [f"{'busy':>7} {'tree':>7} {'wall':>7}  (processor-seconds, seconds)"]
    for name, (busy, tree, wall) in sorted(files.items(), key=lambda kv: -kv[1][0]):
        lines.append(f"{busy:7.1f} {tree:7.1f} {wall:7.1f}  {name}")
    total = [sum(v[n] for v in files.values()) for n in range(3)]
    lines.append(f"{total[0]:7.1f} {total[1]:7.1f} {total[2]:7.1f}  all")
    lines.append("costliest tests:")
    for busy, tree, wall, node in sorted(rows, key=lambda r: -r[0])[:10]:
        lines.append(f"{busy:7.1f} {tree:7.1f} {wall:7.1f}  {node}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Run the tests named (default: all) one at a time and print where the time went."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cpu.tsv"
        env = {**os.environ, OUT_ENV: str(out)}
        cmd = [sys.executable, "-m", "pytest", "-p", "benchmarks.suite_cpu", "-p",
               "no:cacheprovider", "-q", *argv]  # fmt: skip
        code = subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode
        rows = []
        if out.is_file():
            for line in out.read_text(encoding="utf-8").splitlines():
                busy, tree, wall, node = line.split("\t")
                rows.append((float(busy), float(tree), float(wall), node))
    print(summary(rows) if rows else "no test ran")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
