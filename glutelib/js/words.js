// Words come from Python (the lesson's data, the kernel): a template's {names} filled in.

// "{right} of {asked}" with `values` put in; a name missing from `values` is left empty.
export const fill = (text, values) =>
  text.replace(/\{(\w+)\}/g, (_, k) => String(Object.hasOwn(values, k) ? values[k] : ""));
