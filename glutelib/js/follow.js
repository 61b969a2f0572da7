// The browser's history follows what a page shows: a history entry per change, so Back goes
// a step back and a reload opens what was shown. The first address written completes the one
// the page was opened with (a step added, a bad value corrected) in place: it is no step to go
// back to. Shared by the dashboard (glutelib/app/static/bridge.js) and the lesson.
export function follower(history) {
  let settled = false;
  return (wanted, current) => {
    if (wanted !== current) {
      if (settled) history.pushState(null, "", wanted);
      else history.replaceState(null, "", wanted);
    }
    settled = true;
  };
}
