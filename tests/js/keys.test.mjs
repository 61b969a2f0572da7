import assert from "node:assert/strict";
import { test } from "node:test";

import { actionsFor, press, withModifier } from "../../glutelib/js/keys.js";
import { fixture } from "./fixtures.mjs";

const { bindings, cases } = fixture("key_cases.json");

test("every key of the shared fixture means the actions it means in Python", () => {
  for (const { key, section, actions } of cases) {
    assert.deepEqual(actionsFor(bindings, key, section), actions, `${key} in ${section}`);
  }
});

test("the first action that applies runs; one that says false passes the key on", () => {
  const ran = [];
  const handlers = {
    step_number: (key) => (Number(key) <= 6 ? ran.push(`step ${key}`) : false),
    view_number: (key) => ran.push(`view ${key}`),
  };
  assert.equal(press(bindings, "3", "conditions", handlers), "step_number");
  assert.equal(press(bindings, "8", "conditions", handlers), "view_number");
  assert.equal(press(bindings, "3", "explore", handlers), "view_number");
  assert.deepEqual(ran, ["step 3", "view 8", "view 3"]);
  assert.equal(press(bindings, "q", "conditions", handlers), null);
  assert.equal(press(bindings, "ArrowRight", "conditions", handlers), null);  // no handler here
  assert.equal(press(bindings, "constructor", "conditions", { constructor: () => true }), null);
});

test("a key with Ctrl, Cmd or Alt is not the page's", () => {
  assert.equal(withModifier({ ctrlKey: true }), true);
  assert.equal(withModifier({ metaKey: true }), true);
  assert.equal(withModifier({ altKey: true }), true);
  assert.equal(withModifier({ shiftKey: true, ctrlKey: false, metaKey: false, altKey: false }),
    false);
});
