"""The Anki deck (`make anki`): a note per Test yourself question, stable ids, its source and
a link back to the part, and a package Anki reads (SQLite and pictures, zipped) whose
pictures show the part the card names."""

from __future__ import annotations

import io
import json
import random
import sqlite3
import zipfile
from urllib.parse import urlsplit

import numpy as np
import pytest
from PIL import Image

from glutelib import anki, quiz
from glutelib.app.deeplink import parse_link
from glutelib.drawing import named_colours
from glutelib.library import load_library


@pytest.fixture(scope="module")
def deck(library) -> list[anki.Note]:
    return anki.notes(library)


def test_every_question_of_every_kind_is_one_note_with_a_stable_id(deck, library, atlas):
    made = {k: len(quiz.questions(library, k, random.Random(9))) for k in quiz.KINDS}
    assert {k: sum(n.kind == k for n in deck) for k in quiz.KINDS} == made
    assert all(made.values())
    ids = [n.guid for n in deck]
    assert len(set(ids)) == len(ids)
    # built anew, kind by kind: each note has its id and says the same (its picture too), so
    # an import updates it in place; the kinds with random answers and choices among them
    again = anki.notes(load_library(atlas), kinds=["predict", "mechanisms", "palpate_it"])
    assert len(again) == made["predict"] + made["mechanisms"] + made["palpate_it"]
    before = {n.guid: n for n in deck}
    for note in again:
        assert note.fields == before[note.guid].fields, note.key
        assert set(note.pictures) == set(before[note.guid].pictures), note.key


def test_each_note_asks_answers_says_its_source_and_links_to_its_part(deck, library):
    settings = anki.load_settings()
    for note in deck:
        front, back, source, link, words = note.fields
        assert front and back and words == settings.link_words
        assert source == settings.sources[note.kind]
        place = parse_link(urlsplit(link).query)
        assert link.startswith(settings.dashboard) and place.mode == settings.audience
        if note.kind in ("name_it", "find_it"):
            assert place.structure == note.key  # the part itself
        if note.kind == "palpate_it":
            assert place.palpate == note.key.removeprefix("palpate:")
    by_key = {(n.kind, n.key): n for n in deck}
    name_it = by_key["name_it", "piriformis_r"]
    assert "<img" in name_it.fields[0] and "Piriformis" not in name_it.fields[0]  # no give-away
    assert "Piriformis (right)" in name_it.fields[1] and "<img" not in name_it.fields[1]
    palpate = by_key["palpate_it", "palpate:piriformis_r"].fields
    assert "piriformis (right), and where does it lie under the skin?" in palpate[0]
    assert "Posterior superior iliac spine (right), then Piriformis (right)" in palpate[1]
    predict = next(n for n in deck if n.kind == "predict").fields
    assert predict[0].count("<li>") == 4 and predict[1].count(" %") == 4  # measured, each
    origin = next(n for n in deck if n.key.startswith("origin:")).fields
    assert 'class="clue"' in origin[0] and "<li>" not in origin[0]  # recall, no choices
    assert "&lt;" not in "".join(n.fields[0] for n in deck)  # no markup escaped twice


def test_the_package_holds_the_notes_the_model_the_deck_and_pictures_of_the_parts(
    deck, library, tmp_path
):
    settings = anki.load_settings()
    picked = [next(n for n in deck if (n.kind, n.key) == ("name_it", "piriformis_r")),
              next(n for n in deck if n.kind == "palpate_it")]  # fmt: skip
    path = anki.write_package(tmp_path / "deck.apkg", library, picked, settings)
    with zipfile.ZipFile(path) as package:
        (tmp_path / "collection.anki2").write_bytes(package.read("collection.anki2"))
        media = json.loads(package.read("media"))
        files = {name: package.read(number) for number, name in media.items()}
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        rows = db.execute("select guid, mid, flds, tags from notes").fetchall()
        models = json.loads(db.execute("select models from col").fetchone()[0])
        decks = json.loads(db.execute("select decks from col").fetchone()[0])
        cards = db.execute("select count(*) from cards").fetchone()[0]
    assert sorted(r[0] for r in rows) == sorted(n.guid for n in picked)
    assert {r[1] for r in rows} == {settings.model_id} and cards == len(picked)
    assert [f["name"] for f in models[str(settings.model_id)]["flds"]] == list(anki.FIELDS)
    assert decks[str(settings.deck_id)]["name"] == settings.deck
    for guid, _, fields, tags in rows:
        note = next(n for n in picked if n.guid == guid)
        assert tuple(fields.split("\x1f")) == note.fields and tags.strip() == note.kind
    assert set(files) == {name for n in picked for name in n.pictures}
    # what a student sees: the picture of Name it shows the highlighted part in its colour
    (name, state), = picked[0].pictures.items()  # fmt: skip
    picture = np.asarray(Image.open(io.BytesIO(files[name])).convert("RGB")).astype(int)
    assert picture.shape[:2] == tuple(reversed(settings.picture_px))
    colour = named_colours(state, library)["piriformis_r"].lstrip("#")
    rgb = np.array([int(colour[i : i + 2], 16) for i in (0, 2, 4)])
    near = (np.abs(picture - rgb).sum(axis=2) < 90).mean()
    assert near > 0.005, f"the highlight covers {near:.2%} of the picture"


def test_an_unknown_kind_is_named_with_the_kinds_there_are(capsys, tmp_path):
    assert anki.main(["--kinds", "name_it,spleen", "--out", str(tmp_path / "d.apkg")]) == 2
    said = capsys.readouterr().err
    assert "spleen" in said and "palpate_it" in said
    assert not (tmp_path / "d.apkg").exists()
