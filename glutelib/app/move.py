"""Move it yourself: a slider per joint (joints.yaml), the body posed as it moves, every
muscle coloured by its length over standing, the ones lengthened and shortened most listed
with their change, and the picked one's length over the moved joint's whole range.

Numbers come from glutelib.lengths (the rig's own centre lines); the panel holds no
anatomy. A slider sends its value when it is let go (or stepped by a key), and the body is
posed exactly then.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
import numpy as np

from glutelib.app.widgets import css_name, html_widget
from glutelib.audiences import Audience
from glutelib.colours import contrast
from glutelib.joints import TRUNK
from glutelib.lengths import Curve, Length, length_curve, lengthening, stretches_for
from glutelib.poses import Pose
from glutelib.scene import Scene
from glutelib.templates import macros, render

PANEL = macros("app/static/words.html")
RANKED = 3  # stretches ranked for a muscle
MIN_CHANGE = 0.01  # a muscle changed less than this (1 %) is not listed
CHART = {"width": 300, "height": 120, "left": 44, "right": 292, "top": 6, "bottom": 100}
MOVE_CAMERA = "right_lateral"  # from the side, where flexion and extension read best


class MovePanel:
    """Sliders that pose the body and the lengths they make; `on_change` after each."""

    def __init__(self, scene: Scene, audience: Audience):
        self.scene, self.library = scene, scene.library
        self.joints = self.library.joints
        self.audience = audience
        self.on_change: Callable[[], None] = lambda: None
        self.pose = Pose()
        self.moved = f"{next(iter(self.joints.joints))}_r"  # the joint the chart sweeps
        self.picked: str | None = None  # the muscle the chart shows (None: the longest)
        self._setting = False  # while sliders are set from a pose, their moves are not news
        self.hint = html_widget("t-move-hint")
        self.side = w.ToggleButtons(options=[("", "r")], value="r")  # a leg, or the trunk
        self.side.add_class("t-move-side")
        self.side.observe(lambda _c: self._build_sliders(), names="value")
        self.sliders: dict[str, w.IntSlider] = {}
        self.slider_box = w.VBox([])
        self.slider_box.add_class("t-sliders")
        self.reset = w.Button()
        self.reset.add_class("t-reset-pose")
        self.reset.on_click(lambda _b: (self._choose_stretch(""), self.set_pose(Pose())))
        self.lengths = w.HBox([])
        self.lengths.add_class("t-lengths")
        self.chart = html_widget("t-chart")
        self.approx = html_widget("t-approx")  # what ≈ after a length means
        self.stretch = w.Dropdown(options=[("", "")], value="", layout=w.Layout(width="auto"))
        self.stretch.add_class("t-stretch")
        self.stretch.observe(lambda c: self._stretch_picked(c["new"]), names="value")
        self.stretch_words = html_widget("t-stretch-info")
        choose = w.HBox([self.side, self.stretch])  # which leg, and a stretch to take
        choose.add_class("t-move-choose")
        self.widget = w.VBox([self.hint, choose, self.stretch_words, self.slider_box,
                              self.reset, self.lengths, self.approx, self.chart],
                             layout=w.Layout(width="100%"))  # fmt: skip
        self.widget.add_class("t-move")
        self.widget.add_class("t-panel")
        self.set_audience(audience)

    @property
    def code(self) -> str:
        """The pose as the address holds it ('' standing)."""
        return self.joints.code_of(self.pose)

    def set_audience(self, audience: Audience) -> None:
        self.audience = audience
        words = self._words
        self.hint.value = PANEL.line(words.hint)
        self.reset.description = self.reset.tooltip = words.reset
        plain, stretches = audience.plain, self.library.stretches
        controls = self.library.audiences.page.controls
        parts = [(controls[f"side_{k}"].label, k) for k in ("r", "l")]
        if self.joints.ids(side=TRUNK, client=plain):
            parts.append((words.trunk, TRUNK))
        self._setting = True
        try:
            self.stretch.options = [(words.pick_stretch, "")] + [
                (s.words(plain).label, name) for name, s in stretches.items()]  # fmt: skip
            if tuple(self.side.options) != tuple(parts):
                chosen = self.side.value
                self.side.options = parts
                self.side.value = chosen if chosen in dict(parts).values() else "r"
        finally:
            self._setting = False
        self._show_stretch(self.stretch.value)
        self._build_sliders()
        self._show_lengths()

    @property
    def _words(self):
        return self.library.audiences.words_for(self.audience).move

    # sliders ---------------------------------------------------------------------------
    def _build_sliders(self) -> None:
        """One slider per joint of the chosen leg or of the trunk (the client's few), each
        named beside its track and at the pose's angle."""
        plain = self.audience.plain
        rows, self.sliders = [], {}
        part = self.side.value
        for jid in self.joints.ids(side=part, client=plain):
            if (self.joints.joint(jid)[1] is None) != (part == TRUNK):
                continue  # a leg's joints, or the trunk's
            joint = self.joints.joint(jid)[0]
            words = joint.words(plain)
            low, high = (int(v) for v in joint.range)
            slider = w.IntSlider(min=low, max=high, step=int(self.joints.step),
                                 value=round(self.joints.angle(self.pose, jid)),
                                 continuous_update=False, readout=True, description=words.label,
                                 tooltip=f"{words.low} {low}° … {words.high} {high}°",
                                 style={"description_width": "42%"},
                                 layout=w.Layout(width="100%"))  # fmt: skip
            slider.add_class(f"t-joint-{css_name(jid)}")
            slider.observe(lambda c, jid=jid: self._slid(jid, c["new"]), names="value")
            self.sliders[jid] = slider
            rows.append(slider)
        self.slider_box.children = rows

    def _slid(self, jid: str, value: int) -> None:
        if self._setting:
            return
        self.moved = jid
        self._choose_stretch("")  # moved away from it
        self.set_pose(self.joints.posed(self.pose, {jid: value}))

    def set_pose(self, pose: Pose) -> None:
        """Pose the body (sliders, lengths and chart follow), then tell the page."""
        self.pose = pose
        self._setting = True
        try:
            for jid, slider in self.sliders.items():
                slider.value = round(self.joints.angle(pose, jid))
        finally:
            self._setting = False
        self._pose_scene()
        self.on_change()

    def set_code(self, code: str) -> None:
        """The pose an address holds (tidied already: navigation.parse)."""
        self.set_pose(self.joints.read_code(code)[0])

    def _pose_scene(self) -> None:
        """Put the pose into the scene: every muscle coloured by its length."""
        self.scene.set_pose(self.code or "standing").show_strain(True)
        self._show_lengths()

    def apply(self) -> None:
        """The section opens or starts again: the whole body, the legs to the feet (a knee
        bends), from the side, nothing picked, in this pose."""
        atlas = self.library.atlas
        whole = [i for i in self.scene.ids if not atlas[i].variant]  # a variant is a step's
        self.scene.reset().isolate(*whole).set_camera(MOVE_CAMERA)
        self._pose_scene()
        self.on_change()

    # stretches -------------------------------------------------------------------------
    def _choose_stretch(self, name: str, ranking: dict | None = None) -> None:
        """Show `name` as the chosen stretch without posing the body for it again."""
        self._setting = True
        try:
            self.stretch.value = name
        finally:
            self._setting = False
        self._show_stretch(name, ranking)

    def _stretch_picked(self, name: str) -> None:
        if self._setting:
            return
        self._show_stretch(name)
        if name:
            self.pose_stretch(name)

    def pose_stretch(self, name: str, side: str | None = None) -> None:
        """Pose the body in a stretch (on `side`, mirrored if need be); its side's sliders."""
        stretch = self.library.stretches[name]
        side = side or (stretch.side if stretch.side != "both" else "r")
        self._setting = True
        try:
            self.side.value = side  # rebuilds the sliders for that side
        finally:
            self._setting = False
        self.set_pose(self.library.pose(stretch.code(side)))

    def rank_stretches(self, muscle: str) -> None:
        """The stretches by how much they lengthen `muscle`, the best posed (a card's
        button)."""
        ranked = stretches_for(self.library, muscle)[:RANKED]
        plain, stretches = self.audience.plain, self.library.stretches
        name = self.library.atlas[muscle].label_in(plain)
        rows = [(stretches[r.stretch].words(plain).label,  # a client: the order, no numbers
                 "" if plain else f"{100 * (r.ratio - 1):+.0f} %") for r in ranked]  # fmt: skip
        self.picked = muscle
        self._choose_stretch(ranked[0].stretch, {
            "heading": self._words.best.format(muscle=name), "rows": rows})  # fmt: skip
        self.pose_stretch(ranked[0].stretch, self.library.atlas[muscle].side)

    def _show_stretch(self, name: str, ranking: dict | None = None) -> None:
        if not name:
            self.stretch_words.value = ""
            return
        stretch, plain = self.library.stretches[name], self.audience.plain
        lying = self.library.stretches.position(stretch, plain)
        upright = (
            self._words.drawn_upright.format(lying=lying) if stretch.lying != "standing" else ""
        )
        self.stretch_words.value = render(
            "app/static/stretch.html", ranking=ranking, how=stretch.words(plain).how,
            upright=upright, missing="" if plain else stretch.missing.strip(),
        )  # fmt: skip

    # lengths ---------------------------------------------------------------------------
    def _show_lengths(self) -> None:
        """The muscles lengthened and shortened most; a client's lists hold only those whose
        length agrees with the source model's (length_checks.yaml), a student's mark the
        others."""
        checks, atlas = self.library.length_checks, self.library.atlas
        found = [n for n in lengthening(self.library, self.pose)
                 if not self.audience.plain or checks.trusted(atlas[n.id].stem)]  # fmt: skip
        listed = self.audience.lengths_listed
        longer = [n for n in found if n.ratio >= 1 + MIN_CHANGE][:listed]
        shorter = [n for n in reversed(found) if n.ratio <= 1 - MIN_CHANGE][:listed]
        words = self._words
        marked = any(not checks.trusted(atlas[n.id].stem) for n in [*longer, *shorter])
        self.lengths.children = [self._column(words.longer, longer, "t-longer"),
                                 self._column(words.shorter, shorter, "t-shorter")]  # fmt: skip
        self.approx.value = PANEL.line(words.approx) if marked else ""
        chosen = self.picked or (longer[0].id if longer else None)
        self._show_chart(chosen)

    def _column(self, heading: str, rows: list[Length], css_class: str) -> w.VBox:
        colours = self.library.colours
        items: list[w.Widget] = [html_widget("t-lengths-heading", PANEL.strong(heading))]
        checks = self.library.length_checks
        for length in rows:
            structure = self.library.atlas[length.id]
            name = structure.label_in(self.audience.plain)
            trusted = checks.trusted(structure.stem)
            why = checks.differs[structure.stem].note if structure.stem in checks.differs else ""
            b = w.Button(description=f"{name} {length.percent:+.0f} %{'' if trusted else ' ≈'}",
                         tooltip=why or name, layout=w.Layout(width="100%"))  # fmt: skip
            b.add_class("t-length")
            b.add_class(f"t-length-{css_name(length.id)}")
            b.style.button_color = fill = colours.strain_colour(length.ratio)
            b.style.text_color = max(("#1b1b1b", "#ffffff"), key=lambda c: contrast(c, fill))
            b.on_click(lambda _b, sid=length.id: self.pick(sid))
            items.append(b)
        column = w.VBox(items, layout=w.Layout(width="50%"))
        column.add_class(css_class)
        return column

    def pick(self, sid: str) -> None:
        """Chart this muscle (a tap on the model or on a listed one); another part: no change."""
        if self.library.atlas[sid].kind == "muscle" and self.library.rig.crosses_joint(sid):
            self.picked = sid
            self._show_chart(sid)

    def _show_chart(self, sid: str | None) -> None:
        """The picked muscle's length over the last moved joint (not for clients: the lists
        say it in plain words)."""
        if sid is None or self.audience.plain:
            self.chart.value = ""
            return
        curve = length_curve(self.library, sid, self.pose, self.moved)
        self.chart.value = chart_html(curve, self.library.atlas[sid].label,
                                      self._joint_words(), self._words.chart, sid)  # fmt: skip

    def _joint_words(self):
        return self.joints.joint(self.moved)[0].words(self.audience.plain)


def chart_html(curve: Curve, muscle: str, joint_words, caption: str, muscle_id: str) -> str:
    """The curve as an SVG line chart (app/static/length_chart.html): percent change over
    standing against the joint's angle, the present angle a dot."""
    c = CHART
    percent = 100 * (curve.ratios - 1)
    most, least = max(percent.max(), 1.0), min(percent.min(), -1.0)
    lo, hi = float(curve.angles[0]), float(curve.angles[-1])

    def x(angle: float) -> float:
        return c["left"] + (angle - lo) / (hi - lo) * (c["right"] - c["left"])

    def y(value: float) -> float:
        return c["bottom"] - (value - least) / (most - least) * (c["bottom"] - c["top"])

    now = float(np.interp(curve.now, curve.angles, percent))
    points = " ".join(f"{x(a):.1f},{y(p):.1f}" for a, p in zip(curve.angles, percent, strict=True))
    summary = f"{now:+.0f} % at {curve.now:g}°; {least:+.0f} to {most:+.0f} % over the range"
    return render(
        "app/static/length_chart.html", **c, points=points, dot=(round(x(curve.now), 1),
        round(y(now), 1)), level=round(y(0.0), 1), caption=caption.format(
            muscle=muscle, joint=joint_words.label.lower()), summary=summary,
        low=f"{joint_words.low} {abs(lo):g}°", high=f"{joint_words.high} {hi:g}°",
        most=f"{most:+.0f} %", least=f"{least:+.0f} %", muscle_id=muscle_id,
        joint_id=curve.joint,
    )  # fmt: skip
