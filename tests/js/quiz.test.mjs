import assert from "node:assert/strict";
import { test } from "node:test";

import { QuizSession, sample } from "../../glutelib/js/quiz.js";
import { fixture } from "./fixtures.mjs";

const { names, cases } = fixture("quiz_cases.json");

for (const c of cases) {
  test(`the shared fixture's answers score as in Python: ${c.why}`, () => {
    const questions = c.questions.map((q) => ({ ...q, target: q.target ?? null }));
    const session = new QuizSession(questions, c.come_back_after);
    assert.equal(session.total, c.total);
    for (const turn of c.turns) {
      assert.equal(session.current.key, turn.question);
      assert.equal(session.number, turn.number);
      const f = session.answer(turn.answer, names);
      assert.deepEqual(
        { right: f.right, first_time: f.firstTime, answer_words: f.answer, chose: f.chose,
          number_after: session.number, asked: session.asked, score: session.rightFirstTime },
        { right: turn.right, first_time: turn.first_time, answer_words: turn.answer_words,
          chose: turn.chose, number_after: turn.number_after, asked: turn.asked,
          score: turn.score }, `${turn.question} answered ${turn.answer}`);
      session.next();
    }
    assert.equal(session.done, true);
    assert.equal(session.current, null);
    assert.deepEqual(session.review.map((q) => q.key), c.review);
  });
}

test("a question is answered once, then the session goes on", () => {
  const session = new QuizSession([{ key: "a", choices: ["x"], answer: 0, target: null }]);
  assert.equal(session.next().key, "a");  // nothing answered: still the same question
  session.answer(0);
  assert.throws(() => session.answer(0), /no question is waiting/);
  assert.equal(session.next(), null);
  assert.throws(() => session.answer(0), /no question is waiting/);
});

test("sample asks n of the pool, each once, in the random order given", () => {
  const pool = ["a", "b", "c", "d", "e"];
  const picked = sample(pool, 3, () => 0);
  assert.deepEqual(picked, ["b", "c", "d"]);  // 0 each time swaps each one to the front
  assert.deepEqual(sample(pool, 9, Math.random).sort(), pool);
  assert.deepEqual(pool, ["a", "b", "c", "d", "e"]);  // the pool itself is left alone
});
