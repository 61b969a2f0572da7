"""The page's ranking (glutelib/js/pain.js, for the offline lesson) is Python's: on drawings
made from landmarks and the skin (the ranking tests' own), with and without feelings, node
ranks over `pain.page_data` what `pain.candidates` ranks, in the same order, to within the
fields' bytes; says of them what `present.pain_words` says to each audience; erases as
`pain.erased`; and writes and reads an address's drawing as `pain.encode_strokes` does."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from glutelib.pain import (
    PainDrawingError,
    candidates,
    decode_strokes,
    encode_strokes,
    erased,
    page_data,
    strokes_of,
)
from glutelib.present import pain_page_words, pain_words
from tests.unit.test_pain import mark, skin_facing

ROOT = Path(__file__).resolve().parents[2]
RANK = """
import { readFileSync } from "node:fs";
import { decodeStrokes, encodeStrokes, erased, painWords, rank } from "%s";
const { data, drawings, said, codes } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = { rank: {}, words: {}, codes: {}, erased: {}, decoded: {} };
for (const [name, d] of Object.entries(drawings)) {
  out.rank[name] = rank(data, d.strokes, d.feelings);
  out.words[name] = Object.fromEntries(Object.entries(said).map(([mode, s]) =>
    [mode, painWords(data, s, d.strokes, d.feelings)]));
  out.codes[name] = encodeStrokes(data, d.strokes);
  out.erased[name] = erased(data, d.strokes, d.strokes.slice(0, 1));
}
for (const code of codes) {
  const why = {};
  out.decoded[code] = [decodeStrokes(data, code, why), why.problem];
}
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


def damaged(library) -> list[str]:
    """Addresses' drawings Python refuses: cut in a number, a number running on, past the
    skin, not base64url, another format, another skin."""
    good = encode_strokes(library, [3, 700])
    head = good.rsplit(".", 1)[0]
    past = encode_strokes(library, [10**6]).split(".")[2]
    return [f"{head}.gA", f"{head}.gICAgIA", f"{head}.{past}",
            f"{head}.a+b", f"2.{good.split('.', 1)[1]}", "1.zzzzzz.AAAA", ""]  # fmt: skip


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node (make test installs it)")
def test_the_page_ranks_and_words_a_drawing_as_python_does(library, tmp_path):
    data = page_data(library)
    made = drawings(library)
    strokes = {name: [int(v) for v in strokes_of(library, points)]
               for name, (points, _) in made.items()}  # fmt: skip
    sent = {name: {"strokes": strokes[name], "feelings": feel}
            for name, (_, feel) in made.items()}  # fmt: skip
    audiences = library.audiences.audiences
    said = {mode: pain_page_words(library, a) for mode, a in audiences.items()}
    codes = [encode_strokes(library, s) for s in strokes.values()] + damaged(library)
    path = tmp_path / "drawings.json"
    path.write_text(json.dumps({"data": data, "drawings": sent, "said": said, "codes": codes}))
    script = tmp_path / "rank.mjs"
    script.write_text(RANK % (ROOT / "glutelib" / "js" / "pain.js").as_uri())
    result = subprocess.run(["node", str(script), str(path)], capture_output=True, text=True,
                            timeout=120, check=True)  # fmt: skip
    page = json.loads(result.stdout)
    for name, (points, feel) in made.items():
        python = candidates(library, points, feel)
        assert python, name
        assert [c["id"] for c in page["rank"][name]] == [c.id for c in python], name
        for got, want in zip(page["rank"][name], python, strict=True):
            assert got["kind"] == want.kind
            for key in ("explained", "covered", "score"):
                assert got[key] == pytest.approx(getattr(want, key), rel=0.01), (name, key)
        for mode, audience in audiences.items():
            want = pain_words(library, tuple(strokes[name]), tuple(feel), audience)
            got = page["words"][name][mode]
            assert [tuple(m) for m in got["matches"]] == list(want.matches), (name, mode)
            assert got["covers"] == want.covers and got["summary"] == want.summary
            assert tuple(got["flags"]) == want.flags, (name, mode)
        assert page["codes"][name] == encode_strokes(library, strokes[name])
        assert page["erased"][name] == list(erased(library, tuple(strokes[name]),
                                                   strokes[name][:1]))  # fmt: skip
    for code in codes:
        found, problem = page["decoded"][code]
        try:
            want = [int(v) for v in decode_strokes(library, code)]
        except PainDrawingError as exc:
            assert found is None, code
            assert (problem == "other_skin") is ("another version" in str(exc)), code
        else:
            assert found == want, code
