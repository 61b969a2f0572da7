"""The "Test yourself" panel: a menu of kinds, one question at a time with four answers (or
a click on the model), right or what it was shown in 3D, a score, and a review list.

Students get a score; an instructor's class quiz (audiences.yaml `quiz: class`) shows the
question first and the answer on a key, with no score. A prediction's answer moves the body
to its position slowly, a pose at a time: the panel poses one and asks the page (`on_glide`)
to say when it has drawn it (`glide`), so the page never waits on more than one. Stop (back
to the kinds, to pick another or leave) is on the panel throughout a session. Questions come
from glutelib.quiz; the panel's HTML is app/static/quiz.html's macros.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import partial

import ipywidgets as w

from glutelib.app.widgets import button, css_name, html_widget
from glutelib.audiences import Audience
from glutelib.present import review_target, show_question
from glutelib.quiz import (
    KINDS,
    Question,
    QuizSession,
    load_rules,
    measured_words,
    questions,
    touch_words,
)
from glutelib.scene import Scene
from glutelib.templates import macros

HTML = macros("app/static/quiz.html")  # the panel's parts: note, progress, prompt, summary


class QuizPanel:
    """Test yourself, driving one Scene; `on_change` runs after the scene changed and
    `on_review(kind, value)` opens what the review list offers (a structure, a step)."""

    def __init__(self, scene: Scene, audience: Audience, seed: int | None = None):
        self.scene, self.audience, self.library = scene, audience, scene.library
        self.rules = load_rules(self.library)
        self.rng = random.Random(seed)
        self.on_change: Callable[[], None] = lambda: None
        self.on_review: Callable[[str, str], None] = lambda kind, value: None
        self.on_glide: Callable[[int], None] = lambda dwell_ms: None  # the page says when drawn
        self._frames: list[str] = []  # a prediction's answer: the poses still to draw, in order
        self._taps: list[tuple[float, float, float]] = []  # a palpate-it question's, so far
        self.kind: str | None = None
        self.session: QuizSession | None = None
        self._pools: dict[str, list[Question]] = {}
        self.note = html_widget("t-quiz-note")
        kinds = [k for k in KINDS if k in self.rules.kinds]
        self.kind_buttons = {k: button(self.rules.kinds[k].label, f"t-quiz-kind-{css_name(k)}",
                                       partial(self.start, k)) for k in kinds}  # fmt: skip
        self.menu = w.HBox(list(self.kind_buttons.values()))
        self.menu.add_class("t-quiz-menu")
        self.progress = html_widget("t-quiz-progress")
        words = self.rules.words
        self.leave = button(words.leave, "t-quiz-leave", self.stop, words.leave_tip)
        self.progress.layout.flex = "1 1 auto"  # the count, then Stop at the row's end
        self.status = w.HBox([self.progress, self.leave])
        self.status.layout.flex_flow = "row wrap"  # Stop under the count on a narrow panel
        self.status.add_class("t-quiz-status")
        self.prompt = html_widget("t-quiz-prompt")
        self.choices = [button("", f"t-choice-{n + 1}", partial(self.choose, n))
                        for n in range(self.rules.choices)]  # fmt: skip
        for b in self.choices:
            b.add_class("t-choice")
        self.choice_box = w.VBox(self.choices)
        self.choice_box.add_class("t-choices")
        self.feedback = html_widget("t-quiz-feedback")
        self.next = button(self.rules.words.next, "t-quiz-next", self.go_on)
        self.review = w.VBox([])
        self.review.add_class("t-quiz-review")
        self.widget = w.VBox([self.menu, self.note, self.status, self.prompt, self.choice_box,
                              self.feedback, self.next, self.review])  # fmt: skip
        self.widget.add_class("t-quiz")
        self.widget.add_class("t-panel")
        self._render()

    @property
    def scored(self) -> bool:
        return self.audience.quiz != "class"

    def set_audience(self, audience: Audience) -> None:
        self.audience = audience
        self._render()

    # a session ---------------------------------------------------------------------------
    def pool(self, kind: str) -> list[Question]:
        """The kind's questions, made once per panel (a mechanism's answer poses the body)."""
        if kind not in self._pools:
            self._pools[kind] = questions(self.library, kind, self.rng, self.rules)
        return self._pools[kind]

    def start(self, kind: str, first: str | None = None) -> None:
        """A new session of `kind`, asking the question keyed `first` first if there is one;
        an unknown kind opens the menu with a plain note."""
        if kind not in self.kind_buttons:
            self.kind, self.session = None, None
            known = ", ".join(self.rules.kinds[k].label for k in self.kind_buttons)
            self.note.value = HTML.note(
                self.rules.words.unknown_kind.format(kind=kind, kinds=known)
            )
            self.apply()
            return
        self.kind, self.note.value, self._taps = kind, "", []
        self.session = QuizSession(self.pool(kind), self.rules.session_length,
                                   self.rules.come_back_after, self.rng, first)  # fmt: skip
        self.apply()

    def stop(self) -> None:
        """Leave the session, at any point: back to the kinds of question (pick another, or
        go elsewhere), the whole body on the model."""
        self.kind, self.session, self.note.value, self._taps = None, None, "", []
        self.apply()

    def choose(self, index: int) -> None:
        """Answer with a choice (keys 1-4); in class the key shows the answer instead."""
        s = self.session
        if s is None or s.current is None or s.feedback is not None:
            return
        if s.current.target is not None or index >= len(s.current.choices):
            return
        self._answer(s.current.answer if not self.scored else index)  # class: shown, unscored
        self.apply()

    def click(self, structure_id: str) -> bool:
        """A part clicked on the model: the answer to a find-it question (else False)."""
        s = self.session
        if s is None or s.current is None or s.current.target is None or s.feedback:
            return False
        self._answer(s.current.target if not self.scored else structure_id, self._names())
        self.apply()
        return True

    def tap(self, point: tuple[float, float, float]) -> bool:
        """A point tapped on the skin: the next tap of a palpate-it question (else False);
        the last one answers it."""
        s = self.session
        if s is None or s.current is None or not s.current.taps or s.feedback:
            return False
        self._taps.append(tuple(map(float, point)))
        if len(self._taps) == len(s.current.taps):
            self._answer(self._judged(s.current))
        self.apply()
        return True

    def _misses(self, q: Question) -> tuple[float, ...]:
        """How far outside its answer each tap landed (mm; inf: not tapped)."""
        taps = [*self._taps, *[None] * len(q.taps)]
        return tuple(t.miss_mm(p) for t, p in zip(q.taps, taps, strict=False))

    def _judged(self, q: Question) -> tuple[float, ...]:
        """What the session is told: the misses; in class, none (the answer is shown, and
        the question does not come back)."""
        return self._misses(q) if self.scored else tuple(0.0 for _ in q.taps)

    def go_on(self) -> None:
        """Enter: the next question; in class, first the answer."""
        s = self.session
        if s is None or s.current is None:
            return
        if s.feedback is None:
            if s.current.taps:  # not tapped (or in class): the answer is shown
                self._answer(self._judged(s.current))
                self.apply()
                return
            if self.scored and s.current.target is not None:  # find it from the keyboard: shown
                self._answer("", {})  # a miss: it comes back
                self.apply()
                return
            if not self.scored:
                q = s.current
                self._answer(q.target if q.target else q.answer, self._names())
                self.apply()
            return
        s.next()
        self._taps = []
        self.apply()

    def _answer(self, choice: int | str, names: dict[str, str] | None = None) -> None:
        """Answer the current question; a prediction's answer starts the body's move."""
        q = self.session.current
        self.session.answer(choice, names)
        if q.kind == "predict" and q.pose:
            rule, joints = self.rules.kinds["predict"], self.library.joints
            frames = joints.frames(self.library.pose(q.pose), rule.frames)
            self._frames = [joints.code_of(f) for f in frames]

    def glide(self, skip: bool = False) -> None:
        """The page has drawn the last pose of a prediction's move: the next, or (`skip`:
        the page asks for no motion) its end."""
        if len(self._frames) < 2:
            return  # no move under way (a late word from the page)
        self._frames = self._frames[-1:] if skip else self._frames[1:]
        self.apply()

    # the scene and the words -------------------------------------------------------------
    def apply(self) -> None:
        """Put the question (or its answer) into the scene and the words on the panel."""
        s = self.session
        q = s.current if s else None
        answered = s is not None and s.feedback is not None
        if not answered:
            self._frames = []  # a move is over once the panel moves on
        frame = self._frames[0] if self._frames else None
        show_question(self.scene, q, answered, self._tapped(q), frame, self._marked())
        self._render()
        self.on_change()
        if len(self._frames) > 1:
            self.on_glide(self.rules.kinds["predict"].dwell_ms)

    def _marked(self) -> list[tuple[str, float, float, float]]:
        """The taps so far, with their words ('Tap 1'), to mark on the skin."""
        words = self.rules.words.tap_mark
        return [(words.format(number=n), *p) for n, p in enumerate(self._taps, 1)]

    def _names(self) -> dict[str, str]:
        """What each part is called, for the answer to a click."""
        return {i: self.library.atlas[i].label for i in self.scene.ids}

    def _tapped(self, q: Question | None) -> list[str]:
        """The part a missed find-it question's click landed on, shown beside the answer."""
        f = self.session.feedback if self.session else None
        if q is None or q.target is None or f is None or f.right:
            return []
        return [i for i in self.scene.ids if self.library.atlas[i].label == f.chose]

    def _render(self) -> None:
        s = self.session
        q = s.current if s else None
        for k, b in self.kind_buttons.items():
            b.button_style = "info" if k == self.kind else ""
            if k == self.kind:
                b.add_class("mod-active")
            else:
                b.remove_class("mod-active")
        words = self.rules.words
        self.menu.layout.display = None if q is None else "none"
        self.leave.layout.display = None if q is not None else "none"
        if s is None:
            self.progress.value = ""
            self.prompt.value = HTML.note(words.start)
        elif q is None:
            self.progress.value = ""
            self.prompt.value = self._summary()
        else:
            number = s.number
            where = (words.asked_again if number is None
                     else words.number.format(number=number, total=s.total))  # fmt: skip
            score = words.score.format(right=s.right_first_time, asked=s.asked)
            self.progress.value = HTML.progress(where + (score if self.scored else ""))
            self.prompt.value = HTML.prompt(self._prompt(q), q.clue)
        answered = s is not None and s.feedback is not None
        measured = (measured_words(self.library, q, words.measured, self._frames[0])
                    if answered and self._frames else [])  # fmt: skip  # as the body moves
        for n, b in enumerate(self.choices):
            if q is None or q.target is not None or n >= len(q.choices):
                b.layout.display = "none"
                continue
            b.layout.display = None
            b.description = f"{n + 1}  {q.choices[n]}" + (measured[n] if measured else "")
            b.tooltip = q.choices[n]
            b.disabled = answered
            right = answered and n == q.answer
            chosen = answered and s.feedback.chose == q.choices[n]
            b.button_style = "success" if right else "danger" if chosen else ""
        self.feedback.value = self._feedback_html() if answered else ""
        asks = q is not None and (not self.scored or q.target is not None or bool(q.taps))
        self.next.layout.display = None if answered or asks else "none"  # Enter shows it
        self.next.description = words.reveal if q and not answered else words.next
        self.review.children = self._review_buttons() if s is not None and q is None else ()

    def _prompt(self, q: Question) -> str:
        """The question; for a palpate-it question, the tap it waits for (the last, once
        answered)."""
        if not q.taps:
            return q.prompt
        return q.taps[min(len(self._taps), len(q.taps) - 1)].prompt

    def _feedback_html(self) -> str:
        f, words = self.session.feedback, self.rules.words
        fill = {"answer": f.answer, "chose": f.chose}
        q = self.session.current
        if q.taps:
            lines = [touch_words(tap, miss, words)
                     for tap, miss in zip(q.taps, self._misses(q), strict=True)]  # fmt: skip
            return HTML.notes(lines, "t-right" if f.right and self.scored else
                              "t-wrong" if self.scored else "")  # fmt: skip
        if not self.scored:
            return HTML.note(words.answer.format(**fill))
        if f.right:
            return HTML.note(words.right.format(**fill), "t-right")
        said = words.was
        if self.session.current.target is not None:
            said = words.tapped if f.chose else words.shown
        return HTML.note(said.format(**fill), "t-wrong")

    def _summary(self) -> str:
        s, words = self.session, self.rules.words
        if not self.scored:
            return HTML.summary(words.class_done)
        done = words.done.format(right=s.right_first_time, asked=s.asked)
        return HTML.summary(done, words.review if s.review else words.nothing_to_review)

    def _review_buttons(self) -> list[w.Button]:
        out = []
        for q in self.session.review:
            target = review_target(self.library, q, self.scene.ids)
            if target is None:
                continue
            kind, value, label = target
            out.append(button(label, "t-review-item", partial(self.on_review, kind, value)))
        again = button(self.rules.words.again, "t-quiz-again", partial(self.start, self.kind))
        return [*out, again]


__all__ = ["QuizPanel"]
