// Small helpers for the lesson's page: its elements, its buttons, its message strip.

export const root = () => document.getElementById("glutelib");

// The first element inside the lesson matching `selector`.
export const $ = (selector) => root().querySelector(selector);

export function button(label, className, onClick) {
  const b = document.createElement("button");
  b.className = "widget-button " + className;
  b.textContent = label;
  b.addEventListener("click", onClick);
  return b;
}

// A paragraph of plain text (never markup), with a class when given.
export function para(text, className) {
  const p = document.createElement("p");
  p.textContent = text;
  if (className) p.className = className;
  return p;
}

// The message strip above the lesson: `text` in place of what it said ("" clears it).
export function say(text) {
  const message = $(".t-message");
  message.replaceChildren(...(text ? [para(text)] : []));
}
