// glutelib lesson_guard: built by `make js` (scripts/build_js.py) from sources sha256:e88efe72cfa481491d9423d938f8c8aa9ed8284d7e9c82dbed86e5552bae18c4
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
