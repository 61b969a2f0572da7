// The lesson's player (glutelib/lesson): shows the steps and questions the Python export
// worked out. Each is a frame: a style and a level of detail per trace and, per view shape,
// the camera, the names and the zoom limits (glutelib/lesson/frames.py). Nothing here knows
// anatomy, poses or framing: it decodes the meshes, looks frames up and hands them to plotly.
// Its words and constants (zoom step and limits, the pixel-ratio cap, address lengths) are
// in the data Python wrote. Bundled with its modules into one script (scripts/build_js.py).
import { place, readAddress } from "../../js/address.js";
import { DamagedFile, lessonDamaged } from "../../js/damaged.js";
import { EMPTY, MeshStore, unpack } from "../../js/decode.js";
import { follower } from "../../js/follow.js";
import { keepClocks, pairing, withScreen } from "../../js/pair.js";
import { justDragged, limitZoom, touchGestures } from "../../js/gestures.js";
import { press, typing, withModifier } from "../../js/keys.js";
import { findApi, reporter } from "../../js/scorm.js";
import { screenRatio } from "../../js/screen.js";
import { walkOn, walkSaid } from "../../js/walk.js";
import { fill } from "../../js/words.js";
import { zoomBy, zoomed } from "../../js/zoom.js";
import { $, button, root, say } from "./dom.js";
import { explorePanel } from "./explore_panel.js";
import { movePanel } from "./move_panel.js";
import { painPanel } from "./pain_panel.js";
import { palpatePanel } from "./palpate_panel.js";
import { quizPanel } from "./quiz_panel.js";

document.documentElement.dataset.player = "started";  // guard.js: the file got this far

const packed = (id) => unpack(document.getElementById(id).textContent, id);

