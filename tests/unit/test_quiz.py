"""Test yourself without a browser: every question has one right answer that agrees with the
data (and moves when the data moves), a missed question comes back, bad rules are named."""

from __future__ import annotations

import random
import re
import shutil

import numpy as np
import pytest
import yaml

from glutelib import quiz, view
from glutelib.app.dashboard import Dashboard
from glutelib.datafiles import DATA_DIR
from glutelib.errors import DataFileError
from glutelib.present import show_question
from glutelib.scene import Scene
from glutelib.sides import side_id

# What a student reads as the same fact, said in other words (independent of quiz._terms):
# a wrong answer naming one of the right answer's would be right too.
FACTS = {
    "action": {
        "flexion": r"\bflex",
        "extension": r"\bextend|\bextens",
        "abduction": r"\babduct",
        "adduction": r"\badduct",
        "external rotation": r"\bextern",  # of the hip ("turns the bent knee out": the knee's)
        "internal rotation": r"\binternal",
        "side bending": r"side-bend|bends? (?:the trunk|it) to",
        "steadies the pelvis": r"\bpelvi",
    },
    "origin": {
        "ischial tuberosity": r"ischial tuberosity",
        "ischium": r"ischi",
        "iliac crest": r"crest",
        "ilium": r"\bilium",
        "sacrum": r"\bsacr",
        "obturator membrane": r"obturator membrane",
        "lumbar vertebrae": r"\blumbar\b|\bL[1-5]\b",
    },
    "insertion": {
        "greater trochanter": r"greater trochanter",
        "lesser trochanter": r"lesser trochanter",
        "IT band": r"IT band|iliotibial",
        "gluteal tuberosity": r"gluteal tuberosity",
        "tibia": r"\btibia",
        "transverse processes": r"transverse process",
    },
    "innervation": {
        "superior gluteal nerve": r"superior gluteal",
        "inferior gluteal nerve": r"inferior gluteal",
        "sciatic nerve": r"sciatic",
        "obturator nerve": r"obturator nerve",
        "femoral nerve": r"femoral",
        "nerve to obturator internus": r"to obturator internus",
        "nerve to quadratus femoris": r"to quadratus femoris",
    },
}
SEEDS = range(12)  # choices are a sample of `others`: a few seeds check that they are


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
            if q.taps:  # palpate it: two taps on the skin (tests/unit/test_quiz_touch.py)
                assert len(q.taps) == 2 and not q.choices and q.target is None
                continue
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
    no_prompt = text.replace('{ask: "Which part is highlighted? ({view})"}', "{}")
    for bad in (no_name, no_prompt):
        (tmp_path / "quiz.yaml").write_text(bad)
        with pytest.raises(DataFileError, match=r"prompts\.ask must be words"):
            quiz.load_rules(library, tmp_path / "quiz.yaml")


def _facts(field: str, text: str) -> set[str]:
    return {fact for fact, said in FACTS[field].items() if re.search(said, text, re.I)}


def test_no_offered_wrong_answer_shares_the_asked_fact_in_any_question_any_seed_makes(library):
    """Over every question of every kind, and every wrong answer each may ever offer (its
    `others`; a seed's choices are a sample of them): the fact asked is not also true of a
    wrong answer. The actions of iliacus ('Hip flexion') and psoas major ('Strongest hip
    flexor ...') are one fact."""
    atlas, rules = library.atlas, quiz.load_rules(library)
    pools = [quiz.questions(library, k, random.Random(seed), rules)
             for seed in SEEDS for k in quiz.KINDS]  # fmt: skip
    by_name = {s.name: s for s in atlas}
    by_label = {s.label: s for s in atlas}
    checked = 0
    for pool in pools:
        for q in pool:
            if q.target is not None or q.taps:
                assert not q.others, q  # find or tap it: where it is is the answer
                continue
            right = q.choices[q.answer]
            assert set(q.choices) - {right} <= set(q.others), q
            assert right not in q.others and len(set(q.others)) == len(q.others), q
            kind, _, stem = q.key.partition(":")
            for wrong in q.others:
                checked += 1
                if q.kind == "name_it":  # another part's name, not this part's
                    assert by_label[wrong].id != q.show[0], q
                elif kind in ("origin", "insertion", "action"):
                    said, other = getattr(by_name[right], kind), getattr(by_name[wrong], kind)
                    assert not quiz.shares_fact(said, other), (q.prompt, right, wrong)
                    assert not _facts(kind, said) & _facts(kind, other), (q.clue, wrong, other)
                elif kind.startswith("back-"):
                    field = kind.removeprefix("back-")
                    assert not quiz.shares_fact(right, wrong), (q.prompt, right, wrong)
                    assert not _facts(field, right) & _facts(field, wrong), (q.prompt, wrong)
                elif kind == "lengthens":
                    pose = library.pose(stem)
                    ratio = {n: library.rig.length_ratio(atlas.expand(by_name[n].stem)[0], pose)
                             for n in (right, wrong)}  # fmt: skip
                    assert ratio[wrong] < ratio[right] - quiz.LENGTH_MARGIN, (q.prompt, wrong)
                elif kind == "predict":  # measured on the answer's side, clearly shorter
                    pose, side = library.pose(stem), atlas[q.review].side
                    ratio = {n: library.rig.length_ratio(side_id(by_name[n].stem, side), pose,
                                                         alone=True)
                             for n in (right, wrong)}  # fmt: skip
                    assert ratio[wrong] < ratio[right] - quiz.PREDICTED[1], (q.prompt, wrong)
                elif kind == "reach":
                    assert wrong != quiz.zone_reach_answer(library, q.zones[0]), q.prompt
                else:  # above: the wrong nerves do not leave above the muscle
                    nerve = atlas.expand(by_name[wrong].stem)[0]
                    assert not quiz.passes_above(library, nerve, q.show[1]), (q.prompt, wrong)
    assert checked > 1000
    iliacus = next(q for q in pools[2] if q.key == "action:iliacus")
    assert "Psoas major" not in iliacus.others and "Tensor fasciae latae" not in iliacus.others


