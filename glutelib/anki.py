"""Test yourself as an Anki deck, for spaced review: one note per question the quiz asks.

    notes = anki.notes(library)                        # what each card says, which pictures
    anki.write_deck("build/glutelib.apkg", library)    # `make anki`: genanki, kaleido

The same question generator as Test yourself (`glutelib.quiz.questions`), in the student's
words. A card asks without choices (recall is what spaced review trains): Name it shows the
part highlighted as the quiz does; every other card shows, with its answer, the view the quiz
shows once answered. Each note says where its facts come from and links to the part (or the
step, or the Palpate route) in the dashboard. Ids are Anki's and stable: the deck's and the
model's in anki.yaml, each note's from its question's kind and key, so importing a newer deck
updates the notes a student has, with their review history, instead of adding them again.
"""

from __future__ import annotations

import copy
import hashlib
import io
import random
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from glutelib.app.deeplink import Link, link_query
from glutelib.atlas import in_sentence
from glutelib.datafiles import DataModel, data_path, read_data_file
from glutelib.drawing import build_figure
from glutelib.errors import GlutelibError
from glutelib.lesson.frames import audience_scene, state_key
from glutelib.library import Library
from glutelib.present import review_target, show_question
from glutelib.quiz import (
    KINDS,
    Kind,
    Question,
    answer_words,
    load_rules,
    measured_words,
    questions,
    view_words,
)  # fmt: skip
from glutelib.state import SceneState
from glutelib.templates import macros

ANKI = "anki.yaml"
FIELDS = ("Front", "Back", "Source", "Link", "LinkWords")
JPEG_QUALITY = 88
SEED = 0  # with each kind's name: the same deck from the same data, kind by kind


class AnkiWords(DataModel):
    asked: str  # a Name it picture's text alternative (the name is the question)
    shown: str  # an answer picture's: {what} it shows


class AnkiSettings(DataModel):
    """anki.yaml: the deck's and note type's names and ids, whose words, where notes link,
    the pictures' size, and what each kind's card says and where its facts come from."""

    schema_version: int
    deck: str
    deck_id: int
    model: str
    model_id: int
    audience: str
    dashboard: str
    link_words: str
    picture_px: tuple[int, int]
    with_choices: list[Kind]
    asks: dict[Kind, str]
    sources: dict[Kind, str]
    words: AnkiWords


def load_settings(path: Path | None = None) -> AnkiSettings:
    """anki.yaml; a fault raises DataFileError naming the file and the fix."""
    return read_data_file(Path(path or data_path(ANKI)), AnkiSettings, "Anki deck file")


@dataclass(frozen=True)
class Note:
    """One note: its Anki id (`guid`), its fields (FIELDS, HTML) and the pictures its fields
    name (file name -> the scene state drawn there)."""

    guid: str
    kind: Kind
    key: str
    fields: tuple[str, ...]
    pictures: dict[str, SceneState]


def guid(kind: str, key: str) -> str:
    """A note's stable id: from its question's kind and key (unique within a kind)."""
    return _genanki().guid_for("glutelib", kind, key)


def picture_name(state: SceneState) -> str:
    """A state's picture file: named by what it shows, so a view two cards share is one file."""
    return f"glutelib-{hashlib.sha256(state_key(state).encode()).hexdigest()[:16]}.jpg"


def link(q: Question, target: tuple[str, str, str] | None, settings: AnkiSettings) -> str:
    """The dashboard's address of what the question is about, `target` as the quiz's review
    opens it (`present.review_target`): its part, its Palpate route, or the walkthrough step
    that draws its zone; else the question itself in Test yourself."""
    mode = settings.audience
    kind, value = target[:2] if target else (None, "")
    if kind == "structure":
        where = Link(mode=mode, structure=value)
    elif kind == "palpate":
        where = Link(mode=mode, palpate=value)
    elif kind == "step":
        condition, step = value.split(":")
        where = Link(mode=mode, condition=condition, step=step)
    else:
        where = Link(mode=mode, quiz=q.kind, question=q.key)
    return settings.dashboard.rstrip("/") + "/" + link_query(where)


def notes(library: Library, settings: AnkiSettings | None = None,
          kinds: Iterable[Kind] = KINDS) -> list[Note]:  # fmt: skip
    """Every question of `kinds` as a note, in the quiz's order."""
    settings = settings or load_settings()
    rules = load_rules(library)
    audience = library.audiences.audiences[settings.audience]
    scene = audience_scene(library, list(library.atlas.ids), audience)
    scene.set_view_size(*settings.picture_px)
    parts = macros("html/anki_fields.html")
    names = {i: library.atlas[i].label for i in library.atlas.ids}
    out = []
    for kind in kinds:
        if kind not in rules.kinds:
            continue
        # a kind's own random source: another kind's questions never change what it asks
        for q in questions(library, kind, random.Random(f"{SEED}:{kind}"), rules):
            asks = kind == "name_it"  # its picture is the question; the others' the answer
            show_question(scene, q, answered=not asks)
            drawn = copy.deepcopy(scene.state)
            ask, tell = (drawn, None) if asks else (None, drawn)
            answer = answer_words(q, names)
            more = measured_words(library, q, rules.words.measured)
            more = [f"{c} {m.strip()}" for c, m in zip(q.choices, more, strict=False)]
            target = review_target(library, q, library.atlas.ids)
            alt = settings.words.shown.format(what=target[2] if target else answer)
            choices = q.choices if kind in settings.with_choices else ()
            front = parts.front(_asked(library, q, settings), q.clue, choices,
                                ask and picture_name(ask), settings.words.asked)  # fmt: skip
            back = parts.back(answer, more, tell and picture_name(tell), alt)
            fields = (str(front), str(back), settings.sources[kind], link(q, target, settings),
                      settings.link_words)  # fmt: skip
            pictures = {picture_name(s): s for s in (ask, tell) if s is not None}
            out.append(Note(guid(kind, q.key), kind, q.key, fields, pictures))
    return out


