// The lesson file's first script, in its head, so that the file can say it is damaged even
// when its last script (the player) never runs: a file cut short, or changed so that a script
// does not run (the policy refuses a script whose hash changed), never starts the player.
// Once the page is read and the player has not started, this says so at once instead of
// leaving the opening words up for ever; the player says the same when its data does not
// unpack (DamagedFile).
import { lessonDamaged } from "../../js/damaged.js";

if (!document.documentElement.dataset.player) {
  document.addEventListener("DOMContentLoaded", () => {
    if (!document.documentElement.dataset.player) lessonDamaged();
  });
}
