"""A muscle's length over one joint's range as a small SVG line chart
(app/static/length_chart.html): the change over standing against the joint's angle, the
standing length dashed, the present angle a dot. Numbers from glutelib.lengths.length_curve."""

from __future__ import annotations

import numpy as np

from glutelib.joints import JointWords
from glutelib.lengths import Curve, percent
from glutelib.templates import render

CHART = {"width": 300, "height": 120, "left": 44, "right": 292, "top": 6, "bottom": 100}


def chart_html(curve: Curve, muscle: str, joint_words: JointWords, caption: str,
               muscle_id: str, now_word: str = "now") -> str:  # fmt: skip
    """The chart of `curve` for `muscle` (its name as shown; `muscle_id` for the page),
    captioned with `caption` ({muscle}, {joint}), the present angle's dot named `now_word`."""
    c = CHART
    change = percent(curve.ratios)  # (k,)
    top, bottom = max(change.max(), 1.0), min(change.min(), -1.0)  # the axis holds 0
    lo, hi = float(curve.angles[0]), float(curve.angles[-1])  # joints.yaml: lo < hi

    def x(angle: float) -> float:
        return c["left"] + (angle - lo) / (hi - lo) * (c["right"] - c["left"])

    def y(value: float) -> float:
        return c["bottom"] - (value - bottom) / (top - bottom) * (c["bottom"] - c["top"])

    now = float(np.interp(curve.now, curve.angles, change))
    points = " ".join(f"{x(a):.1f},{y(p):.1f}" for a, p in zip(curve.angles, change, strict=True))
    summary = (f"{now:+.0f} % at {curve.now:g}°; from {change.min():+.0f} to "
               f"{change.max():+.0f} % over the range")  # fmt: skip
    return render(
        "app/static/length_chart.html", **c, points=points, dot=(round(x(curve.now), 1),
        round(y(now), 1)), level=round(y(0.0), 1), caption=caption.format(
            muscle=muscle, joint=joint_words.label.lower()), summary=summary,
        low=f"{joint_words.low} {abs(lo):g}°", high=f"{joint_words.high} {hi:g}°",
        most=f"{top:+.0f} %", least=f"{bottom:+.0f} %", muscle_id=muscle_id,
        joint_id=curve.joint, now_word=now_word,
    )  # fmt: skip
