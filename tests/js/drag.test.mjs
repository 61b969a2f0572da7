import assert from "node:assert/strict";
import { test } from "node:test";

import { dragFollower, jointOf } from "../../glutelib/js/drag.js";

test("a fast hand asks for one pose at a time, always the newest angle", () => {
  const sent = [];
  const drag = dragFollower((pose) => sent.push(pose));
  drag.moved("knee_flexion_r", 5);
  for (const value of [10, 15, 20, 25]) drag.moved("knee_flexion_r", value); // while posing 5
  assert.deepEqual(sent, [{ joint: "knee_flexion_r", value: 5 }]);
  drag.posed();
  assert.deepEqual(sent.at(-1), { joint: "knee_flexion_r", value: 25 }); // the stale ones skipped
  drag.posed();
  assert.equal(sent.length, 2); // nothing new: nothing asked
  drag.moved("knee_flexion_r", 25);
  assert.equal(sent.length, 2); // the same angle again: nothing asked
});

test("after letting go, the next drag starts afresh", () => {
  const sent = [];
  const drag = dragFollower((pose) => sent.push(pose));
  drag.moved("hip_flexion_r", 30);
  drag.posed();
  drag.released();
  drag.moved("hip_flexion_r", 30); // the same angle on a new drag is asked for
  assert.equal(sent.length, 2);
});

test("a slider's joint is read from its class", () => {
  const element = { classList: ["widget-slider", "t-joint-hip-flexion-r"] };
  assert.equal(jointOf(element), "hip_flexion_r");
  assert.equal(jointOf({ classList: ["widget-slider"] }), null);
});
