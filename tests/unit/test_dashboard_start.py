"""A kernel builds its dashboard without compiling grammars it never uses: plotly's widget
imports jsonschema (through nbformat), whose optional IRI check would compile 38 grammars,
~1.3 s of every visitor's kernel start (glutelib/app/vendor.py skip_iri_grammars)."""

from __future__ import annotations

import subprocess
import sys

# As a Voila kernel starts: ipykernel first, then the notebook's cell.
KERNEL = """
import sys
import ipykernel.ipkernel
from glutelib.app.dashboard import Dashboard
from glutelib.library import load_library
board = Dashboard(load_library(), query="?mode=client")
assert board.view.figure is not None
print(sys.modules.get("rfc3987_syntax", "never imported"), "jsonschema" in sys.modules)
"""


def test_a_kernel_builds_the_dashboard_without_the_iri_grammars():
    out = subprocess.run([sys.executable, "-c", KERNEL], capture_output=True, text=True,
                         timeout=120, check=True).stdout.split()  # fmt: skip
    assert out == ["None", "True"]  # plotly's widget did import jsonschema, without them


def test_a_process_that_imported_jsonschema_first_keeps_its_iri_check():
    probe = ("import sys, jsonschema; from glutelib.app.figure_widget import figure_class;"
             " figure_class(); print(sys.modules['rfc3987_syntax'] is not None)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=120, check=True).stdout.split()  # fmt: skip
    assert out == ["True"]


def _listed(board) -> str:
    """The muscles the Move panel lists, as the page shows them."""
    return " ".join(c.description for column in board.move.lists.widget.children
                    for c in column.children
                    if getattr(c, "description", "") and c.layout.display != "none")  # fmt: skip


def test_move_works_its_lengths_out_when_it_opens_not_as_the_kernel_starts(library,
                                                                          monkeypatch):  # fmt: skip
    from glutelib.app import move
    from glutelib.app.dashboard import Dashboard

    measured = []
    lengthening = move.lengthening
    monkeypatch.setattr(move, "lengthening", lambda *a: measured.append(a) or lengthening(*a))
    board = Dashboard(library, query="?mode=client")
    assert measured == []  # most visitors never open Move: nothing measured as it starts
    board.apply_query("?mode=client&pose=knee_flexion_r:90")  # a link to a pose, later
    plain = _listed(board)
    assert board.state.section == "move" and plain and measured
    board.set_mode("student")  # re-listed in the student's words
    assert _listed(board) and _listed(board) != plain
    opened = Dashboard(library, query="?mode=student&pose=knee_flexion_r:90")
    assert opened.state.section == "move" and "%" in _listed(opened)  # by address: listed
