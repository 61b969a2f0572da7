// Where does it hurt, in a page with no kernel (the offline lesson): the ranking rule of
// glutelib/pain.py, run over what Python worked out when it built the page (`page_data`):
// each pattern's field over the skin's vertices, the vertices' areas, positions and normals,
// and the rule's constants. No anatomy here: a few array operations on Python's numbers.
// tests/unit/test_pain_page.py checks the page's ranking against glutelib.pain.candidates,
// its words against glutelib.present.pain_words and its addresses against pain.encode_strokes.
import { fill } from "./words.js";

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
// `data.fields[p]` is pattern p's field as bytes (0..255 for 0..1); `painted`: the brush
// round the strokes, when the caller has it (the brush is the costly part).
export function rank(data, strokes, feelings = [], painted = brush(data, strokes)) {
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
    if (explained < rule.min_explained) return; // a brush's edge on a pattern is no match
    const covered = shared / data.totals[p];
    let score = explained ** rule.explained_power * covered ** rule.covered_power;
    for (const f of feelings) if ((rule.feelings[f] || []).includes(data.kinds[p])) score *= rule.feel_gain;
    out.push({ id, kind: data.kinds[p], explained, covered, score });
  });
  return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

// The strokes without those an eraser on the skin vertices `at` takes (as pain.erased).
export function erased(data, strokes, at) {
  const reach = new Set(brush(data, at));
  return strokes.filter((s) => !reach.has(s));
}

// Python's round(): halves to the even neighbour, as the dashboard rounds a percentage.
const roundHalfEven = (x) => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 ? r - 1 : r;
};

// What the panel says of a drawing (stroked skin vertices, feelings ticked), as
// present.pain_words: {matches: [[id, words]], covers: {id: words}, summary, flags}.
// `said`: present.pain_page_words for the audience (its words, the patterns' names);
// `painted`: as rank's.
export function painWords(data, said, strokes, feelings = [], painted = brush(data, strokes)) {
  const w = said.words;
  const ranked = strokes.length ? rank(data, strokes, feelings, painted) : [];
  const found = ranked.slice(0, said.matches);
  const at = (id) => data.ids.indexOf(id);
  const matches = found.map((c) => [c.id, fill(w.match, { name: said.names[at(c.id)],
    explained: roundHalfEven(100 * c.explained), covered: roundHalfEven(100 * c.covered) })]);
  const covers = Object.fromEntries(found.map((c) => [c.id, said.labels[at(c.id)]]));
  const below = strokes.length > 0 && painted.some((i) => data.below[i]);
  let summary = w.none_drawn;
  if (strokes.length) summary = !found.length ? w.no_match : below ? w.below_knee : w.above_knee;
  // the flags judge the drawing alone: without feelings, the ranking is the one above
  const alone = feelings.length ? rank(data, strokes, [], painted) : ranked;
  return { matches, covers, summary, flags: flagged(data, said, alone, feelings, below)
    ? w.flag_items : [] };
}

// Whether the red flags show (as present.pain_flags): a nerve's feeling ticked, or a root's
// pattern first on the drawing alone (`alone`: its ranking, feelings aside), or among the
// first few when it goes below the knee.
function flagged(data, said, alone, feelings, below) {
  if (feelings.some((f) => data.rule.nerve_feelings.includes(f))) return true;
  const plain = alone.slice(0, said.flag_matches);
  return plain.length > 0 && (plain[0].kind === "dermatome"
    || (below && plain.some((c) => c.kind === "dermatome")));
}

// ---- the drawing in an address (pain.encode_strokes / decode_strokes) ---------------------
// FORMAT.<skin tag>.<base64url of each gap between sorted vertices, as 7-bit varints>
export function encodeStrokes(data, strokes) {
  const sorted = [...new Set(strokes)].sort((a, b) => a - b);
  const bytes = [];
  let last = -1;
  for (const v of sorted) {
    let gap = v - last - 1;
    last = v;
    while (gap >= 0x80) {
      bytes.push((gap & 0x7f) | 0x80);
      gap = Math.floor(gap / 128);
    }
    bytes.push(gap);
  }
  const text = btoa(String.fromCharCode(...bytes));
  return `${data.format}.${data.skin_tag}.${text.replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "")}`;
}

// A drawing's stroked vertices from an address's text, or null when it is damaged, cut
// or made on another skin (`why` says which: "damaged" or "other_skin").
export function decodeStrokes(data, text, why = {}) {
  why.problem = "damaged";
  if (typeof text !== "string" || !text || text.length > data.max_chars) return null;
  const parts = text.split(".");
  if (parts.length !== 3 || parts[0] !== data.format) return null;
  if (parts[1] !== data.skin_tag) {
    why.problem = "other_skin";
    return null;
  }
  if (!/^[A-Za-z0-9_-]*$/.test(parts[2]) || parts[2].length % 4 === 1) return null;
  let raw;
  try {
    raw = atob(parts[2].replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  const out = [];
  let value = 0, shift = 0, last = -1;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw.charCodeAt(i);
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (shift > 28) return null;
    if (!(byte & 0x80)) {
      last += value + 1;
      out.push(last);
      value = 0;
      shift = 0;
    }
  }
  const count = data.areas.length;
  if (shift || !out.length || out[out.length - 1] >= count) return null;
  return out;
}

// Colours for the skin's vertices (CSS, one each): the drawing's over the pattern shown's
// (`field`: its bytes, or null) over the skin's. `colours`: {skin, drawing, pattern}.
export function skinColours(data, painted, field, colours) {
  const out = new Array(data.areas.length).fill(colours.skin);
  if (field) {
    const half = data.rule.half * 255;
    field.forEach((f, i) => { if (f >= half) out[i] = colours.pattern; });
  }
  for (const i of painted) out[i] = colours.drawing;
  return out;
}
