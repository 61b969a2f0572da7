// Explore in the lesson: search, the grouped list and a part's card, each pick drawn as the
// frame Python worked out for it (glutelib/lesson/frames.py explore: the dashboard's
// present.show_part, seen from the view that shows the part most). The search looks typed
// text up in the index Python made from the dashboard's own search (Atlas.find): the page
// never matches names itself.
import { fill } from "../../js/words.js";
import { $, button, para } from "./dom.js";

// Typed text as the index keys are written (atlas._normalise, then sides.side_in as
// Atlas.find reads a name): lower case, apostrophes dropped, anything else but letters and
// digits a space; the first side word dropped when there are two words or more (a part here
// is both sides). tests/fixtures/search_keys.json pins both sides.
export function searchKey(text, sideWords) {
  const words = text.toLowerCase().replace(/['’]/g, "").replace(/[^a-z0-9]+/g, " ").trim()
    .split(" ").filter(Boolean);
  const side = words.length > 1 ? words.findIndex((w) => sideWords.includes(w)) : -1;
  if (side >= 0) words.splice(side, 1);
  return words.join(" ");
}

// The parts `index` gives for `key`, or for its longest beginning it has of at least four
// letters and 60 % of the text (a typo late in a word still finds the part; a word the
// lesson has no part for finds none, not one that shares its first letters); [] under two.
export function lookUp(index, key) {
  if (index[key]) return index[key];
  for (let n = key.length - 1; n >= Math.max(4, Math.ceil(key.length * 0.6)); n -= 1) {
    const found = index[key.slice(0, n).trim()];
    if (found) return found;
  }
  return [];
}

// `lesson`: {data, mode(), words() (the page's words for the audience), draw(frame),
// follow()}.
export function explorePanel(lesson) {
  const x = lesson.data.explore;
  let picked = null;  // the part shown, or null: the whole body
  const search = $(".t-search");
  const list = $(".t-structure-list");
  search.addEventListener("input", () => suggest());
  search.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const first = lookUp(x.index, searchKey(search.value, x.side_words))[0];
    if (first !== undefined) { pick(first); lesson.follow(); }
  });

  function suggest() {
    const key = searchKey(search.value, x.side_words);
    const box = $(".t-suggestions");
    if (key.length < 2) { box.replaceChildren(); return; }
    const found = lookUp(x.index, key);
    box.replaceChildren(...(found.length ? found.map((n) => button(x.parts[n].name[lesson.mode()],
      `t-suggestion t-suggestion-${x.parts[n].id.replace(/_/g, "-")}`,
      () => { pick(n); lesson.follow(); }))
      : [para(fill(x.no_match, { name: search.value.trim() }), "t-message")]));
  }
  // The list in the audience's words: a heading per group, a button per part.
  function render() {
    list.replaceChildren(...x.groups.flatMap((g) => [
      para(g.heading[lesson.mode()], "t-group-heading"),
      ...g.parts.map((n) => button(x.parts[n].name[lesson.mode()],
        `t-item t-item-${x.parts[n].id.replace(/_/g, "-")}`, () => { pick(n); lesson.follow(); })),
    ]));
    search.placeholder = lesson.words().search;
    search.setAttribute("aria-label", lesson.words().search);
    return show();
  }
  function show() {
    const part = picked === null ? null : x.parts[picked];
    for (const b of list.querySelectorAll(".t-item")) b.classList.remove("mod-active");
    if (part) list.querySelector(`.t-item-${part.id.replace(/_/g, "-")}`)?.classList.add("mod-active");
    if (part) $(".t-card").innerHTML = part.card[lesson.mode()];  // made and escaped by Python
    else $(".t-card").replaceChildren(para(lesson.words().hint));
    $(".t-seen").textContent = part ? part.seen[lesson.mode()] : x.home_seen[lesson.mode()];
    return lesson.draw(part ? part.frame[lesson.mode()] : x.home[lesson.mode()]);
  }
  // The part shown next (null: none), drawn when the panel is shown.
  function choose(n) {
    picked = n;
    search.value = "";
    $(".t-suggestions").replaceChildren();
  }
  function pick(n) {
    choose(n);
    return show();
  }
  // A tap on the model picks the part tapped (a trace is a structure: its part by stem).
  function click(traceName) {
    const n = x.parts.findIndex((p) => p.ids.includes(traceName));
    if (n >= 0) { pick(n); lesson.follow(); }
  }
  const part = () => (picked === null ? null : x.parts[picked].id);
  // The part an address names: its id, a side's id, or a name the search knows whole.
  const find = (name) => {
    const at = x.parts.findIndex((p) => p.id === name || p.ids.includes(name));
    return at >= 0 ? at : (x.index[searchKey(name, x.side_words)] ?? [-1])[0];
  };
  return { render, choose, pick, click, part, find };
}
