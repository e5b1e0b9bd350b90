// Opens a WebSocket to the echo server, sends a text and a binary message, prints what
// comes back and how the connection closed. Run it with `tools/run examples/echo.js`,
// which starts the bundled echo server and passes its address as --location: the relative
// URL below resolves against it (http: becomes ws:), as it would in a page.
const ws = new WebSocket('/echo');
ws.binaryType = 'arraybuffer';
let received = 0;

ws.onopen = () => {
  console.log(`open: ${ws.url} (protocol "${ws.protocol}", extensions "${ws.extensions}")`);
  ws.send('hello from v8ws');
  ws.send(new Uint8Array([1, 2, 3, 250]));
};

ws.onmessage = (event) => {
  if (typeof event.data === 'string') {
    console.log(`text: ${event.data}`);
  } else {
    console.log(`binary: ${new Uint8Array(event.data).join(',')} (${event.data.byteLength} bytes)`);
  }
  if (++received === 2) ws.close(1000, 'done');
};

ws.onerror = () => console.log('error');
ws.onclose = (event) => {
  console.log(`close: code ${event.code}, reason "${event.reason}", wasClean ${event.wasClean}`);
};
