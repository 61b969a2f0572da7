"""A structure's or a landmark's card: what Explore shows of a picked part, in an audience's
words (the dashboard's Explore and the lesson's). Every piece of text from the data files is
escaped by the templates (app/static/card.html, landmark_card.html)."""

from __future__ import annotations

from glutelib.atlas import Structure, sentence_case
from glutelib.audiences import Audience, Audiences
from glutelib.landmarks import Landmark
from glutelib.templates import render


def list_name(structure: Structure, plain: bool) -> str:
    """A part as Explore's list names it: both sides in one, in the audience's words."""
    return sentence_case(structure.plain_name) if plain else structure.name


def card_html(structure: Structure, audience: Audience, words: Audiences,
              both_sides: bool = False) -> str:  # fmt: skip
    """The info card: plain sentence for clients, the facts for students and instructors
    (app/static/card.html: every piece of text from the data files is escaped)."""
    return render("app/static/card.html", **_card(structure, audience, words, both_sides))


def card_said(structure: Structure, audience: Audience, words: Audiences) -> str:
    """The card as one line of text, for a screen reader: 'Piriformis (right). Pear-shaped
    muscle. Origin: ... .'"""
    card = _card(structure, audience, words, both_sides=False)
    parts = [card["title"], card["plain_name"], *(f"{t}: {text}" for t, text in card["rows"])]
    return " ".join(p if p.endswith(".") else f"{p}." for p in parts if p)


def _card(structure: Structure, audience: Audience, words: Audiences,
          both_sides: bool) -> dict:  # fmt: skip
    """A card's title, plain name (students and instructors) and rows of facts."""
    plain = audience.plain
    name = structure.plain_name if plain else structure.name
    side = words.page.say("both_sides") if both_sides else structure.side_name
    rows = [(words.fields[f], getattr(structure, f)) for f in audience.card
            if getattr(structure, f)]  # fmt: skip
    return dict(
        title=f"{sentence_case(name)} ({side})" if side else sentence_case(name),
        plain_name="" if plain else sentence_case(structure.plain_name),
        rows=rows,
    )


def landmark_card_html(mark: Landmark, audience: Audience, bone: Structure,
                       words: Audiences) -> str:  # fmt: skip
    """A landmark's card: its name, where it is in plain words, and for students the note
    (app/static/landmark_card.html)."""
    plain = audience.plain
    return render(
        "app/static/landmark_card.html", title=mark.label_in(plain),
        plain_name="" if plain else sentence_case(mark.entry.plain_name),
        description=mark.entry.description, note="" if plain else mark.entry.note,
        on_bone=words.page.say("on_bone", bone=bone.label_in(plain).lower() if plain
                               else bone.name),
    )  # fmt: skip
