"""The source model's own muscle lengths, as a reference for the rig's
(tests/fixtures/source_lengths.json, read by tests/anatomy/test_source_lengths.py).

    python scripts/source_lengths.py [OUT.json]

myo-sim's 'myolegs' (MyoLeg after Rajagopal et al. 2016) routes each muscle as a MuJoCo
tendon over wrapping surfaces; its length over standing, one joint moved at a time on the
right side, is the reference. A muscle of several bundles there (gluteus maximus' three,
adductor magnus' four) is their mean. The source model turns the hip in for + rotation and
in for + adduction, so those angles change sign; the knee's coupled joints are left to
tests/anatomy/test_rig_lengths.py (SOURCE_KNEE). Muscles the source model lacks (the deep
rotators but piriformis, quadratus lumborum, erector spinae) have no reference.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "source_lengths.json"
BUNDLES = {  # the atlas' stem -> the source model's tendons (right side: <name>_r_tendon)
    "gluteus_maximus": ["glmax1", "glmax2", "glmax3"],
    "gluteus_medius": ["glmed1", "glmed2", "glmed3"],
    "gluteus_minimus": ["glmin1", "glmin2", "glmin3"],
    "piriformis": ["piri"],
    "iliacus": ["iliacus"],
    "psoas_major": ["psoas"],
    "tensor_fasciae_latae": ["tfl"],
    "semimembranosus": ["semimem"],
    "semitendinosus": ["semiten"],
    "biceps_femoris_long_head": ["bflh"],
    "adductor_magnus": ["addmagDist", "addmagIsch", "addmagMid", "addmagProx"],
}
# The rig's joint id -> (the source model's joint, sign), and the angles swept from standing.
JOINTS = {
    "hip_flexion_r": ("hip_flexion_r", 1, (-20, 30, 60, 90, 110)),
    "hip_abduction_r": ("hip_adduction_r", -1, (-20, 20, 40)),
    "hip_rotation_r": ("hip_rotation_r", -1, (-30, 30)),
}


def source_table() -> dict[str, dict[str, float]]:
    """{stem: {pose code: length over standing}} from the source model."""
    import mujoco
    import myo_sim

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # myo-sim warns about an empty attach prefix
        model = myo_sim.load_model("myolegs")
    data = mujoco.MjData(model)

    def lengths(joint: str | None = None, angle: float = 0.0) -> np.ndarray:
        data.qpos[:] = model.qpos0
        if joint:
            data.qpos[model.jnt_qposadr[model.joint(joint).id]] = np.radians(angle)
        mujoco.mj_forward(model, data)
        return np.array(data.ten_length)

    standing = lengths()
    index = {mujoco.mj_id2name(model, mujoco.mjtObj.mjOBJ_TENDON, i): i
             for i in range(model.ntendon)}  # fmt: skip
    table: dict[str, dict[str, float]] = {stem: {} for stem in BUNDLES}
    for ours, (theirs, sign, angles) in JOINTS.items():
        for angle in angles:
            ratio = lengths(theirs, sign * angle) / standing
            for stem, bundles in BUNDLES.items():
                mean = np.mean([ratio[index[f"{b}_r_tendon"]] for b in bundles])
                table[stem][f"{ours}:{angle:g}"] = round(float(mean), 4)
    return table


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    out.write_text(json.dumps({"_": __doc__.split("\n\n")[0].strip(), "lengths": source_table()},
                              indent=1) + "\n")  # fmt: skip
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
