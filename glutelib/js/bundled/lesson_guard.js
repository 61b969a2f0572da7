// glutelib lesson_guard: built by `make js` (scripts/build_js.py) from sources sha256:cb272380ab5d127507a4c223841949f65e8219148f5a03e513daf1613978f32a
"use strict";
(() => {
  // glutelib/js/damaged.js
  var LESSON_DAMAGED = "This lesson file is damaged or incomplete: download it again.";
  function lessonDamaged() {
    const root = document.getElementById("glutelib");
    if (root) root.dataset.damaged = "true";
    const p = document.createElement("p");
    p.className = "t-damaged";
    p.setAttribute("role", "alert");
    p.textContent = LESSON_DAMAGED;
    const message = document.querySelector("#glutelib .t-message");
    if (message) message.replaceChildren(p);
    else document.body.prepend(p);
  }

  // glutelib/lesson/static/guard.js
  if (!document.documentElement.dataset.player) {
    document.addEventListener("DOMContentLoaded", () => {
      if (!document.documentElement.dataset.player) lessonDamaged();
    });
  }
})();
