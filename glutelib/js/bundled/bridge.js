// glutelib bridge: built by `make js` (scripts/build_js.py) from sources sha256:cb272380ab5d127507a4c223841949f65e8219148f5a03e513daf1613978f32a

// glutelib/js/aria.js
function applyAria(root, rules) {
  for (const [selector, attributes] of Object.entries(rules || {})) {
    for (const element of root.querySelectorAll(selector)) {
      for (const [name, value] of Object.entries(attributes)) {
        if (element.getAttribute(name) !== value) element.setAttribute(name, value);
      }
    }
  }
}

// glutelib/js/drag.js
function dragFollower(send) {
  let waiting = false;
  let wanted = null;
  let asked = null;
  const flush = () => {
    if (waiting || !wanted) return;
    if (asked && asked.joint === wanted.joint && asked.value === wanted.value) return;
    waiting = true;
    asked = wanted;
    send(asked);
  };
  return {
    moved(joint, value) {
      wanted = { joint, value };
      flush();
    },
    posed() {
      waiting = false;
      flush();
    },
    released() {
      wanted = null;
      asked = null;
    }
  };
}
function jointOf(element) {
  const found = [...element.classList].find((c) => c.startsWith("t-joint-"));
  return found ? found.slice("t-joint-".length).replaceAll("-", "_") : null;
}

// glutelib/js/glide.js
function sayWhenDrawn(dwell, send, {
  reduced = false,
  frame = requestAnimationFrame,
  later = setTimeout
} = {}) {
  if (reduced) {
    send({ type: "drawn", skip: true });
    return;
  }
  frame(() => frame(() => later(() => send({ type: "drawn" }), Math.max(0, Number(dwell) || 0))));
}
function reducedMotion(win = globalThis) {
  return Boolean(win.matchMedia?.("(prefers-reduced-motion: reduce)").matches);
}

// glutelib/js/follow.js
function follower(history) {
  let settled = false;
  return (wanted, current) => {
    if (wanted !== current) {
      if (settled) history.pushState(null, "", wanted);
      else history.replaceState(null, "", wanted);
    }
    settled = true;
  };
}

