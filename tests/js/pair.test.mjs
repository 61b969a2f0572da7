import assert from "node:assert/strict";
import { test } from "node:test";

import { clock, pairing, sameStep, withScreen } from "../../glutelib/js/pair.js";

// Two windows as the browser links them: the presenter's opens the slide's; a message posted
// to one reaches its listeners with the sender as `source`.
function windows() {
  const make = (search) => {
    const win = { listeners: [], search, closed: false, opener: null };
    win.addEventListener = (type, listener) => win.listeners.push(listener);
    win.postMessage = (data) => win.listeners.forEach((l) => l({ data, source: win.from }));
    return win;
  };
  const laptop = make("?condition=pregnancy&step=1&screen=presenter");
  const projector = make("?condition=pregnancy&step=1&screen=slide");
  laptop.open = () => { projector.opener = laptop; projector.from = laptop; return projector; };
  laptop.from = projector;
  return { laptop, projector };
}

test("an address as each window shows it", () => {
  assert.equal(withScreen("?mode=instructor&step=2", "slide"), "mode=instructor&step=2&screen=slide");
  assert.equal(withScreen("#step=2&screen=slide", ""), "step=2");
  assert.ok(sameStep("?step=2&screen=slide", "?screen=presenter&step=2"));
  assert.ok(!sameStep("?step=2&screen=slide", "?step=3&screen=slide"));
});

test("a step in either window moves the other, and an echo moves nothing", () => {
  const { laptop, projector } = windows();
  const went = { laptop: [], projector: [] };
  const presenter = pairing(laptop, "presenter", (a) => went.laptop.push(a), laptop.search);
  presenter.openSlide("slide-url");
  const slide = pairing(projector, "slide", (a) => went.projector.push(a), projector.search);
  presenter.sent("?condition=pregnancy&step=1&screen=presenter");
  slide.sent("?condition=pregnancy&step=1&screen=slide");  // both on step 1: nothing to do
  assert.deepEqual(went, { laptop: [], projector: [] });
  slide.sent("?condition=pregnancy&step=2&screen=slide");  // the clicker, at the projector
  assert.deepEqual(went.laptop, ["?condition=pregnancy&step=2&screen=slide"]);
  presenter.sent("?condition=pregnancy&step=2&screen=presenter");  // the laptop follows: echo
  assert.deepEqual(went.projector, []);
  presenter.sent("?condition=pregnancy&step=3&screen=presenter");
  assert.deepEqual(went.projector, ["?condition=pregnancy&step=3&screen=presenter"]);
});

test("a window opened from anywhere else pairs with nothing", () => {
  const { laptop, projector } = windows();
  projector.opener = laptop;
  projector.from = laptop;
  const went = [];
  const alone = pairing(projector, "", (a) => went.push(a));
  laptop.postMessage = () => assert.fail("an address went to a window that is not a partner");
  alone.sent("?step=4");
  projector.postMessage({ kind: "glutelib.step", address: "?step=5" });
  assert.deepEqual(went, []);
  assert.equal(alone.paired, false);
});

test("the presenter's clock: the time of day and the minutes since it opened", () => {
  const since = new Date(2026, 11, 6, 14, 0, 0).getTime();
  assert.equal(clock(since + 12 * 60_000 + 5_000, since), "14:12 · 12:05");
  assert.equal(clock(since - 1_000, since), "13:59 · 0:00");
});