def _share_of_view(scene: Scene, ids: list[str]) -> float:
    """How much of the view's limiting side (height or width) these parts span in the
    scene's camera (perspective, as plotly draws it): 1.0 spans it all."""
    state, library = scene.state, scene.library
    camera = view.camera_of(state, library)
    lo, hi = view.scene_box(state, library)
    scale = view.domain_scale(lo, hi)
    points = np.vstack([view.vertices(i, state, library) for i in ids])
    rel = (points - (lo + hi) / 2) * scale - np.asarray(camera.eye)
    forward = np.subtract(camera.center, camera.eye)
    forward /= np.linalg.norm(forward)
    right = np.cross(forward, camera.up)
    right /= np.linalg.norm(right)
    up = np.cross(right, forward)
    depth = rel @ forward
    assert (depth > 0).all(), "the eye is inside the part"
    y = (rel @ up) / depth / view.HALF_FOV_TAN
    x = (rel @ right) / depth / (view.HALF_FOV_TAN * state.view_aspect)
    return float(max(np.ptp(y), np.ptp(x)) / 2)


@pytest.mark.parametrize("screen", [(1920, 1080), (1024, 768)])
def test_name_it_and_find_it_show_their_part_face_on_large_and_uncovered(library, screen):
    """Every Name it and Find it question: its view shows the part (in front of what is
    drawn, peeled to it) over quiz.MIN_SEEN_MM2 and face-on (quiz.MIN_FACING), the best of
    the upright named views; the part spans quiz.NAME_IT_SHARE of a name-it view and
    quiz.FIND_IT_SHARE of a find-it view (measured here in perspective, as plotly draws).
    The IT band, edge-on from behind, is asked from the side."""
    rules = quiz.load_rules(library)
    scene = Scene(library)
    scene.set_view_size(*screen)
    for kind, share in (("name_it", quiz.NAME_IT_SHARE), ("find_it", quiz.FIND_IT_SHARE)):
        pool = quiz.questions(library, kind, random.Random(0), rules)
        assert len(pool) >= 30, kind
        for q in pool:
            (part,) = q.show
            seen = quiz.seen_from(library, q.camera, q.peel)[part]
            assert quiz.view_of(library, q.show, q.peel) == (q.camera, seen)
            assert seen >= quiz.MIN_SEEN_MM2, (q.key, q.camera, seen)
            assert quiz.facing(library, part, seen) >= quiz.MIN_FACING, (q.key, q.camera)
            show_question(scene, q, answered=False)
            assert scene.state.camera == q.camera and scene.state.peel == q.peel
            assert _share_of_view(scene, [part]) >= share, (q.key, screen)
    it_band = "iliotibial_band_r"
    behind = quiz.seen_from(library, "posterior", None)[it_band]
    assert quiz.facing(library, it_band, behind) < quiz.MIN_FACING  # edge-on from behind
    asked = {q.key: q for q in quiz.questions(library, "name_it", random.Random(0), rules)}
    assert asked[it_band].camera == "right_lateral"


def test_an_answer_is_peeled_to_its_part_and_seen_from_where_it_faces(library):
    """Every attachment and mechanism answer shows its parts uncovered: gluteus minimus
    without gluteus maximus over it; psoas major from the front."""
    rules = quiz.load_rules(library)
    scene = Scene(library)
    for kind in ("attachments", "mechanisms"):
        for q in quiz.questions(library, kind, random.Random(0), rules):
            if not q.show:
                continue  # how far a zone reaches: the zone is drawn, nothing covers it
            show_question(scene, q, answered=True)
            camera = quiz.view_of(library, q.show, q.peel, q.pose or "standing")[0]
            assert scene.state.camera == camera and q.camera in (None, camera), q.key
            assert scene.state.peel == q.peel, q.key
            seen = quiz.seen_from(library, camera, q.peel, q.pose or "standing")
            assert all(seen[i] >= quiz.MIN_SEEN_MM2 / 2 for i in q.fit), (q.key, camera)
            assert _share_of_view(scene, list(q.fit)) >= quiz.NAME_IT_SHARE, q.key
    minimus = next(q for q in quiz.questions(library, "attachments", random.Random(0), rules)
                   if q.key == "origin:gluteus_minimus")  # fmt: skip
    show_question(scene, minimus, answered=True)
    assert not view.visible("gluteus_maximus_r", scene.state, library)


