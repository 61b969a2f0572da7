"""benchmarks/suite_cpu.py: where the suite's processor time goes."""

from __future__ import annotations

import os
import subprocess
import sys

from benchmarks.suite_cpu import machine_busy_s, summary, tree_cpu_s


def test_a_busy_child_is_counted_in_its_parents_tree_after_it_is_reaped():
    before, busy = tree_cpu_s(os.getpid()), machine_busy_s()
    spin = "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass"
    subprocess.run([sys.executable, "-c", spin], check=True)
    assert tree_cpu_s(os.getpid()) - before >= 0.4
    assert machine_busy_s() - busy >= 0.4


def test_the_summary_puts_the_costliest_file_first_and_totals_every_file():
    rows = [(5.0, 4.0, 3.0, "tests/a.py::one"), (1.0, 1.0, 1.0, "tests/b.py::two"),
            (7.0, 6.0, 4.0, "tests/b.py::three")]  # fmt: skip
    lines = summary(rows).splitlines()
    assert lines[1].endswith("tests/b.py") and lines[1].split()[0] == "8.0"
    assert lines[2].endswith("tests/a.py")
    assert lines[3].split()[:3] == ["13.0", "11.0", "8.0"] and lines[3].endswith("all")
    assert lines[5].endswith("tests/b.py::three")
