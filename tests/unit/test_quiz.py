"""Test yourself without a browser: every question has one right answer that agrees with the
data (and moves when the data moves), a missed question comes back, bad rules are named."""

from __future__ import annotations

import random
import shutil

import pytest
import yaml

from glutelib import quiz
from glutelib.app.dashboard import Dashboard
from glutelib.datafiles import DATA_DIR
from glutelib.errors import DataFileError


@pytest.fixture(scope="module")
def pools(library) -> dict[str, list[quiz.Question]]:
    rules = quiz.load_rules(library)
    return {k: quiz.questions(library, k, random.Random(7), rules) for k in quiz.KINDS}


def test_every_kind_makes_questions_each_with_one_right_answer(pools, library):
    atlas = library.atlas
    for kind, pool in pools.items():
        assert len(pool) >= 4, kind
        assert len({q.key for q in pool}) == len(pool), kind  # no question twice
        for q in pool:
            if q.target is not None:  # find it: the answer is the part to click
                assert q.target in atlas.ids and not q.choices
                continue
            assert len(q.choices) == 4 and len(set(q.choices)) == 4, q
            assert 0 <= q.answer < 4


def test_name_it_answers_are_the_highlighted_parts_names_and_distractors_are_close(pools, library):
    atlas = library.atlas
    by_label = {s.label: s for s in atlas}
    for q in pools["name_it"]:
        (shown,) = q.show
        assert q.choices[q.answer] == atlas[shown].label
        others = [by_label[c] for c in q.choices if c != atlas[shown].label]
        kin = [s for s in atlas if s.group == atlas[shown].group and s.stem != atlas[shown].stem
               and not s.variant]  # fmt: skip
        if kin:  # its own group is offered first
            assert any(o.group == atlas[shown].group for o in others), q.choices
    paired = [q for q in pools["name_it"] if atlas[q.show[0]].side]
    with_twin = [q for q in paired if sum(atlas[q.show[0]].name in c for c in q.choices) == 2]
    assert 0 < len(with_twin) < len(paired)  # the other side sometimes: a side is not a give-away


def test_attachment_answers_agree_with_the_structure_table(pools, library):
    atlas = library.atlas
    for q in pools["attachments"]:
        field, stem = q.key.split(":")
        muscle = atlas[atlas.expand(stem)[0]]
        if field.startswith("back-"):
            assert q.choices[q.answer] == getattr(muscle, field[5:])
        else:
            assert q.choices[q.answer] == muscle.name and getattr(muscle, field) == q.clue
            others = [m for m in atlas if m.name in q.choices and m.name != muscle.name]
            right = quiz._terms(getattr(muscle, field))  # no wrong choice shares a telling word
            assert all(not quiz._terms(getattr(m, field)) & right for m in others), q.prompt


def test_mechanism_answers_are_measured_on_the_geometry(pools, library):
    by_key = {q.key.split(":")[0]: q for q in pools["mechanisms"]}
    assert {"lengthens", "reach", "above"} <= set(by_key)
    for q in pools["mechanisms"]:
        kind, *rest = q.key.split(":")
        if kind == "lengthens":
            pose = library.pose(rest[0])
            right_side = {s.name: s.id for s in library.atlas if s.side in (None, "r")}
            ratio = {c: library.rig.length_ratio(right_side[c], pose) for c in q.choices}
            assert max(ratio, key=ratio.get) == q.choices[q.answer]
        elif kind == "reach":
            assert q.choices[q.answer] == quiz.zone_reach_answer(library, q.zones[0])
        else:
            assert q.choices[q.answer] == "Superior gluteal nerve"  # ANATOMY.md: above it
    reach = {q.key: q.choices[q.answer] for q in pools["mechanisms"] if q.key.startswith("r")}
    assert reach["reach:root_sciatica"] == "Into the foot"
    assert reach["reach:sacroiliac_region"].startswith("It stays around")
    assert reach["reach:piriformis_referral"].startswith("Down the back or side of the thigh")


def test_changing_the_data_changes_the_answer(tmp_path, mesh_copy, library):
    """Swap two muscles' insertions in structures.yaml: the questions follow."""
    from glutelib import load_atlas
    from glutelib.library import load_library

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    rows = yaml.safe_load((data / "structures.yaml").read_text())
    s = rows["structures"]
    s["piriformis"]["insertion"], s["gluteus_medius"]["insertion"] = (
        s["gluteus_medius"]["insertion"], s["piriformis"]["insertion"])  # fmt: skip
    (data / "structures.yaml").write_text(yaml.safe_dump(rows, allow_unicode=True))
    changed = load_library(load_atlas(mesh_copy, data / "structures.yaml"), data_dir=data)
    rules = quiz.load_rules(changed, data / "quiz.yaml")
    pool = quiz.questions(changed, "attachments", random.Random(7), rules)
    q = next(q for q in pool if q.key == "insertion:piriformis")
    assert q.choices[q.answer] == "Piriformis"
    assert library.atlas["gluteus_medius_r"].insertion == q.clue  # medius's old words


