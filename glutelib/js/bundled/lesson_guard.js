// glutelib lesson_guard: built by `make js` (scripts/build_js.py) from sources sha256:0223c0b4b0d3e0d88e3d57ce0cb17de776f8f11d797d0be3cc93043bffd4eb98
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
