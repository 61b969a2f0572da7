"""Move it yourself: a slider per joint (joints.yaml), the body posed as it moves, every
muscle coloured by its length over standing, the ones lengthened and shortened most listed
with their change (app/length_lists.py), the picked one's length over the moved joint's
whole range (app/length_chart.py), and stretch positions (stretches.yaml) to take.

Numbers come from glutelib.lengths (the rig's own centre lines); the panel holds no
anatomy. While a slider is dragged the page sends its newest angle (glutelib/js/drag.js) and
the body and the lists follow; letting go sets the slider's value, which poses the body
exactly once more and moves the chart and the address. Widgets are made once: a pose
changes their values, never their number.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from glutelib.app.length_chart import chart_html
from glutelib.app.length_lists import LengthLists
from glutelib.app.widgets import css_name, html_widget
from glutelib.audiences import Audience, MoveWords
from glutelib.joints import TRUNK
from glutelib.lengths import length_curve, lengthening, stretches_for
from glutelib.poses import Pose
from glutelib.present import STANDING, show_moved
from glutelib.scene import Scene
from glutelib.templates import macros, render

PANEL = macros("app/static/words.html")
RANKED = 3  # stretches ranked for a muscle


class MovePanel:
    """Sliders that pose the body and the lengths they make; `on_change` after each pose
    that is set (the page's state and address follow), `on_drag` while a hand drags."""

    def __init__(self, scene: Scene, audience: Audience):
        self.scene, self.library = scene, scene.library
        self.joints = self.library.joints
        self.audience = audience
        self.on_change: Callable[[], None] = lambda: None
        self.on_drag: Callable[[], None] = lambda: None
        self.pose = Pose()
        self.moved = self.joints.ids(side="r")[0]  # the joint the chart sweeps: the last moved
        self.picked: str | None = None  # the muscle the chart shows (None: the longest)
        self._setting = False  # while widgets are set from a pose, their changes are not news
        self._opened = False  # the lengths are worked out once the section first opens
        self.hint = html_widget("t-move-hint")
        self.side = w.ToggleButtons(options=[("", "r")], value="r")  # a leg, or the trunk
        self.side.add_class("t-move-side")
        self.side.observe(lambda _c: self._show_sliders(), names="value")
        self.sliders = {jid: self._slider(jid) for jid in self.joints.ids()}
        self.slider_box = w.VBox(list(self.sliders.values()))
        self.slider_box.add_class("t-sliders")
        self.reset = w.Button()
        self.reset.add_class("t-reset-pose")
        self.reset.on_click(lambda _b: (self._choose_stretch(""), self.set_pose(Pose())))
        self.lists = LengthLists(self.library, self.pick)
        self.chart = html_widget("t-chart")
        self.stretch = w.Dropdown(options=[("", "")], value="", layout=w.Layout(width="auto"))
        self.stretch.add_class("t-stretch")
        self.stretch.observe(lambda c: self._stretch_picked(c["new"]), names="value")
        self.stretch_words = html_widget("t-stretch-info")
        self.ranking: dict | None = None  # the stretches ranked for a muscle, while shown
        choose = w.HBox([self.side, self.stretch])  # which leg, and a stretch to take
        choose.add_class("t-move-choose")
        self.widget = w.VBox([self.hint, choose, self.stretch_words, self.slider_box, self.reset,
                              self.lists.widget, self.lists.approx, self.chart],
                             layout=w.Layout(width="100%"))  # fmt: skip
        self.widget.add_class("t-move")
        self.widget.add_class("t-panel")
        self.set_audience(audience)

    @property
    def code(self) -> str:
        """The pose as the address holds it ('' standing)."""
        return self.joints.code_of(self.pose)

    @property
    def _words(self) -> MoveWords:
        return self.library.audiences.words_for(self.audience).move

    def set_audience(self, audience: Audience) -> None:
        """The audience's words, joints and lists; the chosen leg and stretch stay."""
        self.audience = audience
        words, plain = self._words, audience.plain
        self.hint.value = PANEL.line(words.hint)
        self.reset.description = self.reset.tooltip = words.reset
        controls = self.library.audiences.page.controls
        parts = [(controls[f"side_{k}"].label, k) for k in ("r", "l")]
        if self.joints.part(TRUNK, client=plain):
            parts.append((words.trunk, TRUNK))
        stretches = [(words.pick_stretch, "")] + [
            (s.words(plain).label, name) for name, s in self.library.stretches.items()]  # fmt: skip
        self._setting = True
        try:
            for widget, options in ((self.stretch, stretches), (self.side, parts)):
                if tuple(widget.options) != tuple(options):
                    chosen = widget.value  # new options would pick the first
                    widget.options = options
                    widget.value = chosen if chosen in dict(options).values() else options[0][1]
        finally:
            self._setting = False
        self._show_stretch(self.stretch.value)
        self._show_sliders()
        if self._opened:  # else when it opens: most visitors never do (0.2 s a kernel)
            self._show_lengths()

    # sliders ---------------------------------------------------------------------------
    def _slider(self, jid: str) -> w.IntSlider:
        low, high = (int(v) for v in self.joints.joint(jid)[0].range)
        slider = w.IntSlider(min=low, max=high, step=self.joints.step, value=0,
                             continuous_update=False, readout=True,
                             style={"description_width": "50%"},
                             layout=w.Layout(width="100%"))  # fmt: skip
        slider.add_class(f"t-joint-{css_name(jid)}")
        slider.observe(lambda c: self._slid(jid, c["new"]), names="value")
        return slider

    def _show_sliders(self) -> None:
        """The chosen leg's joints or the trunk's (the client's few), in the audience's
        words, at the pose's angles."""
        plain = self.audience.plain
        shown = set(self.joints.part(self.side.value, client=plain))
        self._setting = True
        try:
            for jid, slider in self.sliders.items():
                words = self.joints.joint(jid)[0].words(plain)
                slider.description = words.label
                slider.tooltip = f"{words.low} {slider.min}° … {words.high} {slider.max}°"
                slider.layout.display = None if jid in shown else "none"
                slider.value = round(self.joints.angle(self.pose, jid))
        finally:
            self._setting = False

    def _slid(self, jid: str, value: int) -> None:
        if self._setting:
            return
        self.moved = jid
        self._choose_stretch("")  # moved away from it
        self.set_pose(self.joints.posed(self.pose, {jid: value}))

    def set_pose(self, pose: Pose, show: bool = True) -> None:
        """Pose the body (sliders, lengths and chart follow), then tell the page; `show`
        False: only the panel's pose and sliders (the section opens with it next)."""
        self.pose = pose
        self._show_sliders()
        if show:
            self._pose_scene()
            self.on_change()

    def drag(self, jid: str, angle: float) -> None:
        """An angle a slider reaches while it is dragged: the body and the lists follow; the
        chart and the address wait until it is let go (the slider's value, `_slid`)."""
        if jid not in self.sliders:
            return  # no joint of this page's (an old page's, or made up)
        self.moved = jid
        self.pose = self.joints.posed(self.pose, {jid: angle})
        self._pose_scene(chart=False)
        self.on_drag()

    def _pose_scene(self, chart: bool = True) -> None:
        """Put the pose into the scene, every muscle coloured by its length, and list them."""
        self.scene.set_pose(self.code or STANDING).show_strain(True)
        self._show_lengths(chart)

    def _show_lengths(self, chart: bool = True) -> None:
        longer = self.lists.show(lengthening(self.library, self.pose), self.audience,
                                 self._words)  # fmt: skip
        if chart:
            self._show_chart(self.picked or (longer[0].id if longer else None))

    def apply(self) -> None:
        """The section opens or starts again: the whole body, the legs to the feet (a knee
        bends), from the side, nothing picked, in this pose."""
        self._opened = True
        show_moved(self.scene, self.code)
        self._show_lengths()
        self.on_change()

    # stretches -------------------------------------------------------------------------
    def _choose_stretch(self, name: str, ranking: dict | None = None) -> None:
        """Show `name` as the chosen stretch without posing the body for it again."""
        self._setting = True
        try:
            self.stretch.value = name
        finally:
            self._setting = False
        self.ranking = ranking
        self._show_stretch(name)

    def _stretch_picked(self, name: str) -> None:
        if self._setting:
            return
        self.ranking = None
        if name:
            self.pose_stretch(name, self.side.value if self.side.value != TRUNK else None)
        self._show_stretch(name)

    def pose_stretch(self, name: str, side: str | None = None, show: bool = True) -> None:
        """Pose the body in a stretch (on `side`, mirrored if need be); its leg's sliders
        (`show` as in `set_pose`)."""
        stretch = self.library.stretches[name]
        side = stretch.side_for(side)
        angles = stretch.angles(self.joints, side)
        self.moved = self.joints.on_side(next(iter(angles)), side)  # the chart sweeps it
        self._setting = True
        try:
            self.side.value = side
        finally:
            self._setting = False
        self.set_pose(self.joints.posed(Pose(), angles), show)

    def rank_stretches(self, muscle: str, show: bool = True) -> None:
        """The stretches by how much they lengthen `muscle`, the best posed (a card's
        button; `show` as in `set_pose`). A client reads the order without numbers."""
        ranked = stretches_for(self.library, muscle)[:RANKED]
        plain, stretches = self.audience.plain, self.library.stretches
        name = self.library.atlas[muscle].label_in(plain)
        rows = [(stretches[r.stretch].words(plain).label,
                 "" if plain else f"{r.percent:+.0f} %") for r in ranked]  # fmt: skip
        self.picked = muscle
        side = self.library.atlas[muscle].side
        self._choose_stretch(ranked[0].stretch, {
            "heading": self._words.best.format(muscle=name), "rows": rows})  # fmt: skip
        self.pose_stretch(ranked[0].stretch, side, show)
        self._show_stretch(ranked[0].stretch)

    def _show_stretch(self, name: str) -> None:
        if not name:
            self.stretch_words.value = ""
            return
        stretch, plain = self.library.stretches[name], self.audience.plain
        lying = self.library.stretches.position(stretch, plain)
        upright = "" if stretch.lying == "standing" else self._words.drawn_upright.format(
            lying=lying)  # fmt: skip
        side = self.side.value if self.side.value != TRUNK else None
        self.stretch_words.value = render(
            "app/static/stretch.html", ranking=self.ranking, how=stretch.how(plain, side),
            upright=upright, missing="" if plain else stretch.missing.strip(),
        )  # fmt: skip

    # the chart -------------------------------------------------------------------------
    def pick(self, sid: str) -> None:
        """Chart this muscle (a tap on the model or on a listed one); another part: no change."""
        if self.library.atlas[sid].kind == "muscle" and self.library.rig.crosses_joint(sid):
            self.picked = sid
            self._show_chart(sid)

    def _show_chart(self, sid: str | None) -> None:
        """The muscle's length over the last moved joint, on the muscle's own side (not for
        clients: the lists say it in plain words)."""
        if sid is None or self.audience.plain:
            self.chart.value = ""
            return
        side = self.library.atlas[sid].side
        joint = self.joints.on_side(self.moved, side) if side else self.moved
        curve = length_curve(self.library, sid, self.pose, joint)
        words = self.joints.joint(joint)[0].words(plain=False)
        self.chart.value = chart_html(curve, self.library.atlas[sid].label, words,
                                      self._words.chart, sid, self._words.now)  # fmt: skip
