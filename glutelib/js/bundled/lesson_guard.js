// glutelib lesson_guard: built by `make js` (scripts/build_js.py) from sources sha256:4af120c0e142ae5f7b920e828e143025f0d69df07a14b7a0cb91f28111d52f9a
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
