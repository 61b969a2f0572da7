// Move in the lesson: the stretch positions, each drawn as the frame Python worked out for it
// (glutelib/lesson/frames.py move: the dashboard's Move view of the body in the position,
// each muscle coloured by its measured length), with how it is taken and the muscles it
// lengthens and shortens most, as Python measured and listed them. The lesson has no
// sliders: it can draw only the poses it was given (no anatomy in the page).
import { $, para } from "./dom.js";

// A listed length: its words on its strain colour, in the ink Python chose for it.
function lengthRow([text, fill, ink]) {
  const row = para(text, "t-length");
  row.style.background = fill;
  row.style.color = ink;
  return row;
}

// `lesson`: {data, mode(), draw(frame), follow()}.
export function movePanel(lesson) {
  const m = lesson.data.move;
  let picked = null;  // the stretch shown, or null: standing
  const picker = $(".t-stretch-picker select");
  picker.addEventListener("change", () => {
    pick(picker.value === "" ? null : Number(picker.value));
    lesson.follow();
  });

  // The list in the audience's words, then what is picked.
  function render() {
    const w = m.words[lesson.mode()];
    picker.replaceChildren(new Option(w.pick_stretch, ""),
      ...m.stretches.map((s, n) => new Option(s.modes[lesson.mode()].label, String(n))));
    picker.setAttribute("aria-label", w.pick_stretch);
    return show();
  }
  function show() {
    const w = m.words[lesson.mode()];
    const s = picked === null ? null : m.stretches[picked].modes[lesson.mode()];
    picker.value = picked === null ? "" : String(picked);
    $(".t-stretch-words").replaceChildren(...(s
      ? [para(s.how), ...[s.upright, s.missing].filter(Boolean).map((t) => para(t, "t-note"))]
      : [para(w.hint)]));
    const lists = $(".t-stretch-lengths");
    lists.replaceChildren();
    if (s) {
      for (const kind of ["longer", "shorter"]) {
        if (!s.lists[kind].length) continue;
        const column = document.createElement("div");
        column.className = `t-${kind}`;
        column.append(para(w[kind], "t-lengths-heading"), ...s.lists[kind].map(lengthRow));
        lists.append(column);
      }
      const marked = [...s.lists.longer, ...s.lists.shorter].some(([t]) => t.endsWith("≈"));
      if (marked) lists.append(para(w.approx, "t-approx"));
    }
    $(".t-seen").textContent = m.home_seen[lesson.mode()];  // every position from the side
    return lesson.draw(s ? s.frame : m.home[lesson.mode()]);
  }
  // The stretch shown next (null: none), drawn when the panel is shown.
  function choose(n) {
    picked = n;
  }
  function pick(n) {
    choose(n);
    return show();
  }
  const code = () => (picked === null ? "" : m.stretches[picked].code);
  // The stretch an address names by its pose code ('hip_flexion_r:90,...', as the dashboard
  // writes it), or -1.
  const find = (pose) => m.stretches.findIndex((s) => s.code === pose);
  return { render, choose, pick, code, find };
}