async function play() {
  if (typeof DecompressionStream === "undefined") {
    // The data is not unpacked yet: these words cannot come from it.
    say("This lesson needs a browser from 2023 or later (Chrome, Edge, Firefox or Safari 16.4+).");
    return;
  }
  if (typeof Plotly === "undefined") throw new DamagedFile("plotly.js did not run");
  let data;
  try {
    data = JSON.parse(new TextDecoder().decode(await packed("glutelib-data")));
  } catch (error) {
    throw error instanceof DamagedFile ? error : new DamagedFile(error.message);
  }
  const meshes = new MeshStore(await packed("glutelib-arrays"), data.arrays, data.origin,
    data.step_mm);
  performance.mark("glutelib:unpacked");
  const says = data.messages;

  // ---- drawing a frame -----------------------------------------------------------------
  const gd = document.getElementById("glutelib-figure");
  const config = { ...data.config,
    plotGlPixelRatio: screenRatio(data.config.plotGlPixelRatio, window.devicePixelRatio) };
  let shown = null, zoom = 1, drawing = Promise.resolve();
  let walked = -1;  // the keyboard walk's place among the frame's parts (-1: not started)
  let marked = [];  // annotations the page adds to the frame's (a palpate-it question's taps)
  let over = {};  // what the page sets over the frame's: {traces: {name: props}, meta} (pain)
  const pick = (values, wanted) => {  // the largest not above `wanted` (else the smallest)
    let at = 0;
    values.forEach((v, n) => { if (v <= wanted) at = n; });
    return at;
  };
  function viewOf(frame) {
    const box = gd.getBoundingClientRect();
    const aspect = box.width / Math.max(box.height, 1);
    const at = [pick(data.aspects, aspect), pick(data.heights, box.height)];
    root().dataset.view = `${data.aspects[at[0]]},${data.heights[at[1]]}`;  // for the tests
    const [axes, camera, names, meta] = frame.views[at[0]][at[1]];
    return { axes: data.parts.axes[axes], camera: data.parts.cameras[camera],
      names: data.parts.names[names], meta: data.parts.meta[meta] };
  }
  function figureOf(index, extra, also = {}) {
    const frame = data.frames[index];
    const pose = data.poses[frame.pose];
    const traces = data.traces.map((name, t) => {
      const style = data.styles[t][frame.style[t]];
      const arrays = style.visible ? meshes.mesh(name, pose, frame.light[t]) : EMPTY;
      return { type: "mesh3d", name, flatshading: false, showlegend: false, ...style,
        ...arrays, ...((also.traces || {})[name] || {}) };
    });
    const v = viewOf(frame);
    const layout = JSON.parse(JSON.stringify(data.layout));
    layout.scene = { ...layout.scene, ...v.axes, camera: zoomed(v.camera, zoom, v.meta.reach),
      annotations: [...v.names, ...extra] };
    layout.meta = { ...v.meta, ...(also.meta || {}) };
    return { traces, layout };
  }
  // `extra`: annotations drawn over the frame's own, `also` what the page sets over its
  // traces and meta (figureOf); both kept when the view is redrawn.
  function draw(index, keepZoom, extra = [], also = {}) {
    if (!keepZoom) zoom = 1;
    if (index !== shown) walked = -1;  // a new frame: the walk starts again on its parts
    shown = index;
    marked = extra;
    over = also;
    root().dataset.frame = String(index);
    const said = data.parts.said[data.frames[index].said];  // said again only when it changes
    if ($(".t-view-said").textContent !== said) $(".t-view-said").textContent = said;
    drawing = drawing.then(async () => {
      const { traces, layout } = figureOf(index, extra, also);
      try {
        await Plotly.react(gd, traces, layout, config);
      } catch (error) {
        say(fill(says.not_drawn, { error: error.message }));
        return;
      }
      limitZoom(gd);
      root().dataset.drawn = String(Number(root().dataset.drawn || 0) + 1);
    });
    return drawing;
  }
  const redraw = () => { if (shown !== null) draw(shown, true, marked, over); };
  // The step's own camera, even after a drag: the layout keeps a fixed uirevision, so
  // drawing the same camera again would keep the one the person turned to.
  // `]` and `[`: the frame's parts one by one, each read out with its card (its place in
  // the live region; the view itself is not redrawn).
  function walkParts(step) {
    const walk = data.parts.walk[data.frames[shown].walk];
    walked = walkOn(walk, walked, step);
    $(".t-view-said").textContent = walkSaid(walk, walked, data.cards[ui.mode], words());
  }
  function resetView() {
    if (shown === null) return;
    zoom = 1;
    const camera = viewOf(data.frames[shown]).camera;
    drawing = drawing.then(() => Plotly.relayout(gd, { "scene.camera": camera }));
  }
  new ResizeObserver(() => { clearTimeout(redraw.timer); redraw.timer = setTimeout(redraw, 150); })
    .observe(gd);

  // ---- audiences, sections, walkthroughs ------------------------------------------------
  // screen: which of an instructor's two windows this is (glutelib/js/pair.js), or "".
  const ui = { mode: data.default, section: "conditions", condition: 0, step: 0, notes: false,
    screen: "" };
  const audience = () => data.audiences[ui.mode];
  const words = () => data.words[audience().plain ? "plain" : "anatomical"];
  const modeButtons = {};
  for (const [mode, a] of Object.entries(data.audiences)) {
    const b = button(a.label, "widget-toggle-button", () => { setMode(mode); follow(); });
    modeButtons[mode] = b;
    $(".t-mode").append(b);
  }
  if (Object.keys(data.audiences).length < 2) $(".t-mode").hidden = true;
  const sections = {
    explore: button("", "widget-toggle-button", () => { open("explore"); follow(); }),
    conditions: button("", "widget-toggle-button", () => { open("conditions"); follow(); }),
    move: button("", "widget-toggle-button", () => { open("move"); follow(); }),
    quiz: button("", "widget-toggle-button", () => { open("quiz"); follow(); }),
    palpate: button("", "widget-toggle-button", () => { open("palpate"); follow(); }),
    pain: button("", "widget-toggle-button", () => { open("pain"); follow(); }),
  };
  $(".t-section").append(sections.explore, sections.move, sections.conditions, sections.quiz,
    sections.palpate, sections.pain);
  // A client's way to Where does it hurt: Explore's first button (a consultation starts there)
  $(".t-open-pain").addEventListener("click", () => { open("pain"); follow(); });
  const picker = $(".t-condition-picker select");
  picker.addEventListener("change", () => { goTo(Number(picker.value), 0); follow(); });
  $(".t-back").addEventListener("click", () => { goTo(ui.condition, ui.step - 1); follow(); });
  $(".t-next").addEventListener("click", () => { goTo(ui.condition, ui.step + 1); follow(); });
  const notesToggle = $(".t-notes-toggle");
  notesToggle.addEventListener("click", () => setNotes(!ui.notes));

  const hasQuiz = () => Boolean(data.quiz) && audience().quiz !== "none";
  // In a learning platform (a SCORM package): a walkthrough seen through, and each score
  const platform = reporter(findApi(window));
  addEventListener("pagehide", () => platform.finish());
  const quiz = quizPanel({
    data, draw, follow: () => follow(), mode: () => ui.mode, scored: platform.quizDone,
    showStep(id, number) {
      const at = data.conditions.findIndex((c) => c.id === id);
      if (at < 0) return false;
      ui.condition = at;
      ui.step = number - 1;
      open("conditions");
      follow();
      return true;
    },
    showPalpate(id) {
      const at = hasPalpate() ? data.palpate.parts.findIndex((p) => p.id === id) : -1;
      if (at < 0) return false;
      palpater.choose(at, 0);
      open("palpate");
      follow();
      return true;
    },
  });
  const explorer = explorePanel({ data, draw, follow: () => follow(), mode: () => ui.mode,
    words });
  const mover = movePanel({ data, draw, follow: () => follow(), mode: () => ui.mode });
  // Palpate: for the audiences the dashboard offers it to, when the lesson holds a route.
  const hasPalpate = () => Boolean(data.palpate && data.palpate.parts.length
    && data.palpate.words[ui.mode]);
  const palpater = data.palpate && data.palpate.parts.length
    ? palpatePanel({ data, draw, follow: () => follow(), mode: () => ui.mode }) : null;
  // Where does it hurt: every audience (a section button, Explore's first button or a link).
  // Its numbers are Python's (frames.py pain) but for the skin's vertices: the mesh store's.
  if (data.pain) {
    const { x, y, z } = meshes.mesh(data.skin_key, "standing", 0);
    data.pain.page.vertices = Array.from(x).flatMap((xi, i) => [xi, y[i], z[i]]);
  }
  const painter = data.pain ? painPanel({ data, gd, draw: (frame, also) => draw(frame,
    frame === shown, [], also), follow: () => follow(), mode: () => ui.mode,
    resetView: () => resetView(),
    open: (to) => {
    if (to.section === "explore") explorer.choose(to.part);
    else Object.assign(ui, { condition: to.condition, step: to.step });
    open(to.section);
    follow();
  } }) : null;
  const painWay = () => (data.pain ? data.pain.modes[ui.mode].way_in : null);
  function setMode(mode) {
    ui.mode = mode;
    for (const a of Object.values(data.audiences)) root().classList.remove(...a.classes);
    root().classList.add(...audience().classes);
    root().classList.toggle("t-zoom", audience().zoom);
    root().classList.toggle("words-plain", audience().plain);
    for (const [m, b] of Object.entries(modeButtons)) b.classList.toggle("mod-active", m === mode);
    $(".t-title h2").textContent = words().title;
    $(".t-view-said").setAttribute("aria-label", words().said);
    sections.explore.textContent = words().explore;
    sections.move.textContent = words().move;
    sections.conditions.textContent = words().conditions;
    sections.quiz.textContent = words().quiz;
    sections.quiz.hidden = !hasQuiz();
    sections.palpate.textContent = words().palpate;
    sections.palpate.hidden = !hasPalpate();
    sections.pain.textContent = words().pain;
    sections.pain.hidden = painWay() !== "section";
    $(".t-open-pain").textContent = data.pain ? data.pain.modes[ui.mode].words.heading : "";
    $(".t-open-pain").hidden = painWay() !== "explore";
    picker.replaceChildren(...data.conditions.map((c, n) =>
      new Option(audience().plain ? c.plain_title : c.title, String(n))));
    if (ui.section === "quiz" && !hasQuiz()) ui.section = "conditions";
    if (ui.section === "palpate" && !hasPalpate()) ui.section = "conditions";
    if (ui.section === "pain" && !painter) ui.section = "conditions";
    showScreen();
    open(ui.section);
  }
  // The presenter's window: the notes, the next step, a clock; the slide's: neither notes nor
  // their controls. Only an audience with speaker notes has the two.
  function showScreen() {
    if (!audience().notes || !["presenter", "slide"].includes(ui.screen)) ui.screen = "";
    for (const s of ["presenter", "slide"]) root().classList.toggle(`screen-${s}`, ui.screen === s);
    if (ui.screen === "presenter") ui.notes = true;
    notesToggle.classList.toggle("mod-active", ui.notes);
    $(".t-present").hidden = !audience().notes || Boolean(ui.screen);
  }
  function open(section) {
    ui.section = section;
    for (const [s, b] of Object.entries(sections)) b.classList.toggle("mod-active", s === section);
    $(".t-walkthrough").hidden = section !== "conditions";
    $(".t-quiz").hidden = section !== "quiz";
    $(".t-explorer").hidden = section !== "explore";
    $(".t-stretches").hidden = section !== "move";
    $(".t-palpate").hidden = section !== "palpate";
    $(".t-pain").hidden = section !== "pain";
    for (const s of Object.keys(sections)) root().classList.toggle(`section-${s}`, s === section);
    $(".t-seen").hidden = section === "quiz" || section === "pain";
    $(".t-pain-view").hidden = section !== "pain";
    if (section === "conditions") goTo(ui.condition, ui.step);
    else if (section === "explore") explorer.render();
    else if (section === "move") mover.render();
    else if (section === "palpate") palpater.render();
    else if (section === "pain") painter.render();
    else quiz.render();
  }
  const stepText = (w) => (ui.notes && ui.screen !== "slide" && w.with_notes ? w.with_notes
    : w.text);
  function goTo(condition, step) {
    const c = data.conditions[condition];
    ui.condition = condition;
    ui.step = Math.max(0, Math.min(step, c.steps.length - 1));
    const s = c.steps[ui.step], w = s.words[ui.mode];
    picker.value = String(condition);
    $(".t-step-title").innerHTML = w.title;  // HTML made and escaped by the export
    $(".t-progress").innerHTML = w.progress;
    $(".t-step-text").innerHTML = stepText(w);
    $(".t-step-note").innerHTML = w.notes;
    $(".t-seen").textContent = w.seen;  // where the step's view is seen from
    $(".t-back").disabled = ui.step === 0;
    $(".t-next").disabled = ui.step === c.steps.length - 1;
    notesToggle.hidden = !audience().notes || ui.screen === "slide";
    $(".t-presenter").hidden = ui.screen !== "presenter";
    $(".t-presenter").innerHTML = ui.screen === "presenter" ? w.ahead || "" : "";
    platform.stepSeen(c.id, ui.step, c.steps.length);
    return draw(s.frame[ui.mode]);
  }
  function setNotes(on) {
    ui.notes = on;
    notesToggle.classList.toggle("mod-active", on);
    notesToggle.setAttribute("aria-pressed", String(on));
    if (ui.section === "conditions") {
      $(".t-step-text").innerHTML = stepText(data.conditions[ui.condition].steps[ui.step]
        .words[ui.mode]);
    }
  }

  // ---- the address: #condition=<id>&step=<n>&mode=<audience>, #quiz=<kind>,
  // #structure=<part> (Explore; empty: nothing picked) or #pose=<a stretch's code> (Move;
  // empty: standing) ------------------------------------------------------------------------
  const follows = follower(history);
  function address() {
    const p = new URLSearchParams();
    if (ui.section === "quiz") p.set("quiz", quiz.kind() || "");
    else if (ui.section === "explore") p.set("structure", explorer.part() || "");
    else if (ui.section === "move") p.set("pose", mover.code());
    else if (ui.section === "palpate") {
      const { id, step } = palpater.place();
      p.set("palpate", id);
      p.set("step", String(step));
    } else if (ui.section === "pain") {
      const { pain, feel } = painter.place();
      p.set("pain", pain);
      if (feel) p.set("feel", feel);
    }
    else { p.set("condition", data.conditions[ui.condition].id); p.set("step", String(ui.step + 1)); }
    p.set("mode", ui.mode);
    if (ui.screen) p.set("screen", ui.screen);
    return "#" + p.toString();
  }
  function follow() {
    follows(address(), location.hash);
    pair.sent(location.hash);
  }
  const lesson = { audiences: data.audiences, quiz: Boolean(data.quiz), messages: says,
    conditions: data.conditions.map((c) => ({ id: c.id, steps: c.steps.length })),
    find: explorer.find, findPose: mover.find,
    palpated: (data.palpate ? data.palpate.parts : [])
      .map((x) => ({ id: x.id, steps: x.steps.length })), pain: Boolean(data.pain) };
  function applyAddress() {
    const link = readAddress(location.hash, data.max_length);
    const to = place(link, lesson, ui, location.hash.length <= 1);
    Object.assign(ui, { mode: to.mode, section: to.section, condition: to.condition,
      step: to.step });
    if (to.section === "explore") explorer.choose(to.part);
    if (to.section === "move") mover.choose(to.stretch);
    if (to.section === "palpate") palpater.choose(to.palpate, to.route);
    if (to.section === "pain") to.notes.push(...painter.choose(to.pain, to.feel));
    if (link.screen !== null) ui.screen = link.screen;
    say([data.note, ...to.notes].filter(Boolean).join(" "));
    setMode(ui.mode);
    if (to.section === "quiz" && to.quiz && to.quiz !== quiz.kind()) quiz.start(to.quiz);
  }
  // Back and Forward reach an address this page wrote: shown as it is, not written again.
  window.addEventListener("popstate", applyAddress);
  // An instructor's two windows: a step shown in either is shown in both.
  const pair = pairing(window, readAddress(location.hash, data.max_length).screen, (to) => {
    history.pushState(null, "", "#" + withScreen(to, ui.screen));
    applyAddress();
  }, location.hash);
  $(".t-present").addEventListener("click", () => {
    pair.openSlide(location.href.split("#")[0] + "#" + withScreen(address(), "slide"));
    ui.screen = "presenter";
    setMode(ui.mode);
    follow();
  });
  keepClocks(document);

  // ---- keys, zoom, taps -----------------------------------------------------------------
  const help = $(".t-help-overlay");
  $(".t-help").addEventListener("click", () => { help.hidden = !help.hidden; });
  const zoomSteps = (steps) => {
    const next = zoomBy(zoom, steps, data.zoom);
    if (next === zoom || shown === null) return;
    zoom = next;
    draw(shown, true, marked, over);  // a question's taps and a pain drawing stay
  };
  $(".t-zoom-in").addEventListener("click", () => zoomSteps(1));
  $(".t-zoom-out").addEventListener("click", () => zoomSteps(-1));
  $(".t-reset").addEventListener("click", resetView);
  const steps = () => data.conditions[ui.condition].steps.length;
  const actions = {
    next_step: () => (ui.section === "palpate" ? palpater.step(1)
      : goTo(ui.condition, ui.step + 1)),
    previous_step: () => (ui.section === "palpate" ? palpater.step(-1)
      : goTo(ui.condition, ui.step - 1)),
    first_step: () => goTo(ui.condition, 0),
    last_step: () => goTo(ui.condition, steps() - 1),
    step_number: (key) => (Number(key) <= steps() ? goTo(ui.condition, Number(key) - 1) : false),
    quiz_answer: (key) => quiz.choose(Number(key) - 1),
    quiz_next: () => quiz.goOn(),
    open_quiz: () => (hasQuiz() ? open("quiz") : false),
    toggle_notes: () => (audience().notes ? setNotes(!ui.notes) : false),
    zoom: (key) => zoomSteps(key === "+" ? 1 : -1),
    next_part: () => walkParts(1),
    previous_part: () => walkParts(-1),
    escape: () => {  // the help closes; in Explore the pick goes; else the step's view again
      if (!help.hidden) help.hidden = true;
      else if (ui.section === "explore" && explorer.part()) { explorer.pick(null); follow(); }
      else resetView();
    },
    toggle_help: () => { help.hidden = !help.hidden; },
  };
  document.addEventListener("keydown", (event) => {
    if (withModifier(event) || typing(event)) return;
    // Enter on a focused button presses it (a kind, an answer, Start again), as anywhere.
    if (event.key === "Enter" && event.target.closest && event.target.closest("button")) return;
    const done = press(data.keys, event.key, ui.section, actions);
    if (done === null) return;
    event.preventDefault();
    if (["conditions", "palpate"].includes(ui.section) || done === "open_quiz") follow();
  }, true);

  // No mode in the address: a touch screen (a client's tablet) opens in the client's words.
  if (data.default_on_touch && matchMedia("(pointer: coarse)").matches) {
    ui.mode = data.default_on_touch;
  }
  applyAddress();  // the step the address names is the first drawn
  follow();
  await drawing;  // the plot exists: its events can be listened to
  performance.mark("glutelib:drawn");
  let lastClick = { at: -Infinity };
  gd.on("plotly_click", (event) => {
    if (justDragged() || !event.points.length) return;
    const point = event.points[0];
    // plotly's 3D scene reports one press twice (as the button goes down and comes up, a
    // finger perhaps a vertex further): no one taps twice within 400 ms
    const at = performance.now();
    const again = at - lastClick.at < 400;
    lastClick = { at };
    if (again) return;
    if (ui.section === "quiz" && point.data.name === data.skin_key) {
      quiz.tap([point.x, point.y, point.z]);  // a palpate-it answer: where on the skin
    } else if (ui.section === "quiz") quiz.click(point.data.name);
    else if (ui.section === "explore") explorer.click(event.points[0].data.name);
  });
  gd.on("plotly_relayout", () => limitZoom(gd));
  touchGestures(gd);
  root().dataset.ready = "true";
}

play().catch((error) => {
  if (error instanceof DamagedFile) {
    console.error("glutelib lesson:", error.message);
    lessonDamaged();
    return;
  }
  const message = document.querySelector("#glutelib .t-message");
  if (message) message.textContent = `The lesson could not open: ${error.message}`;
  throw error;
});
