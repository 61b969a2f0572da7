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

from glutelib.lesson.packing import STEP_MM
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
    skin = np.asarray(library.atlas.skin_mesh().vertices)
    navel = mark(library, "asis", "r") * (0, 1, 1) + (0, 30, 60)  # the front, mid-line
    outer = skin_facing(library, "r", "out", low=knee[2] + 60, high=trochanter[2])
    # to below the knee: muscles lead, L5 third (the flags' "among the first few" clause)
    past_knee = skin_facing(library, "r", "out", low=knee[2] - 80, high=trochanter[2])
    return {
        "buttock": (buttock, []),
        "buttock, numb": (buttock, ["numb", "tingling"]),
        "side of the leg": (np.vstack([side, foot]), []),
        "left calf, aching": (calf, ["ache"]),
        "left psis": (psis[None], []),
        "outer thigh": (outer[::3], []),
        "outer thigh past the knee, aching": (past_knee[::3], ["ache"]),
        "belly": (skin[np.linalg.norm(skin - navel, axis=1) < 40], []),
    }


def damaged(library) -> list[str]:
    """Addresses' drawings Python refuses: cut in a number, a number running on, past the
    skin, not base64url, another format, another skin."""
    good = encode_strokes(library, [3, 700])
    head = good.rsplit(".", 1)[0]
    past = encode_strokes(library, [10**6]).split(".")[2]
    return [f"{head}.gA", f"{head}.gICAgIA", f"{head}.{past}",
            f"{head}.a+b", f"2.{good.split('.', 1)[1]}", "1.zzzzzz.AAAA", ""]  # fmt: skip


def in_node(tmp_path: Path, data: dict, sent: dict, said: dict, codes: list[str]) -> dict:
    """What glutelib/js/pain.js makes of the drawings, run in node over `data`."""
    path = tmp_path / "drawings.json"
    path.write_text(json.dumps({"data": data, "drawings": sent, "said": said, "codes": codes}))
    script = tmp_path / "rank.mjs"
    script.write_text(RANK % (ROOT / "glutelib" / "js" / "pain.js").as_uri())
    result = subprocess.run(["node", str(script), str(path)], capture_output=True, text=True,
                            timeout=120, check=True)  # fmt: skip
    return json.loads(result.stdout)


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
    sent["nothing"] = {"strokes": [], "feelings": []}
    codes = [encode_strokes(library, s) for s in strokes.values()] + damaged(library)
    page = in_node(tmp_path, data, sent, said, codes)
    # the lesson's skin: its mesh store's vertices, on a STEP_MM grid from a whole-mm origin;
    # a vertex on the brush's edge may fall either side, so a percentage may differ by one
    data["vertices"] = (np.round(np.asarray(data["vertices"]) / STEP_MM) * STEP_MM).tolist()
    lesson = in_node(tmp_path, data, sent, said, codes)
    for name, (points, feel) in made.items():
        python = candidates(library, points, feel)
        assert bool(python) is (name != "belly"), name  # no pattern explains a belly
        for ranks in (page["rank"][name], lesson["rank"][name]):
            assert [c["id"] for c in ranks] == [c.id for c in python], name
            for got, want in zip(ranks, python, strict=True):
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
    for mode, audience in audiences.items():
        none_drawn = library.audiences.words_for(audience).pain.none_drawn
        assert page["words"]["nothing"][mode]["summary"] == none_drawn
    past = pain_words(library, tuple(strokes["outer thigh past the knee, aching"]), (),
                      audiences["student"])  # fmt: skip
    assert past.flags and not past.matches[0][0].startswith(("l5", "s1", "l4"))
    assert not pain_words(library, tuple(strokes["outer thigh"]), (), audiences["student"]).flags
    for code in codes:
        found, problem = page["decoded"][code]
        try:
            want = [int(v) for v in decode_strokes(library, code)]
        except PainDrawingError as exc:
            assert found is None, code
            assert (problem == "other_skin") is ("another version" in str(exc)), code
        else:
            assert found == want, code
