"""The condition walkthroughs: a picker, the step in the audience's words, progress, Back/Next.

Each step is put into the Scene as a whole state (what is shown, highlighted, peeled,
posed, framed, zoned, coloured); the dashboard then syncs the figure with the difference.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as w

from glutelib.app.widgets import button, html_widget
from glutelib.atlas import sentence_case
from glutelib.audiences import Audience, StrainWords
from glutelib.conditions import Condition, Step, show_step
from glutelib.drawing import STRAIN_RANGE, strain_colour
from glutelib.scene import Scene

MAX_STRAIN_ROWS = 6
MIN_STRAIN_PERCENT = 3  # smaller changes are within what the model can tell apart


def strain_rows(scene: Scene, step: Step, plain: bool) -> list[tuple[str, str]]:
    """(name, change) for each highlighted muscle that changes by MIN_STRAIN_PERCENT or
    more; a pair makes one row. Clients see one side."""
    changes: dict[str, dict[str, int]] = {}
    for sid in step.highlight:
        s = scene.atlas[sid]
        if s.kind == "muscle" and sid in scene.ids:
            changes.setdefault(s.stem, {})[sid] = round((scene.length_ratio(sid) - 1) * 100)
    rows = []
    for sides in changes.values():
        first, change = next(iter(sides.items()))  # the right side comes first
        s = scene.atlas[first]
        values = list(sides.values())
        if plain:
            rows.append((sentence_case(s.plain_name), f"{change:+d} %", change))
        elif len(values) == 1:
            rows.append((s.label, f"{change:+d} %", change))
        elif values[0] == values[1]:
            rows.append((f"{s.name} (both sides)", f"{change:+d} %", change))
        else:
            rows.append((f"{s.name} (right / left)", f"{values[0]:+d} / {values[1]:+d} %",
                         max(values, key=abs)))  # fmt: skip
    shown = [(name, text) for name, text, most in rows if abs(most) >= MIN_STRAIN_PERCENT]
    return shown[:MAX_STRAIN_ROWS]


def strain_legend_html(scene: Scene, step: Step, plain: bool, words: StrainWords) -> str:
    """A colour bar (purple shorter, orange longer) and the highlighted muscles' changes."""
    stops = ", ".join(strain_colour(1 + STRAIN_RANGE * t) for t in (-1, -0.5, 0, 0.5, 1))
    found = strain_rows(scene, step, plain)
    rows = "".join(f"<li>{html.escape(name)}: {change}</li>" for name, change in found)
    rows = rows or f"<li>{html.escape(words.unchanged)}</li>"
    return (
        f'<div class="t-strain-legend"><div class="t-strain-bar" '
        f'style="background: linear-gradient(to right, {stops})"></div>'
        f'<div class="t-strain-ends"><span>{html.escape(words.shorter)}</span>'
        f"<small>{html.escape(words.caption)}</small>"
        f"<span>{html.escape(words.longer)}</span></div><ul>{rows}</ul></div>"
    )


