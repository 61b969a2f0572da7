// Test yourself, as glutelib/quiz.py QuizSession: questions asked in turn, a missed one back
// `comeBackAfter` questions later until answered right; the score counts questions right the
// first time. tests/fixtures/quiz_cases.json pins both sides to the same scores.

// `n` of `pool` in a random order (Python: rng.sample); `random` as Math.random.
export function sample(pool, n, random = Math.random) {
  const queue = pool.slice();
  for (let i = queue.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [queue[i], queue[j]] = [queue[j], queue[i]];
  }
  return queue.slice(0, Math.min(n, queue.length));
}

// A question is {key, choices, answer} (a choice's index), {key, target} (the part to
// click: `target` not null) or {key, taps} (palpate it: taps on the skin, each {answer}).
export class QuizSession {
  constructor(queue, comeBackAfter = 2) {
    this.queue = queue.slice();
    this.total = this.queue.length;
    this.comeBackAfter = comeBackAfter;
    this.asked = 0;
    this.rightFirstTime = 0;
    this.missed = [];
    this.feedback = null;
  }

  get current() {
    return this.queue.length ? this.queue[0] : null;
  }

  get done() {
    return !this.queue.length;
  }

  // A choice's index, the id of the part clicked ("" for none; `names` gives what to call
  // a part), or how far each tap of a palpate-it question landed outside its answer (mm).
  // Returns the feedback {right, answer, chose, firstTime}.
  answer(choice, names = {}) {
    const q = this.current;
    if (q === null || this.feedback !== null) throw new Error("no question is waiting for an answer");
    const find = q.target !== null && q.target !== undefined;
    const name = (id) => (Object.hasOwn(names, id) ? names[id] : id);
    const taps = Array.isArray(q.taps) && q.taps.length > 0;
    const right = taps ? choice.every((miss) => miss === 0)
      : find ? choice === q.target : choice === q.answer;
    const chose = taps ? "" : find ? name(String(choice)) : q.choices[choice];
    const firstTime = !this.missed.includes(q);
    this.asked += firstTime;
    this.rightFirstTime += right && firstTime;
    if (!right && firstTime) this.missed.push(q);
    const answer = taps ? q.taps.map((t) => t.answer).join(", then ")
      : find ? name(q.target) : q.choices[q.answer];
    this.feedback = { right, answer, chose, firstTime };
    return this.feedback;
  }

  // The current question's number among the session's, answered or not; null for a missed
  // one asked again (or when done).
  get number() {
    if (this.current === null) return null;
    if (this.feedback === null) return this.missed.includes(this.current) ? null : this.asked + 1;
    return this.feedback.firstTime ? this.asked : null;
  }

  // Go on: a missed question goes back into the queue a few places on.
  next() {
    if (this.feedback === null) return this.current;
    const q = this.queue.shift();
    if (!this.feedback.right) this.queue.splice(Math.min(this.comeBackAfter, this.queue.length), 0, q);
    this.feedback = null;
    return this.current;
  }

  // What to look at again: every question missed at least once.
  get review() {
    return this.missed.slice();
  }
}