// glutelib/js/vendor.js
function gl3dScene(gd) {
  const layout = gd && gd._fullLayout;
  return layout && layout.scene && layout.scene._scene || null;
}
function drawnTrace(gd, name) {
  return (gd && gd._fullData || []).find((t) => t.name === name) || null;
}
function beforeSending(model, edit) {
  const serialize = model.serialize;
  model.serialize = function(state) {
    edit(state);
    return serialize.call(this, state);
  };
}
function deliver(model, message) {
  return model._handle_comm_msg(message);
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
var withModifier = (event) => event.ctrlKey || event.metaKey || event.altKey;
var typing = (event) => Boolean(event.target.closest && event.target.closest("input, textarea")) && event.key !== "Escape";

// glutelib/js/pair.js
var KIND = "glutelib.step";
function withScreen(search, screen) {
  const params = new URLSearchParams(search.replace(/^[?#]/, ""));
  if (screen) params.set("screen", screen);
  else params.delete("screen");
  return params.toString();
}
function sameStep(a, b) {
  const place = (text) => {
    const params = new URLSearchParams(withScreen(text, ""));
    params.sort();
    return params.toString();
  };
  return place(a) === place(b);
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

// glutelib/app/static/bridge.js
var TRIMMED = /* @__PURE__ */ Symbol("glutelib.trimmed");
function trimDeltas(figure) {
  if (figure[TRIMMED]) return;
  figure[TRIMMED] = true;
  beforeSending(figure, (state) => {
    for (const key of Object.keys(state)) {
      const sent = state[key];
      if (!sent || typeof sent !== "object") continue;
      if (key.endsWith("traceDeltas") && Array.isArray(sent.trace_deltas)) {
        state[key] = { ...sent, trace_deltas: [] };
      } else if (key.endsWith("layoutDelta") && sent.layout_delta) {
        state[key] = { ...sent, layout_delta: {} };
      } else if (key.endsWith("pointsCallback") && sent.event_type === "plotly_click" && justDragged()) {
        state[key] = null;
      }
    }
  });
}
var PROBE = {
  content: { data: { method: "custom", content: { type: "glutelib.probe" } } },
  buffers: []
};
async function started(figure) {
  try {
    await deliver(figure, PROBE);
    return true;
  } catch (error) {
    console.warn("glutelib: the 3D view did not start; asking for a new one.", error);
    return false;
  }
}
async function watchFigure(model) {
  const ref = model.get("figure");
  if (!ref || !model.widget_manager) return;
  const id = ref.replace(/^IPY_MODEL_/, "");
  const figure = await model.widget_manager.get_model(id);
  trimDeltas(figure);
  if (!await started(figure)) model.send({ type: "figure-failed", model_id: id });
}
var WATCHED = /* @__PURE__ */ Symbol("glutelib.watched");
var PAINTED = /* @__PURE__ */ Symbol("glutelib.painted");
function watchGraph(gd) {
  if (gd[WATCHED] || typeof gd.on !== "function") return;
  gd[WATCHED] = true;
  const limit = () => limitZoom(gd);
  gd.on("plotly_afterplot", limit);
  gd.on("plotly_relayout", limit);
  limit();
  touchGestures(gd);
}
function render({ model, el }) {
  el.style.display = "none";
  model.set("query", window.location.search || "");
  model.save_changes();
  const follows = follower(window.history);
  const screen = () => new URLSearchParams(window.location.search).get("screen") || "";
  const ask = (query) => model.send({ type: "query", query });
  const pair = pairing(
    window,
    screen(),
    (address) => ask("?" + withScreen(address, screen())),
    window.location.search
  );
  const follow = () => {
    const { pathname, search, hash } = window.location;
    const address = model.get("address");
    follows(
      address ? pathname + address + hash : pathname + search + hash,
      pathname + search + hash
    );
    pair.sent(window.location.search);
  };
  model.on("change:address", follow);
  follow();
  const onPop = () => ask(window.location.search || "");
  window.addEventListener("popstate", onPop);
  const onFigure = () => watchFigure(model).catch((e) => console.warn("glutelib bridge:", e));
  onFigure();
  model.on("change:figure", onFigure);
  const nudge = () => window.dispatchEvent(new Event("resize"));
  for (const ms of [50, 300, 1e3, 2500]) setTimeout(nudge, ms);
  let reported = "", timer = null;
  const report = (box) => {
    const size = [Math.round(box.width), Math.round(box.height)];
    if (size[0] < 50 || size[1] < 50 || String(size) === reported) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      reported = String(size);
      model.send({ type: "view", width: size[0], height: size[1] });
    }, 150);
  };
  const seen = /* @__PURE__ */ new WeakSet();
  const observer = new ResizeObserver((entries) => {
    for (const e of entries) {
      report(e.contentRect);
      if (seen.has(e.target)) nudge();
      else seen.add(e.target);
    }
  });
  const drag = dragFollower(({ joint, value }) => model.send({ type: "drag", joint, value }));
  const watchSlider = (element) => {
    const slider = element.querySelector(".noUi-target")?.noUiSlider;
    if (!slider || slider[WATCHED]) return;
    slider[WATCHED] = true;
    slider.on("slide", (values) => drag.moved(jointOf(element), Math.round(Number(values[0]))));
    slider.on("end", () => drag.released());
  };
  const painters = /* @__PURE__ */ new Set();
  const watchPaint = (gd) => {
    if (gd[PAINTED] || typeof gd.on !== "function") return;
    gd[PAINTED] = true;
    painters.add(paintGestures(
      gd,
      model.get("skin"),
      (vertices, tool) => model.send({ type: "paint", vertices, tool })
    ));
  };
  const watch = () => {
    document.querySelectorAll(".t-figure").forEach((n) => observer.observe(n));
    document.querySelectorAll(".js-plotly-plot").forEach(watchGraph);
    document.querySelectorAll(".js-plotly-plot").forEach(watchPaint);
    document.querySelectorAll(".t-sliders .widget-slider").forEach(watchSlider);
    applyAria(document, model.get("aria"));
  };
  watch();
  model.on("change:aria", watch);
  const mo = new MutationObserver(watch);
  mo.observe(document.body, { childList: true, subtree: true });
  const keys = () => new Set(model.get("kernel_keys"));
  const onKey = (event) => {
    if (withModifier(event)) return;
    if (typing(event) && event.key === "Enter" && event.target.closest(".t-search")) {
      const first = document.querySelector(".t-suggestions .t-suggestion");
      if (first) {
        event.preventDefault();
        first.click();
      }
      return;
    }
    if (typing(event)) return;
    if (model.get("focus_keys").includes(event.key)) {
      const box = document.querySelector(".t-search input");
      if (box) {
        event.preventDefault();
        box.focus();
      }
      return;
    }
    if (!event.key || !keys().has(event.key)) return;
    if (typing) event.target.blur();
    event.preventDefault();
    model.send({ type: "key", key: event.key });
  };
  document.addEventListener("keydown", onKey, true);
  const onClick = (event) => {
    if (!event.target.closest || !event.target.closest(".t-present")) return;
    const url = new URL(window.location.href);
    url.search = withScreen(url.search, "slide");
    pair.openSlide(url.href);
    ask("?" + withScreen(window.location.search, "presenter"));
  };
  document.addEventListener("click", onClick, true);
  const tick = keepClocks(document);
  model.on("msg:custom", (msg) => {
    if (msg.type === "posed") drag.posed();
    if (msg.type === "painted") painters.forEach((p) => p.painted());
    if (msg.type === "say-when-drawn") {
      sayWhenDrawn(msg.dwell, (m) => model.send(m), { reduced: reducedMotion() });
    }
    if (msg.type !== "download") return;
    const a = document.createElement("a");
    a.href = "data:" + msg.mime + ";base64," + msg.data;
    a.download = msg.name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
  return () => {
    observer.disconnect();
    mo.disconnect();
    document.removeEventListener("keydown", onKey, true);
    document.removeEventListener("click", onClick, true);
    clearInterval(tick);
    window.removeEventListener("popstate", onPop);
  };
}
var bridge_default = { render };
export {
  bridge_default as default
};
