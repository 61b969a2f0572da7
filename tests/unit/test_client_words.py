"""A client sees plain words only: every text of the client's page (cards, steps, legends,
list items, buttons, placeholders, messages, the names in the 3D view) on every step of every
walkthrough and for every part picked, scanned for anatomical jargon."""

from __future__ import annotations

import html
import re

import ipywidgets as w
import pytest

from glutelib.app.dashboard import Dashboard

# Words a client would not know; each has a plain one in the data (structures.yaml
# plain_name, audiences.yaml plain words, the steps' client text).
JARGON = ("innervation", "insertion", "origin", "epicondyle", "radiculopathy", "anteversion",
          "lordosis", "ischial", "tuberosity", "trochanter", "piriformis", "nerve root", "disc",
          "fascia", "gluteus", "gluteal", "sacroiliac", "iliotibial", "lumbar", "femoris",
          "gemellus", "obturator", "tensor", "lateral", "medial", "posterior",
          "anterior")  # fmt: skip


def seen(widget: w.Widget) -> list[str]:
    """Every text the widget tree shows (hidden branches left out), tags stripped."""
    out: list[str] = []
    stack = [widget]
    while stack:
        node = stack.pop()
        if getattr(getattr(node, "layout", None), "display", None) == "none":
            continue
        if isinstance(node, w.HTML | w.HTMLMath | w.Label):
            shown = re.sub(r"(?s)<style>.*?</style>", " ", node.value)  # the page's CSS
            out.append(html.unescape(re.sub(r"<[^>]+>", " ", shown)))
        for attr in ("description", "placeholder", "tooltip"):
            if isinstance(getattr(node, attr, None), str):
                out.append(getattr(node, attr))
        if isinstance(node, w.Dropdown | w.ToggleButtons | w.Select):
            out += [str(label) for label in node._options_labels]
        stack += list(getattr(node, "children", ()))
    return out


def names_in_view(board: Dashboard) -> list[str]:
    return [a.text.replace("<br>", " ") for a in board.figure.layout.scene.annotations or ()]


def jargon_in(texts: list[str]) -> set[str]:
    words = " ".join(texts).lower()
    return {j for j in JARGON if re.search(rf"\b{j}", words)}


@pytest.fixture(scope="module")
def client(library):
    board = Dashboard(library, query="?mode=client")
    assert board.mode == "client"
    return board


def test_every_walkthrough_step_speaks_plain_words_to_a_client(client):
    found = {}
    for cid, condition in client.walkthrough.conditions.items():
        for number in range(1, len(condition.steps) + 1):
            client.open_condition(cid, str(number))
            client.toolbar.labels.value = True  # the names, too
            bad = jargon_in(seen(client.root) + names_in_view(client))
            if bad:
                found[f"{cid} step {number}"] = sorted(bad)
    assert not found, found


def test_every_part_a_client_picks_is_told_in_plain_words(client):
    client.set_section("explore")
    found = {}
    for stem in client.atlas.stems:
        client.explorer.side.value = "both"
        client.explorer.select_stem(stem)
        client.toolbar.labels.value = True
        texts = seen(client.root) + names_in_view(client)
        if stem == "piriformis":  # the scan reads the card and the names in the view
            flat = " ".join(" ".join(texts).split())
            assert "Pear-shaped muscle (both sides)" in flat and "Right pear-shaped muscle" in flat
        bad = jargon_in(texts)
        if bad:
            found[stem] = sorted(bad)
    for mark in client.scene.library.landmarks.marks:
        client.explorer.select_landmark(mark)
        bad = jargon_in(seen(client.root) + names_in_view(client))
        if bad:
            found[mark] = sorted(bad)
    assert not found, found


def test_messages_to_a_client_are_plain(client):
    client.address.apply("?mode=client&structure=piriformiss&condition=nothing")
    assert not jargon_in(seen(client.root)), seen(client.root)
