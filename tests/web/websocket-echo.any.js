// META: script=resources/websocket-helpers.js
// META: variant=
// META: variant=?wss
// Open, echo and close against the bundled server (Python websockets), with readyState
// checked in each handler.

promise_test(async t => {
  const ws = new WebSocket(wsUrl('/echo'));
  assert_equals(ws.readyState, WebSocket.CONNECTING, 'readyState after construction');
  assert_equals(ws.protocol, '', 'protocol before open');
  const events = recordUntilClose(ws);
  await nextEvent(ws, ['open']);
  assert_equals(ws.readyState, WebSocket.OPEN, 'readyState in open');
  ws.send('hello, world');
  const message = await nextEvent(ws, ['message']);
  assert_equals(message.data, 'hello, world');
  assert_true(message instanceof MessageEvent, 'a MessageEvent');
  assert_equals(message.origin, SCHEME + '://' + SERVER, 'origin is the URL\'s origin');
  assert_equals(message.lastEventId, '');
  assert_equals(message.source, null);
  assert_array_equals(message.ports, []);
  assert_true(message.isTrusted, 'trusted');
  ws.close(1000, 'bye');
  assert_equals(ws.readyState, WebSocket.CLOSING, 'readyState right after close()');
  const seen = await events;
  const close = seen[seen.length - 1].event;
  assert_array_equals(seen.map(e => e.type), ['open', 'message', 'close']);
  assert_true(close instanceof CloseEvent, 'a CloseEvent');
  assert_equals(close.code, 1000);
  assert_equals(close.reason, 'bye');
  assert_true(close.wasClean, 'wasClean');
  assert_equals(ws.readyState, WebSocket.CLOSED, 'readyState in close');
}, 'text round trip: open, message, close(1000, reason)');

promise_test(async t => {
  const ws = new WebSocket(wsUrl('/echo'));
  ws.binaryType = 'arraybuffer';
  await nextEvent(ws, ['open']);
  const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
  ws.send(bytes.buffer);
  ws.send(new DataView(bytes.buffer, 2, 3));
  const first = await nextEvent(ws, ['message']);
  assert_true(first.data instanceof ArrayBuffer, 'ArrayBuffer');
  assert_array_equals(new Uint8Array(first.data), bytes);
  const second = await nextEvent(ws, ['message']);
  assert_array_equals(new Uint8Array(second.data), [2, 253, 254]);
  ws.close();
  const close = await nextEvent(ws, ['close']);
  assert_equals(close.code, 1005, 'close() without a code: no status in the Close frame');
  assert_true(close.wasClean);
}, 'binary round trip with ArrayBuffer and ArrayBufferView; close() without code gives 1005');

promise_test(async t => {
  const ws = new WebSocket(wsUrl('/echo'));
  await nextEvent(ws, ['open']);
  const big = 'x'.repeat(300000) + '\u00e9\u4e2d\u{1F600}';
  ws.send(big);
  const message = await nextEvent(ws, ['message']);
  assert_equals(message.data.length, big.length);
  assert_equals(message.data, big);
  ws.close();
  await nextEvent(ws, ['close']);
}, 'a 300 KB text message with non-ASCII characters comes back intact');

promise_test(async t => {
  const ws = new WebSocket(wsUrl('/echo'));
  await nextEvent(ws, ['open']);
  ws.send('h\u00e9llo');
  assert_equals(ws.bufferedAmount, 6, 'bufferedAmount rises by the UTF-8 length at once');
  ws.send(new Uint8Array(10));
  assert_equals(ws.bufferedAmount, 16, 'and by the byte length of binary data');
  await nextEvent(ws, ['message']);
  await nextEvent(ws, ['message']);
  assert_equals(ws.bufferedAmount, 0, 'back to 0 once the data left');
  ws.close();
  await nextEvent(ws, ['close']);
}, 'bufferedAmount is a ledger of application bytes');

