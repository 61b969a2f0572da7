// The fixtures the Python tests read too (tests/fixtures/): both sides pinned to one set.
import { readFileSync } from "node:fs";

export const fixture = (name) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf-8"));
