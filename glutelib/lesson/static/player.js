// The lesson's player (glutelib/lesson): shows the steps and questions the Python export
// worked out. Each is a frame: a style and a level of detail per trace and, per view shape,
// the camera, the names and the zoom limits (glutelib/lesson/frames.py). Nothing here knows
// anatomy, poses or framing: it decodes the meshes (glutelib/lesson/packing.py), looks frames
// up and hands them to plotly. guard.js and gestures.js (the dashboard's) are put in front of it.
document.documentElement.dataset.player = "started";  // guard.js: the file got this far
(async function () {
  "use strict";
  const root = document.getElementById("glutelib");
  const $ = (selector) => root.querySelector(selector);
  const message = $(".t-message");
  const say = (text) => {
    message.replaceChildren();
    if (!text) return;
    const p = document.createElement("p");
    p.textContent = text;
    message.append(p);
  };
  const button = (label, className, onClick) => {
    const b = document.createElement("button");
    b.className = "widget-button " + className;
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  };

  // ---- the data ------------------------------------------------------------------------
  // gzip's checksum finds a changed byte; base64 and JSON a cut. Either way it is the file,
  // not a network: the decoder's own words ("Failed to fetch") would mislead.
  async function unpack(id) {
    try {
      const text = document.getElementById(id).textContent.trim();
      const binary = atob(text);
      const bytes = new Uint8Array(binary.length);
      for (let n = 0; n < binary.length; n++) bytes[n] = binary.charCodeAt(n);
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    } catch (error) {
      throw new DamagedFile(`${id}: ${error.message}`);
    }
  }
  if (typeof DecompressionStream === "undefined") {
    say("This lesson needs a browser from 2023 or later (Chrome, Edge, Firefox or Safari 16.4+).");
    return;
  }
  if (typeof Plotly === "undefined") throw new DamagedFile("plotly.js did not run");
  let data;
  try {
    data = JSON.parse(new TextDecoder().decode(await unpack("glutelib-data")));
  } catch (error) {
    throw error instanceof DamagedFile ? error : new DamagedFile(error.message);
  }
  const arrays = await unpack("glutelib-arrays");
  performance.mark("glutelib:unpacked");
  const WIDTH = { i1: 1, i2: 2, i4: 4 };
  const VIEW = { i1: Int8Array, i2: Int16Array, i4: Int32Array };

  // One stored array: byte planes put back together, then the running sum of the deltas,
  // plane by plane. Returns an Int32Array of planes * n values, plane after plane.
  function decode(name) {
    const e = data.arrays[name];
    const width = WIDTH[e.kind], count = e.n * e.planes;
    const bytes = new Uint8Array(count * width);
    for (let b = 0; b < width; b++) {
      const plane = arrays.subarray(e.at + b * count, e.at + (b + 1) * count);
      for (let i = 0; i < count; i++) bytes[i * width + b] = plane[i];
    }
    const deltas = new VIEW[e.kind](bytes.buffer);
    const out = new Int32Array(count);
    for (let p = 0; p < e.planes; p++) {
      let sum = 0;
      for (let i = p * e.n; i < (p + 1) * e.n; i++) { sum += deltas[i]; out[i] = sum; }
    }
    return out;
  }

  const EMPTY = { x: new Float32Array(0), y: new Float32Array(0), z: new Float32Array(0),
    i: new Int32Array(0), j: new Int32Array(0), k: new Int32Array(0) };
  const geometry = new Map();  // "name|pose|light" -> arrays plotly keeps by reference
  function mesh(name, pose, light) {
    const key = `${name}|${pose}|${light}`;
    if (geometry.has(key)) return geometry.get(key);
    const grid = decode(`${name}/v`);
    const n = grid.length / 3;
    const offsets = data.arrays[`${name}/${pose}`] ? decode(`${name}/${pose}`) : null;
    const useLight = light && data.arrays[`${name}/lv`];
    const kept = useLight ? decode(`${name}/lv`) : null;
    const faces = decode(`${name}/${useLight ? "lf" : "f"}`);
    const size = kept ? kept.length : n;
    const xyz = [0, 1, 2].map((axis) => {
      const out = new Float32Array(size);
      for (let v = 0; v < size; v++) {
        const at = axis * n + (kept ? kept[v] : v);
        out[v] = data.origin[axis] + (grid[at] + (offsets ? offsets[at] : 0)) * data.step_mm;
      }
      return out;
    });
    const m = faces.length / 3;
    const ijk = [0, 1, 2].map((c) => {
      const out = new Int32Array(m);
      for (let f = 0; f < m; f++) out[f] = faces[3 * f + c];
      return out;
    });
    const arraysOf = { x: xyz[0], y: xyz[1], z: xyz[2], i: ijk[0], j: ijk[1], k: ijk[2] };
    geometry.set(key, arraysOf);
    return arraysOf;
  }

  // ---- drawing a frame -----------------------------------------------------------------
  const gd = document.getElementById("glutelib-figure");
  // The screen's own pixel ratio: plotly's default draws the 3D view at twice it on a
  // plain screen, four times the pixels to paint on each step.
  const config = { ...data.config,
    plotGlPixelRatio: Math.min(2, Math.max(1, window.devicePixelRatio || 1)) };
  let shown = null, zoom = 1, drawing = Promise.resolve();
  const pick = (values, wanted) => {  // the largest not above `wanted` (else the smallest)
    let at = 0;
    values.forEach((v, n) => { if (v <= wanted) at = n; });
    return at;
  };
  function viewOf(frame) {
    const box = gd.getBoundingClientRect();
    const aspect = box.width / Math.max(box.height, 1);
    const at = [pick(data.aspects, aspect), pick(data.heights, box.height)];
    root.dataset.view = `${data.aspects[at[0]]},${data.heights[at[1]]}`;  // for the tests
    const [axes, camera, names, meta] = frame.views[at[0]][at[1]];
    return { axes: data.parts.axes[axes], camera: data.parts.cameras[camera],
      names: data.parts.names[names], meta: data.parts.meta[meta] };
  }
  function zoomed(camera, reach) {
    if (zoom === 1) return camera;
    const c = camera.center, e = camera.eye;
    const d = Math.hypot(e.x - c.x, e.y - c.y, e.z - c.z);
    const wanted = Math.min(reach[1], Math.max(reach[0], d / zoom));
    const f = wanted / d;
    return { ...camera, eye: { x: c.x + (e.x - c.x) * f, y: c.y + (e.y - c.y) * f,
      z: c.z + (e.z - c.z) * f } };
  }
  function figureOf(index) {
    const frame = data.frames[index];
    const pose = data.poses[frame.pose];
    const traces = data.traces.map((name, t) => {
      const style = data.styles[t][frame.style[t]];
      const arraysOf = style.visible ? mesh(name, pose, frame.light[t]) : EMPTY;
      return { type: "mesh3d", name, flatshading: false, showlegend: false, ...style,
        ...arraysOf };
    });
    const v = viewOf(frame);
    const layout = JSON.parse(JSON.stringify(data.layout));
    layout.scene = { ...layout.scene, ...v.axes, camera: zoomed(v.camera, v.meta.reach),
      annotations: v.names };
    layout.meta = v.meta;
    return { traces, layout };
  }
  function draw(index, keepZoom) {
    if (!keepZoom) zoom = 1;
    shown = index;
    root.dataset.frame = String(index);
    drawing = drawing.then(async () => {
      const { traces, layout } = figureOf(index);
      try {
        await Plotly.react(gd, traces, layout, config);
      } catch (error) {
        say("The 3D view could not be drawn on this device (" + error.message + ").");
        return;
      }
      limitZoom(gd);
      root.dataset.drawn = String(Number(root.dataset.drawn || 0) + 1);
    });
    return drawing;
  }
  const redraw = () => { if (shown !== null) draw(shown, true); };
  // The step's own camera, even after a drag: the layout keeps a fixed uirevision, so
  // drawing the same camera again would keep the one the person turned to.
  function resetView() {
    if (shown === null) return;
    zoom = 1;
    const camera = viewOf(data.frames[shown]).camera;
    drawing = drawing.then(() => Plotly.relayout(gd, { "scene.camera": camera }));
  }
  new ResizeObserver(() => { clearTimeout(redraw.timer); redraw.timer = setTimeout(redraw, 150); })
    .observe(gd);

  // ---- audiences, sections, walkthroughs ------------------------------------------------
  const ui = { mode: data.default, section: "conditions", condition: 0, step: 0, notes: false };
  const audience = () => data.audiences[ui.mode];
  // Names from the address are looked up as the lesson's own keys only: "constructor" or
  // "__proto__" is in every object, and would be taken for a mode.
  const own = (object, key) => key !== null && Object.hasOwn(object, key);
  const words = () => data.words[audience().plain ? "plain" : "anatomical"];
  const modeButtons = {};
  for (const [mode, a] of Object.entries(data.audiences)) {
    const b = button(a.label, "widget-toggle-button", () => { setMode(mode); follow(); });
    modeButtons[mode] = b;
    $(".t-mode").append(b);
  }
  if (Object.keys(data.audiences).length < 2) $(".t-mode").hidden = true;
  const sections = {
    conditions: button("", "widget-toggle-button", () => { open("conditions"); follow(); }),
    quiz: button("", "widget-toggle-button", () => { open("quiz"); follow(); }),
  };
  $(".t-section").append(sections.conditions, sections.quiz);
  const picker = $(".t-condition-picker select");
  picker.addEventListener("change", () => { goTo(Number(picker.value), 0); follow(); });
  $(".t-back").addEventListener("click", () => { goTo(ui.condition, ui.step - 1); follow(); });
  $(".t-next").addEventListener("click", () => { goTo(ui.condition, ui.step + 1); follow(); });
  const notesToggle = $(".t-notes-toggle");
  notesToggle.addEventListener("click", () => setNotes(!ui.notes));

  const hasQuiz = () => Boolean(data.quiz) && audience().quiz !== "none";
  function setMode(mode) {
    ui.mode = mode;
    for (const a of Object.values(data.audiences)) root.classList.remove(...a.classes);
    root.classList.add(...audience().classes);
    root.classList.toggle("t-zoom", audience().zoom);
    root.classList.toggle("words-plain", audience().plain);
    for (const [m, b] of Object.entries(modeButtons)) b.classList.toggle("mod-active", m === mode);
    $(".t-title h2").textContent = words().title;
    sections.conditions.textContent = words().conditions;
    sections.quiz.textContent = words().quiz;
    sections.quiz.hidden = !hasQuiz();
    picker.replaceChildren(...data.conditions.map((c, n) => {
      const option = new Option(audience().plain ? c.plain_title : c.title, String(n));
      return option;
    }));
    if (ui.section === "quiz" && !hasQuiz()) ui.section = "conditions";
    open(ui.section);
  }
  function open(section) {
    ui.section = section;
    for (const [s, b] of Object.entries(sections)) b.classList.toggle("mod-active", s === section);
    $(".t-walkthrough").hidden = section !== "conditions";
    $(".t-quiz").hidden = section !== "quiz";
    if (section === "conditions") goTo(ui.condition, ui.step);
    else quiz.render();
  }
  function goTo(condition, step) {
    const c = data.conditions[condition];
    ui.condition = condition;
    ui.step = Math.max(0, Math.min(step, c.steps.length - 1));
    const s = c.steps[ui.step], w = s.words[ui.mode];
    picker.value = String(condition);
    $(".t-step-title").innerHTML = w.title;  // HTML made and escaped by the export
    $(".t-progress").innerHTML = w.progress;
    $(".t-step-text").innerHTML = ui.notes && w.with_notes ? w.with_notes : w.text;
    $(".t-step-note").innerHTML = w.notes;
    $(".t-back").disabled = ui.step === 0;
    $(".t-next").disabled = ui.step === c.steps.length - 1;
    notesToggle.hidden = !audience().notes;
    return draw(s.frame[ui.mode]);
  }
  function setNotes(on) {
    ui.notes = on;
    notesToggle.classList.toggle("mod-active", on);
    notesToggle.setAttribute("aria-pressed", String(on));
    if (ui.section === "conditions") {
      const w = data.conditions[ui.condition].steps[ui.step].words[ui.mode];
      $(".t-step-text").innerHTML = on && w.with_notes ? w.with_notes : w.text;
    }
  }

  // ---- Test yourself --------------------------------------------------------------------
  const quiz = (() => {
    const q = data.quiz;
    let kind = null, session = null;
    const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k] ?? "");
    const scored = () => audience().quiz !== "class";
    const current = () => (session && session.queue.length ? session.queue[0] : null);
    const frameOf = (question, answered) => question.frames[ui.mode][answered ? 1 : 0];
    const choiceButtons = [0, 1, 2, 3].map((n) =>
      button("", `t-choice t-choice-${n + 1}`, () => choose(n)));
    if (q) {
      $(".t-choices").append(...choiceButtons);
      for (const k of q.kinds) {
        $(".t-quiz-menu").append(button(k.label, `t-quiz-kind-${k.id.replace(/_/g, "-")}`,
          () => { start(k.id); follow(); }));
      }
      $(".t-quiz-next").addEventListener("click", () => goOn());
    }
    function start(id) {
      const found = q.kinds.find((k) => k.id === id);
      if (!found) {
        kind = null; session = null;
        $(".t-quiz-note").textContent = fill(q.words.unknown_kind,
          { kind: id, kinds: q.kinds.map((k) => k.label).join(", ") });
        return render();
      }
      $(".t-quiz-note").textContent = "";
      const pool = found.questions.filter((x) => x.frames[ui.mode]);
      const queue = pool.slice();
      for (let n = queue.length - 1; n > 0; n--) {  // shuffled, then the first few asked
        const m = Math.floor(Math.random() * (n + 1));
        [queue[n], queue[m]] = [queue[m], queue[n]];
      }
      kind = id;
      session = { queue: queue.slice(0, q.length), asked: 0, right: 0, missed: [],
        feedback: null };
      session.total = session.queue.length;
      return render();
    }
    function answer(choice) {  // an index, or the name of the part clicked
      const x = current();
      const right = x.target !== null ? choice === x.target : choice === x.answer;
      const said = x.target !== null ? data.names[x.target] : x.choices[x.answer];
      const chose = x.target !== null ? (own(data.names, choice) ? data.names[choice] : "")
        : x.choices[choice];
      const first = !session.missed.includes(x);
      session.asked += first;
      session.right += right && first;
      if (!right && first) session.missed.push(x);
      session.feedback = { right, answer: said, chose, first };
    }
    function choose(n) {
      const x = current();
      if (!x || session.feedback || x.target !== null || n >= x.choices.length) return false;
      answer(scored() ? n : x.answer);
      render();
      return true;
    }
    function click(name) {
      const x = current();
      if (!x || x.target === null || session.feedback) return;
      answer(scored() ? name : x.target);
      render();
    }
    function goOn() {
      const x = current();
      if (!x) return;
      if (!session.feedback) {
        if (x.target !== null || !scored()) { answer(scored() ? "" : (x.target ?? x.answer)); render(); }
        return;
      }
      session.queue.shift();
      if (!session.feedback.right) {
        session.queue.splice(Math.min(q.come_back_after, session.queue.length), 0, x);
      }
      session.feedback = null;
      render();
    }
    function feedbackText() {
      const f = session.feedback, w = q.words, values = { answer: f.answer, chose: f.chose };
      if (!scored()) return [fill(w.answer, values), ""];
      if (f.right) return [fill(w.right, values), "t-right"];
      const said = current().target !== null ? (f.chose ? w.tapped : w.shown) : w.was;
      return [fill(said, values), "t-wrong"];
    }
    function render() {
      const x = current(), w = q ? q.words : null;
      const answered = Boolean(session && session.feedback);
      $(".t-quiz-menu").hidden = Boolean(x);
      const progress = $(".t-quiz-progress"), prompt = $(".t-quiz-prompt");
      prompt.replaceChildren();
      progress.textContent = "";
      const heading = (text) => { const h = document.createElement("h3"); h.textContent = text; prompt.append(h); };
      const para = (text, css) => {
        const p = document.createElement("p"); p.textContent = text;
        if (css) p.className = css;
        prompt.append(p);
      };
      if (!session) para(w.start);
      else if (!x) {
        if (!scored()) heading(w.class_done);
        else {
          heading(fill(w.done, { right: session.right, asked: session.asked }));
          para(session.missed.length ? w.review : w.nothing_to_review);
        }
      } else {
        // As QuizSession.number: a question first asked counts; one missed and asked again does not.
        const again = answered ? !session.feedback.first : session.missed.includes(x);
        const where = again ? "Again, missed earlier"
          : `Question ${session.asked + (answered ? 0 : 1)} of ${session.total}`;
        progress.textContent = where + (scored() ? ` · Score ${session.right} of ${session.asked}` : "");
        heading(x.prompt);
        if (x.clue) para(x.clue, "t-clue");
      }
      choiceButtons.forEach((b, n) => {
        b.hidden = !x || x.target !== null || n >= x.choices.length;
        if (b.hidden) return;
        b.textContent = `${n + 1}  ${x.choices[n]}`;
        b.title = x.choices[n];
        b.disabled = answered;
        b.classList.toggle("mod-success", answered && n === x.answer);
        b.classList.toggle("mod-danger", answered && session.feedback.chose === x.choices[n]
          && n !== x.answer);
      });
      const feedback = $(".t-quiz-feedback");
      feedback.replaceChildren();
      if (answered) {
        const [text, css] = feedbackText();
        const p = document.createElement("p");
        p.textContent = text;
        if (css) p.className = css;
        feedback.append(p);
      }
      const next = $(".t-quiz-next");
      next.hidden = !(x && (answered || x.target !== null || !scored()));
      if (w) next.textContent = x && !answered ? w.reveal : w.next;
      const review = $(".t-quiz-review");
      review.replaceChildren();
      if (session && !x) {
        for (const y of session.missed) {
          if (!y.review) continue;
          const [what, value, label] = y.review;
          review.append(button(label, "t-review-item", () => {
            if (what === "step") {
              const [cid, n] = value.split(":");
              const at = data.conditions.findIndex((c) => c.id === cid);
              if (at >= 0) { ui.condition = at; ui.step = Number(n) - 1; open("conditions"); follow(); }
              else draw(frameOf(y, true));
            } else draw(frameOf(y, true));  // the part, highlighted and named
          }));
        }
        review.append(button(w.again, "t-quiz-again", () => start(kind)));
      }
      if (!q) return;
      draw(x ? frameOf(x, answered) : q.menu[ui.mode]);
    }
    return { start, choose, click, goOn, render, kind: () => kind, active: () => Boolean(current()) };
  })();

  // ---- the address: #condition=<id>&step=<n>&mode=<audience> or #quiz=<kind> -------------
  let settled = false;
  function address() {
    const p = new URLSearchParams();
    if (ui.section === "quiz") p.set("quiz", quiz.kind() || "");
    else { p.set("condition", data.conditions[ui.condition].id); p.set("step", String(ui.step + 1)); }
    p.set("mode", ui.mode);
    return "#" + p.toString();
  }
  function follow() {
    const wanted = address();
    if (wanted !== location.hash) {
      if (settled) history.pushState(null, "", wanted);
      else history.replaceState(null, "", wanted);  // the opening address, completed
    }
    settled = true;
  }
  // A value as the dashboard reads it (glutelib/app/deeplink.py, address.py): cut to its
  // length, so a message quotes a few words, then control and format characters dropped.
  function value(p, key) {
    const raw = p.get(key);
    if (raw === null) return null;
    return Array.from(raw).slice(0, data.max_length[key]).join("").replace(/\p{C}/gu, "");
  }
  function applyAddress() {
    const p = new URLSearchParams(location.hash.replace(/^#/, ""));
    const notes = [];
    const mode = value(p, "mode");
    if (mode !== null && !own(data.audiences, mode)) {
      notes.push(`There is no “${mode}” mode in this lesson; showing ${data.audiences[ui.mode].label}.`);
    }
    if (own(data.audiences, mode)) ui.mode = mode;
    const condition = value(p, "condition"), kind = value(p, "quiz");
    ui.section = "conditions";
    if (kind !== null && data.quiz && data.audiences[ui.mode].quiz !== "none") {
      ui.section = "quiz";
    } else if (kind !== null) {
      notes.push("Test yourself is for students and instructors.");
    } else if (condition !== null) {
      const at = data.conditions.findIndex((c) => c.id === condition);
      const step = value(p, "step") || "1";
      const number = /^[0-9]+$/.test(step) ? Number(step) : 0;
      if (at < 0) {
        notes.push(`There is no walkthrough called “${condition}” in this lesson; ` +
          `pick one of: ${data.conditions.map((c) => c.id).join(", ")}.`);
        ui.condition = 0; ui.step = 0;
      } else if (number < 1 || number > data.conditions[at].steps.length) {
        notes.push(`“${condition}” has steps 1 to ${data.conditions[at].steps.length}, ` +
          `not “${step}”; starting at step 1.`);
        ui.condition = at; ui.step = 0;
      } else { ui.condition = at; ui.step = number - 1; }
    } else if (location.hash.length > 1 && mode === null) {
      notes.push("This address names no step; opening the first.");
    }
    say([data.note, ...notes].filter(Boolean).join(" "));
    setMode(ui.mode);
    if (ui.section === "quiz" && kind && kind !== quiz.kind()) quiz.start(kind);
  }
  window.addEventListener("popstate", () => { applyAddress(); settled = true; });

  // ---- keys, zoom, taps -----------------------------------------------------------------
  const help = $(".t-help-overlay");
  $(".t-help").addEventListener("click", () => { help.hidden = !help.hidden; });
  const zoomBy = (factor) => {
    const next = Math.min(6, Math.max(0.5, zoom * factor));
    if (next === zoom || shown === null) return;
    zoom = next;
    draw(shown, true);
  };
  $(".t-zoom-in").addEventListener("click", () => zoomBy(1.25));
  $(".t-zoom-out").addEventListener("click", () => zoomBy(0.8));
  $(".t-reset").addEventListener("click", resetView);
  const steps = () => data.conditions[ui.condition].steps.length;
  const actions = {
    next_step: () => goTo(ui.condition, ui.step + 1),
    previous_step: () => goTo(ui.condition, ui.step - 1),
    first_step: () => goTo(ui.condition, 0),
    last_step: () => goTo(ui.condition, steps() - 1),
    step_number: (key) => (Number(key) <= steps() ? goTo(ui.condition, Number(key) - 1) : false),
    quiz_answer: (key) => quiz.choose(Number(key) - 1),
    quiz_next: () => quiz.goOn(),
    open_quiz: () => (hasQuiz() ? open("quiz") : false),
    toggle_notes: () => (audience().notes ? setNotes(!ui.notes) : false),
    zoom: (key) => zoomBy(key === "+" ? 1.25 : 0.8),
    escape: () => { if (!help.hidden) help.hidden = true; else resetView(); },
    toggle_help: () => { help.hidden = !help.hidden; },
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // Enter on a focused button presses it (a kind, an answer, Start again), as anywhere.
    if (event.key === "Enter" && event.target.closest && event.target.closest("button")) return;
    for (const binding of data.keys) {
      if (!binding.keys.includes(event.key)) continue;
      if (binding.section && binding.section !== ui.section) continue;
      if (actions[binding.action](event.key) === false) continue;
      event.preventDefault();
      if (ui.section === "conditions" || binding.action === "open_quiz") follow();
      return;
    }
  }, true);

  applyAddress();  // the step the address names is the first drawn
  follow();
  await drawing;  // the plot exists: its events can be listened to
  performance.mark("glutelib:drawn");
  gd.on("plotly_click", (event) => {
    if (performance.now() - draggedAt < DRAG_CLICK_MS || !event.points.length) return;
    const name = event.points[0].data.name;
    if (ui.section === "quiz" && own(data.names, name)) quiz.click(name);
  });
  gd.on("plotly_relayout", () => limitZoom(gd));
  touchGestures(gd);
  root.dataset.ready = "true";
})().catch((error) => {
  if (error instanceof DamagedFile) {
    console.error("glutelib lesson:", error.message);
    lessonDamaged();
    return;
  }
  const message = document.querySelector("#glutelib .t-message");
  if (message) message.textContent = "The lesson could not open: " + error.message;
  throw error;
});
