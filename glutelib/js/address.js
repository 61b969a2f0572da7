// The page address as settings, read as the dashboard reads it: glutelib/app/deeplink.py
// (parse_link: only its own names, each value cut to MAX_LENGTH, passed in as `maxLength`)
// then glutelib/app/navigation.py (clean_link: control and format characters dropped, so
// `mode=student%00` asks for student mode). tests/fixtures/address_cases.json pins both sides.
import { fill } from "./words.js";

// Text without control and format characters (Unicode category C), as navigation.printable.
export const printable = (text) => text.replace(/\p{C}/gu, "");

// Whether `key` is one of `object`'s own names: "constructor" or "__proto__" is in every
// object, and an address naming it would otherwise be taken for a mode.
export const own = (object, key) => typeof key === "string" && Object.hasOwn(object, key);

// '3' -> 3; anything but plain ASCII digits -> null ('²' is no step), as deeplink.step_number.
export const stepNumber = (text) => (/^[0-9]+$/.test(text) ? Number(text) : null);

// "?mode=client&condition=pregnancy&step=3" (or "#..." in the lesson) -> the Link's fields:
// {mode, condition, step, structure, quiz, question, screen, pose, palpate, pain, feel}, null
// where absent, step "1" by default.
export function readAddress(text, maxLength) {
  const params = new URLSearchParams(text.replace(/^#/, "").replace(/^\?+/, ""));
  const link = { mode: null, condition: null, step: "1", structure: null, quiz: null,
    question: null, screen: null, pose: null, palpate: null, pain: null, feel: null };
  for (const [key, length] of Object.entries(maxLength)) {
    const raw = params.get(key);
    // Cut by characters (code points), as Python slices a str, then made printable.
    if (raw !== null) link[key] = printable(Array.from(raw).slice(0, length).join(""));
  }
  return link;
}

// What the lesson shows for an address read by readAddress: the mode, Test yourself or a
// walkthrough's step (0-based), and what the address asked that is not there, in the words
// Python gave (`lesson.messages`); as the dashboard's navigation.parse where both pages have
// the place (tests/fixtures/place_cases.json). `lesson`: {audiences: {mode: {label, quiz}}, conditions:
// [{id, steps}], quiz: whether it has Test yourself, messages, find(structure) -> its part
// in Explore or -1 (absent: no Explore), findPose(code) -> the stretch in that pose or -1
// (absent: no Move), palpated: [{id, steps}] (absent: no Palpate), pain: whether it has
// Where does it hurt (its drawing, `pain`, and feelings, `feel`, read by its panel)}; `now`: {mode,
// condition, step} shown now, kept where the address does not say; `empty`: the address is
// blank. Explore's part (`part`) and Move's stretch (`stretch`) are null when none is
// picked; Palpate's structure (`palpate`, an index) and route step (`route`, 0-based) are
// kept in `now` when the address names none.
export function place(link, lesson, now, empty = false) {
  const say = lesson.messages, notes = [];
  const known = own(lesson.audiences, link.mode);
  if (link.mode !== null && !known) {
    notes.push(fill(say.no_mode, { mode: link.mode, shown: lesson.audiences[now.mode].label }));
  }
  const shown = { ...now, mode: known ? link.mode : now.mode, section: "conditions",
    quiz: null, notes };
  if (link.quiz !== null && lesson.quiz && lesson.audiences[shown.mode].quiz !== "none") {
    return { ...shown, section: "quiz", quiz: link.quiz };
  }
  const ids = lesson.conditions.map((c) => c.id);
  if (link.quiz !== null) notes.push(say.no_quiz);
  else if (link.condition !== null) {
    const at = ids.indexOf(link.condition);
    const number = stepNumber(link.step) ?? 0;
    if (at < 0) {
      notes.push(fill(say.no_condition, { condition: link.condition, choices: ids.join(", ") }));
      return { ...shown, condition: 0, step: 0 };
    }
    if (number < 1 || number > lesson.conditions[at].steps) {
      notes.push(fill(say.no_step, { condition: link.condition,
        last: lesson.conditions[at].steps, step: link.step }));
      return { ...shown, condition: at, step: 0 };
    }
    return { ...shown, condition: at, step: number - 1 };
  } else if (link.palpate !== null && lesson.palpated && lesson.palpated.length) {
    return { ...shown, section: "palpate", ...palpatePlace(link, lesson.palpated, say, notes) };
  } else if (link.pose !== null && lesson.findPose) {
    const at = link.pose === "" ? -1 : lesson.findPose(link.pose);
    if (link.pose !== "" && at < 0) notes.push(fill(say.no_pose, { pose: link.pose }));
    return { ...shown, section: "move", stretch: at < 0 ? null : at };
  } else if (link.pain !== null && lesson.pain) {
    return { ...shown, section: "pain", pain: link.pain, feel: link.feel };
  } else if (link.structure !== null && lesson.find) {
    const part = link.structure === "" ? -1 : lesson.find(link.structure);
    if (link.structure !== "" && part < 0) notes.push(fill(say.no_part, { name: link.structure }));
    return { ...shown, section: "explore", part: part < 0 ? null : part };
  } else if (!empty && link.mode === null) notes.push(say.no_step_named);
  return shown;
}

// An address's Palpate place: the structure it names (else the first, with a note) and its
// route step (else the first, with a note), as {palpate, route}.
function palpatePlace(link, palpated, say, notes) {
  const at = palpated.findIndex((p) => p.id === link.palpate);
  if (at < 0) {
    notes.push(fill(say.no_palpate, { name: link.palpate,
      known: palpated.map((p) => p.id).join(", ") }));
    return { palpate: 0, route: 0 };
  }
  const number = stepNumber(link.step) ?? 0;
  if (number < 1 || number > palpated[at].steps) {
    notes.push(fill(say.no_route_step, { name: link.palpate, last: palpated[at].steps,
      step: link.step }));
    return { palpate: at, route: 0 };
  }
  return { palpate: at, route: number - 1 };
}
