// Where does it hurt, in a page with no kernel (the offline lesson): the ranking rule of
// glutelib/pain.py, run over what Python worked out when it built the page (`page_data`):
// each pattern's field over the skin's vertices, the vertices' areas, positions and normals,
// and the rule's constants. No anatomy here: a few array operations on Python's numbers.
// tests/unit/test_pain_page.py checks the page's ranking against glutelib.pain.candidates.

// The skin vertices a brush paints round the stroked ones: within brush_mm of a stroke and
// facing within 90 degrees of it (as pain.brush). `vertices`, `normals`: flat [x, y, z, ...].
export function brush(data, strokes) {
  const { vertices: v, normals: n } = data;
  const { brush_mm: reach, brush_facing: facing } = data.rule;
  const painted = new Set(strokes);
  const count = v.length / 3;
  for (const s of strokes) {
    const [x, y, z] = [v[3 * s], v[3 * s + 1], v[3 * s + 2]];
    for (let i = 0; i < count; i++) {
      const dx = v[3 * i] - x, dy = v[3 * i + 1] - y, dz = v[3 * i + 2] - z;
      if (dx * dx + dy * dy + dz * dz > reach * reach) continue;
      const dot = n[3 * s] * n[3 * i] + n[3 * s + 1] * n[3 * i + 1] + n[3 * s + 2] * n[3 * i + 2];
      if (dot > facing) painted.add(i);
    }
  }
  return [...painted].sort((a, b) => a - b);
}

// The patterns that share skin with the drawing (stroked skin vertices), best first, each
// {id, kind, explained, covered, score}, with `feelings` ticked (pain.FEELINGS' keys).
// `data.fields[p]` is pattern p's field as bytes (0..255 for 0..1).
export function rank(data, strokes, feelings = []) {
  const painted = brush(data, strokes);
  const { rule, areas } = data;
  let drawn = 0;
  for (const i of painted) drawn += areas[i];
  const out = [];
  data.ids.forEach((id, p) => {
    const field = data.fields[p];
    let shared = 0;
    for (const i of painted) shared += field[i] * areas[i];
    if (!(shared > 0)) return;
    const explained = shared / 255 / drawn;
    const covered = shared / data.totals[p];
    let score = explained ** rule.explained_power * covered ** rule.covered_power;
    for (const f of feelings) if ((rule.feelings[f] || []).includes(data.kinds[p])) score *= rule.feel_gain;
    out.push({ id, kind: data.kinds[p], explained, covered, score });
  });
  return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}
