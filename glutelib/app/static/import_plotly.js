// A FigureWidget's page code that imports plotly's bundle from the server. Voila's page says
// where it is served from: <body data-base-url="{base_url}voila/">. Bundled with its modules
// into one ES module (scripts/build_js.py).
import { screenRatio } from "../../js/screen.js";
import { PLOTLY_CONFIG_TRAIT } from "../../js/vendor.js";

// The bundle's path under Voila's labextensions: this string is replaced by the path the
// server published (glutelib/app/figure_widget.py served_figure_class).
const MODULE = "glutelib:plotly-module";
const base = new URL(document.body.dataset.baseUrl || "/voila/", location.href);
const plotly = await import(new URL("labextensions/" + MODULE, base).href);

// The 3D view is drawn at this screen's own pixel ratio, up to the kernel's (its config's
// plotGlPixelRatio is the cap). Only the page knows the screen: the kernel's config would give
// every screen one value, and plotly's default (2) draws four times the pixels on a plain
// screen, each frame painted again on every step.

function withScreenRatio(model) {
  return new Proxy(model, {
    get(target, key) {
      if (key === "get") {
        return (name) => {
          const value = target.get(name);
          if (name !== PLOTLY_CONFIG_TRAIT || !value || !value.plotGlPixelRatio) return value;
          return { ...value,
            plotGlPixelRatio: screenRatio(value.plotGlPixelRatio, window.devicePixelRatio) };
        };
      }
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

// plotly's widget (pinned: glutelib.versions) is a factory of { initialize, render }; the
// view reads its config through the model that initialize is given.
export default () => {
  const widget = plotly.default();
  return {
    ...widget,
    initialize(context) {
      return widget.initialize({ ...context, model: withScreenRatio(context.model) });
    },
  };
};
