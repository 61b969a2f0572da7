// A FigureWidget's page code that imports plotly's bundle from the server (MODULE is
// replaced by its path under Voila's labextensions). Voila's page says where it is served
// from: <body data-base-url="{base_url}voila/">.
const base = new URL(document.body.dataset.baseUrl || "/voila/", location.href);
const plotly = await import(new URL("labextensions/" + MODULE, base).href);
export default plotly.default;
