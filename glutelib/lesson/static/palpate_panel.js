// Palpate in the lesson: a structure's route from the skin inward, a step at a time, each
// drawn as the frame Python worked out for it (glutelib/lesson/frames.py palpate: the
// dashboard's Palpate view) beside its words (HTML the export made and escaped). The keys and
// a clicker step the route as they step a walkthrough.
import { $ } from "./dom.js";

// `lesson`: {data, mode(), draw(frame), follow()}.
export function palpatePanel(lesson) {
  const p = lesson.data.palpate;
  let at = 0, route = 0;  // the structure shown (its index) and its route step (0-based)
  const picker = $(".t-palpate-picker select");
  const back = $(".t-route-back"), next = $(".t-route-next");
  picker.addEventListener("change", () => { pick(Number(picker.value), 0); lesson.follow(); });
  back.addEventListener("click", () => { if (step(-1)) lesson.follow(); });
  next.addEventListener("click", () => { if (step(1)) lesson.follow(); });

  // The list, then the structure and step shown.
  function render() {
    picker.replaceChildren(...p.parts.map((part, n) => new Option(part.name, String(n))));
    picker.setAttribute("aria-label", p.words[lesson.mode()]);
    return show();
  }
  function show() {
    const part = p.parts[at], s = part.steps[route], w = s.words[lesson.mode()];
    picker.value = String(at);
    const boxes = { heading: "heading", route: "route", facts: "facts", sites: "sites-box" };
    for (const [key, box] of Object.entries(boxes)) $(`.t-palpate-${box}`).innerHTML = w[key];
    back.disabled = route === 0;
    next.disabled = route === part.steps.length - 1;
    $(".t-seen").textContent = w.seen;
    return lesson.draw(s.frame[lesson.mode()]);
  }
  // The structure and step shown next, drawn when the panel is shown.
  function choose(part, step_) {
    at = part;
    route = step_;
  }
  function pick(part, step_) {
    choose(part, step_);
    return show();
  }
  // One step along the route (`by` -1 or 1); false at its end.
  function step(by) {
    const to = Math.max(0, Math.min(route + by, p.parts[at].steps.length - 1));
    if (to === route) return false;
    route = to;
    show();
    return true;
  }
  const place = () => ({ id: p.parts[at].id, step: route + 1 });
  return { render, choose, pick, step, place };
}
