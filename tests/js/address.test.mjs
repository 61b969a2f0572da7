import assert from "node:assert/strict";
import { test } from "node:test";

import { own, place, printable, readAddress, stepNumber } from "../../glutelib/js/address.js";
import { fixture } from "./fixtures.mjs";

const { max_length: maxLength, cases } = fixture("address_cases.json");

test("every address in the shared fixture is read as the dashboard reads it", () => {
  for (const { why, address, link } of cases) {
    assert.deepEqual(readAddress(address, maxLength), link, why);
  }
});

test("the lesson's hash is read as the dashboard's query", () => {
  for (const { why, address, link } of cases) {
    assert.deepEqual(readAddress("#" + address.replace(/^\?/, ""), maxLength), link, why);
  }
});

test("only plain ASCII digits are a step", () => {
  assert.equal(stepNumber("12"), 12);
  for (const text of ["", "²", "١", "3a", "-1", " 3", "1.0"]) assert.equal(stepNumber(text), null, text);
});

test("a name every object has is no name of the lesson's", () => {
  const modes = { client: {} };
  assert.equal(own(modes, "client"), true);
  for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", null]) {
    assert.equal(own(modes, name), false, String(name));
  }
  assert.equal(printable("a\u0000b\u202Ec\u00AD"), "abc");
});

const lesson = {
  audiences: { student: { label: "Student", quiz: "scored" }, client: { label: "Client", quiz: "none" } },
  conditions: [{ id: "pregnancy", steps: 6 }, { id: "sciatica", steps: 4 }],
  quiz: true,
  messages: {
    no_mode: "no {mode}, showing {shown}", no_quiz: "no quiz",
    no_condition: "no {condition} of {choices}", no_step: "{condition}: 1 to {last}, not {step}",
    no_step_named: "no step named",
  },
};
const now = { mode: "student", condition: 1, step: 2 };
const at = (address, from = now) =>
  place(readAddress(address, maxLength), lesson, from, address.length <= 1);

test("an address opens the step it names", () => {
  assert.deepEqual(at("#condition=pregnancy&step=3&mode=client"),
    { mode: "client", section: "conditions", condition: 0, step: 2, quiz: null, notes: [] });
});

test("what an address names that the lesson has not is said, and the rest still applies", () => {
  assert.deepEqual(at("#mode=constructor&condition=sciatica&step=9"), { mode: "student",
    section: "conditions", condition: 1, step: 0, quiz: null,
    notes: ["no constructor, showing Student", "sciatica: 1 to 4, not 9"] });
  assert.deepEqual(at("#condition=nowhere").notes, ["no nowhere of pregnancy, sciatica"]);
  assert.equal(at("#condition=nowhere").condition, 0);
  assert.deepEqual(at("#condition=pregnancy&step=").notes, ["pregnancy: 1 to 6, not "]);
  assert.deepEqual(at("#what=ever").notes, ["no step named"]);
  assert.deepEqual(at("#what=ever"), { ...now, section: "conditions", quiz: null,
    notes: ["no step named"] });  // the step shown stays
  assert.deepEqual(at("").notes, []);
});

test("Test yourself opens for the modes that have it", () => {
  assert.deepEqual(at("#quiz=find_it&mode=student"),
    { ...now, section: "quiz", quiz: "find_it", notes: [] });
  const client = at("#quiz=find_it&mode=client");
  assert.equal(client.section, "conditions");
  assert.deepEqual(client.notes, ["no quiz"]);
  assert.equal(place(readAddress("#quiz=", maxLength), { ...lesson, quiz: false }, now).section,
    "conditions");
});

test("every address of the shared fixture opens the page the dashboard opens", () => {
  const { places, now, cases: opened } = fixture("place_cases.json");
  const ids = Object.keys(places.steps);
  const sameLesson = {
    ...lesson,
    audiences: Object.fromEntries(places.modes.map((m) =>
      [m, { label: m, quiz: places.quiz_modes.includes(m) ? "scored" : "none" }])),
    conditions: ids.map((id) => ({ id, steps: places.steps[id] })),
    messages: { ...lesson.messages, no_part: "no part {name}" },
    find: (name) => places.parts.indexOf(name),
    pain: true,
  };
  const from = { mode: now.mode, condition: ids.indexOf(now.condition), step: now.step };
  for (const { why, address, state, said } of opened) {
    const to = place(readAddress(address, maxLength), sameLesson, from);
    assert.deepEqual({ mode: to.mode, section: to.section, condition: ids[to.condition],
      step: to.step, quiz: to.quiz, structure: places.parts[to.part] ?? null }, state, why);
    assert.equal(to.notes.length, said, why);
  }
});

