// What the lesson file says when it is cut short or changed. The words are here, not in the
// lesson's data: the data may be what is damaged. Both of the lesson's scripts hold this module
// (glutelib/lesson/static/guard.js in the head, player.js at the end), so either can say it.
export const LESSON_DAMAGED = "This lesson file is damaged or incomplete: download it again.";

// The file's data did not unpack: the file is at fault, not a network (the decoder's own
// words, "Failed to fetch", would mislead).
export class DamagedFile extends Error {}

export function lessonDamaged() {
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
