// The pixel ratio a plotly 3D view is drawn at: the screen's own, up to the cap Python sets
// (glutelib/app/figure_widget.py PLOTLY_CONFIG plotGlPixelRatio). plotly's default (2) draws
// four times the pixels on a plain screen, each frame painted again on every step.
export function screenRatio(cap, devicePixelRatio) {
  return Math.min(cap, Math.max(1, devicePixelRatio || 1));
}
