"""Every muscle, fascia and nerve is one closed body, as loaded.

A muscle is one continuous body: a stray fragment or an open edge shows as a speck or a hole
in the viewer, breaks volume figures and inside-bone checks, and tells a student the muscle is
in pieces. Fascia (the IT band, the thoracolumbar fascia) is built as a thin closed slab and a
nerve as a closed cord, so they are held to the same rule. Bones (the foot and toe bones are
many bones in one mesh; the model's source tibia and hip bone carry fragments) and the
sacroiliac joint space are outside this rule.
"""

from __future__ import annotations

import pytest

CLOSED_KINDS = ("muscle", "fascia", "nerve")


@pytest.mark.parametrize("kind", CLOSED_KINDS)
def test_each_structure_is_one_watertight_body(atlas, kind):
    ids = [s.id for s in atlas if s.kind == kind]
    assert ids, f"no {kind} in the atlas"
    broken = {}
    for sid in ids:
        mesh = atlas.mesh(sid)
        pieces = mesh.split(only_watertight=False)
        if len(pieces) != 1 or not mesh.is_watertight:
            sizes = sorted((len(p.faces) for p in pieces), reverse=True)
            broken[sid] = f"{len(pieces)} pieces of {sizes} faces, watertight {mesh.is_watertight}"
    assert not broken, broken
