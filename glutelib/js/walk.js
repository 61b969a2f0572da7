// The keyboard walk through the parts a frame shows, in the lesson (the dashboard's is
// glutelib/described.py, whose `walked` order Python stores per frame): `walk` is the parts'
// trace indices, highlighted ones first, then how many are highlighted (-1 alone: a question
// asks the names, so there is nothing to walk).
import { fill } from "./words.js";

// The place in `walk` `step` (+1 or -1) on from `at` (-1: none yet), round at the ends;
// -1 when there is nothing to walk through.
export function walkOn(walk, at, step) {
  const count = walk.length - 1;
  if (count <= 0) return -1;
  if (at < 0 || at >= count) return step > 0 ? 0 : count - 1;
  return (at + step + count) % count;
}

// What a screen reader says of the part at `at`: its place and its card (`cards` by trace
// index, in the audience's words); `words`: {walked, walked_highlighted, walk_none,
// walk_empty}.
export function walkSaid(walk, at, cards, words) {
  const count = walk.length - 1;
  if (at < 0 || at >= count) return walk[count] < 0 ? words.walk_none : words.walk_empty;
  const said = at < walk[count] ? words.walked_highlighted : words.walked;
  return fill(said, { number: at + 1, count, card: cards[walk[at]] });
}