def test_a_missed_question_comes_back_until_it_is_answered_right(pools):
    session = quiz.QuizSession(pools["name_it"], length=5, come_back_after=2,
                               rng=random.Random(3))  # fmt: skip
    missed = session.current
    assert session.number == 1
    assert not session.answer((missed.answer + 1) % 4).right
    assert session.number == 1  # still question 1 while its answer shows
    session.next()
    seen = []
    for n in (2, 3):
        seen.append(session.current)
        assert session.number == n
        session.answer(session.current.answer)
        assert session.number == n
        session.next()
    assert missed not in seen and session.current is missed  # two others, then it again
    assert session.number is None  # asked again, not counted again
    session.answer((missed.answer + 1) % 4)  # wrong again: it comes back again
    session.next()
    while not session.done:
        session.answer(session.current.answer)
        session.next()
    assert session.asked == 5 and session.right_first_time == 4
    assert session.review == [missed]


def test_a_seed_makes_the_same_quiz_and_another_seed_shuffles(library):
    rules = quiz.load_rules(library)
    first = quiz.questions(library, "name_it", random.Random(1), rules)
    again = quiz.questions(library, "name_it", random.Random(1), rules)
    other = quiz.questions(library, "name_it", random.Random(2), rules)
    assert [q.choices for q in first] == [q.choices for q in again]
    assert [q.choices for q in first] != [q.choices for q in other]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  find_it:", "  spot_it:", r"rule 'spot_it'.*kind of question 'spot_it'"),
        ("{muscle: piriformis,", "{muscle: piriformus,", r"structure 'piriformus'.*'piriformis'"),
        ("lengthens_in: [seated,", "lengthens_in: [sited,", r"pose 'sited'.*'seated'"),
    ],
)
def test_a_rules_file_naming_what_does_not_exist_is_named_with_the_fix(
    tmp_path, library, old, new, message
):
    path = tmp_path / "quiz.yaml"
    text = (DATA_DIR / "quiz.yaml").read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(DataFileError, match=rf"{path}.*{message}.*restore the file from git"):
        quiz.load_rules(library, path)


def test_the_dashboard_quiz_follows_keys_the_address_and_the_audience(library):
    board = Dashboard(library)
    board.apply_query("quiz=name_it")
    panel = board.quiz
    assert board.section.value == "quiz" and board.bridge.address == "?mode=student&quiz=name_it"
    assert "Enter" in board.bridge.kernel_keys and board.scene.state.names_hidden
    q = panel.session.current
    board.on_key(str(q.answer + 1))
    assert panel.session.feedback.right and board.scene.state.highlighted == set(q.show)
    board.on_key("Enter")
    assert panel.session.current is not q and board.scene.state.names_hidden
    board.apply_query("quiz=nothing")
    assert "no quiz called “nothing”" in panel.note.value and panel.session is None
    board.set_mode("client")  # not a client's: back to exploring, no quiz button
    assert board.section.value == "explore" and "quiz" not in dict(board.section.options).values()
    assert "Enter" not in board.bridge.kernel_keys and not board.scene.state.names_hidden


def test_a_link_to_a_question_asks_it_first_and_an_unknown_key_changes_nothing(pools):
    pool = pools["attachments"]
    wanted = pool[-1]
    session = quiz.QuizSession(pool, length=5, rng=random.Random(1), first=wanted.key)
    assert session.current is wanted and session.total == 5
    assert len({q.key for q in session.queue}) == 5  # asked once, not twice
    plain = quiz.QuizSession(pool, length=5, rng=random.Random(1), first="origin:nothing")
    assert [q.key for q in plain.queue] == [
        q.key for q in quiz.QuizSession(pool, length=5, rng=random.Random(1)).queue
    ]


def test_a_find_it_session_runs_to_its_end_on_clicks(pools, library):
    """Answered with the id of the part clicked, as the figure's click gives it: one miss
    (the part beside it), which comes back, then every answer right."""
    names = {s.id: s.label for s in library.atlas}
    session = quiz.QuizSession(pools["find_it"], length=4, rng=random.Random(5))
    first = session.current
    other = next(i for i in names if i != first.target)
    said = session.answer(other, names)
    assert not said.right and said.chose == names[other] and said.answer == names[first.target]
    session.next()
    while not session.done:
        assert session.answer(session.current.target, names).right
        session.next()
    assert (session.asked, session.right_first_time, session.review) == (4, 3, [first])


def test_a_kind_without_its_prompt_or_a_prompt_without_its_field_is_named(library, tmp_path):
    text = (DATA_DIR / "quiz.yaml").read_text()
    no_name = text.replace("Click or tap the {name} on", "Click or tap the part on")
    no_prompt = text.replace('{ask: "Which part is highlighted? (seen from behind)"}', "{}")
    for bad in (no_name, no_prompt):
        (tmp_path / "quiz.yaml").write_text(bad)
        with pytest.raises(DataFileError, match=r"prompts\.ask must be words"):
            quiz.load_rules(library, tmp_path / "quiz.yaml")
