"""Condition files: the five walkthroughs load, and bad ones fail with file, step and field."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from glutelib import ConditionError
from glutelib.conditions import load_condition, load_conditions
from glutelib.datafiles import CONDITIONS, data_path

CONDITIONS_DIR = data_path(CONDITIONS)
PICKER_ORDER = ("low_back_sitting", "runners_cyclists", "hip_rotators", "pregnancy",
                "sciatica_vs_piriformis")  # fmt: skip


@pytest.fixture(scope="module")
def conditions(atlas):
    return load_conditions(atlas=atlas)


def test_the_five_walkthroughs_load_in_picker_order(conditions):
    assert tuple(conditions) == PICKER_ORDER
    assert all(5 <= len(c.steps) <= 8 for c in conditions.values())


def test_a_new_walkthrough_file_needs_no_code_and_takes_its_place_by_order(tmp_path, atlas):
    for path in CONDITIONS_DIR.glob("*.yaml"):
        shutil.copyfile(path, tmp_path / path.name)
    text = (CONDITIONS_DIR / "pregnancy.yaml").read_text().replace("order: 4", "order: 0", 1)
    (tmp_path / "desk_work.yaml").write_text(text)
    assert list(load_conditions(tmp_path, atlas))[:2] == ["desk_work", "low_back_sitting"]


def test_peel_names_a_layer(conditions, atlas):
    first = conditions["hip_rotators"].steps[0]
    assert first.peel == "superficial"
    assert not any(atlas.layers.hides(atlas[i], first.peel) for i in first.highlight)


def test_stems_expand_to_both_sides(conditions):
    first = conditions["hip_rotators"].steps[0]
    assert {"piriformis_r", "piriformis_l", "obturator_externus_l"} <= set(first.highlight)


def test_every_walkthrough_ends_by_sending_people_to_a_professional(conditions):
    for c in conditions.values():
        last = c.steps[-1].text
        assert re.search(r"therapist|doctor|midwife", last.client), c.id
    flags = conditions["sciatica_vs_piriformis"].steps[-1].text.client.lower()
    for flag in ("bladder", "bowel", "numbness", "both legs", "weaker"):
        assert flag in flags


def test_seed_misspellings_are_not_copied():
    data = [yaml.safe_load(p.read_text()) for p in CONDITIONS_DIR.glob("*.yaml")]
    text = " ".join(json.dumps(d) for d in data).lower()  # the words, not the comments
    for slip in ("massge", "htat", "illiotibial", "fascia late", "synfrome", "may sciatica",
                 "all allow", " glut ", " gluts "):  # fmt: skip
        assert slip not in text, slip


def test_client_text_avoids_jargon(conditions):
    jargon = ("innervation", "epicondyle", "radiculopathy", "anteversion", "lordosis", "ischial",
              "piriformis", "nerve root", " disc", "fascia", "gluteus")  # fmt: skip
    for c in conditions.values():
        for step in c.steps:
            assert not any(j in step.text.client.lower() for j in jargon), (c.id, step.title)


def _broken(tmp_path, old: str, new: str):
    path = tmp_path / "pregnancy.yaml"
    shutil.copyfile(CONDITIONS_DIR / "pregnancy.yaml", path)
    path.write_text(path.read_text().replace(old, new, 1))
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("highlight: [gluteus_maximus, gluteus_medius, piriformis]",
         "highlight: [gluteus_maximus, gluteus_medus]", r"step 2 .*'highlight'.*gluteus_medius"),
        ("pose: pregnancy\n    camera: posterior\n    peel: superficial",
         "pose: pregnant\n    camera: posterior\n    peel: superficial",
         r"step 3 .*'pose'.*No pose called 'pregnant'.*pregnancy"),
        ("camera: right_lateral", "camera: side", r"step 5 .*'camera': No camera called 'side'"),
        ("peel: deep", "peel: deepest", r"step 1 .*'peel': No layer called 'deepest'.*'deep'"),
        ("zones: [pelvic_girdle_r, pelvic_girdle_l]", "zones: [pelvic_girdle]",
         r"step 4 .*'zones'.*pelvic_girdle_r"),
        ("strain: true", "strain: very", r"steps\.1\.strain"),
        ("highlight: [piriformis, sciatic_nerve]", "highlight: [gluteus_maximus]",
         r"step 3 .*gluteus_maximus_r.*peeled away by peel: superficial"),
        ("schema_version: 1", "schema_version: [", "not valid YAML"),
    ],
)  # fmt: skip
def test_bad_condition_files_name_file_step_and_field(tmp_path, atlas, old, new, message):
    path = _broken(tmp_path, old, new)
    with pytest.raises(ConditionError, match=message) as info:
        load_condition(path, atlas)
    assert str(path) in str(info.value)


def test_missing_folder_or_file_says_so(tmp_path, atlas):
    with pytest.raises(ConditionError, match="No condition files"):
        load_conditions(tmp_path, atlas)
    with pytest.raises(ConditionError, match="missing"):
        load_condition(tmp_path / "nope.yaml", atlas)