test("a part named in the address opens Explore on it; one the lesson has not is said", () => {
  const explores = { ...lesson, messages: { ...lesson.messages, no_part: "no part {name}" },
    find: (name) => ["piriformis", "iliacus"].indexOf(name) };
  const to = (address) => place(readAddress(address, maxLength), explores, now);
  assert.deepEqual(to("#structure=iliacus&mode=client"),
    { ...now, mode: "client", section: "explore", quiz: null, part: 1, notes: [] });
  assert.deepEqual(to("#structure="), { ...now, section: "explore", quiz: null, part: null,
    notes: [] });  // Explore with nothing picked
  assert.deepEqual(to("#structure=spleen").notes, ["no part spleen"]);
  assert.equal(to("#structure=spleen").section, "explore");
  // A lesson without Explore (no `find`) reads the address as before.
  assert.deepEqual(at("#structure=iliacus").notes, ["no step named"]);
});

test("a pose opens Move at the stretch in that pose; a pose the lesson lacks is said", () => {
  const moving = { ...lesson, messages: { ...lesson.messages, no_pose: "no pose {pose}" },
    findPose: (code) => (code === "hip_flexion_r:90,knee_flexion_r:90" ? 2 : -1) };
  const to = (address) => place(readAddress(address, maxLength), moving, now);
  assert.deepEqual(to("#pose=hip_flexion_r:90,knee_flexion_r:90&mode=client"), { mode: "client",
    section: "move", condition: 1, step: 2, quiz: null, notes: [], stretch: 2 });
  assert.deepEqual(to("#pose="), { ...now, section: "move", quiz: null, notes: [],
    stretch: null });  // Move, standing
  assert.deepEqual(to("#pose=knee_flexion_r:45").notes, ["no pose knee_flexion_r:45"]);
  assert.equal(to("#pose=knee_flexion_r:45").section, "move");
});

test("a structure to palpate opens its route at the step named; what the lesson lacks is said", () => {
  const palpating = { ...lesson, messages: { ...lesson.messages,
    no_palpate: "no {name} of {known}", no_route_step: "{name}: 1 to {last}, not {step}" },
  palpated: [{ id: "piriformis_r", steps: 4 }, { id: "iliotibial_band_r", steps: 3 }] };
  const to = (address) => place(readAddress(address, maxLength), palpating, now);
  assert.deepEqual(to("#palpate=iliotibial_band_r&step=3"), { ...now, section: "palpate",
    quiz: null, notes: [], palpate: 1, route: 2 });
  assert.deepEqual(to("#palpate=piriformis_r"), { ...now, section: "palpate", quiz: null,
    notes: [], palpate: 0, route: 0 });  // no step: the first
  assert.deepEqual(to("#palpate=piriformis_r&step=9").notes, ["piriformis_r: 1 to 4, not 9"]);
  assert.equal(to("#palpate=piriformis_r&step=9").route, 0);
  assert.deepEqual(to("#palpate=spleen").notes,
    ["no spleen of piriformis_r, iliotibial_band_r"]);
  assert.equal(to("#palpate=spleen").section, "palpate");
  // A lesson without Palpate reads the address as before.
  assert.deepEqual(at("#palpate=piriformis_r").notes, ["no step named"]);
});

test("a pain drawing opens Where does it hurt with its drawing and feelings, read by its panel", () => {
  const drawing = { ...lesson, pain: true };
  const to = (address) => place(readAddress(address, maxLength), drawing, now);
  assert.deepEqual(to("#pain=1.abcdef.AQI&feel=numb,ache&mode=client"), { ...now, mode: "client",
    section: "pain", quiz: null, notes: [], pain: "1.abcdef.AQI", feel: "numb,ache" });
  assert.deepEqual(to("#pain="), { ...now, section: "pain", quiz: null, notes: [], pain: "",
    feel: null });  // nothing drawn yet
  // A lesson without it reads the address as before.
  assert.deepEqual(at("#pain=1.abcdef.AQI").notes, ["no step named"]);
});

test("an address naming a section and a part opens the section, as the dashboard does", () => {
  const both = { ...lesson, pain: true, find: (name) => (name === "piriformis" ? 3 : -1),
    findPose: () => -1, palpated: [{ id: "piriformis_r", steps: 4 }],
    messages: { ...lesson.messages, no_pose: "no pose {pose}" } };
  const to = (address) => place(readAddress(address, maxLength), both, now);
  assert.equal(to("#structure=piriformis&pain=").section, "pain");
  assert.equal(to("#structure=piriformis&palpate=piriformis_r").section, "palpate");
  assert.equal(to("#structure=piriformis&pose=").section, "move");
  assert.equal(to("#palpate=piriformis_r&pose=").section, "palpate");  // navigation.parse's order
  assert.equal(to("#structure=piriformis").section, "explore");
});
