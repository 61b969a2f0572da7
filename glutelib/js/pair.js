// An instructor's two windows of one walkthrough: the presenter's on the laptop (the notes, the
// next step, a clock) and the slide on the projector. The presenter's window opens the slide's
// (`openSlide`, from the click itself: a browser opens a window only from a person's gesture);
// from then on each window sends the other the address of every step it shows, so a clicker on
// either moves both. The two are an opener and the window it opened (postMessage), which works
// in the dashboard and in the offline lesson opened from a file alike. Shared by
// glutelib/app/static/bridge.js and glutelib/lesson/static/player.js.

const KIND = "glutelib.step";

// The address `search` ("?a=1&b=2" or "#a=1") as the window `screen` shows it.
export function withScreen(search, screen) {
  const params = new URLSearchParams(search.replace(/^[?#]/, ""));
  if (screen) params.set("screen", screen); else params.delete("screen");
  return params.toString();
}

// Whether two addresses show the same place, whichever window they belong to.
export function sameStep(a, b) {
  const place = (text) => {
    const params = new URLSearchParams(withScreen(text, ""));
    params.sort();
    return params.toString();
  };
  return place(a) === place(b);
}

// Pairs this window with its partner (a slide's: the window that opened it; a presenter's: the
// one `openSlide` opens): `go(address)` runs for each step the partner shows that this window
// does not; `sent(address)` tells the partner this window now shows `address` (`now` until it
// does). A window opened from anywhere else (a link on a course page) pairs with nothing.
export function pairing(win, screen, go, now = "") {
  let partner = screen === "slide" ? win.opener : null;
  let shown = now;
  win.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.kind !== KIND || typeof data.address !== "string") return;
    if (!partner || event.source !== partner) return;
    if (!sameStep(data.address, shown)) go(data.address);
  });
  return {
    openSlide(url) {
      partner = win.open(url, "glutelib-slide");
      return partner;
    },
    sent(address) {
      shown = address;
      if (partner && !partner.closed) partner.postMessage({ kind: KIND, address }, "*");
    },
    get paired() { return Boolean(partner && !partner.closed); },
  };
}

// Keeps every presenter's clock (`.t-clock`) in `doc` telling the time, from now on.
export function keepClocks(doc) {
  const since = Date.now();
  return setInterval(() => {
    for (const node of doc.querySelectorAll(".t-clock")) {
      node.textContent = clock(Date.now(), since);
    }
  }, 1000);
}

// "14:05 · 12:40": the time of day, and minutes and seconds since `since` (ms).
export function clock(now, since) {
  const pad = (n) => String(n).padStart(2, "0");
  const t = new Date(now), gone = Math.max(0, Math.floor((now - since) / 1000));
  return `${pad(t.getHours())}:${pad(t.getMinutes())} · ${Math.floor(gone / 60)}:${pad(gone % 60)}`;
}
