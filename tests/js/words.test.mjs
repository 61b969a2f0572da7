import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

import { asText, fill } from "../../glutelib/js/words.js";

test("a template's names are filled in, a missing one left empty", () => {
  assert.equal(fill("Tap {number} of {total}", { number: 2 }), "Tap 2 of ");
});

test("words drawn in an annotation are text, as Python's html.escape makes them", () => {
  const words = `<a href="https://x.test">Tap</a> & 'b'`;
  const python = execFileSync("python3", ["-c",
    "import html, sys; print(html.escape(sys.argv[1]), end='')", words]).toString();
  assert.equal(asText(words), python);
});