class Walkthrough:
    """Step-by-step condition walkthroughs driving one Scene; `on_change` runs after a step."""

    def __init__(self, scene: Scene, audience: Audience):
        self.scene, self.audience = scene, audience
        self.conditions: dict[str, Condition] = scene.library.conditions
        self.on_change: Callable[[], None] = lambda: None
        self.condition: Condition = next(iter(self.conditions.values()))
        self.index = 0
        self.show_notes = False  # speaker notes are the instructor's, not the class's
        # One control for the five walkthroughs: the open one's steps get the room.
        self.picker = w.Dropdown(options=self._picker_options(), value=self.condition.id)
        self.picker.add_class("t-condition-picker")
        self.picker.observe(self._picked, names="value")
        self.title = html_widget("t-step-title")
        self.progress = html_widget("t-progress")
        self.text = html_widget("t-step-text")
        self.note = html_widget("t-step-note")
        self.notes_toggle = w.ToggleButton(description="Notes (N)", tooltip="Speaker notes")
        self.notes_toggle.add_class("t-notes-toggle")
        self.notes_toggle.observe(lambda c: self.set_notes(c["new"]), names="value")
        self.back = button("◀ Back", "t-back", self.previous)
        self.next = button("Next ▶", "t-next", self.forward)
        nav = w.HBox([self.back, self.next])
        nav.add_class("t-nav")
        self.widget = w.VBox([self.picker, self.title, self.progress, self.text, self.note,
                              nav, self.notes_toggle])  # fmt: skip
        self.widget.add_class("t-walkthrough")
        self.widget.add_class("t-panel")
        self._render()

    def _picker_options(self) -> list[tuple[str, str]]:
        return [(c.plain_title if self.plain else c.title, cid)
                for cid, c in self.conditions.items()]  # fmt: skip

    def _picked(self, change) -> None:
        if change["new"] != self.condition.id:
            self.open(change["new"])

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
        options = self._picker_options()
        if list(self.picker.options) != options:
            self.picker.unobserve(self._picked, names="value")
            self.picker.options, self.picker.value = options, self.condition.id
            self.picker.observe(self._picked, names="value")
        self.notes_toggle.layout.display = None if audience.speaker_notes else "none"
        self._render()

    def set_notes(self, on: bool) -> None:
        """Show or hide the speaker notes (instructors only; off until asked for)."""
        self.show_notes = bool(on)
        if self.notes_toggle.value != self.show_notes:
            self.notes_toggle.value = self.show_notes
        self._render()

    # scene -------------------------------------------------------------------------------
    def apply(self) -> None:
        """Put the step into the scene (as a whole state) and the words on the page."""
        show_step(self.scene, self.step)
        self._render()
        self.on_change()

    def _render(self) -> None:
        if self.picker.value != self.condition.id:
            self.picker.value = self.condition.id
        words = step_words(self.scene, self.condition, self.index, self.audience,
                           self.show_notes)  # fmt: skip
        self.title.value, self.progress.value = words.title, words.progress
        self.text.value, self.note.value = words.text, words.notes
        self.back.disabled = self.index == 0
        self.next.disabled = self.index == len(self.condition.steps) - 1


@dataclass(frozen=True)
class StepWords:
    """A step on the page, as HTML: its title, progress, words and notes below them."""

    title: str
    progress: str
    text: str
    notes: str


def step_words(
    scene: Scene, condition: Condition, index: int, audience: Audience, show_notes: bool = False
) -> StepWords:
    """Step `index` (0-based) of `condition` in the audience's words, the scene showing it
    (the strain legend reads its pose); the speaker notes when asked for and the audience
    has them. The dashboard's panel and the lesson both show these."""
    step, plain = condition.steps[index], audience.plain
    total = len(condition.steps)
    dots = "".join(
        f'<span class="t-dot{" t-dot-current" if n == index else ""}">●</span>'
        for n in range(total)
    )
    progress = (
        f'<div role="status" aria-label="Step {index + 1} of {total}">{dots} '
        f"<span>Step {index + 1} of {total}</span></div>"
    )
    parts = [f"<p>{html.escape(step.text.client if plain else step.text.student)}</p>"]
    if audience.speaker_notes and show_notes:
        parts.append(f'<p class="t-speaker-notes"><b>Notes:</b> '
                     f"{html.escape(step.text.instructor)}</p>")  # fmt: skip
    return StepWords(
        title=f"<h3>{html.escape(step.heading(plain))}</h3>",
        progress=progress,
        text="".join(parts),
        notes=_notes(scene, condition, index, audience),
    )


def _notes(scene: Scene, condition: Condition, index: int, audience: Audience) -> str:
    """Below the text: the widening note, the strain legend, the zones' legend; and which step
    this is, for the page to read (set last, so the rest of the step is shown)."""
    step, plain, library = condition.steps[index], audience.plain, scene.library
    marker = f"{condition.id}/{index + 1}"
    notes = [f'<span class="t-step-shown" data-step="{html.escape(marker)}"></span>']
    widening = scene.pose.widening_note(plain=plain)
    if widening:
        notes.append(f'<p class="t-widening">{html.escape(widening)}</p>')
    if step.strain:
        words = library.audiences.words_for(audience).strain
        notes.append(strain_legend_html(scene, step, plain, words))
    if step.zones:
        zones = [library.zones[z] for z in step.zones]
        items = "".join(
            f'<li><span class="t-swatch" style="background:{z.colour}"></span>'
            f"{html.escape(z.plain_label if plain else z.label)}</li>"
            for z in zones if not (plain and z.side == "l")
        )  # fmt: skip
        notes.append(f'<ul class="t-zone-legend">{items}</ul>')
    return "".join(notes)


__all__ = ["StepWords", "Walkthrough", "step_words", "strain_legend_html"]
