// The keymap (glutelib/data/keys.yaml), read as glutelib/app/keys.py reads it: a key may mean
// several actions where it is pressed, in the keymap's order, and the first that applies runs.

// The actions `key` may mean in `section` ("conditions", "quiz", ...), as Keymap.actions.
export function actionsFor(bindings, key, section) {
  return bindings
    .filter((b) => key && b.keys.includes(key) && (!b.section || b.section === section))
    .map((b) => b.action);
}

// Runs the first of them that applies: `handlers[action](key)` returning false means "not
// here" (a digit past the last step), and the next is tried. Returns the action run, or null.
export function press(bindings, key, section, handlers) {
  for (const action of actionsFor(bindings, key, section)) {
    if (Object.hasOwn(handlers, action) && handlers[action](key) !== false) return action;
  }
  return null;
}

// A key pressed with Ctrl, Cmd or Alt is the browser's or the system's, never the page's.
export const withModifier = (event) => event.ctrlKey || event.metaKey || event.altKey;

// A key typed into a text box is a letter, not a shortcut ("t" in "gluteus" opens no quiz);
// Escape still leaves. A picker (select) is not typing: a clicker must still step after a
// walkthrough is picked.
export const typing = (event) => Boolean(event.target.closest
  && event.target.closest("input, textarea")) && event.key !== "Escape";
