// What assistive technology needs that the page's widgets cannot say themselves: attributes
// (a name, a role, a live region) set on every element a CSS selector finds, now and as new
// ones appear. The dashboard's words for them come from Python (glutelib/app/aria.py).

// rules: {selector: {attribute: value}}; an attribute already so is left alone.
export function applyAria(root, rules) {
  for (const [selector, attributes] of Object.entries(rules || {})) {
    for (const element of root.querySelectorAll(selector)) {
      for (const [name, value] of Object.entries(attributes)) {
        if (element.getAttribute(name) !== value) element.setAttribute(name, value);
      }
    }
  }
}
