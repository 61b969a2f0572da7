// Test yourself in the lesson: the questions Python made (glutelib/lesson/frames.py quiz),
// asked by a QuizSession (the dashboard's rules: glutelib/js/quiz.js), drawn as the frames
// Python worked out for the question and for its answer. Stop (quiz.yaml's words.leave)
// goes back to the kinds at any point, as the dashboard's panel does.
import { own } from "../../js/address.js";
import { QuizSession, sample } from "../../js/quiz.js";
import { asText, fill } from "../../js/words.js";
import { $, button, para } from "./dom.js";

// `lesson`: {data, mode() (the audience shown), draw(frame), showStep(condition id, step
// number) and showPalpate(structure id) -> false when the lesson has no such walkthrough or
// route, follow(), scored(right, asked): a session ended with this score}.
export function quizPanel(lesson) {
  const { data } = lesson, q = data.quiz;
  let kind = null, session = null;
  let taps = [];  // a palpate-it question's taps so far, each [x, y, z] mm
  const scored = () => data.audiences[lesson.mode()].quiz !== "class";
  const current = () => (session ? session.current : null);
  const frameOf = (question, answered) => question.frames[lesson.mode()][answered ? 1 : 0];
  const choiceButtons = [0, 1, 2, 3].map((n) =>
    button("", `t-choice t-choice-${n + 1}`, () => choose(n)));
  const leave = q ? button(q.words.leave, "t-quiz-leave", () => { stop(); lesson.follow(); })
    : null;
  if (q) {
    leave.title = q.words.leave_tip;
    $(".t-quiz-progress").after(leave);
    $(".t-choices").append(...choiceButtons);
    for (const k of q.kinds) {
      $(".t-quiz-menu").append(button(k.label, `t-quiz-kind-${k.id.replace(/_/g, "-")}`,
        () => { start(k.id); lesson.follow(); }));
    }
    $(".t-quiz-next").addEventListener("click", () => goOn());
  }

  function start(id) {
    const found = q.kinds.find((k) => k.id === id);
    if (!found) {
      kind = null; session = null;
      $(".t-quiz-note").textContent = fill(q.words.unknown_kind,
        { kind: id, kinds: q.kinds.map((k) => k.label).join(", ") });
      return render();
    }
    $(".t-quiz-note").textContent = "";
    const pool = found.questions.filter((x) => x.frames[lesson.mode()]);
    kind = id;
    taps = [];
    session = new QuizSession(sample(pool, q.length), q.come_back_after);
    return render();
  }
  // Leave the session: back to the kinds of question, the whole body on the model.
  function stop() {
    kind = null; session = null; taps = [];
    $(".t-quiz-note").textContent = "";
    return render();
  }
  // A class quiz (no score) is shown its answer whatever is pressed.
  function answer(choice) {
    const x = current();
    session.answer(scored() ? choice : (x.target ?? x.answer), data.names);
    render();
  }
  function choose(n) {
    const x = current();
    if (!x || session.feedback || x.target !== null || n >= x.choices.length) return false;
    answer(n);
    return true;
  }
  // A palpate-it question's taps: how far each landed outside its answer (mm; Infinity for
  // none), as glutelib/quiz.py Tap.miss_mm.
  const touching = (x) => Boolean(x && x.taps.length);
  function misses(x) {
    return x.taps.map((t, n) => {
      if (n >= taps.length) return Infinity;
      const gap = Math.min(...t.points.map((p) => Math.hypot(p[0] - taps[n][0],
        p[1] - taps[n][1], p[2] - taps[n][2])));
      return Math.max(0, gap - t.within_mm);
    });
  }
  // What the session is told: the misses; in class none (shown, and it does not come back).
  const judged = (x) => (scored() ? misses(x) : x.taps.map(() => 0));
  // A point tapped on the skin: the next tap of a palpate-it question; the last answers it.
  function tap(point) {
    const x = current();
    if (!touching(x) || session.feedback) return;
    taps.push(point);
    if (taps.length === x.taps.length) session.answer(judged(x), data.names);
    render();
  }
  function click(name) {
    const x = current();
    if (x && x.target !== null && !session.feedback && own(data.names, name)) answer(name);
  }
  function goOn() {
    const x = current();
    if (!x) return;
    if (session.feedback) {
      session.next();
      taps = [];
      if (session.done && scored()) lesson.scored(session.rightFirstTime, session.asked);
      render();
    } else if (touching(x)) {
      session.answer(judged(x), data.names);  // shown: what was not tapped is a miss
      render();
    } else if (x.target !== null || !scored()) answer("");  // "Show me": nothing tapped
  }
  // How each tap went, in quiz.yaml's words (glutelib/quiz.py touch_words).
  function touchLines(x) {
    const w = q.words;
    return misses(x).map((miss, n) => {
      const values = { answer: x.taps[n].answer, cm: (Math.ceil(miss) / 10).toFixed(1) };
      if (miss === 0) return fill(w.tap_right, values);
      return fill(Number.isFinite(miss) ? w.tap_missed : w.tap_none, values);
    });
  }
  function feedbackText() {
    const f = session.feedback, w = q.words, values = { answer: f.answer, chose: f.chose };
    if (!scored()) return [fill(w.answer, values), ""];
    if (f.right) return [fill(w.right, values), "t-right"];
    const said = current().target !== null ? (f.chose ? w.tapped : w.shown) : w.was;
    return [fill(said, values), "t-wrong"];
  }
  function progressText() {
    const number = session.number, w = q.words;
    const where = number === null ? w.asked_again
      : fill(w.number, { number, total: session.total });
    return where + (scored() ? fill(w.score,
      { right: session.rightFirstTime, asked: session.asked }) : "");
  }
  function reviewButton(y) {
    const [what, value, label] = y.review;
    return button(label, "t-review-item", () => {
      const [cid, n] = what === "step" ? value.split(":") : [];
      // A step of a walkthrough, a part's route in Palpate, else the answer drawn again.
      const opened = what === "step" ? lesson.showStep(cid, Number(n))
        : what === "palpate" ? lesson.showPalpate(value) : false;
      if (opened === false) lesson.draw(frameOf(y, true));
    });
  }
  function render() {
    const x = current(), w = q ? q.words : null;
    const answered = Boolean(session && session.feedback);
    $(".t-quiz-menu").hidden = Boolean(x);
    if (leave) leave.hidden = !x;
    const progress = $(".t-quiz-progress"), prompt = $(".t-quiz-prompt");
    const heading = (text) => {
      const h = document.createElement("h3");
      h.textContent = text;
      return h;
    };
    progress.textContent = "";
    if (!session) prompt.replaceChildren(para(w.start));
    else if (!x && !scored()) prompt.replaceChildren(heading(w.class_done));
    else if (!x) {
      prompt.replaceChildren(heading(fill(w.done,
        { right: session.rightFirstTime, asked: session.asked })),
        para(session.missed.length ? w.review : w.nothing_to_review));
    } else {
      progress.textContent = progressText();
      const asked = touching(x) ? x.taps[Math.min(taps.length, x.taps.length - 1)].prompt
        : x.prompt;
      prompt.replaceChildren(heading(asked), ...(x.clue ? [para(x.clue, "t-clue")] : []));
    }
    choiceButtons.forEach((b, n) => {
      b.hidden = !x || x.target !== null || n >= x.choices.length;
      if (b.hidden) return;
      // a prediction's answer: each choice's length in the position (the lesson has no move)
      b.textContent = `${n + 1}  ${x.choices[n]}${answered && x.measured.length ? x.measured[n] : ""}`;
      b.title = x.choices[n];
      b.disabled = answered;
      b.classList.toggle("mod-success", answered && n === x.answer);
      b.classList.toggle("mod-danger", answered && session.feedback.chose === x.choices[n]
        && n !== x.answer);
    });
    const feedback = $(".t-quiz-feedback");
    feedback.replaceChildren();
    if (answered && touching(x)) {
      const style = scored() ? (session.feedback.right ? "t-right" : "t-wrong") : "";
      feedback.append(...touchLines(x).map((line) => para(line, style)));
    } else if (answered) feedback.append(para(...feedbackText()));
    const next = $(".t-quiz-next");
    next.hidden = !(x && (answered || x.target !== null || touching(x) || !scored()));
    if (w) next.textContent = x && !answered ? w.reveal : w.next;
    const review = $(".t-quiz-review");
    review.replaceChildren();
    if (session && !x) {
      review.append(...session.review.filter((y) => y.review).map(reviewButton),
        button(w.again, "t-quiz-again", () => start(kind)));
    }
    if (!q) return;
    const mark = q.tap_mark[lesson.mode()];
    const marks = taps.map((p, n) => ({ ...mark, x: p[0], y: p[1], z: p[2],
      text: asText(fill(w.tap_mark, { number: n + 1 })) }));
    lesson.draw(x ? frameOf(x, answered) : q.menu[lesson.mode()], false, marks);
  }
  return { start, stop, choose, click, tap, goOn, render, kind: () => kind,
    active: () => Boolean(current()) };
}
