"""Close-ups frame what they are about: checked in the rendered picture, not in camera numbers
(camera numbers can look right while the picture shows the wrong place: plotly's scene box
spans -ratio/2..ratio/2 in camera units)."""

from __future__ import annotations

import io

import numpy as np
import pytest

from glutelib.export import png_bytes
from glutelib.scene import Scene

BONES = ["sacrum", "hip_bone_r", "hip_bone_l", "femur_r", "femur_l", "vertebra_l5"]


def coloured_pixels(scene: Scene, size: int = 400) -> np.ndarray:
    """(n, 2) row, column of every clearly coloured pixel: the highlighted parts (the others
    are drawn grey on white)."""
    from PIL import Image

    png = png_bytes(scene.figure(), width=size, height=size)
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(float)
    saturation = rgb.max(axis=2) - rgb.min(axis=2)
    return np.argwhere(saturation > 60)


@pytest.mark.parametrize(("target", "side"), [("piriformis_r", "posterior"),
                                              ("quadratus_femoris_r", "posterior"),
                                              ("gluteus_medius_r", "right_lateral")])  # fmt: skip
def test_a_close_up_puts_its_structure_in_the_middle_and_large(atlas, target, side):
    scene = Scene(atlas, structures=[*BONES, target])  # nothing in front of it but bone
    scene.set_camera(side).highlight(target)
    whole = coloured_pixels(scene)
    scene.fit()
    close = coloured_pixels(scene)
    middle = close.mean(axis=0) / 400
    assert np.all(np.abs(middle - 0.5) < 0.15), (target, middle)  # centred
    assert len(close) > 3 * len(whole)  # and nearer than the whole view
    assert 0.02 < len(close) / 400**2 < 0.6  # not a speck, not off the edges
