// The lesson's meshes back from the file: the steps of glutelib/lesson/packing.py undone.
// Each array is delta-coded along its order (per plane: x, y, z), stored as the narrowest
// signed integers that hold it, and byte-shuffled (low bytes, then high bytes), then all of
// them gzipped and base64-encoded. tests/fixtures/packing_cases.json is read by both sides.
import { DamagedFile } from "./damaged.js";

const WIDTH = { i1: 1, i2: 2, i4: 4 };
const VIEW = { i1: Int8Array, i2: Int16Array, i4: Int32Array };

// base64 of gzip -> bytes. gzip's checksum finds a changed byte, base64 a cut: either way the
// file is damaged (DamagedFile).
export async function unpack(text, where = "data") {
  try {
    const binary = atob(text.trim());
    const bytes = new Uint8Array(binary.length);
    for (let n = 0; n < binary.length; n++) bytes[n] = binary.charCodeAt(n);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new DamagedFile(`${where}: ${error.message}`);
  }
}

// One stored array (`entry`: {at, n, planes, kind} from Blob.index) out of the unpacked
// bytes: planes * n values, plane after plane, as an Int32Array.
export function decodeArray(bytes, entry) {
  const width = WIDTH[entry.kind], count = entry.n * entry.planes;
  const joined = new Uint8Array(count * width);
  for (let b = 0; b < width; b++) {
    const plane = bytes.subarray(entry.at + b * count, entry.at + (b + 1) * count);
    for (let i = 0; i < count; i++) joined[i * width + b] = plane[i];
  }
  const deltas = new VIEW[entry.kind](joined.buffer);
  const out = new Int32Array(count);
  for (let p = 0; p < entry.planes; p++) {
    let sum = 0;
    for (let i = p * entry.n; i < (p + 1) * entry.n; i++) { sum += deltas[i]; out[i] = sum; }
  }
  return out;
}

export const EMPTY = { x: new Float32Array(0), y: new Float32Array(0), z: new Float32Array(0),
  i: new Int32Array(0), j: new Int32Array(0), k: new Int32Array(0) };

// Meshes as plotly draws them ({x, y, z, i, j, k}), each decoded once and kept: plotly holds
// the arrays by reference. `index`: name -> entry; `origin` (mm) and `stepMm`: the grid.
// "<name>/v" standing vertices, "<name>/f" faces, "<name>/lv" and "/lf" the light level (the
// vertices it keeps and its faces), "<name>/<pose>" a pose's offsets from standing.
export class MeshStore {
  constructor(bytes, index, origin, stepMm) {
    Object.assign(this, { bytes, index, origin, stepMm });
    this.kept = new Map();
  }

  has(name) {
    return Object.hasOwn(this.index, name);
  }

  array(name) {
    return decodeArray(this.bytes, this.index[name]);
  }

  mesh(name, pose, light) {
    const key = `${name}|${pose}|${light}`;
    if (this.kept.has(key)) return this.kept.get(key);
    const grid = this.array(`${name}/v`);
    const n = grid.length / 3;
    const offsets = this.has(`${name}/${pose}`) ? this.array(`${name}/${pose}`) : null;
    const useLight = light && this.has(`${name}/lv`);
    const kept = useLight ? this.array(`${name}/lv`) : null;
    const faces = this.array(`${name}/${useLight ? "lf" : "f"}`);
    const size = kept ? kept.length : n;
    const [x, y, z] = [0, 1, 2].map((axis) => {
      const out = new Float32Array(size);
      for (let v = 0; v < size; v++) {
        const at = axis * n + (kept ? kept[v] : v);
        out[v] = this.origin[axis] + (grid[at] + (offsets ? offsets[at] : 0)) * this.stepMm;
      }
      return out;
    });
    const m = faces.length / 3;
    const [i, j, k] = [0, 1, 2].map((c) => {
      const out = new Int32Array(m);
      for (let f = 0; f < m; f++) out[f] = faces[3 * f + c];
      return out;
    });
    const arrays = { x, y, z, i, j, k };
    const shades = `${name}/${light ? "ls" : "s"}`;  // glutelib/shading.py: the colour scale's index
    if (this.has(shades)) {
      const shade = this.array(shades);
      arrays.intensity = Float32Array.from({ length: size }, (_, v) => shade[kept ? kept[v] : v]);
    }
    this.kept.set(key, arrays);
    return arrays;
  }
}
