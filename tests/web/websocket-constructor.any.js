// META: script=resources/websocket-helpers.js
// The constructor's URL and protocol checks, and send() before the connection opens.

test(() => {
  assert_equals(WebSocket.length, 1);
  assert_throws_js(TypeError, () => WebSocket(wsUrl('/echo')), 'without new');
  assert_throws_js(TypeError, () => new WebSocket(), 'without arguments');
}, 'the constructor needs new and a URL');

for (const url of ['ws://', 'foo://127.0.0.1/', 'ws://127.0.0.1/#x', 'ws://127.0.0.1/#',
                   'ws://exa mple.com/', 'ws://[::1/', 'ws://127.0.0.1:65536/',
                   'mailto:someone@example.com', 'data:text/plain,x']) {
  test(() => {
    assert_throws_dom('SyntaxError', () => new WebSocket(url));
  }, `new WebSocket(${JSON.stringify(url)}) throws SyntaxError`);
}

for (const protocols of ['', 'a b', 'a,b', '\u00e9', ['a', 'a'], ['echo', 'ECHO'], ['a', '']]) {
  test(() => {
    assert_throws_dom('SyntaxError', () => new WebSocket(wsUrl('/echo'), protocols));
  }, `protocols ${JSON.stringify(protocols)} throw SyntaxError`);
}

test(() => {
  const ws = new WebSocket('http://' + SERVER + '/echo');
  assert_equals(ws.url, 'ws://' + SERVER + '/echo', 'http: becomes ws:');
  ws.close();
  const ws2 = new WebSocket('WS://' + SERVER.toUpperCase());
  assert_equals(ws2.url, 'ws://' + SERVER + '/', 'serialized');
  ws2.close();
}, 'url is the serialized, parsed URL');

test(() => {
  const ws = new WebSocket(wsUrl('/echo'));
  assert_throws_dom('InvalidStateError', () => ws.send('x'));
  assert_throws_dom('InvalidStateError', () => ws.send(new ArrayBuffer(4)));
  assert_equals(ws.bufferedAmount, 0, 'nothing was counted');
  try {
    ws.send('x');
  } catch (e) {
    assert_true(e instanceof DOMException, 'a DOMException');
    assert_equals(e.code, DOMException.INVALID_STATE_ERR);
    assert_equals(e.message, "Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.");
  }
  ws.close();
}, 'send() while CONNECTING throws InvalidStateError');

promise_test(async t => {
  // Port 2 on loopback: nothing listens there (and it is not a bad port).
  const ws = new WebSocket('ws://127.0.0.1:2/');
  const seen = await recordUntilClose(ws);
  assert_array_equals(seen.map(e => e.type), ['error', 'close']);
  assert_equals(seen[1].event.code, 1006);
  assert_false(seen[1].event.wasClean);
  assert_equals(seen[1].readyState, WebSocket.CLOSED);
}, 'a refused connection fires error, then close with 1006');

test(() => {
  const names = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];
  names.forEach((name, value) => {
    assert_equals(WebSocket[name], value, 'on the interface');
    assert_equals(WebSocket.prototype[name], value, 'on the prototype');
  });
}, 'the readyState constants');

test(() => {
  const ws = new WebSocket(wsUrl('/echo'));
  assert_equals(ws.binaryType, 'blob', 'default');
  ws.binaryType = 'arraybuffer';
  assert_equals(ws.binaryType, 'arraybuffer');
  ws.binaryType = 'other';
  assert_equals(ws.binaryType, 'arraybuffer', 'an invalid value is ignored');
  ws.close();
}, 'binaryType');

promise_test(async t => {
  // The ws: server speaks no TLS: the handshake cannot even start.
  const ws = new WebSocket('wss://' + globalThis.WEB_TEST_SERVER + '/echo');
  const seen = await recordUntilClose(ws);
  assert_array_equals(seen.map(e => e.type), ['error', 'close']);
  assert_equals(seen[1].event.code, 1006);
}, 'wss: to a server without TLS fails: error, then close with 1006');

for (const port of [1, 25, 6666, 10080]) {
  promise_test(async t => {
    let ws;
    // No exception: Fetch blocks the port, so the connection fails.
    ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    assert_equals(ws.readyState, WebSocket.CONNECTING);
    const seen = await recordUntilClose(ws);
    assert_array_equals(seen.map(e => e.type), ['error', 'close']);
    assert_equals(seen[1].event.code, 1006);
  }, `port ${port} is a bad port: the connection fails without an exception`);
}

promise_test(async t => {
  const ws = new WebSocket('ws://us%65r:p%20w@' + SERVER + '/headers');
  assert_equals(ws.url, 'ws://us%65r:p%20w@' + SERVER + '/headers', 'url keeps the credentials');
  const message = await nextEvent(ws, ['message']);
  const headers = JSON.parse(message.data);
  assert_equals(headers['authorization'], 'Basic dXNlcjpwIHc=',  // base64 of 'user:p w'
                'percent-decoded credentials, Basic authentication');
  assert_equals(headers['origin'], 'http://' + SERVER, 'Origin is the --location origin');
  assert_equals(headers['host'], SERVER);
  assert_equals(headers['sec-websocket-version'], '13');
  assert_false('sec-websocket-protocol' in headers, 'no protocols requested');
  await nextEvent(ws, ['close']);
}, 'the handshake carries Origin, Host and the URL\'s credentials');
