// Says on the page when the dashboard stops answering, with a Reload button: the kernel died
// or was restarted (its widgets are gone), or the connection to the server was lost. Voila's
// own page says nothing and goes dead. The page template loads this before Voila's code, so
// every kernel websocket the page opens is one of these.
(() => {
  const NativeWebSocket = window.WebSocket;
  const KERNEL_CHANNELS = /\/api\/kernels\/[^/?]+\/channels/;
  const WORDS = {
    stopped: 'The dashboard stopped on the server.',
    lost: 'The connection to the dashboard was lost.',
  };
  const AFTER = 'Reload opens it again at this step.';
  let stopped = false;
  let leaving = false;
  addEventListener('beforeunload', () => { leaving = true; });

  function show(kind) {
    if (leaving) return;
    let box = document.getElementById('glutelib-fault');
    if (!box) {
      box = document.createElement('div');
      box.id = 'glutelib-fault';
      box.setAttribute('role', 'alert');
      const words = document.createElement('p');
      const reload = document.createElement('button');
      reload.type = 'button';
      reload.textContent = 'Reload';
      reload.addEventListener('click', () => location.reload());
      box.append(words, reload);
      document.body.append(box);
    }
    box.dataset.fault = kind;
    box.firstChild.textContent = `${WORDS[kind]} ${AFTER}`;
    if (kind === 'stopped') box.lastChild.focus();  // a blip of the connection may pass
  }

  function hide() {
    const box = document.getElementById('glutelib-fault');
    if (box && !stopped) box.remove();
  }

  // The kernel's execution_state in a status message, else null. Frames come as JSON text or
  // in the v1 binary protocol: a count n, n little-endian uint64 offsets, then the parts
  // channel, header, parent_header, metadata, content (part i from offset i to offset i + 1).
  function statusOf(data) {
    try {
      if (typeof data === 'string') {
        const msg = JSON.parse(data);
        return msg.header.msg_type === 'status' ? msg.content.execution_state : null;
      }
      if (!(data instanceof ArrayBuffer) || data.byteLength > 4096) return null;
      const view = new DataView(data);
      const n = Number(view.getBigUint64(0, true));
      const at = (i) => Number(view.getBigUint64(8 * (i + 1), true));
      const part = (i) => JSON.parse(new TextDecoder().decode(data.slice(at(i), at(i + 1))));
      if (n < 6 || part(1).msg_type !== 'status') return null;
      return part(4).execution_state;
    } catch {
      return null;
    }
  }

  class WatchedWebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      if (!KERNEL_CHANNELS.test(String(url))) return;
      this.addEventListener('open', hide);
      this.addEventListener('message', (event) => {
        const state = statusOf(event.data);
        if (state === 'restarting' || state === 'dead') {
          stopped = true;
          show('stopped');
        }
      });
      this.addEventListener('close', () => show(stopped ? 'stopped' : 'lost'));
    }
  }
  window.WebSocket = WatchedWebSocket;
})();