def test_stop_leaves_a_quiz_at_any_point_and_another_kind_starts(library):
    """Stop is on the panel while a question asks and while its answer shows; it goes back
    to the kinds (the address forgets the kind, the model shows the whole body, names on
    hover again), where another kind starts."""
    board = Dashboard(library)
    board.apply_query("quiz=name_it")
    panel = board.quiz
    assert panel.leave.layout.display is None and panel.menu.layout.display == "none"
    assert panel.leave.description == panel.rules.words.leave
    board.on_key(str(panel.session.current.answer + 1))
    assert panel.session.feedback and panel.leave.layout.display is None
    panel.leave.click()
    assert (panel.kind, panel.session) == (None, None)
    assert board.bridge.address == "?mode=student&quiz="  # the kinds of question
    assert panel.menu.layout.display is None and panel.leave.layout.display == "none"
    state = board.scene.state
    assert not state.names_hidden and not state.highlighted and state.camera == quiz.ASK_FROM
    panel.kind_buttons["find_it"].click()
    assert panel.kind == "find_it" and "quiz=find_it" in board.bridge.address
    assert panel.session.current.target is not None


def test_a_prediction_is_measured_on_the_rig_among_checked_muscles(pools, library):
    """Every "Predict, then see" answer lengthens clearly, each other choice clearly less, on
    the rig's own paths; only muscles whose lengths agree with the source model's for the
    joints moved are offered (quadratus femoris, which the source model lacks, never is)."""
    joints, checks, atlas = library.joints, library.length_checks, library.atlas
    pool = pools["predict"]
    assert any(q.pose == "hip_flexion_r:90,hip_rotation_r:-30" for q in pool)  # flexed, turned in
    assert any("Figure-4" in q.prompt for q in pool)  # a stretch, on its own side
    for q in pool:
        pose = library.pose(q.pose)
        assert q.key == f"predict:{q.pose}" and joints.code_of(pose) == q.pose
        assert [atlas[i].name for i in q.measured] == list(q.choices)
        assert q.show == (q.review,) == (q.measured[q.answer],)
        ratio = {i: library.rig.length_ratio(i, pose, alone=True) for i in q.measured}
        right = q.measured[q.answer]
        assert right == q.review and ratio[right] > 1 + quiz.PREDICTED[0], q.prompt
        assert all(ratio[i] < ratio[right] - quiz.PREDICTED[1]
                   for i in q.measured if i != right), q.prompt  # fmt: skip
        moved = {jid.removesuffix("_r").removesuffix("_l") for jid in joints.ids()
                 if joints.angle(pose, jid)}  # fmt: skip
        assert all(checks.trusted_in(atlas[i].stem, moved) for i in q.measured), q.prompt
        assert "quadratus_femoris_r" not in q.measured
        assert "°" in q.prompt or "“" in q.prompt  # the position in words, not a code


def test_a_prediction_answer_moves_the_body_there_one_drawn_pose_at_a_time(library):
    """Answered, the body moves to the position a pose at a time: each pose waits for the
    page to say the last is drawn; the view holds still all the way; each choice's length
    grows beside it as it moves. A late word from the page changes nothing; a page that
    asks for no motion goes to the end at once."""
    board = Dashboard(library)
    sent: list[dict] = []
    board.bridge.send = lambda msg, *args, **kwargs: sent.append(msg)
    board.apply_query("quiz=predict")
    panel, scene, joints = board.quiz, board.scene, library.joints
    rule = panel.rules.kinds["predict"]
    q = panel.session.current
    assert scene.state.pose == "standing" and not scene.state.highlighted  # asked first
    board.on_key("1")
    assert sent == [{"type": "say-when-drawn", "dwell": rule.dwell_ms}]
    frames = [joints.code_of(f) for f in joints.frames(library.pose(q.pose), rule.frames)]
    poses, cameras = [scene.state.pose], {scene.camera()}
    said = [[b.description for b in panel.choices]]
    while scene.state.pose != q.pose:
        board.bridge._receive(None, {"type": "drawn"}, [])
        poses.append(scene.state.pose)
        cameras.add(scene.camera())
        said.append([b.description for b in panel.choices])
    assert poses == frames and len(cameras) == 1
    assert len(sent) == rule.frames - 1  # asked for every pose but the last
    assert scene.state.highlighted == {q.review} and scene.state.strain
    right = q.answer
    grown = [float(re.search(r"\(([+-]\d+) %\)", row[right]).group(1)) for row in said]
    assert grown == sorted(grown) and grown[-1] > 100 * quiz.PREDICTED[0]  # it lengthens
    board.bridge._receive(None, {"type": "drawn"}, [])  # late: nothing more
    assert scene.state.pose == q.pose and len(sent) == rule.frames - 1
    board.on_key("Enter")  # the next question: standing again
    assert scene.state.pose == "standing"
    board.on_key("1")
    board.bridge._receive(None, {"type": "drawn", "skip": True}, [])
    assert scene.state.pose == panel.session.current.pose