promise_test(async t => {
  // Relative to the --location the runner passes (an http: URL): http: becomes ws:.
  const ws = new WebSocket('/echo?relative');
  assert_equals(ws.url, 'ws://' + globalThis.WEB_TEST_SERVER + '/echo?relative');
  await nextEvent(ws, ['open']);
  ws.close();
  await nextEvent(ws, ['close']);
}, 'a relative URL resolves against the base URL');

promise_test(async t => {
  const ws = new WebSocket(wsUrl('/close/3001/going'));
  const seen = await recordUntilClose(ws);
  assert_array_equals(seen.map(e => e.type), ['open', 'close']);
  const close = seen[1].event;
  assert_equals(close.code, 3001);
  assert_equals(close.reason, 'going');
  assert_true(close.wasClean);
}, 'the server closes first: its code and reason reach the close event');

promise_test(async t => {
  const ws = new WebSocket(wsUrl('/send-then-close'));
  ws.binaryType = 'arraybuffer';
  const seen = await recordUntilClose(ws);
  assert_array_equals(seen.map(e => e.type), ['open', 'message', 'message', 'close']);
  assert_equals(seen[1].event.data, 'hello');
  assert_array_equals(new Uint8Array(seen[2].event.data), [0, 1]);
  assert_equals(seen[3].event.code, 1000);
  assert_equals(seen[3].event.reason, 'done');
}, 'messages sent before the server\'s Close frame are all delivered, in order');

promise_test(async t => {
  const ws = new WebSocket(wsUrl('/echo?protocols=b'), ['a', 'b']);
  await nextEvent(ws, ['open']);
  assert_equals(ws.protocol, 'b', 'the protocol the server selected');
  // The bundled ws: server accepts permessage-deflate with its own window sizes; the wss:
  // one declines it.
  assert_equals(ws.extensions, WEB_TEST_VARIANT === '?wss' ? '' :
                'permessage-deflate; server_max_window_bits=12; client_max_window_bits=12');
  ws.close();
  await nextEvent(ws, ['close']);
}, 'protocol reflects the subprotocol the server selected');

promise_test(async t => {
  const ws = new WebSocket(wsUrl('/echo'), 'unknown-protocol');
  const seen = await recordUntilClose(ws);
  assert_array_equals(seen.map(e => e.type), ['error', 'close']);
  assert_equals(seen[1].event.code, 1006);
  assert_false(seen[1].event.wasClean);
}, 'a requested subprotocol the server does not select fails the connection');

promise_test(async t => {
  const ws = new WebSocket(wsUrl('/echo'));
  assert_equals(ws.binaryType, 'blob');
  await nextEvent(ws, ['open']);
  const blob = new Blob(['blob ', new Uint8Array([1, 2])]);
  ws.send(blob);
  assert_equals(ws.bufferedAmount, 7, 'the Blob\'s size is counted');
  const message = await nextEvent(ws, ['message']);
  assert_true(message.data instanceof Blob, 'binaryType "blob" gives a Blob');
  assert_equals(message.data.type, '');
  assert_array_equals(await message.data.bytes(), [98, 108, 111, 98, 32, 1, 2]);
  ws.binaryType = 'arraybuffer';
  ws.send(blob.slice(5));
  const second = await nextEvent(ws, ['message']);
  assert_true(second.data instanceof ArrayBuffer, 'binaryType read when each message arrives');
  assert_array_equals(new Uint8Array(second.data), [1, 2]);
  ws.close();
  await nextEvent(ws, ['close']);
}, 'Blobs go out as binary messages; binary messages arrive as Blobs by default');

