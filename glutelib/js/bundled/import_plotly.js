// glutelib import_plotly: built by `make js` (scripts/build_js.py) from sources sha256:cb272380ab5d127507a4c223841949f65e8219148f5a03e513daf1613978f32a

// glutelib/js/screen.js
function screenRatio(cap, devicePixelRatio) {
  return Math.min(cap, Math.max(1, devicePixelRatio || 1));
}

// glutelib/js/vendor.js
var PLOTLY_CONFIG_TRAIT = "_config";

// glutelib/app/static/import_plotly.js
var MODULE = "glutelib:plotly-module";
var base = new URL(document.body.dataset.baseUrl || "/voila/", location.href);
var plotly = await import(new URL("labextensions/" + MODULE, base).href);
function withScreenRatio(model) {
  return new Proxy(model, {
    get(target, key) {
      if (key === "get") {
        return (name) => {
          const value2 = target.get(name);
          if (name !== PLOTLY_CONFIG_TRAIT || !value2 || !value2.plotGlPixelRatio) return value2;
          return {
            ...value2,
            plotGlPixelRatio: screenRatio(value2.plotGlPixelRatio, window.devicePixelRatio)
          };
        };
      }
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    }
  });
}
var import_plotly_default = () => {
  const widget = plotly.default();
  return {
    ...widget,
    initialize(context) {
      return widget.initialize({ ...context, model: withScreenRatio(context.model) });
    }
  };
};
export {
  import_plotly_default as default
};
