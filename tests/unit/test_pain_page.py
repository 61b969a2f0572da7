"""The page's ranking (glutelib/js/pain.js, for the offline lesson) is Python's: on drawings
made from landmarks and the skin (the ranking tests' own), with and without feelings, node
ranks over `pain.page_data` what `pain.candidates` ranks, in the same order, to within the
fields' bytes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from glutelib.pain import candidates, page_data, strokes_of
from tests.unit.test_pain import mark, skin_facing

ROOT = Path(__file__).resolve().parents[2]
RANK = """
import { readFileSync } from "node:fs";
import { rank } from "%s";
const { data, drawings } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = {};
for (const [name, d] of Object.entries(drawings)) out[name] = rank(data, d.strokes, d.feelings);
console.log(JSON.stringify(out));
"""


def drawings(library) -> dict[str, tuple[np.ndarray, list[str]]]:
    """Drawings as the ranking tests make them: (points (n, 3), feelings)."""
    ankle, knee = mark(library, "lateral_malleolus", "r"), mark(library, "knee_joint_centre", "r")
    trochanter = mark(library, "greater_trochanter", "r")
    buttock = skin_facing(library, "r", "back", low=knee[2] + 100,
                          high=mark(library, "iliac_crest_top", "r")[2] - 40,
                          keep=lambda v: v[:, 0] < trochanter[0])  # fmt: skip
    side = skin_facing(library, "r", "out", low=ankle[2], high=knee[2] - 40)
    foot = skin_facing(library, "r", "up", high=ankle[2], keep=lambda v: v[:, 1] > ankle[1] + 20)
    calf = skin_facing(library, "l", "back", low=mark(library, "lateral_malleolus", "l")[2],
                       high=mark(library, "knee_joint_centre", "l")[2] - 60)  # fmt: skip
    psis = mark(library, "psis", "l")
    return {
        "buttock": (buttock, []),
        "buttock, numb": (buttock, ["numb", "tingling"]),
        "side of the leg": (np.vstack([side, foot]), []),
        "left calf, aching": (calf, ["ache"]),
        "left psis": (psis[None], []),
    }


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node (make test installs it)")
def test_the_page_ranks_a_drawing_as_python_does(library, tmp_path):
    data = page_data(library)
    made = drawings(library)
    sent = {name: {"strokes": list(strokes_of(library, points)), "feelings": feel}
            for name, (points, feel) in made.items()}  # fmt: skip
    path = tmp_path / "drawings.json"
    path.write_text(json.dumps({"data": data, "drawings": sent}))
    script = tmp_path / "rank.mjs"
    script.write_text(RANK % (ROOT / "glutelib" / "js" / "pain.js").as_uri())
    result = subprocess.run(["node", str(script), str(path)], capture_output=True, text=True,
                            timeout=120, check=True)  # fmt: skip
    page = json.loads(result.stdout)
    for name, (points, feel) in made.items():
        python = candidates(library, points, feel)
        assert python, name
        assert [c["id"] for c in page[name][:3]] == [c.id for c in python[:3]], name
        for got, want in zip(page[name][:3], python[:3], strict=True):
            assert got["kind"] == want.kind
            for key in ("explained", "covered", "score"):
                assert got[key] == pytest.approx(getattr(want, key), rel=0.01), (name, key)
