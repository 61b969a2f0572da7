// The lesson in a learning platform (SCORM 1.2): the platform's runtime is an object `API` on
// a window above the lesson's (its frame's parents, or the window that opened it). Found, the
// lesson reports a walkthrough seen through in one sitting (every step of one of them shown:
// completed) and its best Test yourself score (right first time of asked, as a percentage;
// a later, worse session does not lower it). Opened alone there is no API and nothing is
// reported.

const MAX_HOPS = 10; // how many windows up to look: the standard's own search goes seven

// The platform's API, or null: from `win` up through its parents, then its opener's.
export function findApi(win) {
  for (let w = win, hops = 0; w && hops <= MAX_HOPS; hops += 1) {
    try {
      if (w.API && typeof w.API.LMSInitialize === "function") return w.API;
    } catch (error) {
      // a parent of another origin: not ours to read; look no further up
      break;
    }
    if (w.parent === w) break;
    w = w.parent;
  }
  try {
    if (win.opener && win.opener !== win) return findApi(win.opener);
  } catch (error) {
    return null;
  }
  return null;
}

// What the lesson reports: `stepSeen(walkthrough id, step index, steps)` and
// `quizDone(right, asked)`; `finish()` as the page goes away. `api`: findApi's, or null.
export function reporter(api) {
  if (!api || api.LMSInitialize("") !== "true") {
    return { connected: false, stepSeen() {}, quizDone() {}, finish() {} };
  }
  const status = api.LMSGetValue("cmi.core.lesson_status");
  let completed = status === "completed" || status === "passed";
  let best = Number(api.LMSGetValue("cmi.core.score.raw")) || 0;  // "" before any score
  if (status === "not attempted" || status === "") {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
    api.LMSCommit("");
  }
  const seen = new Map(); // walkthrough id -> the step indices shown
  let finished = false;
  return {
    connected: true,
    stepSeen(id, step, steps) {
      if (completed) return;
      if (!seen.has(id)) seen.set(id, new Set());
      seen.get(id).add(step);
      if (seen.get(id).size < steps) return;
      completed = true;
      api.LMSSetValue("cmi.core.lesson_status", "completed");
      api.LMSCommit("");
    },
    quizDone(right, asked) {
      const score = Math.round((100 * right) / asked);
      if (!asked || (score <= best && api.LMSGetValue("cmi.core.score.raw") !== "")) return;
      best = score;
      api.LMSSetValue("cmi.core.score.min", "0");
      api.LMSSetValue("cmi.core.score.max", "100");
      api.LMSSetValue("cmi.core.score.raw", String(score));
      api.LMSCommit("");
    },
    finish() {
      if (finished) return;
      finished = true;
      api.LMSFinish("");
    },
  };
}
