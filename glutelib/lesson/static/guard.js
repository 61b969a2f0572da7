// The lesson file's first script, in its head, and the start of its last (the player's), so
// that either can say the file is damaged alone: a file cut short, or changed so that a
// script does not run, never starts the player. Once the page is read and the player has
// not started, this says so at once instead of leaving the opening words up for ever; the
// player says the same when its data does not unpack (DamagedFile). Declared with var and
// function: the second copy may declare them again.
var LESSON_DAMAGED = "This lesson file is damaged or incomplete: download it again.";

var DamagedFile = class extends Error {};

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

if (!document.documentElement.dataset.player) {
  document.addEventListener("DOMContentLoaded", () => {
    if (!document.documentElement.dataset.player) lessonDamaged();
  });
}
