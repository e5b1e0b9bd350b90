// The embedder's script: a plain global with v8ws's interfaces and console, nothing else
// (no timers). Talks to the bundled echo server at the base URL the host was given.
const ws = new WebSocket('/echo');
ws.binaryType = 'arraybuffer';
// A delayed task of the host's loop that must not keep it alive once the socket closes.
const signal = AbortSignal.timeout(60000);
ws.onopen = () => {
  console.log('open', ws.url, ws.protocol === '' ? '(no subprotocol)' : ws.protocol);
  ws.send('hello from an embedder');
  ws.send(new Uint8Array([1, 2, 3]));
};
let received = 0;
ws.onmessage = (e) => {
  console.log('echo:', typeof e.data === 'string' ? e.data : `${e.data.byteLength} bytes`);
  if (++received === 2) ws.close(1000, 'done');
};
ws.onclose = (e) => {
  console.log(`closed ${e.code} ${e.reason} clean=${e.wasClean} aborted=${signal.aborted}`);
  Promise.resolve().then(() => console.log('microtasks run after listeners'));
};
