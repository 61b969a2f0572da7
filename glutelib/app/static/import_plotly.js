// A FigureWidget's page code that imports plotly's bundle from the server (MODULE is
// replaced by its path under Voila's labextensions). Voila's page says where it is served
// from: <body data-base-url="{base_url}voila/">.
const base = new URL(document.body.dataset.baseUrl || "/voila/", location.href);
const plotly = await import(new URL("labextensions/" + MODULE, base).href);

// The 3D view is drawn at this screen's own pixel ratio. Only the page knows it: the kernel's
// config would give every screen one value, and plotly's default (2) draws four times the
// pixels on a plain screen, each frame painted again on every step.
const ratio = Math.min(2, Math.max(1, window.devicePixelRatio || 1));

function withScreenRatio(model) {
  return new Proxy(model, {
    get(target, key) {
      if (key === "get") {
        return (name) => {
          const value = target.get(name);
          return name === "_config" ? { ...value, plotGlPixelRatio: ratio } : value;
        };
      }
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

// plotly's widget (pinned: glutelib.versions) is a factory of { initialize, render }; the
// view reads `_config` through the model that initialize is given.
export default () => {
  const widget = plotly.default();
  return {
    ...widget,
    initialize(context) {
      return widget.initialize({ ...context, model: withScreenRatio(context.model) });
    },
  };
};
