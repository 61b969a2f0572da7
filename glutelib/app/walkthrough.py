"""The condition walkthroughs: a picker, the step in the audience's words, progress, Back/Next.

Each step is put into the Scene as a whole state (what is shown, highlighted, peeled,
posed, framed, zoned, coloured); the dashboard then syncs the figure with the difference.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from glutelib.app.widgets import button, html_widget
from glutelib.atlas import sentence_case
from glutelib.audiences import Audience, StrainWords
from glutelib.conditions import Condition, Step
from glutelib.drawing import STRAIN_RANGE, strain_colour
from glutelib.library import ZONE_PREFIX
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
        step, scene = self.step, self.scene
        known = set(scene.ids)  # a structure whose mesh failed to load is left out
        variants = {i for i in known if scene.atlas[i].variant and i not in step.highlight}
        scene.isolate(*(known - set(step.hide) - variants))  # variants: where a step is about them
        scene.highlight(*(i for i in step.highlight if i in known))
        scene.peel(step.peel).set_pose(step.pose)
        scene.set_camera(step.camera).zoom(scene.library.settings.walkthrough.step_zoom)
        if step.close_up:
            scene.fit()  # the highlighted parts, seen from the step's side
        else:
            scene.frame_on(*self.about(step, scene.state.shown))
        scene.show_zones(*step.zones).show_strain(step.strain).show_labels(step.labels)
        scene.mark(*step.marks)
        self._render()
        self.on_change()

    def about(self, step: Step, shown: set[str]) -> set[str]:
        """What a step's view is framed on: what it shows above the knee (as the opening
        view), and whatever it highlights or marks below it (the feet of a gait, a pain zone
        to the foot)."""
        library = self.scene.library
        zones = {ZONE_PREFIX + z for z in step.zones}
        return (shown - library.opening_hidden) | (set(step.highlight) & shown) | zones

    def _render(self) -> None:
        step, plain = self.step, self.plain
        if self.picker.value != self.condition.id:
            self.picker.value = self.condition.id
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
        if self.audience.speaker_notes and self.show_notes:
            parts.append(f'<p class="t-speaker-notes"><b>Notes:</b> '
                         f"{html.escape(step.text.instructor)}</p>")  # fmt: skip
        self.text.value = "".join(parts)
        self.note.value = self._notes(step)
        self.back.disabled = self.index == 0
        self.next.disabled = self.index == total - 1

    def _notes(self, step: Step) -> str:
        """Below the text: the widening note, the strain legend, the zones' legend; and which
        step this is, for the page to read (set last, so the rest of the step is shown)."""
        plain, library = self.plain, self.scene.library
        marker = f"{self.condition.id}/{self.index + 1}"
        notes = [f'<span class="t-step-shown" data-step="{html.escape(marker)}"></span>']
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
