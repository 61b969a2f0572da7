"""The condition walkthroughs: a picker, the step in the audience's words, progress, Back/Next.

Each step is put into the Scene as a whole state (what is shown, highlighted, peeled,
posed, framed, zoned, coloured); the dashboard then syncs the figure with the difference.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from glutelib.app.widgets import button, css_name, html_widget
from glutelib.audiences import Audience, StrainWords
from glutelib.conditions import Condition, Step
from glutelib.drawing import STRAIN_RANGE, strain_colour
from glutelib.scene import Scene

MAX_STRAIN_ROWS = 6


def strain_legend_html(scene: Scene, step: Step, plain: bool, words: StrainWords) -> str:
    """A colour bar (purple shorter, orange longer) and each highlighted muscle's change.
    Clients see one side of each pair."""
    stops = ", ".join(strain_colour(1 + STRAIN_RANGE * t) for t in (-1, -0.5, 0, 0.5, 1))
    rows = []
    for sid in step.highlight:
        structure = scene.atlas[sid]
        if structure.kind != "muscle" or sid not in scene.ids or (plain and structure.side == "l"):
            continue
        change = (scene.length_ratio(sid) - 1) * 100
        name = structure.plain_label.capitalize() if plain else structure.label
        rows.append(f"<li>{html.escape(name)}: {change:+.0f} %</li>")
    return (
        f'<div class="t-strain-legend"><div class="t-strain-bar" '
        f'style="background: linear-gradient(to right, {stops})"></div>'
        f'<div class="t-strain-ends"><span>{html.escape(words.shorter)}</span>'
        f"<span>{html.escape(words.longer)}</span></div>"
        f"<small>{html.escape(words.caption)}</small><ul>{''.join(rows[:MAX_STRAIN_ROWS])}</ul>"
        "</div>"
    )


class Walkthrough:
    """Step-by-step condition walkthroughs driving one Scene; `on_change` runs after a step."""

    def __init__(self, scene: Scene, audience: Audience):
        self.scene, self.audience = scene, audience
        self.conditions: dict[str, Condition] = scene.library.conditions
        self.on_change: Callable[[], None] = lambda: None
        self.condition: Condition = next(iter(self.conditions.values()))
        self.index = 0

        def opener(cid: str) -> Callable[[], None]:
            return lambda: self.open(cid)

        self.picker = {cid: button(c.title, f"t-condition-{css_name(cid)}", opener(cid))
                       for cid, c in self.conditions.items()}  # fmt: skip
        picker = w.VBox(list(self.picker.values()))
        picker.add_class("t-conditions")
        self.title = html_widget("t-step-title")
        self.progress = html_widget("t-progress")
        self.text = html_widget("t-step-text")
        self.note = html_widget("t-step-note")
        self.back = button("◀ Back", "t-back", self.previous)
        self.next = button("Next ▶", "t-next", self.forward)
        nav = w.HBox([self.back, self.next])
        nav.add_class("t-nav")
        self.widget = w.VBox([picker, self.title, self.progress, nav, self.text, self.note])
        self.widget.add_class("t-walkthrough")
        self._render()

    @property
    def plain(self) -> bool:
        return self.audience.plain

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
        variants = {i for i in known if scene.atlas[i].variant and i not in step.highlight}
        scene.state.shown = (
            known - set(step.hide) - variants
        )  # variants: where a step is about them
        scene.highlight(*(i for i in step.highlight if i in known))
        scene.peel(step.peel).set_pose(step.pose)
        scene.set_camera(step.camera).zoom(scene.library.settings.walkthrough.step_zoom)
        if step.close_up:
            scene.fit()  # the highlighted parts, seen from the step's side
        scene.show_zones(*step.zones).show_strain(step.strain).show_labels(step.labels)
        self._render()
        self.on_change()

    def _render(self) -> None:
        step, plain = self.step, self.plain
        for cid, b in self.picker.items():
            c = self.conditions[cid]
            b.description = c.plain_title if plain else c.title
            b.button_style = "info" if cid == self.condition.id else ""
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
        parts = [f"<p>{html.escape(step.text.client if plain else step.text.student)}</p>"]
        if self.audience.speaker_notes:
            parts.append(f'<p class="t-speaker-notes"><b>Notes:</b> '
                         f"{html.escape(step.text.instructor)}</p>")  # fmt: skip
        self.text.value = "".join(parts)
        self.note.value = self._notes(step)
        self.back.disabled = self.index == 0
        self.next.disabled = self.index == total - 1

    def _notes(self, step: Step) -> str:
        """Below the text: the widening note, the strain legend, the zones' legend."""
        plain, library = self.plain, self.scene.library
        notes = []
        widening = self.scene.pose.widening_note(plain=plain)
        if widening:
            notes.append(f'<p class="t-widening">{html.escape(widening)}</p>')
        if step.strain:
            words = library.audiences.words_for(self.audience).strain
            notes.append(strain_legend_html(self.scene, step, plain, words))
        if step.zones:
            zones = [library.zones[z] for z in step.zones]
            items = "".join(
                f'<li><span class="t-swatch" style="background:{z.colour}"></span>'
                f"{html.escape(z.plain_label if plain else z.label)}</li>"
                for z in zones if not (plain and z.side == "l")
            )  # fmt: skip
            notes.append(f'<ul class="t-zone-legend">{items}</ul>')
        return "".join(notes)


__all__ = ["Walkthrough", "strain_legend_html"]
