// META: script=resources/websocket-helpers.js
// META: variant=
// META: variant=?wss
// close(code, reason): validation at every boundary, and what happens in each state.

function openSocket() {
  const ws = new WebSocket(wsUrl('/echo'));
  return nextEvent(ws, ['open']).then(() => ws);
}

for (const code of [0, 999, 1001, 2999, 5000, 65535]) {
  promise_test(async t => {
    const ws = await openSocket();
    assert_throws_dom('InvalidAccessError', () => ws.close(code));
    assert_equals(ws.readyState, WebSocket.OPEN, 'still open');
    ws.close();
    await nextEvent(ws, ['close']);
  }, `close(${code}) throws InvalidAccessError`);
}

for (const code of [1000, 3000, 4999]) {
  promise_test(async t => {
    const ws = await openSocket();
    ws.close(code, 'ok');
    assert_equals(ws.readyState, WebSocket.CLOSING);
    const close = await nextEvent(ws, ['close']);
    assert_equals(close.code, code, 'the server echoes the code');
    assert_equals(close.reason, 'ok');
    assert_true(close.wasClean);
  }, `close(${code}) closes cleanly with that code`);
}

promise_test(async t => {
  const ws = await openSocket();
  // [Clamp]: 70000 clamps to 65535, which is out of range.
  assert_throws_dom('InvalidAccessError', () => ws.close(70000));
  // [Clamp]: 3000.4 rounds to 3000, which is fine.
  ws.close(3000.4);
  const close = await nextEvent(ws, ['close']);
  assert_equals(close.code, 3000);
}, 'close() clamps its code argument');

const reasons = [
  ['a'.repeat(123), true, '123 ASCII bytes'],
  ['a'.repeat(124), false, '124 ASCII bytes'],
  ['\u00e9'.repeat(61) + 'a', true, '123 bytes of two-byte characters'],
  ['\u00e9'.repeat(62), false, '124 bytes of two-byte characters'],
  ['\uD800'.repeat(41), true, '41 lone surrogates (123 bytes as U+FFFD)'],
  ['\uD800'.repeat(42), false, '42 lone surrogates (126 bytes as U+FFFD)'],
];
for (const [reason, ok, label] of reasons) {
  promise_test(async t => {
    const ws = await openSocket();
    if (ok) {
      ws.close(1000, reason);
      const close = await nextEvent(ws, ['close']);
      assert_equals(close.reason, reason.replace(/\uD800/g, '\uFFFD'), 'reason echoed');
    } else {
      assert_throws_dom('SyntaxError', () => ws.close(1000, reason));
      assert_equals(ws.readyState, WebSocket.OPEN);
      ws.close();
      await nextEvent(ws, ['close']);
    }
  }, `close(1000, reason of ${label}) ${ok ? 'is accepted' : 'throws SyntaxError'}`);
}

promise_test(async t => {
  const ws = new WebSocket(wsUrl('/echo'));
  const seen = recordUntilClose(ws);
  ws.close();
  assert_equals(ws.readyState, WebSocket.CLOSING, 'CLOSING at once');
  const events = await seen;
  assert_array_equals(events.map(e => e.type), ['error', 'close'], 'error then close, no open');
  const close = events[1].event;
  assert_equals(close.code, 1006);
  assert_false(close.wasClean);
  assert_equals(ws.readyState, WebSocket.CLOSED);
}, 'close() while CONNECTING fails the connection: error, then close with 1006');

promise_test(async t => {
  const ws = new WebSocket(wsUrl('/echo'));
  let fired = [];
  ws.onerror = () => fired.push('error');
  ws.onclose = () => fired.push('close');
  ws.close();
  assert_array_equals(fired, [], 'no event inside close()');
  await nextEvent(ws, ['close']);
}, 'close() never fires events synchronously');

promise_test(async t => {
  const ws = await openSocket();
  ws.close(3000, 'first');
  ws.close(3001, 'second');
  const close = await nextEvent(ws, ['close']);
  assert_equals(close.code, 3000, 'the second close() did nothing');
  assert_throws_dom('InvalidAccessError', () => ws.close(5000), 'validation still runs when CLOSED');
  ws.close(1000);
  assert_equals(ws.readyState, WebSocket.CLOSED);
}, 'close() in CLOSING or CLOSED does nothing (after validating its arguments)');
