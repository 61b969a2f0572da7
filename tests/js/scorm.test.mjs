import assert from "node:assert/strict";
import { test } from "node:test";

import { findApi, reporter } from "../../glutelib/js/scorm.js";

// A platform's SCORM 1.2 runtime as the standard names its calls: values as strings.
function platform(status = "not attempted") {
  const values = { "cmi.core.lesson_status": status };
  const calls = [];
  return {
    values, calls,
    LMSInitialize: () => (calls.push("init"), "true"),
    LMSGetValue: (key) => values[key] ?? "",
    LMSSetValue: (key, value) => { values[key] = value; calls.push(`${key}=${value}`); return "true"; },
    LMSCommit: () => (calls.push("commit"), "true"),
    LMSFinish: () => (calls.push("finish"), "true"),
  };
}

test("the API is found up the frames, then through the opener; alone there is none", () => {
  const api = platform();
  const top = { API: api };
  top.parent = top;
  const middle = { parent: top };
  const lesson = { parent: middle };
  assert.equal(findApi(lesson), api);
  const alone = {};
  alone.parent = alone;
  assert.equal(findApi(alone), null);
  const opened = { opener: top };
  opened.parent = opened;
  assert.equal(findApi(opened), api);
  const guarded = { get API() { throw new Error("another origin"); } };
  guarded.parent = guarded;
  assert.equal(findApi({ parent: guarded }), null);
});

test("alone nothing is reported and nothing fails", () => {
  const r = reporter(null);
  assert.equal(r.connected, false);
  r.stepSeen("pregnancy", 0, 1);
  r.quizDone(3, 8);
  r.finish();
});

test("a walkthrough seen through completes the lesson, once; a score is a percentage", () => {
  const api = platform();
  const r = reporter(api);
  assert.equal(api.values["cmi.core.lesson_status"], "incomplete");
  r.stepSeen("pregnancy", 0, 3);
  r.stepSeen("sciatica", 0, 2);
  r.stepSeen("pregnancy", 2, 3);
  r.stepSeen("pregnancy", 2, 3); // the same step again is not another
  assert.equal(api.values["cmi.core.lesson_status"], "incomplete");
  r.stepSeen("pregnancy", 1, 3);
  assert.equal(api.values["cmi.core.lesson_status"], "completed");
  const after = api.calls.length;
  r.stepSeen("sciatica", 1, 2);
  assert.equal(api.calls.length, after); // completed already: nothing more to say
  r.quizDone(5, 8);
  assert.equal(api.values["cmi.core.score.raw"], "63");
  assert.equal(api.values["cmi.core.score.max"], "100");
  r.quizDone(0, 0); // nothing asked: no score
  assert.equal(api.values["cmi.core.score.raw"], "63");
  r.quizDone(2, 8); // a worse session later: the best stays
  assert.equal(api.values["cmi.core.score.raw"], "63");
  r.quizDone(8, 8);
  assert.equal(api.values["cmi.core.score.raw"], "100");
  r.finish();
  r.finish();
  assert.deepEqual(api.calls.filter((c) => c === "finish"), ["finish"]);
});

test("a lesson already completed or failed on the platform keeps its status and best score", () => {
  const api = platform("completed");
  api.values["cmi.core.score.raw"] = "75";
  const r = reporter(api);
  r.stepSeen("pregnancy", 0, 3);
  r.quizDone(4, 8);
  assert.equal(api.values["cmi.core.lesson_status"], "completed");
  assert.equal(api.values["cmi.core.score.raw"], "75");
  assert.ok(!api.calls.some((c) => c.startsWith("cmi.core.lesson_status")));
  const failed = platform("failed");
  reporter(failed);
  assert.equal(failed.values["cmi.core.lesson_status"], "failed");
});
