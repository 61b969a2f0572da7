"""The condition walkthroughs: a picker, the step in the audience's words, progress, Back/Next.

Each step is applied to the Scene as a whole state (what is shown, highlighted, peeled,
posed, framed, zoned, coloured); `Scene.sync` then sends the figure only the difference.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from glutelib.app.modes import Audience
from glutelib.conditions import Condition, Step
from glutelib.scene import STRAIN_RANGE, Scene, strain_colour

STEP_ZOOM = 0.9  # steps show the whole leg: stand back a little so the spine stays in view
STRAIN_WORDS = {
    "anatomical": ("Shorter (tight)", "Longer (stretched)", "length in this pose / standing"),
    "plain": ("Shorter", "Longer", "compared with standing"),
}


def strain_legend_html(scene: Scene, step: Step, plain: bool) -> str:
    """A colour bar (purple shorter, orange longer) and each highlighted muscle's change."""
    short, long, caption = STRAIN_WORDS["plain" if plain else "anatomical"]
    stops = ", ".join(strain_colour(1 + STRAIN_RANGE * t) for t in (-1, -0.5, 0, 0.5, 1))
    rows = []
    for sid in step.highlight:
        structure = scene.atlas[sid]
        if structure.kind != "muscle" or (plain and structure.side == "l"):
            continue
        change = (scene.length_ratio(sid) - 1) * 100
        name = structure.plain_label.capitalize() if plain else structure.label
        rows.append(f"<li>{html.escape(name)}: {change:+.0f} %</li>")
    return (
        f'<div class="t-strain-legend"><div class="t-strain-bar" '
        f'style="background: linear-gradient(to right, {stops})"></div>'
        f'<div class="t-strain-ends"><span>{short}</span><span>{long}</span></div>'
        f"<small>{caption}</small><ul>{''.join(rows[:6])}</ul></div>"
    )


class Walkthrough:
    """Step-by-step condition walkthroughs driving one Scene; `on_change` runs after a step."""

    def __init__(self, scene: Scene, conditions: dict[str, Condition], audience: Audience):
        self.scene, self.conditions, self.audience = scene, conditions, audience
        self.on_change: Callable[[], None] = lambda: None
        self.condition: Condition = next(iter(conditions.values()))
        self.index = 0
        self.picker = {cid: self._button(c.title, f"t-condition-{cid.replace('_', '-')}",
                                         lambda cid=cid: self.open(cid))
                       for cid, c in conditions.items()}  # fmt: skip
        picker = w.VBox(list(self.picker.values()))
        picker.add_class("t-conditions")
        self.title = w.HTML("")
        self.title.add_class("t-step-title")
        self.progress = w.HTML("")
        self.progress.add_class("t-progress")
        self.text = w.HTML("")
        self.text.add_class("t-step-text")
        self.note = w.HTML("")
        self.note.add_class("t-step-note")
        self.back = self._button("◀ Back", "t-back", self.previous)
        self.next = self._button("Next ▶", "t-next", self.forward)
        nav = w.HBox([self.back, self.next])
        nav.add_class("t-nav")
        self.widget = w.VBox([picker, self.title, self.progress, nav, self.text, self.note])
        self.widget.add_class("t-walkthrough")
        self._render()

    def _button(self, label: str, css_class: str, action: Callable[[], None]) -> w.Button:
        button = w.Button(description=label, tooltip=label)
        button.add_class(css_class)
        button.on_click(lambda _b: action())
        return button

    @property
    def plain(self) -> bool:
        return self.audience.words == "plain"

    @property
    def step(self) -> Step:
        return self.condition.steps[self.index]

    # navigation --------------------------------------------------------------------------
    def open(self, condition_id: str, step: int = 0) -> None:
        """Start a condition at a step (0-based); unknown ids raise KeyError with the list."""
        if condition_id not in self.conditions:
            raise KeyError(condition_id)
        self.condition = self.conditions[condition_id]
        self.go(step)

    def go(self, index: int) -> None:
        """Show step `index` (0-based), clamped to the condition's steps."""
        self.index = max(0, min(index, len(self.condition.steps) - 1))
        self.apply()

    def forward(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def set_audience(self, audience: Audience) -> None:
        self.audience = audience
        self._render()

    # scene -------------------------------------------------------------------------------
    def apply(self) -> None:
        """Put the step into the scene (as a whole state) and the words on the page."""
        step, scene = self.step, self.scene
        known = set(scene.ids)  # a structure whose mesh failed to load is left out
        scene.state.shown = known - set(step.hide) - self._variants(step)
        scene.highlight(*(i for i in step.highlight if i in known))
        scene.peel(step.peel).set_pose(step.pose)
        scene.set_camera(step.camera).zoom(STEP_ZOOM)
        if step.close_up:
            scene.fit()  # the highlighted parts, seen from the step's side
        scene.show_zones(*step.zones).show_strain(step.strain).show_labels(step.labels)
        self._render()
        self.on_change()

    def _variants(self, step: Step) -> set[str]:
        """Anatomical variants stay hidden unless the step is about them."""
        return {i for i in self.scene.ids if "variant" in i and i not in step.highlight}

    def _render(self) -> None:
        step, plain = self.step, self.plain
        for cid, button in self.picker.items():
            c = self.conditions[cid]
            button.description = c.plain_title if plain else c.title
            button.button_style = "info" if cid == self.condition.id else ""
        total = len(self.condition.steps)
        self.title.value = f"<h3>{html.escape(step.heading(plain))}</h3>"
        dots = "".join(
            f'<span class="t-dot{" t-dot-current" if n == self.index else ""}">●</span>'
            for n in range(total)
        )
        self.progress.value = (
            f'<div role="status" aria-label="Step {self.index + 1} of {total}">{dots} '
            f"<span>Step {self.index + 1} of {total}</span></div>"
        )
        words = step.text.client if plain else step.text.student
        parts = [f"<p>{html.escape(words)}</p>"]
        if self.audience.speaker_notes:
            parts.append(f'<p class="t-speaker-notes"><b>Notes:</b> '
                         f"{html.escape(step.text.instructor)}</p>")  # fmt: skip
        self.text.value = "".join(parts)
        notes = []
        widening = self.scene.pose.widening_note(plain=plain)
        if widening:
            notes.append(f'<p class="t-widening">{html.escape(widening)}</p>')
        if step.strain:
            notes.append(strain_legend_html(self.scene, step, plain))
        if step.zones:
            names = [self.scene.zones[z] for z in step.zones if not (plain and z.endswith("_l"))]
            items = "".join(
                f'<li><span class="t-swatch" style="background:{z.colour}"></span>'
                f"{html.escape(z.plain_label if plain else z.label)}</li>"
                for z in names
            )
            notes.append(f'<ul class="t-zone-legend">{items}</ul>')
        self.note.value = "".join(notes)
        self.back.disabled = self.index == 0
        self.next.disabled = self.index == total - 1


__all__ = ["Walkthrough", "strain_legend_html"]
