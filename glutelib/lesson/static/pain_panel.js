// Where does it hurt, in the lesson: a drawing on the skin, painted with a finger or the
// mouse (glutelib/js/paint.js, as in the dashboard), ranked and worded by the page's copy of
// the rule (glutelib/js/pain.js, checked against Python) over the numbers Python wrote
// (glutelib/lesson/frames.py pain); the drawing and the match shown coloured on the skin.
// A drag paints, so the body turns by a menu in the toolbar; the address keeps the drawing.
import { brush, decodeStrokes, encodeStrokes, erased, painWords, skinColours }
  from "../../js/pain.js";
import { paintGestures } from "../../js/paint.js";
import { fill } from "../../js/words.js";
import { $, button, para } from "./dom.js";

// `lesson`: {data, gd, mode(), draw(frame, over), follow(), open(place), resetView()}.
export function painPanel(lesson) {
  const p = lesson.data.pain, page = p.page, skin = lesson.data.skin_key;
  const FEELINGS = Object.keys(page.rule.feelings); // pain.FEELINGS, in the panel's order
  let strokes = [], feel = [], pattern = null, tool = "paint", view = null;
  let painted = []; // the brush round the strokes: worked out once a change
  const said = () => p.modes[lesson.mode()];
  const painter = paintGestures(lesson.gd, skin, (vertices, using) => {
    strokes = using === "erase" ? erased(page, strokes, vertices)
      : [...new Set([...strokes, ...vertices])].sort((a, b) => a - b);
    pattern = null; // the best match again
    show().then(() => painter.painted());
    lesson.follow();
  });
  const heading = (text, level) => {
    const h = document.createElement(`h${level}`);
    h.textContent = text;
    return h;
  };
  const toggle = (label, className, on, onClick) => {
    const b = button(label, `widget-toggle-button ${className}`, onClick);
    b.classList.toggle("mod-active", on);
    b.setAttribute("aria-pressed", String(on));
    return b;
  };

  // The words beside the drawing, then the body with it.
  function show() {
    const s = said(), w = s.words;
    painted = brush(page, strokes);
    const words = painWords(page, s, strokes, feel, painted);
    const ids = words.matches.map(([id]) => id);
    if (!ids.includes(pattern)) pattern = ids.length ? ids[0] : null;
    view = view in s.views ? view : Object.keys(s.views)[0];
    $(".t-pain-heading").replaceChildren(heading(w.heading, 3));
    $(".t-pain-hint").replaceChildren(...(strokes.length ? [] : [para(w.hint)]));
    $(".t-pain-tool").replaceChildren(...["paint", "erase"].map((t) =>
      toggle(w[t], `t-pain-tool-${t}`, tool === t, () => { tool = t; show(); })));
    $(".t-pain-clear").textContent = w.clear;
    turn.replaceChildren(...Object.entries(s.views).map(([name, v]) => new Option(v.seen, name)));
    turn.value = view;
    $(".t-pain-feel-heading").replaceChildren(heading(w.feel_heading, 4));
    $(".t-pain-feelings").replaceChildren(...FEELINGS.map((f) =>
      toggle(w.feelings[f], `t-pain-feel t-pain-feel-${f}`, feel.includes(f), () => {
        feel = FEELINGS.filter((g) => (g === f) !== feel.includes(g));
        pattern = null;
        show();
        lesson.follow();
      })));
    const summary = para(words.summary, "t-pain-said");
    summary.setAttribute("role", "status");
    $(".t-pain-summary").replaceChildren(summary);
    $(".t-pain-flags").replaceChildren(...(words.flags.length ? [flagBox(w.flags, words.flags)]
      : []));
    $(".t-pain-matches-heading").replaceChildren(...(ids.length ? [heading(w.matches, 4)] : []));
    $(".t-pain-matches").replaceChildren(...words.matches.map(([id, text]) => matchRow(id, text,
      w)));
    $(".t-pain-covers").replaceChildren(...(s.covers && pattern ? [para(words.covers[pattern])]
      : []));
    $(".t-pain-safety").replaceChildren(para(w.safety));
    return drawn();
  }
  function flagBox(title, items) {
    const box = document.createElement("div");
    box.className = "t-pain-flag-box";
    box.setAttribute("role", "note");
    const strong = document.createElement("strong");
    strong.textContent = title;
    const head = document.createElement("p");
    head.append(strong);
    const list = document.createElement("ul");
    list.append(...items.map((item) => {
      const li = document.createElement("li");
      li.textContent = item;
      return li;
    }));
    box.append(head, list);
    return box;
  }
  // A match's button (tapped: drawn on the body), and beside the one drawn what it opens.
  function matchRow(id, text, w) {
    const b = button(text, `t-pain-match t-pain-match-${id}`, () => { pattern = id; show(); });
    if (id !== pattern) return b;
    b.classList.add("t-shown");
    const opens = p.opens[page.ids.indexOf(id)];
    if (!opens) return b;
    const row = document.createElement("div");
    row.className = "t-pain-shown-row widget-hbox";
    const label = opens.section === "explore" ? w.open_card : w.open_step;
    row.append(b, button(label, "t-pain-open", () => lesson.open(opens)));
    return row;
  }
  // The skin coloured: the drawing over the match shown over the skin's own colour.
  function drawn() {
    const at = pattern === null ? -1 : page.ids.indexOf(pattern);
    const colours = { skin: p.colours.skin, drawing: p.colours.drawing,
      pattern: at < 0 ? null : p.colours.kinds[page.kinds[at]] };
    const vertexcolor = skinColours(page, painted, at < 0 ? null : page.fields[at], colours);
    return lesson.draw(said().views[view].frame, { traces: { [skin]: { vertexcolor } },
      meta: { paint: tool, drawing: strokes.length, pattern } });
  }
  const turn = $(".t-pain-view");
  // the view's own camera, even where the person turned the body in another section
  turn.addEventListener("change", () => { view = turn.value; drawn().then(lesson.resetView); });
  $(".t-pain-clear").addEventListener("click", () => {
    strokes = [];
    pattern = null;
    show();
    lesson.follow();
  });

  // An address's drawing and feelings, drawn when the panel is shown; what cannot be read
  // is said and left out.
  function choose(code, felt) {
    const notes = [];
    strokes = [];
    if (code) {
      const why = {};
      const found = decodeStrokes(page, code, why);
      if (found) strokes = found;
      else notes.push(fill(p.messages.pain_drawing, { problem: page.refused[why.problem] }));
    }
    const asked = (felt || "").split(",").filter(Boolean);
    for (const f of asked) {
      if (!FEELINGS.includes(f)) {
        notes.push(fill(p.messages.no_feeling, { name: f, known: FEELINGS.join(", ") }));
      }
    }
    feel = FEELINGS.filter((f) => asked.includes(f));
    pattern = null;
    return notes;
  }
  const place = () => ({ pain: strokes.length ? encodeStrokes(page, strokes) : "",
    feel: feel.join(",") });
  // Opened: the view's own camera and size, not those another section was turned to.
  const render = () => show().then(lesson.resetView);
  return { render, choose, place };
}
