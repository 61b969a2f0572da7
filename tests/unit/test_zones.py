"""Pain zones without a browser: what they are wrapped around when a mesh is broken."""

from __future__ import annotations

import pytest

from glutelib import load_atlas
from glutelib.datafiles import ZONES, data_path
from glutelib.errors import DataFileError, MeshFileError
from glutelib.zones import Zones


def test_a_zone_wraps_the_meshes_that_load_when_one_of_its_region_is_broken(mesh_copy):
    (mesh_copy / "gluteus_maximus_l.ply").unlink()
    zones = Zones(load_atlas(mesh_copy), data_path(ZONES))
    for zone_id in zones.ids:
        assert len(zones.mesh(zone_id).faces) > 0, zone_id


def test_a_region_with_no_mesh_left_is_named_with_the_fix(mesh_copy):
    atlas = load_atlas(mesh_copy)
    zones = Zones(atlas, data_path(ZONES))
    region, spec = next((r, s) for r, s in zones.spec.regions.items() if s.midline)
    for stem in spec.structures:
        for sid in atlas.expand(stem):
            (mesh_copy / f"{sid}.ply").unlink()
    with pytest.raises(MeshFileError, match=f"region '{region}'.*make meshes"):
        Zones(load_atlas(mesh_copy), data_path(ZONES)).surface(region, None)


def test_a_zone_names_a_role_not_a_colour_and_a_wrong_one_is_named(atlas, tmp_path):
    text = data_path(ZONES).read_text()
    given = tmp_path / ZONES
    given.write_text(text.replace("role: nerve_root", 'colour: "#0072b2"', 1))
    with pytest.raises(DataFileError, match=r"(?s)zones\.root_sciatica\.role: Field required"):
        Zones(atlas, given)
    given.write_text(text.replace("role: nerve_root", "role: nerve", 1))
    with pytest.raises(DataFileError, match=r"(?s)root_sciatica\.role: .*'pain', 'referral'"):
        Zones(atlas, given)
