// glutelib lesson_guard: built by `make js` (scripts/build_js.py) from sources sha256:8397f9dc3f569ea70b138553a231b07ea3fb5e12497fb12059637f2b7fc0132c
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
