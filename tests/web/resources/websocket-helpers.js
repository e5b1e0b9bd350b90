// Helpers for the WebSocket web tests. The runner passes --location with the ws: server's
// address, so relative URLs reach it. A test file that lists `// META: variant=?wss` runs a
// second time with every wsUrl() on the wss: server (a certificate for localhost).
const SECURE = globalThis.WEB_TEST_VARIANT === '?wss';
const SERVER = SECURE ? globalThis.WEB_TEST_SECURE_SERVER : globalThis.WEB_TEST_SERVER;
const SCHEME = SECURE ? 'wss' : 'ws';

// A ws:// (or, in the wss variant, wss://) URL on the test server.
function wsUrl(path) {
  return SCHEME + '://' + SERVER + path;
}

// Resolves with the event of the first of `types` that fires on `target`.
function nextEvent(target, types) {
  return new Promise(resolve => {
    const handler = e => {
      for (const t of types) target.removeEventListener(t, handler);
      resolve(e);
    };
    for (const t of types) target.addEventListener(t, handler);
  });
}

// Records the order of events on a WebSocket; resolves after `close`.
function recordUntilClose(ws) {
  return new Promise(resolve => {
    const seen = [];
    for (const type of ['open', 'message', 'error', 'close']) {
      ws.addEventListener(type, e => {
        seen.push({type, readyState: ws.readyState, event: e});
        if (type === 'close') resolve(seen);
      });
    }
  });
}
