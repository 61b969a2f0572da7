// Words come from Python (the lesson's data, the kernel): a template's {names} filled in.

// "{right} of {asked}" with `values` put in; a name missing from `values` is left empty.
export const fill = (text, values) =>
  text.replace(/\{(\w+)\}/g, (_, k) => String(Object.hasOwn(values, k) ? values[k] : ""));

// Text as plotly shows it in an annotation: its own few tags (<b>, <a href>...) as text,
// as Python's html.escape does for the names it draws (glutelib/labels.py).
export const asText = (text) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");
