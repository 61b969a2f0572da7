import assert from "node:assert/strict";
import { test } from "node:test";

import { DamagedFile } from "../../glutelib/js/damaged.js";
import { MeshStore, decodeArray, unpack } from "../../glutelib/js/decode.js";
import { fixture } from "./fixtures.mjs";

const packed = fixture("packing_cases.json");
const planes = (rows, n) => Array.from({ length: n }, (_, p) => rows.map((row) => row[p])).flat();

test("every array Python packed reads back, each width and sign", async () => {
  const bytes = await unpack(packed.payload);
  for (const [name, rows] of Object.entries(packed.values)) {
    const entry = packed.index[name];
    assert.deepEqual(Array.from(decodeArray(bytes, entry)), planes(rows, entry.planes), name);
  }
});

test("a cut or changed payload is a damaged file, not a network error", async () => {
  const text = packed.payload;
  await assert.rejects(unpack(text.slice(0, text.length >> 1), "arrays"), DamagedFile);
  const at = text.length >> 1;
  const changed = text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
  await assert.rejects(unpack(changed, "arrays"), (e) => e instanceof DamagedFile
    && e.message.startsWith("arrays: "));
});

test("a mesh is the grid from the origin, a pose's offsets added, its light level kept", async () => {
  const store = new MeshStore(await unpack(packed.payload), packed.index, packed.origin,
    packed.step_mm);
  const close = (got, want) => want.forEach((w, n) => assert.ok(Math.abs(got[n] - w) < 1e-5,
    `${got[n]} != ${w}`));
  const full = store.mesh("m", "standing", 0);
  close(full.x, [1, 2, 1.5, 0.6]);  // origin 1 + grid steps * 0.1 mm
  close(full.z, [3, 6, 3.5, 33]);
  assert.deepEqual([...full.i, ...full.j, ...full.k], [0, 1, 1, 2, 2, 3]);
  const sitting = store.mesh("m", "sit", 0);
  close(sitting.y, [2, 3.9, 2.5, 2.7]);  // offsets (0, -1, 0, 0) steps
  const light = store.mesh("m", "sit", 1);  // vertices 0, 1 and 3, one face
  close(light.x, [1, 2.1, 0.4]);  // x steps 0, 10 + 1, -4 - 2
  assert.deepEqual([...light.i, ...light.j, ...light.k], [0, 1, 2]);
  assert.equal(store.mesh("m", "sit", 1), light);  // decoded once: plotly keeps it by reference
});