promise_test(async t => {
  // Large, compressible and incompressible payloads of both kinds, through whatever the
  // server negotiated (permessage-deflate on ws:, none on wss:), in order.
  const ws = new WebSocket(wsUrl('/echo'));
  ws.binaryType = 'arraybuffer';
  await nextEvent(ws, ['open']);
  const text = 'compressible text \u00e9\u{1F600} '.repeat(20000);
  const random = new Uint8Array(300000);
  fillPseudoRandom(random);
  const zeros = new Uint8Array(1 << 20);
  ws.send(text);
  ws.send(random);
  ws.send(zeros);
  ws.send('');
  const got = [];
  for (let i = 0; i < 4; ++i)
    got.push((await nextEvent(ws, ['message'])).data);
  assert_equals(got[0], text);
  assert_array_equals(new Uint8Array(got[1]), random);
  assert_equals(got[2].byteLength, zeros.byteLength);
  assert_true(new Uint8Array(got[2]).every(b => b === 0));
  assert_equals(got[3], '');
  ws.close();
  await nextEvent(ws, ['close']);

  // xorshift bytes (the shell has no crypto.getRandomValues): incompressible enough.
  function fillPseudoRandom(view) {
    let x = 0x9E3779B9 ^ view.length;
    for (let i = 0; i < view.length; ++i) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      view[i] = x & 0xFF;
    }
  }
}, 'large compressible and incompressible messages echo intact');

promise_test(async t => {
  // Each received event is an object of its own, shaped as a new one: what script does to
  // one never shows on the next, nor on events it constructs.
  const ws = new WebSocket(wsUrl('/echo'));
  await nextEvent(ws, ['open']);
  ws.send('first');
  const first = await nextEvent(ws, ['message']);
  const constructed = new MessageEvent('message');
  assert_array_equals(Object.getOwnPropertyNames(first), Object.getOwnPropertyNames(constructed),
                      'the same own properties as a constructed event');
  assert_equals(Object.getPrototypeOf(first), MessageEvent.prototype);
  first.extra = 1;
  Object.defineProperty(first, 'data', { value: 'changed' });
  Object.setPrototypeOf(first, null);
  ws.send('second');
  const second = await nextEvent(ws, ['message']);
  assert_not_equals(second, first, 'a new object');
  assert_false('extra' in second, 'no property added to an earlier event');
  assert_equals(second.data, 'second');
  assert_false(Object.prototype.hasOwnProperty.call(second, 'data'), 'data stays on the prototype');
  assert_equals(Object.getPrototypeOf(second), MessageEvent.prototype);
  assert_true(second.isTrusted);
  assert_false(new MessageEvent('message').isTrusted, 'constructed events stay untrusted');
  ws.close();
}, 'every received MessageEvent is a fresh object shaped like a constructed one');

promise_test(async t => {
  // HTML's timer nesting clamp: a chain of zero-delay timers waits 4 ms a step past five
  // levels, so the event loop gets to the socket and the echo arrives while script spins.
  const ws = new WebSocket(wsUrl('/echo'));
  await nextEvent(ws, ['open']);
  let got = false;
  ws.onmessage = () => { got = true; };
  ws.send('while spinning');
  let spins = 0;
  while (!got && spins < 500)
    await new Promise(resolve => { spins++; setTimeout(resolve, 0); });
  assert_true(got, 'the message arrived during ' + spins + ' zero-delay timers');
  ws.close();
}, 'a chain of zero-delay timers does not keep a message from arriving');

promise_test(async t => {
  // Steps 5-7 of the timer initialization steps: the first five nested timers may run at
  // once, each later one waits 4 ms. The bound checked is 3 ms: libuv's timers count whole
  // milliseconds of a clock read at the start of the loop's turn, so one may fire up to a
  // millisecond short of its delay (unclamped, the gaps are microseconds).
  const times = [];
  await new Promise(resolve => {
    const step = () => { times.push(performance.now()); if (times.length < 10) setTimeout(step, 0); else resolve(); };
    setTimeout(step, 0);
  });
  for (let i = 6; i < times.length; i++)
    assert_greater_than_equal(times[i] - times[i - 1], 3, 'gap before timer ' + (i + 1));
}, 'nested zero-delay timers past the fifth level wait at least 4 ms');
