"""The library: every data file read once and checked against the atlas and each other."""

from __future__ import annotations

import shutil

import pytest

from glutelib.datafiles import DATA_DIR
from glutelib.errors import DataFileError, StructureNotFoundError
from glutelib.library import load_library


def test_one_library_holds_every_data_file(library, atlas):
    assert library.atlas is atlas
    assert {"posterior", "anterior"} <= set(library.cameras)
    assert "seated" in library.poses and "standing" in library.poses
    assert "piriformis_referral_r" in library.zones
    assert next(iter(library.conditions)) == "low_back_sitting"
    assert library.rig is library.rig  # made once


def test_sides_are_worked_out_in_one_place(atlas):
    assert atlas.expand("gluteus_medius") == ["gluteus_medius_r", "gluteus_medius_l"]
    assert atlas.expand("piriformis_l") == ["piriformis_l"]
    assert atlas.expand("sacrum") == ["sacrum"]
    assert atlas["piriformis_r"].stem == "piriformis" and atlas["sacrum"].stem == "sacrum"
    assert atlas["sciatic_nerve_variant_l"].stem == "sciatic_nerve_variant"
    with pytest.raises(StructureNotFoundError, match="'gluteus_medius'"):
        atlas.expand("gluteus_medus")


def test_the_opening_view_and_variants_are_data(library, atlas):
    assert {"tibia_r", "toe_bones_l"} <= library.opening_hidden
    assert "femur_r" not in library.opening_hidden
    variants = {s.id for s in atlas if s.variant}
    assert variants == {"sciatic_nerve_variant_r", "sciatic_nerve_variant_l"}


def _edited_data(tmp_path, name: str, old: str, new: str):
    """A copy of glutelib/data with one edit in one file."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / name
    path.write_text(path.read_text().replace(old, new, 1))
    return data


def test_a_group_without_a_heading_is_named_at_load(tmp_path, atlas):
    data = _edited_data(
        tmp_path, "audiences.yaml", "  nerves: {anatomical: Nerves, plain: Nerves}\n", ""
    )
    with pytest.raises(DataFileError, match=r"audiences\.yaml.*no heading for 'nerves'"):
        load_library(atlas, data_dir=data)


def test_an_opening_view_naming_nothing_is_named(tmp_path, atlas):
    data = _edited_data(tmp_path, "settings.yaml", "talus,", "tallus,")
    with pytest.raises(DataFileError, match=r"settings\.yaml, opening_view\.hide.*'talus'"):
        load_library(atlas, data_dir=data)


def test_every_layer_needs_its_peel_words(tmp_path, atlas):
    data = _edited_data(tmp_path, "audiences.yaml", "intermediate: Peel two layers,", "")
    with pytest.raises(
        DataFileError, match=r"words\.anatomical\.peel has no label for intermediate"
    ):
        load_library(atlas, data_dir=data)
