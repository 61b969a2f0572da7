// glutelib lesson_player: built by `make js` (scripts/build_js.py) from sources sha256:cb272380ab5d127507a4c223841949f65e8219148f5a03e513daf1613978f32a
"use strict";
(() => {
  // glutelib/js/words.js
  var fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => String(Object.hasOwn(values, k) ? values[k] : ""));
  var asText = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

  // glutelib/js/address.js
  var printable = (text) => text.replace(/\p{C}/gu, "");
  var own = (object, key) => typeof key === "string" && Object.hasOwn(object, key);
  var stepNumber = (text) => /^[0-9]+$/.test(text) ? Number(text) : null;
  function readAddress(text, maxLength) {
    const params = new URLSearchParams(text.replace(/^#/, "").replace(/^\?+/, ""));
    const link = {
      mode: null,
      condition: null,
      step: "1",
      structure: null,
      quiz: null,
      question: null,
      screen: null,
      pose: null,
      palpate: null,
      pain: null,
      feel: null
    };
    for (const [key, length] of Object.entries(maxLength)) {
      const raw = params.get(key);
      if (raw !== null) link[key] = printable(Array.from(raw).slice(0, length).join(""));
    }
    return link;
  }
  function place(link, lesson, now, empty = false) {
    const say2 = lesson.messages, notes = [];
    const known = own(lesson.audiences, link.mode);
    if (link.mode !== null && !known) {
      notes.push(fill(say2.no_mode, { mode: link.mode, shown: lesson.audiences[now.mode].label }));
    }
    const shown = {
      ...now,
      mode: known ? link.mode : now.mode,
      section: "conditions",
      quiz: null,
      notes
    };
    if (link.quiz !== null && lesson.quiz && lesson.audiences[shown.mode].quiz !== "none") {
      return { ...shown, section: "quiz", quiz: link.quiz };
    }
    const ids = lesson.conditions.map((c) => c.id);
    if (link.quiz !== null) notes.push(say2.no_quiz);
    else if (link.condition !== null) {
      const at = ids.indexOf(link.condition);
      const number = stepNumber(link.step) ?? 0;
      if (at < 0) {
        notes.push(fill(say2.no_condition, { condition: link.condition, choices: ids.join(", ") }));
        return { ...shown, condition: 0, step: 0 };
      }
      if (number < 1 || number > lesson.conditions[at].steps) {
        notes.push(fill(say2.no_step, {
          condition: link.condition,
          last: lesson.conditions[at].steps,
          step: link.step
        }));
        return { ...shown, condition: at, step: 0 };
      }
      return { ...shown, condition: at, step: number - 1 };
    } else if (link.palpate !== null && lesson.palpated && lesson.palpated.length) {
      return { ...shown, section: "palpate", ...palpatePlace(link, lesson.palpated, say2, notes) };
    } else if (link.pose !== null && lesson.findPose) {
      const at = link.pose === "" ? -1 : lesson.findPose(link.pose);
      if (link.pose !== "" && at < 0) notes.push(fill(say2.no_pose, { pose: link.pose }));
      return { ...shown, section: "move", stretch: at < 0 ? null : at };
    } else if (link.pain !== null && lesson.pain) {
      return { ...shown, section: "pain", pain: link.pain, feel: link.feel };
    } else if (link.structure !== null && lesson.find) {
      const part = link.structure === "" ? -1 : lesson.find(link.structure);
      if (link.structure !== "" && part < 0) notes.push(fill(say2.no_part, { name: link.structure }));
      return { ...shown, section: "explore", part: part < 0 ? null : part };
    } else if (!empty && link.mode === null) notes.push(say2.no_step_named);
    return shown;
  }
  function palpatePlace(link, palpated, say2, notes) {
    const at = palpated.findIndex((p) => p.id === link.palpate);
    if (at < 0) {
      notes.push(fill(say2.no_palpate, {
        name: link.palpate,
        known: palpated.map((p) => p.id).join(", ")
      }));
      return { palpate: 0, route: 0 };
    }
    const number = stepNumber(link.step) ?? 0;
    if (number < 1 || number > palpated[at].steps) {
      notes.push(fill(say2.no_route_step, {
        name: link.palpate,
        last: palpated[at].steps,
        step: link.step
      }));
      return { palpate: at, route: 0 };
    }
    return { palpate: at, route: number - 1 };
  }

  // glutelib/js/damaged.js
  var LESSON_DAMAGED = "This lesson file is damaged or incomplete: download it again.";
  var DamagedFile = class extends Error {
  };
  function lessonDamaged() {
    const root2 = document.getElementById("glutelib");
    if (root2) root2.dataset.damaged = "true";
    const p = document.createElement("p");
    p.className = "t-damaged";
    p.setAttribute("role", "alert");
    p.textContent = LESSON_DAMAGED;
    const message = document.querySelector("#glutelib .t-message");
    if (message) message.replaceChildren(p);
    else document.body.prepend(p);
  }

  // glutelib/js/decode.js
  var WIDTH = { i1: 1, i2: 2, i4: 4 };
  var VIEW = { i1: Int8Array, i2: Int16Array, i4: Int32Array };
  async function unpack(text, where = "data") {
    try {
      const binary = atob(text.trim());
      const bytes = new Uint8Array(binary.length);
      for (let n = 0; n < binary.length; n++) bytes[n] = binary.charCodeAt(n);
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    } catch (error) {
      throw new DamagedFile(`${where}: ${error.message}`);
    }
  }
  function decodeArray(bytes, entry) {
    const width = WIDTH[entry.kind], count = entry.n * entry.planes;
    const joined = new Uint8Array(count * width);
    for (let b = 0; b < width; b++) {
      const plane = bytes.subarray(entry.at + b * count, entry.at + (b + 1) * count);
      for (let i = 0; i < count; i++) joined[i * width + b] = plane[i];
    }
    const deltas = new VIEW[entry.kind](joined.buffer);
    const out = new Int32Array(count);
    for (let p = 0; p < entry.planes; p++) {
      let sum = 0;
      for (let i = p * entry.n; i < (p + 1) * entry.n; i++) {
        sum += deltas[i];
        out[i] = sum;
      }
    }
    return out;
  }
  var EMPTY = {
    x: new Float32Array(0),
    y: new Float32Array(0),
    z: new Float32Array(0),
    i: new Int32Array(0),
    j: new Int32Array(0),
    k: new Int32Array(0)
  };
  var MeshStore = class {
    constructor(bytes, index, origin, stepMm) {
      Object.assign(this, { bytes, index, origin, stepMm });
      this.kept = /* @__PURE__ */ new Map();
    }
    has(name) {
      return Object.hasOwn(this.index, name);
    }
    array(name) {
      return decodeArray(this.bytes, this.index[name]);
    }
    mesh(name, pose, light) {
      const key = `${name}|${pose}|${light}`;
      if (this.kept.has(key)) return this.kept.get(key);
      const grid = this.array(`${name}/v`);
      const n = grid.length / 3;
      const offsets = this.has(`${name}/${pose}`) ? this.array(`${name}/${pose}`) : null;
      const useLight = light && this.has(`${name}/lv`);
      const kept = useLight ? this.array(`${name}/lv`) : null;
      const faces = this.array(`${name}/${useLight ? "lf" : "f"}`);
      const size = kept ? kept.length : n;
      const [x, y, z] = [0, 1, 2].map((axis) => {
        const out = new Float32Array(size);
        for (let v = 0; v < size; v++) {
          const at = axis * n + (kept ? kept[v] : v);
          out[v] = this.origin[axis] + (grid[at] + (offsets ? offsets[at] : 0)) * this.stepMm;
        }
        return out;
      });
      const m = faces.length / 3;
      const [i, j, k] = [0, 1, 2].map((c) => {
        const out = new Int32Array(m);
        for (let f = 0; f < m; f++) out[f] = faces[3 * f + c];
        return out;
      });
      const arrays = { x, y, z, i, j, k };
      const shades = `${name}/${light ? "ls" : "s"}`;
      if (this.has(shades)) {
        const shade = this.array(shades);
        arrays.intensity = Float32Array.from({ length: size }, (_, v) => shade[kept ? kept[v] : v]);
      }
      this.kept.set(key, arrays);
      return arrays;
    }
  };

  // glutelib/js/follow.js
  function follower(history2) {
    let settled = false;
    return (wanted, current) => {
      if (wanted !== current) {
        if (settled) history2.pushState(null, "", wanted);
        else history2.replaceState(null, "", wanted);
      }
      settled = true;
    };
  }

  // glutelib/js/pair.js
  var KIND = "glutelib.step";
  function withScreen(search, screen) {
    const params = new URLSearchParams(search.replace(/^[?#]/, ""));
    if (screen) params.set("screen", screen);
    else params.delete("screen");
    return params.toString();
  }
  function sameStep(a, b) {
    const place2 = (text) => {
      const params = new URLSearchParams(withScreen(text, ""));
      params.sort();
      return params.toString();
    };
    return place2(a) === place2(b);
  }
  function pairing(win, screen, go, now = "") {
    let partner = screen === "slide" ? win.opener : null;
    let shown = now;
    win.addEventListener("message", (event) => {
      const data = event.data;
      if (!data || data.kind !== KIND || typeof data.address !== "string") return;
      if (!partner || event.source !== partner) return;
      if (!sameStep(data.address, shown)) go(data.address);
    });
    return {
      openSlide(url) {
        partner = win.open(url, "glutelib-slide");
        return partner;
      },
      sent(address) {
        shown = address;
        if (partner && !partner.closed) partner.postMessage({ kind: KIND, address }, "*");
      },
      get paired() {
        return Boolean(partner && !partner.closed);
      }
    };
  }
  function keepClocks(doc) {
    const since = Date.now();
    return setInterval(() => {
      for (const node of doc.querySelectorAll(".t-clock")) {
        node.textContent = clock(Date.now(), since);
      }
    }, 1e3);
  }
  function clock(now, since) {
    const pad = (n) => String(n).padStart(2, "0");
    const t = new Date(now), gone = Math.max(0, Math.floor((now - since) / 1e3));
    return `${pad(t.getHours())}:${pad(t.getMinutes())} · ${Math.floor(gone / 60)}:${pad(gone % 60)}`;
  }

  // glutelib/js/vendor.js
  function gl3dScene(gd) {
    const layout = gd && gd._fullLayout;
    return layout && layout.scene && layout.scene._scene || null;
  }
  function drawnTrace(gd, name) {
    return (gd && gd._fullData || []).find((t) => t.name === name) || null;
  }

  // glutelib/js/gestures.js
  var DRAG_PX = 12;
  var DRAG_CLICK_MS = 600;
  var draggedAt = -Infinity;
  var justDragged = () => performance.now() - draggedAt < DRAG_CLICK_MS;
  var REACH = /* @__PURE__ */ Symbol("glutelib.reach");
  function limitZoom(gd) {
    const reach = gd.layout && gd.layout.meta && gd.layout.meta.reach;
    const scene = gl3dScene(gd);
    if (!reach || !scene || !scene.camera || scene[REACH] === String(reach)) return;
    scene.camera.view.setDistanceLimits(reach[0], reach[1]);
    scene[REACH] = String(reach);
  }
  var FOVY = Math.PI / 4;
  var sub = (a, b) => a.map((v, i) => v - b[i]);
  var add = (a, b) => a.map((v, i) => v + b[i]);
  var times = (a, k) => a.map((v) => v * k);
  var cross = (a, b) => [
    a[1] * b[2] - a[2] * b[1],
    a[2] * b[0] - a[0] * b[2],
    a[0] * b[1] - a[1] * b[0]
  ];
  var unit = (a) => times(a, 1 / (Math.hypot(...a) || 1));
  function zoomAbout({ eye, center, up }, from, to, offset, heightPx) {
    const forward = unit(sub(center, eye));
    const right = unit(cross(forward, up));
    const above = cross(right, forward);
    const perPx = 2 * from * Math.tan(FOVY / 2) / Math.max(heightPx, 1);
    const under = add(times(right, offset[0] * perPx), times(above, offset[1] * perPx));
    const shift = times(under, 1 - to / from);
    return { eye: add(eye, shift), center: add(center, shift) };
  }
  function touchGestures(gd) {
    let start = null, first = null;
    const spread = (t) => Math.hypot(t[0].clientX - t[1].clientX, t[0].clientY - t[1].clientY);
    const scene = () => gl3dScene(gd);
    const onTouch = (event) => {
      if (event.type === "touchstart" && event.touches.length === 1) {
        first = [event.touches[0].clientX, event.touches[0].clientY];
      } else if (event.type === "touchend" && first && event.changedTouches.length) {
        const t = event.changedTouches[0];
        if (Math.hypot(t.clientX - first[0], t.clientY - first[1]) > DRAG_PX) {
          draggedAt = performance.now();
        }
        first = null;
      }
      if (event.touches.length === 2) {
        first = null;
        event.preventDefault();
        event.stopPropagation();
        if (event.type === "touchstart" || !start) {
          start = { spread: spread(event.touches), distance: scene().camera.distance };
          return;
        }
        const [near, far] = gd.layout.meta.reach || [0.01, 100];
        const wanted = start.distance * start.spread / Math.max(spread(event.touches), 1);
        const camera = scene().camera, from = camera.distance;
        const to = Math.min(far, Math.max(near, wanted));
        const box = gd.getBoundingClientRect(), [a, b] = event.touches;
        const offset = [
          (a.clientX + b.clientX) / 2 - (box.left + box.width / 2),
          box.top + box.height / 2 - (a.clientY + b.clientY) / 2
        ];
        const moved = zoomAbout(camera, from, to, offset, box.height);
        camera.lookAt(moved.eye, moved.center, camera.up);
        camera.distance = to;
      } else if (start && event.touches.length < 2) {
        start = null;
        event.stopPropagation();
        const canvas = gd.querySelector(".gl-container canvas");
        if (canvas) canvas.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
      }
    };
    for (const type of ["touchstart", "touchmove", "touchend", "touchcancel"]) {
      gd.addEventListener(type, onTouch, { capture: true, passive: false });
    }
  }

  // glutelib/js/keys.js
  function actionsFor(bindings, key, section) {
    return bindings.filter((b) => key && b.keys.includes(key) && (!b.section || b.section === section)).map((b) => b.action);
  }
  function press(bindings, key, section, handlers) {
    for (const action of actionsFor(bindings, key, section)) {
      if (Object.hasOwn(handlers, action) && handlers[action](key) !== false) return action;
    }
    return null;
  }
  var withModifier = (event) => event.ctrlKey || event.metaKey || event.altKey;
  var typing = (event) => Boolean(event.target.closest && event.target.closest("input, textarea")) && event.key !== "Escape";

  // glutelib/js/scorm.js
  var MAX_HOPS = 10;
  function findApi(win) {
    for (let w = win, hops = 0; w && hops <= MAX_HOPS; hops += 1) {
      try {
        if (w.API && typeof w.API.LMSInitialize === "function") return w.API;
      } catch (error) {
        break;
      }
      if (w.parent === w) break;
      w = w.parent;
    }
    try {
      if (win.opener && win.opener !== win) return findApi(win.opener);
    } catch (error) {
      return null;
    }
    return null;
  }
  function reporter(api) {
    if (!api || api.LMSInitialize("") !== "true") {
      return { connected: false, stepSeen() {
      }, quizDone() {
      }, finish() {
      } };
    }
    const status = api.LMSGetValue("cmi.core.lesson_status");
    let completed = status === "completed" || status === "passed";
    let best = Number(api.LMSGetValue("cmi.core.score.raw")) || 0;
    if (status === "not attempted" || status === "") {
      api.LMSSetValue("cmi.core.lesson_status", "incomplete");
      api.LMSCommit("");
    }
    const seen = /* @__PURE__ */ new Map();
    let finished = false;
    return {
      connected: true,
      stepSeen(id, step, steps) {
        if (completed) return;
        if (!seen.has(id)) seen.set(id, /* @__PURE__ */ new Set());
        seen.get(id).add(step);
        if (seen.get(id).size < steps) return;
        completed = true;
        api.LMSSetValue("cmi.core.lesson_status", "completed");
        api.LMSCommit("");
      },
      quizDone(right, asked) {
        const score = Math.round(100 * right / asked);
        if (!asked || score <= best && api.LMSGetValue("cmi.core.score.raw") !== "") return;
        best = score;
        api.LMSSetValue("cmi.core.score.min", "0");
        api.LMSSetValue("cmi.core.score.max", "100");
        api.LMSSetValue("cmi.core.score.raw", String(score));
        api.LMSCommit("");
      },
      finish() {
        if (finished) return;
        finished = true;
        api.LMSFinish("");
      }
    };
  }

  // glutelib/js/screen.js
  function screenRatio(cap, devicePixelRatio) {
    return Math.min(cap, Math.max(1, devicePixelRatio || 1));
  }

  // glutelib/js/walk.js
  function walkOn(walk, at, step) {
    const count = walk.length - 1;
    if (count <= 0) return -1;
    if (at < 0 || at >= count) return step > 0 ? 0 : count - 1;
    return (at + step + count) % count;
  }
  function walkSaid(walk, at, cards, words) {
    const count = walk.length - 1;
    if (at < 0 || at >= count) return walk[count] < 0 ? words.walk_none : words.walk_empty;
    const said = at < walk[count] ? words.walked_highlighted : words.walked;
    return fill(said, { number: at + 1, count, card: cards[walk[at]] });
  }

  // glutelib/js/zoom.js
  function zoomBy(zoom, steps, limits) {
    return Math.min(limits.max, Math.max(limits.min, zoom * limits.step ** steps));
  }
  function zoomed(camera, zoom, reach) {
    if (zoom === 1) return camera;
    const c = camera.center, e = camera.eye;
    const d = Math.hypot(e.x - c.x, e.y - c.y, e.z - c.z);
    const f = Math.min(reach[1], Math.max(reach[0], d / zoom)) / d;
    return {
      ...camera,
      eye: { x: c.x + (e.x - c.x) * f, y: c.y + (e.y - c.y) * f, z: c.z + (e.z - c.z) * f }
    };
  }

  // glutelib/lesson/static/dom.js
  var root = () => document.getElementById("glutelib");
  var $ = (selector) => root().querySelector(selector);
  function button(label, className, onClick) {
    const b = document.createElement("button");
    b.className = "widget-button " + className;
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }
  function para(text, className) {
    const p = document.createElement("p");
    p.textContent = text;
    if (className) p.className = className;
    return p;
  }
  function say(text) {
    const message = $(".t-message");
    message.replaceChildren(...text ? [para(text)] : []);
  }

  // glutelib/lesson/static/explore_panel.js
  function searchKey(text, sideWords) {
    const words = text.toLowerCase().replace(/['’]/g, "").replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean);
    const side = words.length > 1 ? words.findIndex((w) => sideWords.includes(w)) : -1;
    if (side >= 0) words.splice(side, 1);
    return words.join(" ");
  }
  function lookUp(index, key) {
    if (index[key]) return index[key];
    for (let n = key.length - 1; n >= Math.max(4, Math.ceil(key.length * 0.6)); n -= 1) {
      const found = index[key.slice(0, n).trim()];
      if (found) return found;
    }
    return [];
  }
  function explorePanel(lesson) {
    const x = lesson.data.explore;
    let picked = null;
    const search = $(".t-search");
    const list = $(".t-structure-list");
    search.addEventListener("input", () => suggest());
    search.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      const first = lookUp(x.index, searchKey(search.value, x.side_words))[0];
      if (first !== void 0) {
        pick2(first);
        lesson.follow();
      }
    });
    function suggest() {
      const key = searchKey(search.value, x.side_words);
      const box = $(".t-suggestions");
      if (key.length < 2) {
        box.replaceChildren();
        return;
      }
      const found = lookUp(x.index, key);
      box.replaceChildren(...found.length ? found.map((n) => button(
        x.parts[n].name[lesson.mode()],
        `t-suggestion t-suggestion-${x.parts[n].id.replace(/_/g, "-")}`,
        () => {
          pick2(n);
          lesson.follow();
        }
      )) : [para(fill(x.no_match, { name: search.value.trim() }), "t-message")]);
    }
    function render() {
      list.replaceChildren(...x.groups.flatMap((g) => [
        para(g.heading[lesson.mode()], "t-group-heading"),
        ...g.parts.map((n) => button(
          x.parts[n].name[lesson.mode()],
          `t-item t-item-${x.parts[n].id.replace(/_/g, "-")}`,
          () => {
            pick2(n);
            lesson.follow();
          }
        ))
      ]));
      search.placeholder = lesson.words().search;
      search.setAttribute("aria-label", lesson.words().search);
      return show();
    }
    function show() {
      const part2 = picked === null ? null : x.parts[picked];
      for (const b of list.querySelectorAll(".t-item")) b.classList.remove("mod-active");
      if (part2) list.querySelector(`.t-item-${part2.id.replace(/_/g, "-")}`)?.classList.add("mod-active");
      if (part2) $(".t-card").innerHTML = part2.card[lesson.mode()];
      else $(".t-card").replaceChildren(para(lesson.words().hint));
      $(".t-seen").textContent = part2 ? part2.seen[lesson.mode()] : x.home_seen[lesson.mode()];
      return lesson.draw(part2 ? part2.frame[lesson.mode()] : x.home[lesson.mode()]);
    }
    function choose(n) {
      picked = n;
      search.value = "";
      $(".t-suggestions").replaceChildren();
    }
    function pick2(n) {
      choose(n);
      return show();
    }
    function click(traceName) {
      const n = x.parts.findIndex((p) => p.ids.includes(traceName));
      if (n >= 0) {
        pick2(n);
        lesson.follow();
      }
    }
    const part = () => picked === null ? null : x.parts[picked].id;
    const find = (name) => {
      const at = x.parts.findIndex((p) => p.id === name || p.ids.includes(name));
      return at >= 0 ? at : (x.index[searchKey(name, x.side_words)] ?? [-1])[0];
    };
    return { render, choose, pick: pick2, click, part, find };
  }

  // glutelib/lesson/static/move_panel.js
  function lengthRow([text, fill2, ink]) {
    const row = para(text, "t-length");
    row.style.background = fill2;
    row.style.color = ink;
    return row;
  }
  function movePanel(lesson) {
    const m = lesson.data.move;
    let picked = null;
    const picker = $(".t-stretch-picker select");
    picker.addEventListener("change", () => {
      pick2(picker.value === "" ? null : Number(picker.value));
      lesson.follow();
    });
    function render() {
      const w = m.words[lesson.mode()];
      picker.replaceChildren(
        new Option(w.pick_stretch, ""),
        ...m.stretches.map((s, n) => new Option(s.modes[lesson.mode()].label, String(n)))
      );
      picker.setAttribute("aria-label", w.pick_stretch);
      return show();
    }
    function show() {
      const w = m.words[lesson.mode()];
      const s = picked === null ? null : m.stretches[picked].modes[lesson.mode()];
      picker.value = picked === null ? "" : String(picked);
      $(".t-stretch-words").replaceChildren(...s ? [para(s.how), ...[s.upright, s.missing].filter(Boolean).map((t) => para(t, "t-note"))] : [para(w.hint)]);
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
      $(".t-seen").textContent = m.home_seen[lesson.mode()];
      return lesson.draw(s ? s.frame : m.home[lesson.mode()]);
    }
    function choose(n) {
      picked = n;
    }
    function pick2(n) {
      choose(n);
      return show();
    }
    const code = () => picked === null ? "" : m.stretches[picked].code;
    const find = (pose) => m.stretches.findIndex((s) => s.code === pose);
    return { render, choose, pick: pick2, code, find };
  }

  // glutelib/js/pain.js
  function brush(data, strokes) {
    const { vertices: v, normals: n } = data;
    const { brush_mm: reach, brush_facing: facing } = data.rule;
    const painted = new Set(strokes);
    const count = v.length / 3;
    for (const s of strokes) {
      const [x, y, z] = [v[3 * s], v[3 * s + 1], v[3 * s + 2]];
      for (let i = 0; i < count; i++) {
        const dx = v[3 * i] - x, dy = v[3 * i + 1] - y, dz = v[3 * i + 2] - z;
        if (dx * dx + dy * dy + dz * dz > reach * reach) continue;
        const dot = n[3 * s] * n[3 * i] + n[3 * s + 1] * n[3 * i + 1] + n[3 * s + 2] * n[3 * i + 2];
        if (dot > facing) painted.add(i);
      }
    }
    return [...painted].sort((a, b) => a - b);
  }
  function rank(data, strokes, feelings = [], painted = brush(data, strokes)) {
    const { rule, areas } = data;
    let drawn = 0;
    for (const i of painted) drawn += areas[i];
    const out = [];
    data.ids.forEach((id, p) => {
      const field = data.fields[p];
      let shared = 0;
      for (const i of painted) shared += field[i] * areas[i];
      if (!(shared > 0)) return;
      const explained = shared / 255 / drawn;
      if (explained < rule.min_explained) return;
      const covered = shared / data.totals[p];
      let score = explained ** rule.explained_power * covered ** rule.covered_power;
      for (const f of feelings) if ((rule.feelings[f] || []).includes(data.kinds[p])) score *= rule.feel_gain;
      out.push({ id, kind: data.kinds[p], explained, covered, score });
    });
    return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  }
  function erased(data, strokes, at) {
    const reach = new Set(brush(data, at));
    return strokes.filter((s) => !reach.has(s));
  }
  var roundHalfEven = (x) => {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 ? r - 1 : r;
  };
  function painWords(data, said, strokes, feelings = [], painted = brush(data, strokes)) {
    const w = said.words;
    const ranked = strokes.length ? rank(data, strokes, feelings, painted) : [];
    const found = ranked.slice(0, said.matches);
    const at = (id) => data.ids.indexOf(id);
    const matches = found.map((c) => [c.id, fill(w.match, {
      name: said.names[at(c.id)],
      explained: roundHalfEven(100 * c.explained),
      covered: roundHalfEven(100 * c.covered)
    })]);
    const covers = Object.fromEntries(found.map((c) => [c.id, said.labels[at(c.id)]]));
    const below = strokes.length > 0 && painted.some((i) => data.below[i]);
    let summary = w.none_drawn;
    if (strokes.length) summary = !found.length ? w.no_match : below ? w.below_knee : w.above_knee;
    const alone = feelings.length ? rank(data, strokes, [], painted) : ranked;
    return { matches, covers, summary, flags: flagged(data, said, alone, feelings, below) ? w.flag_items : [] };
  }
  function flagged(data, said, alone, feelings, below) {
    if (feelings.some((f) => data.rule.nerve_feelings.includes(f))) return true;
    const plain = alone.slice(0, said.flag_matches);
    return plain.length > 0 && (plain[0].kind === "dermatome" || below && plain.some((c) => c.kind === "dermatome"));
  }
  function encodeStrokes(data, strokes) {
    const sorted = [...new Set(strokes)].sort((a, b) => a - b);
    const bytes = [];
    let last = -1;
    for (const v of sorted) {
      let gap = v - last - 1;
      last = v;
      while (gap >= 128) {
        bytes.push(gap & 127 | 128);
        gap = Math.floor(gap / 128);
      }
      bytes.push(gap);
    }
    const text = btoa(String.fromCharCode(...bytes));
    return `${data.format}.${data.skin_tag}.${text.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
  }
  function decodeStrokes(data, text, why = {}) {
    why.problem = "damaged";
    if (typeof text !== "string" || !text || text.length > data.max_chars) return null;
    const parts = text.split(".");
    if (parts.length !== 3 || parts[0] !== data.format) return null;
    if (parts[1] !== data.skin_tag) {
      why.problem = "other_skin";
      return null;
    }
    if (!/^[A-Za-z0-9_-]*$/.test(parts[2]) || parts[2].length % 4 === 1) return null;
    let raw;
    try {
      raw = atob(parts[2].replace(/-/g, "+").replace(/_/g, "/"));
    } catch {
      return null;
    }
    const out = [];
    let value = 0, shift = 0, last = -1;
    for (let i = 0; i < raw.length; i++) {
      const byte = raw.charCodeAt(i);
      value += (byte & 127) * 2 ** shift;
      shift += 7;
      if (shift > 28) return null;
      if (!(byte & 128)) {
        last += value + 1;
        out.push(last);
        value = 0;
        shift = 0;
      }
    }
    const count = data.areas.length;
    if (shift || !out.length || out[out.length - 1] >= count) return null;
    return out;
  }
  function skinColours(data, painted, field, colours) {
    const out = new Array(data.areas.length).fill(colours.skin);
    if (field) {
      const half = data.rule.half * 255;
      field.forEach((f, i) => {
        if (f >= half) out[i] = colours.pattern;
      });
    }
    for (const i of painted) out[i] = colours.drawing;
    return out;
  }

  // glutelib/js/paint.js
  var PICK_PX = 18;
  var FRONT_MM = 25;
  var BATCH = 400;
  var GAP_MS = 250;
  function multiply(a, b) {
    const out = new Array(16).fill(0);
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) for (let r = 0; r < 4; r++) out[j * 4 + i] += a[r * 4 + i] * b[j * 4 + r];
    return out;
  }
  function projector(camera, scale, box) {
    const seen = multiply(camera.view, camera.model);
    const m = multiply(camera.projection, seen);
    const row = (a, r, v) => a[r] * v[0] + a[4 + r] * v[1] + a[8 + r] * v[2] + a[12 + r];
    return (x0, y0, z0) => {
      const v = [x0 * scale[0], y0 * scale[1], z0 * scale[2]];
      const w = row(m, 3, v);
      return [
        box.left + (row(m, 0, v) / w + 1) / 2 * box.width,
        box.top + (1 - row(m, 1, v) / w) / 2 * box.height,
        -row(seen, 2, v) / scale[0]
      ];
    };
  }
  function pick(project, xs, ys, zs, px, py, within = PICK_PX, front = FRONT_MM) {
    const near = [];
    let nearest = Infinity;
    for (let i = 0; i < xs.length; i++) {
      const [x, y, depth] = project(xs[i], ys[i], zs[i]);
      if (Math.abs(x - px) > within || Math.abs(y - py) > within) continue;
      const gap = Math.hypot(x - px, y - py);
      if (gap > within) continue;
      near.push([i, gap, depth]);
      nearest = Math.min(nearest, depth);
    }
    let best = -1, closest = Infinity;
    for (const [i, gap, depth] of near) {
      if (depth <= nearest + front && gap < closest) {
        best = i;
        closest = gap;
      }
    }
    return best;
  }
  function painter(send, gap = 0, clock2 = () => Date.now(), later = setTimeout) {
    let waiting = false, timer = null, last = -Infinity;
    let pending = [], tool = null;
    const flush = () => {
      if (waiting || timer || !pending.length) return;
      const wait = last + gap - clock2();
      if (wait > 0) {
        timer = later(() => {
          timer = null;
          flush();
        }, wait);
        return;
      }
      waiting = true;
      last = clock2();
      const batch = [...new Set(pending)].slice(0, BATCH);
      pending = pending.filter((v) => !batch.includes(v));
      send(batch, tool);
    };
    return {
      add(vertex, using) {
        if (using !== tool) pending = [];
        tool = using;
        if (vertex >= 0 && pending[pending.length - 1] !== vertex) pending.push(vertex);
        flush();
      },
      painted() {
        waiting = false;
        flush();
      }
    };
  }
  function paintGestures(gd, skin, send) {
    let tool = null, project = null, trace = null;
    const out = painter(send, GAP_MS);
    const painting = () => gd.layout && gd.layout.meta && gd.layout.meta.paint || null;
    const at = (x, y) => out.add(pick(project, trace.x, trace.y, trace.z, x, y), tool);
    const start = (x, y) => {
      const scene = gl3dScene(gd);
      trace = drawnTrace(gd, skin);
      if (!trace || !scene) return false;
      tool = painting();
      project = projector(
        scene.glplot.cameraParams,
        scene.dataScale,
        scene.container.getBoundingClientRect()
      );
      at(x, y);
      return true;
    };
    let down = false;
    const onPointer = (event) => {
      if (!painting() || event.pointerType === "touch") return;
      if (event.type === "pointerdown" && event.isPrimary && event.button === 0) {
        down = start(event.clientX, event.clientY);
      } else if (event.type === "pointermove" && down) {
        at(event.clientX, event.clientY);
      } else if (event.type === "pointerup" || event.type === "pointercancel") {
        if (!down) return;
        down = false;
      } else return;
      event.preventDefault();
      event.stopPropagation();
    };
    const onTouch = (event) => {
      if (!painting()) return;
      if (event.touches.length > 1) {
        down = false;
        return;
      }
      const t = event.changedTouches[0];
      if (event.type === "touchstart") down = start(t.clientX, t.clientY);
      else if (event.type === "touchmove" && down) at(t.clientX, t.clientY);
      else down = false;
      event.preventDefault();
      event.stopPropagation();
    };
    for (const type of ["pointerdown", "pointermove", "pointerup", "pointercancel"]) {
      gd.addEventListener(type, onPointer, { capture: true });
    }
    for (const type of ["touchstart", "touchmove", "touchend", "touchcancel"]) {
      gd.addEventListener(type, onTouch, { capture: true, passive: false });
    }
    return out;
  }

  // glutelib/lesson/static/pain_panel.js
  function painPanel(lesson) {
    const p = lesson.data.pain, page = p.page, skin = lesson.data.skin_key;
    const FEELINGS = Object.keys(page.rule.feelings);
    let strokes = [], feel = [], pattern = null, tool = "paint", view = null;
    let painted = [];
    const said = () => p.modes[lesson.mode()];
    const painter2 = paintGestures(lesson.gd, skin, (vertices, using) => {
      strokes = using === "erase" ? erased(page, strokes, vertices) : [.../* @__PURE__ */ new Set([...strokes, ...vertices])].sort((a, b) => a - b);
      pattern = null;
      show().then(() => painter2.painted());
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
    function show() {
      const s = said(), w = s.words;
      painted = brush(page, strokes);
      const words = painWords(page, s, strokes, feel, painted);
      const ids = words.matches.map(([id]) => id);
      if (!ids.includes(pattern)) pattern = ids.length ? ids[0] : null;
      view = view in s.views ? view : Object.keys(s.views)[0];
      $(".t-pain-heading").replaceChildren(heading(w.heading, 3));
      $(".t-pain-hint").replaceChildren(...strokes.length ? [] : [para(w.hint)]);
      $(".t-pain-tool").replaceChildren(...["paint", "erase"].map((t) => toggle(w[t], `t-pain-tool-${t}`, tool === t, () => {
        tool = t;
        show();
      })));
      $(".t-pain-clear").textContent = w.clear;
      turn.replaceChildren(...Object.entries(s.views).map(([name, v]) => new Option(v.seen, name)));
      turn.value = view;
      $(".t-pain-feel-heading").replaceChildren(heading(w.feel_heading, 4));
      $(".t-pain-feelings").replaceChildren(...FEELINGS.map((f) => toggle(w.feelings[f], `t-pain-feel t-pain-feel-${f}`, feel.includes(f), () => {
        feel = FEELINGS.filter((g) => g === f !== feel.includes(g));
        pattern = null;
        show();
        lesson.follow();
      })));
      const summary = para(words.summary, "t-pain-said");
      summary.setAttribute("role", "status");
      $(".t-pain-summary").replaceChildren(summary);
      $(".t-pain-flags").replaceChildren(...words.flags.length ? [flagBox(w.flags, words.flags)] : []);
      $(".t-pain-matches-heading").replaceChildren(...ids.length ? [heading(w.matches, 4)] : []);
      $(".t-pain-matches").replaceChildren(...words.matches.map(([id, text]) => matchRow(
        id,
        text,
        w
      )));
      $(".t-pain-covers").replaceChildren(...s.covers && pattern ? [para(words.covers[pattern])] : []);
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
    function matchRow(id, text, w) {
      const b = button(text, `t-pain-match t-pain-match-${id}`, () => {
        pattern = id;
        show();
      });
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
    function drawn() {
      const at = pattern === null ? -1 : page.ids.indexOf(pattern);
      const colours = {
        skin: p.colours.skin,
        drawing: p.colours.drawing,
        pattern: at < 0 ? null : p.colours.kinds[page.kinds[at]]
      };
      const vertexcolor = skinColours(page, painted, at < 0 ? null : page.fields[at], colours);
      return lesson.draw(said().views[view].frame, {
        traces: { [skin]: { vertexcolor } },
        meta: { paint: tool, drawing: strokes.length, pattern }
      });
    }
    const turn = $(".t-pain-view");
    turn.addEventListener("change", () => {
      view = turn.value;
      drawn().then(lesson.resetView);
    });
    $(".t-pain-clear").addEventListener("click", () => {
      strokes = [];
      pattern = null;
      show();
      lesson.follow();
    });
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
    const place2 = () => ({
      pain: strokes.length ? encodeStrokes(page, strokes) : "",
      feel: feel.join(",")
    });
    const render = () => show().then(lesson.resetView);
    return { render, choose, place: place2 };
  }

  // glutelib/lesson/static/palpate_panel.js
  function palpatePanel(lesson) {
    const p = lesson.data.palpate;
    let at = 0, route = 0;
    const picker = $(".t-palpate-picker select");
    const back = $(".t-route-back"), next = $(".t-route-next");
    picker.addEventListener("change", () => {
      pick2(Number(picker.value), 0);
      lesson.follow();
    });
    back.addEventListener("click", () => {
      if (step(-1)) lesson.follow();
    });
    next.addEventListener("click", () => {
      if (step(1)) lesson.follow();
    });
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
    function choose(part, step_) {
      at = part;
      route = step_;
    }
    function pick2(part, step_) {
      choose(part, step_);
      return show();
    }
    function step(by) {
      const to = Math.max(0, Math.min(route + by, p.parts[at].steps.length - 1));
      if (to === route) return false;
      route = to;
      show();
      return true;
    }
    const place2 = () => ({ id: p.parts[at].id, step: route + 1 });
    return { render, choose, pick: pick2, step, place: place2 };
  }

  // glutelib/js/quiz.js
  function sample(pool, n, random = Math.random) {
    const queue = pool.slice();
    for (let i = queue.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [queue[i], queue[j]] = [queue[j], queue[i]];
    }
    return queue.slice(0, Math.min(n, queue.length));
  }
  var QuizSession = class {
    constructor(queue, comeBackAfter = 2) {
      this.queue = queue.slice();
      this.total = this.queue.length;
      this.comeBackAfter = comeBackAfter;
      this.asked = 0;
      this.rightFirstTime = 0;
      this.missed = [];
      this.feedback = null;
    }
    get current() {
      return this.queue.length ? this.queue[0] : null;
    }
    get done() {
      return !this.queue.length;
    }
    // A choice's index, the id of the part clicked ("" for none; `names` gives what to call
    // a part), or how far each tap of a palpate-it question landed outside its answer (mm).
    // Returns the feedback {right, answer, chose, firstTime}.
    answer(choice, names = {}) {
      const q = this.current;
      if (q === null || this.feedback !== null) throw new Error("no question is waiting for an answer");
      const find = q.target !== null && q.target !== void 0;
      const name = (id) => Object.hasOwn(names, id) ? names[id] : id;
      const taps = Array.isArray(q.taps) && q.taps.length > 0;
      const right = taps ? choice.every((miss) => miss === 0) : find ? choice === q.target : choice === q.answer;
      const chose = taps ? "" : find ? name(String(choice)) : q.choices[choice];
      const firstTime = !this.missed.includes(q);
      this.asked += firstTime;
      this.rightFirstTime += right && firstTime;
      if (!right && firstTime) this.missed.push(q);
      const answer = taps ? q.taps.map((t) => t.answer).join(", then ") : find ? name(q.target) : q.choices[q.answer];
      this.feedback = { right, answer, chose, firstTime };
      return this.feedback;
    }
    // The current question's number among the session's, answered or not; null for a missed
    // one asked again (or when done).
    get number() {
      if (this.current === null) return null;
      if (this.feedback === null) return this.missed.includes(this.current) ? null : this.asked + 1;
      return this.feedback.firstTime ? this.asked : null;
    }
    // Go on: a missed question goes back into the queue a few places on.
    next() {
      if (this.feedback === null) return this.current;
      const q = this.queue.shift();
      if (!this.feedback.right) this.queue.splice(Math.min(this.comeBackAfter, this.queue.length), 0, q);
      this.feedback = null;
      return this.current;
    }
    // What to look at again: every question missed at least once.
    get review() {
      return this.missed.slice();
    }
  };

  // glutelib/lesson/static/quiz_panel.js
  function quizPanel(lesson) {
    const { data } = lesson, q = data.quiz;
    let kind = null, session = null;
    let taps = [];
    const scored = () => data.audiences[lesson.mode()].quiz !== "class";
    const current = () => session ? session.current : null;
    const frameOf = (question, answered) => question.frames[lesson.mode()][answered ? 1 : 0];
    const choiceButtons = [0, 1, 2, 3].map((n) => button("", `t-choice t-choice-${n + 1}`, () => choose(n)));
    const leave = q ? button(q.words.leave, "t-quiz-leave", () => {
      stop();
      lesson.follow();
    }) : null;
    if (q) {
      leave.title = q.words.leave_tip;
      $(".t-quiz-progress").after(leave);
      $(".t-choices").append(...choiceButtons);
      for (const k of q.kinds) {
        $(".t-quiz-menu").append(button(
          k.label,
          `t-quiz-kind-${k.id.replace(/_/g, "-")}`,
          () => {
            start(k.id);
            lesson.follow();
          }
        ));
      }
      $(".t-quiz-next").addEventListener("click", () => goOn());
    }
    function start(id) {
      const found = q.kinds.find((k) => k.id === id);
      if (!found) {
        kind = null;
        session = null;
        $(".t-quiz-note").textContent = fill(
          q.words.unknown_kind,
          { kind: id, kinds: q.kinds.map((k) => k.label).join(", ") }
        );
        return render();
      }
      $(".t-quiz-note").textContent = "";
      const pool = found.questions.filter((x) => x.frames[lesson.mode()]);
      kind = id;
      taps = [];
      session = new QuizSession(sample(pool, q.length), q.come_back_after);
      return render();
    }
    function stop() {
      kind = null;
      session = null;
      taps = [];
      $(".t-quiz-note").textContent = "";
      return render();
    }
    function answer(choice) {
      const x = current();
      session.answer(scored() ? choice : x.target ?? x.answer, data.names);
      render();
    }
    function choose(n) {
      const x = current();
      if (!x || session.feedback || x.target !== null || n >= x.choices.length) return false;
      answer(n);
      return true;
    }
    const touching = (x) => Boolean(x && x.taps.length);
    function misses(x) {
      return x.taps.map((t, n) => {
        if (n >= taps.length) return Infinity;
        const gap = Math.min(...t.points.map((p) => Math.hypot(
          p[0] - taps[n][0],
          p[1] - taps[n][1],
          p[2] - taps[n][2]
        )));
        return Math.max(0, gap - t.within_mm);
      });
    }
    const judged = (x) => scored() ? misses(x) : x.taps.map(() => 0);
    function tap(point) {
      const x = current();
      if (!touching(x) || session.feedback) return;
      taps.push(point);
      if (taps.length === x.taps.length) session.answer(judged(x), data.names);
      render();
    }
    function click(name) {
      const x = current();
      if (x && x.target !== null && !session.feedback && own(data.names, name)) answer(name);
    }
    function goOn() {
      const x = current();
      if (!x) return;
      if (session.feedback) {
        session.next();
        taps = [];
        if (session.done && scored()) lesson.scored(session.rightFirstTime, session.asked);
        render();
      } else if (touching(x)) {
        session.answer(judged(x), data.names);
        render();
      } else if (x.target !== null || !scored()) answer("");
    }
    function touchLines(x) {
      const w = q.words;
      return misses(x).map((miss, n) => {
        const values = { answer: x.taps[n].answer, cm: (Math.ceil(miss) / 10).toFixed(1) };
        if (miss === 0) return fill(w.tap_right, values);
        return fill(Number.isFinite(miss) ? w.tap_missed : w.tap_none, values);
      });
    }
    function feedbackText() {
      const f = session.feedback, w = q.words, values = { answer: f.answer, chose: f.chose };
      if (!scored()) return [fill(w.answer, values), ""];
      if (f.right) return [fill(w.right, values), "t-right"];
      const said = current().target !== null ? f.chose ? w.tapped : w.shown : w.was;
      return [fill(said, values), "t-wrong"];
    }
    function progressText() {
      const number = session.number, w = q.words;
      const where = number === null ? w.asked_again : fill(w.number, { number, total: session.total });
      return where + (scored() ? fill(
        w.score,
        { right: session.rightFirstTime, asked: session.asked }
      ) : "");
    }
    function reviewButton(y) {
      const [what, value, label] = y.review;
      return button(label, "t-review-item", () => {
        const [cid, n] = what === "step" ? value.split(":") : [];
        const opened = what === "step" ? lesson.showStep(cid, Number(n)) : what === "palpate" ? lesson.showPalpate(value) : false;
        if (opened === false) lesson.draw(frameOf(y, true));
      });
    }
    function render() {
      const x = current(), w = q ? q.words : null;
      const answered = Boolean(session && session.feedback);
      $(".t-quiz-menu").hidden = Boolean(x);
      if (leave) leave.hidden = !x;
      const progress = $(".t-quiz-progress"), prompt = $(".t-quiz-prompt");
      const heading = (text) => {
        const h = document.createElement("h3");
        h.textContent = text;
        return h;
      };
      progress.textContent = "";
      if (!session) prompt.replaceChildren(para(w.start));
      else if (!x && !scored()) prompt.replaceChildren(heading(w.class_done));
      else if (!x) {
        prompt.replaceChildren(
          heading(fill(
            w.done,
            { right: session.rightFirstTime, asked: session.asked }
          )),
          para(session.missed.length ? w.review : w.nothing_to_review)
        );
      } else {
        progress.textContent = progressText();
        const asked = touching(x) ? x.taps[Math.min(taps.length, x.taps.length - 1)].prompt : x.prompt;
        prompt.replaceChildren(heading(asked), ...x.clue ? [para(x.clue, "t-clue")] : []);
      }
      choiceButtons.forEach((b, n) => {
        b.hidden = !x || x.target !== null || n >= x.choices.length;
        if (b.hidden) return;
        b.textContent = `${n + 1}  ${x.choices[n]}${answered && x.measured.length ? x.measured[n] : ""}`;
        b.title = x.choices[n];
        b.disabled = answered;
        b.classList.toggle("mod-success", answered && n === x.answer);
        b.classList.toggle("mod-danger", answered && session.feedback.chose === x.choices[n] && n !== x.answer);
      });
      const feedback = $(".t-quiz-feedback");
      feedback.replaceChildren();
      if (answered && touching(x)) {
        const style = scored() ? session.feedback.right ? "t-right" : "t-wrong" : "";
        feedback.append(...touchLines(x).map((line) => para(line, style)));
      } else if (answered) feedback.append(para(...feedbackText()));
      const next = $(".t-quiz-next");
      next.hidden = !(x && (answered || x.target !== null || touching(x) || !scored()));
      if (w) next.textContent = x && !answered ? w.reveal : w.next;
      const review = $(".t-quiz-review");
      review.replaceChildren();
      if (session && !x) {
        review.append(
          ...session.review.filter((y) => y.review).map(reviewButton),
          button(w.again, "t-quiz-again", () => start(kind))
        );
      }
      if (!q) return;
      const mark = q.tap_mark[lesson.mode()];
      const marks = taps.map((p, n) => ({
        ...mark,
        x: p[0],
        y: p[1],
        z: p[2],
        text: asText(fill(w.tap_mark, { number: n + 1 }))
      }));
      lesson.draw(x ? frameOf(x, answered) : q.menu[lesson.mode()], false, marks);
    }
    return {
      start,
      stop,
      choose,
      click,
      tap,
      goOn,
      render,
      kind: () => kind,
      active: () => Boolean(current())
    };
  }

  // glutelib/lesson/static/player.js
  document.documentElement.dataset.player = "started";
  var packed = (id) => unpack(document.getElementById(id).textContent, id);
  async function play() {
    if (typeof DecompressionStream === "undefined") {
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
    const meshes = new MeshStore(
      await packed("glutelib-arrays"),
      data.arrays,
      data.origin,
      data.step_mm
    );
    performance.mark("glutelib:unpacked");
    const says = data.messages;
    const gd = document.getElementById("glutelib-figure");
    const config = {
      ...data.config,
      plotGlPixelRatio: screenRatio(data.config.plotGlPixelRatio, window.devicePixelRatio)
    };
    let shown = null, zoom = 1, drawing = Promise.resolve();
    let walked = -1;
    let marked = [];
    let over = {};
    const pick2 = (values, wanted) => {
      let at = 0;
      values.forEach((v, n) => {
        if (v <= wanted) at = n;
      });
      return at;
    };
    function viewOf(frame) {
      const box = gd.getBoundingClientRect();
      const aspect = box.width / Math.max(box.height, 1);
      const at = [pick2(data.aspects, aspect), pick2(data.heights, box.height)];
      root().dataset.view = `${data.aspects[at[0]]},${data.heights[at[1]]}`;
      const [axes, camera, names, meta] = frame.views[at[0]][at[1]];
      return {
        axes: data.parts.axes[axes],
        camera: data.parts.cameras[camera],
        names: data.parts.names[names],
        meta: data.parts.meta[meta]
      };
    }
    function figureOf(index, extra, also = {}) {
      const frame = data.frames[index];
      const pose = data.poses[frame.pose];
      const traces = data.traces.map((name, t) => {
        const style = data.styles[t][frame.style[t]];
        const arrays = style.visible ? meshes.mesh(name, pose, frame.light[t]) : EMPTY;
        return {
          type: "mesh3d",
          name,
          flatshading: false,
          showlegend: false,
          ...style,
          ...arrays,
          ...(also.traces || {})[name] || {}
        };
      });
      const v = viewOf(frame);
      const layout = JSON.parse(JSON.stringify(data.layout));
      layout.scene = {
        ...layout.scene,
        ...v.axes,
        camera: zoomed(v.camera, zoom, v.meta.reach),
        annotations: [...v.names, ...extra]
      };
      layout.meta = { ...v.meta, ...also.meta || {} };
      return { traces, layout };
    }
    function draw(index, keepZoom, extra = [], also = {}) {
      if (!keepZoom) zoom = 1;
      if (index !== shown) walked = -1;
      shown = index;
      marked = extra;
      over = also;
      root().dataset.frame = String(index);
      const said = data.parts.said[data.frames[index].said];
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
    const redraw = () => {
      if (shown !== null) draw(shown, true, marked, over);
    };
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
    new ResizeObserver(() => {
      clearTimeout(redraw.timer);
      redraw.timer = setTimeout(redraw, 150);
    }).observe(gd);
    const ui = {
      mode: data.default,
      section: "conditions",
      condition: 0,
      step: 0,
      notes: false,
      screen: ""
    };
    const audience = () => data.audiences[ui.mode];
    const words = () => data.words[audience().plain ? "plain" : "anatomical"];
    const modeButtons = {};
    for (const [mode, a] of Object.entries(data.audiences)) {
      const b = button(a.label, "widget-toggle-button", () => {
        setMode(mode);
        follow();
      });
      modeButtons[mode] = b;
      $(".t-mode").append(b);
    }
    if (Object.keys(data.audiences).length < 2) $(".t-mode").hidden = true;
    const sections = {
      explore: button("", "widget-toggle-button", () => {
        open("explore");
        follow();
      }),
      conditions: button("", "widget-toggle-button", () => {
        open("conditions");
        follow();
      }),
      move: button("", "widget-toggle-button", () => {
        open("move");
        follow();
      }),
      quiz: button("", "widget-toggle-button", () => {
        open("quiz");
        follow();
      }),
      palpate: button("", "widget-toggle-button", () => {
        open("palpate");
        follow();
      }),
      pain: button("", "widget-toggle-button", () => {
        open("pain");
        follow();
      })
    };
    $(".t-section").append(
      sections.explore,
      sections.move,
      sections.conditions,
      sections.quiz,
      sections.palpate,
      sections.pain
    );
    $(".t-open-pain").addEventListener("click", () => {
      open("pain");
      follow();
    });
    const picker = $(".t-condition-picker select");
    picker.addEventListener("change", () => {
      goTo(Number(picker.value), 0);
      follow();
    });
    $(".t-back").addEventListener("click", () => {
      goTo(ui.condition, ui.step - 1);
      follow();
    });
    $(".t-next").addEventListener("click", () => {
      goTo(ui.condition, ui.step + 1);
      follow();
    });
    const notesToggle = $(".t-notes-toggle");
    notesToggle.addEventListener("click", () => setNotes(!ui.notes));
    const hasQuiz = () => Boolean(data.quiz) && audience().quiz !== "none";
    const platform = reporter(findApi(window));
    addEventListener("pagehide", () => platform.finish());
    const quiz = quizPanel({
      data,
      draw,
      follow: () => follow(),
      mode: () => ui.mode,
      scored: platform.quizDone,
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
      }
    });
    const explorer = explorePanel({
      data,
      draw,
      follow: () => follow(),
      mode: () => ui.mode,
      words
    });
    const mover = movePanel({ data, draw, follow: () => follow(), mode: () => ui.mode });
    const hasPalpate = () => Boolean(data.palpate && data.palpate.parts.length && data.palpate.words[ui.mode]);
    const palpater = data.palpate && data.palpate.parts.length ? palpatePanel({ data, draw, follow: () => follow(), mode: () => ui.mode }) : null;
    if (data.pain) {
      const { x, y, z } = meshes.mesh(data.skin_key, "standing", 0);
      data.pain.page.vertices = Array.from(x).flatMap((xi, i) => [xi, y[i], z[i]]);
    }
    const painter2 = data.pain ? painPanel({
      data,
      gd,
      draw: (frame, also) => draw(
        frame,
        frame === shown,
        [],
        also
      ),
      follow: () => follow(),
      mode: () => ui.mode,
      resetView: () => resetView(),
      open: (to) => {
        if (to.section === "explore") explorer.choose(to.part);
        else Object.assign(ui, { condition: to.condition, step: to.step });
        open(to.section);
        follow();
      }
    }) : null;
    const painWay = () => data.pain ? data.pain.modes[ui.mode].way_in : null;
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
      picker.replaceChildren(...data.conditions.map((c, n) => new Option(audience().plain ? c.plain_title : c.title, String(n))));
      if (ui.section === "quiz" && !hasQuiz()) ui.section = "conditions";
      if (ui.section === "palpate" && !hasPalpate()) ui.section = "conditions";
      if (ui.section === "pain" && !painter2) ui.section = "conditions";
      showScreen();
      open(ui.section);
    }
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
      else if (section === "pain") painter2.render();
      else quiz.render();
    }
    const stepText = (w) => ui.notes && ui.screen !== "slide" && w.with_notes ? w.with_notes : w.text;
    function goTo(condition, step) {
      const c = data.conditions[condition];
      ui.condition = condition;
      ui.step = Math.max(0, Math.min(step, c.steps.length - 1));
      const s = c.steps[ui.step], w = s.words[ui.mode];
      picker.value = String(condition);
      $(".t-step-title").innerHTML = w.title;
      $(".t-progress").innerHTML = w.progress;
      $(".t-step-text").innerHTML = stepText(w);
      $(".t-step-note").innerHTML = w.notes;
      $(".t-seen").textContent = w.seen;
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
        $(".t-step-text").innerHTML = stepText(data.conditions[ui.condition].steps[ui.step].words[ui.mode]);
      }
    }
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
        const { pain, feel } = painter2.place();
        p.set("pain", pain);
        if (feel) p.set("feel", feel);
      } else {
        p.set("condition", data.conditions[ui.condition].id);
        p.set("step", String(ui.step + 1));
      }
      p.set("mode", ui.mode);
      if (ui.screen) p.set("screen", ui.screen);
      return "#" + p.toString();
    }
    function follow() {
      follows(address(), location.hash);
      pair.sent(location.hash);
    }
    const lesson = {
      audiences: data.audiences,
      quiz: Boolean(data.quiz),
      messages: says,
      conditions: data.conditions.map((c) => ({ id: c.id, steps: c.steps.length })),
      find: explorer.find,
      findPose: mover.find,
      palpated: (data.palpate ? data.palpate.parts : []).map((x) => ({ id: x.id, steps: x.steps.length })),
      pain: Boolean(data.pain)
    };
    function applyAddress() {
      const link = readAddress(location.hash, data.max_length);
      const to = place(link, lesson, ui, location.hash.length <= 1);
      Object.assign(ui, {
        mode: to.mode,
        section: to.section,
        condition: to.condition,
        step: to.step
      });
      if (to.section === "explore") explorer.choose(to.part);
      if (to.section === "move") mover.choose(to.stretch);
      if (to.section === "palpate") palpater.choose(to.palpate, to.route);
      if (to.section === "pain") to.notes.push(...painter2.choose(to.pain, to.feel));
      if (link.screen !== null) ui.screen = link.screen;
      say([data.note, ...to.notes].filter(Boolean).join(" "));
      setMode(ui.mode);
      if (to.section === "quiz" && to.quiz && to.quiz !== quiz.kind()) quiz.start(to.quiz);
    }
    window.addEventListener("popstate", applyAddress);
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
    const help = $(".t-help-overlay");
    $(".t-help").addEventListener("click", () => {
      help.hidden = !help.hidden;
    });
    const zoomSteps = (steps2) => {
      const next = zoomBy(zoom, steps2, data.zoom);
      if (next === zoom || shown === null) return;
      zoom = next;
      draw(shown, true, marked, over);
    };
    $(".t-zoom-in").addEventListener("click", () => zoomSteps(1));
    $(".t-zoom-out").addEventListener("click", () => zoomSteps(-1));
    $(".t-reset").addEventListener("click", resetView);
    const steps = () => data.conditions[ui.condition].steps.length;
    const actions = {
      next_step: () => ui.section === "palpate" ? palpater.step(1) : goTo(ui.condition, ui.step + 1),
      previous_step: () => ui.section === "palpate" ? palpater.step(-1) : goTo(ui.condition, ui.step - 1),
      first_step: () => goTo(ui.condition, 0),
      last_step: () => goTo(ui.condition, steps() - 1),
      step_number: (key) => Number(key) <= steps() ? goTo(ui.condition, Number(key) - 1) : false,
      quiz_answer: (key) => quiz.choose(Number(key) - 1),
      quiz_next: () => quiz.goOn(),
      open_quiz: () => hasQuiz() ? open("quiz") : false,
      toggle_notes: () => audience().notes ? setNotes(!ui.notes) : false,
      zoom: (key) => zoomSteps(key === "+" ? 1 : -1),
      next_part: () => walkParts(1),
      previous_part: () => walkParts(-1),
      escape: () => {
        if (!help.hidden) help.hidden = true;
        else if (ui.section === "explore" && explorer.part()) {
          explorer.pick(null);
          follow();
        } else resetView();
      },
      toggle_help: () => {
        help.hidden = !help.hidden;
      }
    };
    document.addEventListener("keydown", (event) => {
      if (withModifier(event) || typing(event)) return;
      if (event.key === "Enter" && event.target.closest && event.target.closest("button")) return;
      const done = press(data.keys, event.key, ui.section, actions);
      if (done === null) return;
      event.preventDefault();
      if (["conditions", "palpate"].includes(ui.section) || done === "open_quiz") follow();
    }, true);
    if (data.default_on_touch && matchMedia("(pointer: coarse)").matches) {
      ui.mode = data.default_on_touch;
    }
    applyAddress();
    follow();
    await drawing;
    performance.mark("glutelib:drawn");
    let lastClick = { at: -Infinity };
    gd.on("plotly_click", (event) => {
      if (justDragged() || !event.points.length) return;
      const point = event.points[0];
      const at = performance.now();
      const again = at - lastClick.at < 400;
      lastClick = { at };
      if (again) return;
      if (ui.section === "quiz" && point.data.name === data.skin_key) {
        quiz.tap([point.x, point.y, point.z]);
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
})();
