"""The pages' JavaScript: its own tests (node's test runner, tests/js/), the fixtures both
sides read, and the bundles built from the modules as they are (glutelib/pagecode.py)."""

from __future__ import annotations

import dataclasses
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from glutelib.app.deeplink import MAX_LENGTH, parse_link
from glutelib.app.keys import load_keymap
from glutelib.app.navigation import PageState, Places, clean_link, parse
from glutelib.errors import GlutelibError
from glutelib.lesson.packing import Blob, decode
from glutelib.pagecode import BUNDLES, DIST, bundle
from glutelib.quiz import Question, QuizSession, Tap

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(ROOT / "scripts"))
import build_js  # noqa: E402


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text("utf-8"))


def test_the_page_modules_pass_their_own_tests():
    node = shutil.which("node")
    assert node, "node is missing: apt-get install nodejs (make test installs it)"
    run = subprocess.run([node, "--test", "tests/js/"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)  # fmt: skip
    failed = [line for line in run.stdout.splitlines() if line.startswith("not ok")]
    assert run.returncode == 0, "\n".join(failed) or run.stdout[-3000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# pass 0" not in run.stdout


def test_every_address_of_the_shared_fixture_is_read_as_the_fixture_says():
    cases = fixture("address_cases.json")
    assert cases["max_length"] == MAX_LENGTH  # the lesson's data carries these lengths
    for case in cases["cases"]:
        link = dataclasses.asdict(clean_link(parse_link(case["address"])))
        assert link == case["link"], case["why"]


def test_every_address_of_the_shared_fixture_opens_the_page_the_fixture_says():
    cases = fixture("place_cases.json")
    parts = cases["places"]["parts"]
    places = Places(modes=tuple(cases["places"]["modes"]),
                    quiz_modes=frozenset(cases["places"]["quiz_modes"]), notes_modes=frozenset(),
                    steps=cases["places"]["steps"],
                    find=lambda name: name if name in parts else None,
                    read_pose=lambda code: (code, []))  # fmt: skip
    now = PageState(**cases["now"])
    for case in cases["cases"]:
        state, said = parse(case["address"], places, now)
        quiz = state.quiz if state.section == "quiz" else None
        structure = state.structure if state.section == "explore" else None
        got = {"mode": state.mode, "section": state.section, "condition": state.condition,
               "step": state.step, "quiz": quiz, "structure": structure}  # fmt: skip
        assert (got, len(said)) == (case["state"], case["said"]), case["why"]


class InOrder(random.Random):
    """Asks the questions in the order given, as the fixture lists them."""

    def sample(self, population, k):
        return list(population)[:k]


def _answer(given):
    """A fixture's answer as the session takes it: a palpate-it question's misses a tuple."""
    return tuple(given) if isinstance(given, list) else given


def test_every_answer_of_the_shared_fixture_scores_as_the_fixture_says():
    cases = fixture("quiz_cases.json")
    for case in cases["cases"]:
        pool = [Question(kind="find_it" if "target" in q else "name_it", prompt=q["key"],
                         choices=tuple(q.get("choices", ())), answer=q.get("answer", 0),
                         show=(), review="", key=q["key"], target=q.get("target"),
                         taps=tuple(Tap("", t["answer"], (), 0.0) for t in q.get("taps", ())))
                for q in case["questions"]]  # fmt: skip
        session = QuizSession(pool, length=len(pool), come_back_after=case["come_back_after"],
                              rng=InOrder())  # fmt: skip
        assert session.total == case["total"]
        for turn in case["turns"]:
            assert (session.current.key, session.number) == (turn["question"], turn["number"])
            f = session.answer(_answer(turn["answer"]), cases["names"])
            got = {"right": f.right, "first_time": f.first_time, "answer_words": f.answer,
                   "chose": f.chose, "number_after": session.number, "asked": session.asked,
                   "score": session.right_first_time}  # fmt: skip
            assert got == {k: turn[k] for k in got}, (case["why"], turn)
            session.next()
        assert session.done and [q.key for q in session.review] == case["review"], case["why"]


def test_every_key_of_the_shared_fixture_means_what_the_keymap_says():
    cases, keymap = fixture("key_cases.json"), load_keymap()
    # The fixture's bindings are keys.yaml's: the JS side is tested on the real keymap.
    assert cases["bindings"] == [b.model_dump(mode="json", include={"keys", "action", "section"})
                                 for b in keymap.bindings]  # fmt: skip
    for case in cases["cases"]:
        assert keymap.actions(case["key"], case["section"]) == case["actions"], case


def test_the_packed_arrays_of_the_shared_fixture_read_back_and_pack_the_same():
    packed = fixture("packing_cases.json")
    blob = Blob()
    for name, rows in packed["values"].items():
        entry = packed["index"][name]
        values = np.asarray(rows, dtype=np.int64).reshape(entry["n"], entry["planes"])
        got = decode(packed["payload"], entry)
        assert np.array_equal(got.reshape(values.shape), values), name
        blob.add(name, values, planes=entry["planes"])
    assert blob.index == packed["index"]  # same widths, same places: the JS reads these
    for entry in blob.index.values():
        assert np.array_equal(decode(blob.payload(), entry), decode(packed["payload"], entry))


def test_the_committed_bundles_are_what_esbuild_makes_of_the_modules(tmp_path):
    """A module edited without `make js` fails here (and the page refuses the old bundle)."""
    if not build_js.ESBUILD.is_file():
        pytest.fail(f"esbuild is not installed ({build_js.ESBUILD}): run `make js`")
    build_js.build(tmp_path)
    for name in BUNDLES:
        built = (tmp_path / f"{name}.js").read_text("utf-8")
        assert bundle(name) == built, f"glutelib/{DIST}/{name}.js is stale: run `make js`"


def test_a_bundle_older_than_its_modules_is_refused_naming_the_make_target(monkeypatch):
    monkeypatch.setattr("glutelib.pagecode.sources_digest", lambda: "sha256:" + "0" * 64)
    with pytest.raises(GlutelibError, match=r"lesson_player\.js was not built .*`make js`"):
        bundle("lesson_player")


def test_no_module_leaves_a_name_on_the_page():
    """No implicit globals: the lesson's bundles keep their names in one strict function; the
    dashboard's are ES modules (their own scope) whose one export is the widget's default.
    The lesson's page is checked in a browser too (tests/browser/test_lesson.py)."""
    for name, (_, form) in BUNDLES.items():
        body = bundle(name).split("\n", 1)[1].rstrip()
        if form == "iife":
            assert body.startswith('"use strict";\n(() => {\n'), name  # strict: see build_js
            assert body.endswith("\n})();"), name
        else:
            assert re.findall(r"^export\b.*", body, re.M) == ["export {"], name
            assert body.endswith("as default\n};"), name


def test_typed_search_text_is_keyed_as_the_lessons_page_keys_it():
    """tests/fixtures/search_keys.json, which tests/js/explore.test.mjs runs too: the lesson's
    search index is keyed as Atlas.find reads typed text."""
    from glutelib.atlas import _normalise
    from glutelib.sides import TOKENS, side_in

    keys = fixture("search_keys.json")
    assert keys["side_words"] == sorted(TOKENS)  # the lesson's data sends these
    for case in keys["cases"]:
        assert " ".join(side_in(_normalise(case["typed"]).split())[1]) == case["key"], case