def _asked(library: Library, q: Question, settings: AnkiSettings) -> str:
    """The card's question: the quiz's, or anki.yaml's words for its kind."""
    if q.kind not in settings.asks:
        return q.prompt
    label = library.atlas[q.review].label
    view = view_words(library, q.camera) if q.camera else ""
    return settings.asks[q.kind].format(name=in_sentence(label), view=view)


def model(settings: AnkiSettings):
    """The note type: FIELDS, one card (front: the question; back: it, the answer and more),
    its templates and style glutelib/html/anki/."""
    genanki = _genanki()
    read = lambda name: files("glutelib").joinpath(f"html/anki/{name}").read_text("utf-8")  # noqa: E731
    return genanki.Model(settings.model_id, settings.model,
                         fields=[{"name": f} for f in FIELDS],
                         templates=[{"name": "Recall", "qfmt": read("front.html"),
                                     "afmt": read("back.html")}],
                         css=read("card.css"), sort_field_index=0)  # fmt: skip


def write_deck(path: str | Path, library: Library, *, kinds: Iterable[Kind] = KINDS,
               dashboard: str | None = None) -> Path:  # fmt: skip
    """Write the deck of `kinds` as an .apkg file (Anki's package: SQLite and the pictures,
    zipped). `dashboard`: the address the notes link to (a class server's), else anki.yaml's."""
    settings = load_settings()
    if dashboard:
        settings = settings.model_copy(update={"dashboard": dashboard})
    return write_package(path, library, notes(library, settings, kinds), settings)


def write_package(path: str | Path, library: Library, made: list[Note],
                  settings: AnkiSettings) -> Path:  # fmt: skip
    """Write these notes, and the pictures they name, as an .apkg file."""
    genanki = _genanki()
    deck = genanki.Deck(settings.deck_id, settings.deck)
    note_type = model(settings)
    for note in made:
        deck.add_note(genanki.Note(model=note_type, fields=list(note.fields), guid=note.guid,
                                   tags=[note.kind]))  # fmt: skip
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="glutelib-anki-") as folder:
        media = _draw(made, library, Path(folder), settings)
        genanki.Package(deck, media_files=[str(m) for m in media]).write_to_file(str(path))
    return path


def _genanki():
    """genanki (imported here so the library loads without it), or a message naming the fix."""
    try:
        import genanki
        import PIL  # noqa: F401  (the pictures are made JPEG)
    except ImportError as exc:
        raise GlutelibError(
            f"Writing an Anki deck needs {exc.name}: run `make anki` (installs it)."
        ) from None
    return genanki


def _draw(made: list[Note], library: Library, folder: Path, settings: AnkiSettings) -> list[Path]:
    """Each picture the notes name, once, drawn by kaleido with one Chromium for them all;
    JPEG, a quarter of PNG's size for these shaded pictures (the deck: 21 MB as PNG)."""
    from PIL import Image

    from glutelib.export import one_browser, png_bytes

    states = {name: state for note in made for name, state in note.pictures.items()}
    width, height = settings.picture_px
    out = []
    with one_browser():
        for name, state in states.items():
            png = png_bytes(build_figure(state, library), width, height)
            out.append(folder / name)
            Image.open(io.BytesIO(png)).convert("RGB").save(out[-1], quality=JPEG_QUALITY)
    return out


def main(argv: list[str] | None = None) -> int:
    """`python -m glutelib.anki [--out FILE] [--dashboard URL] [--kinds a,b]`: `make anki`."""
    import argparse
    import sys
    import time

    from glutelib.library import load_library

    parser = argparse.ArgumentParser(description="Write Test yourself as an Anki deck (.apkg).")
    parser.add_argument("--out", type=Path, default=Path("build/glutelib.apkg"))
    parser.add_argument("--dashboard", help="the address the notes link to (default: anki.yaml's)")
    parser.add_argument(
        "--kinds", help=f"kinds of question, comma-separated (default: {','.join(KINDS)})"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        kinds = args.kinds.split(",") if args.kinds else KINDS
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise GlutelibError(f"No kind of question called {', '.join(unknown)}; "
                                f"name some of: {', '.join(KINDS)}.")  # fmt: skip
        path = write_deck(args.out, load_library(), kinds=kinds, dashboard=args.dashboard)
    except GlutelibError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"{path}: {path.stat().st_size / 1e6:.1f} MB, in {time.perf_counter() - start:.0f} s")
    return 0


__all__ = ["ANKI", "FIELDS", "AnkiSettings", "Note", "guid", "link", "load_settings", "model",
           "notes", "picture_name", "write_deck", "write_package"]  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
