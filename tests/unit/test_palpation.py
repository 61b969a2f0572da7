"""palpation.yaml is refused when it names what does not exist, with the file, the entry and
the fix; the measured reach is worked out once per library; the endangerment sites are
hatched."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from glutelib import palpation
from glutelib.colours import seen_delta_e
from glutelib.datafiles import DATA_DIR
from glutelib.drawing import build_figure
from glutelib.errors import DataFileError, NotFoundError
from glutelib.library import load_library
from glutelib.palpation import (
    HATCH_ACROSS,
    HATCH_MM,
    SITES_KEY,
    endangerment_sites,
    hatching,
    reach,
    site_mesh,
)
from glutelib.present import show_palpation
from glutelib.scene import Scene


def _edited(tmp_path, old: str, new: str):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "palpation.yaml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return data


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("  piriformis:\n", "  piriformus:\n", r"piriformus.*'piriformis'.*fix the entry"),
        ("{landmarks: [psis], words: \"Find the PSIS under the dimple",
         "{landmarks: [psiss], words: \"Find the PSIS under the dimple",
         r"gluteus_maximus, route step 1: no landmark 'psiss'; landmarks\.yaml has .*psis"),
        ("    position: side_lying\n", "    position: sideways\n",
         r"gluteus_medius: no position 'sideways'; positions are prone, side_lying, supine"),
        ("    layers: [gluteus_maximus]\n", "    layers: [gluteus_maximum]\n",
         r"piriformis, layers.*'gluteus_maximum'"),
        ("    sources: [trail_guide]\n", "    sources: [trail_guid]\n",
         r"no source 'trail_guid'; add it under `sources`"),
        ("over: sciatic_nerve, margin_mm: 15, below", "over: sciatic_nerf, margin_mm: 15, below",
         r"endangerment sciatic_course, patch 1: over: .*'sciatic_nerf'"),
        ("region: front_of_hip", "region: front_of_hips",
         r"femoral_triangle, patch 1: no region 'front_of_hips'; regions are .*zones\.yaml"),
    ],
)  # fmt: skip
def test_a_name_the_atlas_or_the_files_lack_is_refused_with_the_file_and_entry(
    tmp_path, atlas, old, new, named
):
    data = _edited(tmp_path, old, new)
    with pytest.raises(DataFileError, match=r"Palpation file .*palpation\.yaml") as caught:
        load_library(atlas, data_dir=data)
    assert caught.match(named)


def test_every_entry_has_a_route_a_position_and_a_source_and_unknown_ones_are_named(library):
    guide = library.palpation
    for stem in ("piriformis", "sacroiliac_joint", "iliotibial_band", "sciatic_nerve"):
        for side in ("r", "l"):
            entry = guide.entry(f"{stem}_{side}")
            assert entry.route and entry.sources and entry.client
    muscles = [s.id for s in library.atlas if s.kind == "muscle"]
    assert set(muscles) <= set(guide.entries), "every muscle has its palpation"
    with pytest.raises(NotFoundError, match="femur_r"):
        guide.entry("femur_r")


def test_the_sites_name_what_they_protect_on_their_side(library):
    sites = {site.id: site for site in endangerment_sites(library)}
    assert {"sciatic_course_r", "posterior_femoral_cutaneous_l", "femoral_triangle_r"} <= set(sites)
    assert sites["sciatic_course_l"].protects == ("sciatic_nerve_l",)
    assert "femoral artery" in sites["femoral_triangle_r"].spec.not_modelled


def test_a_reach_is_measured_once_per_library(library):
    assert reach(library, "tensor_fasciae_latae_r") is reach(library, "tensor_fasciae_latae_r")


def test_a_reach_is_kept_on_disk_and_read_back_alike_by_another_library(
    tmp_path, monkeypatch, atlas
):
    """Another kernel (another library on the same cache folder) reads it, measuring
    nothing; a file it cannot read is measured again."""
    monkeypatch.setenv("GLUTELIB_CACHE", str(tmp_path))
    first = reach(load_library(atlas), "piriformis_r")
    (stored,) = tmp_path.glob("reach-*.npz")

    def measure(*_args):
        raise AssertionError("measured again")

    with monkeypatch.context() as m:
        m.setattr(palpation, "_measure", measure)
        again = reach(load_library(atlas), "piriformis_r")
    assert again is not first
    for field in ("press", "projection", "depths"):
        assert np.array_equal(getattr(again, field), getattr(first, field)), field
    assert (again.layers, again.stages, again.behind_bone) == (
        first.layers, first.stages, first.behind_bone)  # fmt: skip
    stored.write_bytes(b"not an npz")
    assert np.array_equal(reach(load_library(atlas), "piriformis_r").depths, first.depths)


def test_an_endangerment_site_is_hatched_so_it_reads_without_its_colour(library):
    """Each site's vertices fall in bands HATCH_MM wide of its two tones, about half each,
    and the drawn trace carries them with a two-tone scale whose tones differ for every
    viewer (glutelib.colours.seen_delta_e: normal vision and each colour-vision deficiency)."""
    for site in endangerment_sites(library):
        mesh = site_mesh(library, site.id)
        tones = hatching(library, [site.id])
        assert len(tones) == len(mesh.vertices) and set(tones) == {0, 255}, site.id
        assert 0.3 < (tones == 255).mean() < 0.7, site.id
        across = mesh.vertices @ HATCH_ACROSS  # along the bands' normal: one tone per band
        band = np.floor(across / HATCH_MM)
        for b in np.unique(band):
            assert len(set(tones[band == b])) == 1, (site.id, b)
    scene = Scene(library)
    show_palpation(scene, "piriformis_r")
    (sites,) = [t for t in build_figure(scene.state, library).data if t.name == SITES_KEY]
    assert set(np.asarray(sites.intensity)) == {0, 255}
    assert len(sites.intensity) == len(sites.x)
    dark, light = sites.colorscale[0][1], sites.colorscale[-1][1]
    assert seen_delta_e(dark, light) >= 15  # the least for any viewer
