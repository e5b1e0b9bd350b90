// META: script=resources/websocket-helpers.js
// META: variant=
// META: variant=?wss
// WebSocketStream (whatwg/websockets PR #48, as Chromium ships it): the constructor's checks,
// the opened and closed promises, close() and the streams' close, abort and cancel, the
// abort signal, writes, and backpressure both ways over a real socket.
'use strict';

const HOSTILE = `ws://${globalThis.WEB_TEST_HOSTILE_SERVER}`;

function isWebSocketError(e) {
  return e instanceof WebSocketError && e.constructor === WebSocketError;
}

async function rejection(promise) {
  return promise.then(v => assert_unreached('should have rejected, got ' + v), e => e);
}

// ---- the constructor ----

test(() => {
  assert_throws_dom('SyntaxError', () => new WebSocketStream('invalid:'));
  assert_throws_dom('SyntaxError', () => new WebSocketStream('ftp://127.0.0.1/'));
  assert_throws_dom('SyntaxError', () => new WebSocketStream(wsUrl('/echo#fragment')));
  assert_throws_dom('SyntaxError', () => new WebSocketStream('http://[::1/'));
}, 'a URL that is not ws: or wss:, has a fragment or does not parse throws a SyntaxError');

test(() => {
  assert_throws_js(TypeError, () => new WebSocketStream(wsUrl('/echo'), true));
  assert_throws_js(TypeError, () => new WebSocketStream(wsUrl('/echo'), { protocols: 'hi' }));
  assert_throws_js(TypeError, () => new WebSocketStream(wsUrl('/echo'), { signal: {} }));
  assert_throws_js(TypeError, () => new WebSocketStream());
}, 'options that are not a WebSocketStreamOptions throw a TypeError');

test(() => {
  assert_throws_dom('SyntaxError',
                    () => new WebSocketStream(wsUrl('/echo'), { protocols: ['a b'] }));
  assert_throws_dom('SyntaxError',
                    () => new WebSocketStream(wsUrl('/echo'), { protocols: ['chat', 'CHAT'] }));
  assert_throws_dom('SyntaxError',
                    () => new WebSocketStream(wsUrl('/echo'), { protocols: [''] }));
}, 'protocols are checked as new WebSocket() checks them');

promise_test(async () => {
  const wss = new WebSocketStream(wsUrl('/echo').replace(/^ws/, 'http'));
  assert_equals(wss.url, wsUrl('/echo'), 'http: becomes ws:, https: wss:');
  assert_true(wss.opened instanceof Promise);
  assert_equals(wss.opened, wss.opened, 'the same promise every time');
  assert_equals(wss.closed, wss.closed);
  const info = await wss.opened;
  assert_array_equals(Object.keys(info), ['extensions', 'protocol', 'readable', 'writable'],
                      'a WebSocketOpenInfo, its members in order');
  assert_true(info.readable instanceof ReadableStream);
  assert_true(info.writable instanceof WritableStream);
  assert_equals(typeof info.extensions, 'string');
  assert_equals(info.protocol, '');
  wss.close();
  await wss.closed;
}, 'opened resolves with the two streams, the extensions and the protocol');

promise_test(async () => {
  const wss = new WebSocketStream(wsUrl('/echo?protocols=beta'),
                                  { protocols: ['alpha', 'beta'] });
  const { protocol } = await wss.opened;
  assert_equals(protocol, 'beta');
  wss.close();
  await wss.closed;
}, 'the protocol the server selected');

// ---- messages ----

promise_test(async () => {
  const wss = new WebSocketStream(wsUrl('/echo'));
  const { readable, writable } = await wss.opened;
  const writer = writable.getWriter();
  const reader = readable.getReader();
  await writer.write('hello \u{1F600}');
  await writer.write('');
  await writer.write(new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 4));
  await writer.write(new Uint8Array([9]).buffer);
  await writer.write(new ArrayBuffer(0));
  assert_object_equals(await reader.read(), { done: false, value: 'hello \u{1F600}' });
  assert_object_equals(await reader.read(), { done: false, value: '' });
  let { value } = await reader.read();
  assert_true(value instanceof ArrayBuffer, 'binary messages are ArrayBuffers');
  assert_array_equals(new Uint8Array(value), [2, 3, 4], 'only the view\'s bytes are sent');
  ({ value } = await reader.read());
  assert_array_equals(new Uint8Array(value), [9]);
  ({ value } = await reader.read());
  assert_equals(value.byteLength, 0);
  wss.close();
  assert_object_equals(await wss.closed, { closeCode: 1005, reason: '' });
  assert_true((await reader.read()).done, 'the readable closes after a clean close');
}, 'text and binary messages, empty ones too, go out and come back in order');

promise_test(async t => {
  const wss = new WebSocketStream(wsUrl('/echo'));
  const { writable } = await wss.opened;
  const writer = writable.getWriter();
  const cannotStringify = { toString() { return this; } };
  await promise_rejects_js(t, TypeError, writer.write(cannotStringify));
  await promise_rejects_js(t, TypeError, writer.closed, 'the writable is errored');
  wss.close();
}, 'a chunk that cannot become a string rejects the write with the TypeError');

promise_test(async t => {
  const wss = new WebSocketStream(wsUrl('/echo'));
  const { writable } = await wss.opened;
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  await promise_rejects_js(t, TypeError, writable.getWriter().write(new Uint8Array(memory.buffer)));
  wss.close();
}, 'a view of a shared buffer is not sent: the write rejects with a TypeError');

promise_test(async () => {
  const wss = new WebSocketStream(wsUrl('/echo'));
  const { writable } = await wss.opened;
  const writer = writable.getWriter();
  await writer.write({ toString() { return 'from toString'; } });
  const { readable } = await wss.opened;
  assert_equals((await readable.getReader().read()).value, 'from toString');
  wss.close();
  await wss.closed;
}, 'anything else is sent as the string it converts to');

// ---- close() ----

for (const [name, arg, code, reason] of [
  ['a code and reason', { closeCode: 3456, reason: 'pizza' }, 3456, 'pizza'],
  ['no argument', undefined, 1005, ''],
  ['an empty dictionary', {}, 1005, ''],
  ['an empty reason', { reason: '' }, 1005, ''],
  ['a reason and no code', { reason: 'non-empty' }, 1000, 'non-empty'],
  ['1000', { closeCode: 1000 }, 1000, ''],
]) {
  promise_test(async () => {
    const wss = new WebSocketStream(wsUrl('/echo'));
    await wss.opened;
    wss.close(arg);
    assert_object_equals(await wss.closed, { closeCode: code, reason });
  }, `close() with ${name} sends it, and the server's answer resolves closed`);
}

promise_test(async () => {
  const wss = new WebSocketStream(wsUrl('/echo'));
  await wss.opened;
  assert_throws_js(TypeError, () => wss.close(true));
  assert_throws_js(TypeError, () => wss.close({ closeCode: 65536 }), '[EnforceRange]');
  assert_throws_js(TypeError, () => wss.close({ closeCode: NaN }));
  assert_throws_dom('SyntaxError', () => wss.close({ reason: '.'.repeat(124) }));
  assert_throws_dom('SyntaxError', () => wss.close({ reason: '\u00e9'.repeat(62) }),
                    '124 UTF-8 bytes');
  for (const closeCode of [999, 1001, 1005, 2999, 5000])
    assert_throws_dom('InvalidAccessError', () => wss.close({ closeCode }), `${closeCode}`);
  wss.close({ closeCode: 4999, reason: '.'.repeat(123) });
  assert_object_equals(await wss.closed, { closeCode: 4999, reason: '.'.repeat(123) });
}, 'close() checks its code and reason as WebSocket\'s close() does');

promise_test(async () => {
  const wss = new WebSocketStream(wsUrl('/echo'));
  wss.close({ closeCode: 3000 });
  const [opened, closed] = await Promise.all([rejection(wss.opened), rejection(wss.closed)]);
  assert_true(isWebSocketError(opened), 'opened rejects with a WebSocketError');
  assert_equals(opened.closeCode, null);
  assert_true(isWebSocketError(closed), 'closed rejects with a WebSocketError');
  assert_equals(closed.closeCode, 1006);
}, 'close() during the handshake fails the connection');

promise_test(async () => {
  const wss = new WebSocketStream(`${HOSTILE}/passive/close-abort`);
  await wss.opened;
  wss.close({ closeCode: 4000, reason: 'because' });
  const error = await rejection(wss.closed);
  assert_true(isWebSocketError(error));
  assert_equals(error.closeCode, 1006, 'Abnormal Closure');
  assert_equals(error.message, 'WebSocket was not cleanly closed.');
}, 'a closing handshake the server cuts off is an unclean close');

promise_test(async () => {
  const wss = new WebSocketStream(wsUrl('/close/4001/bye'));
  const { readable, writable } = await wss.opened;
  assert_object_equals(await wss.closed, { closeCode: 4001, reason: 'bye' });
  assert_true((await readable.getReader().read()).done, 'the readable is closed');
  const writer = writable.getWriter();
  const error = await rejection(writer.write('late'));
  assert_equals(error.name, 'InvalidStateError', 'the writable is errored');
}, 'the server\'s close closes the readable and errors the writable');

// ---- the streams' close, abort and cancel ----

promise_test(async () => {
  const wss = new WebSocketStream(wsUrl('/echo'));
  const { writable } = await wss.opened;
  await writable.getWriter().close();
  assert_object_equals(await wss.closed, { closeCode: 1005, reason: '' });
}, 'closing the writable closes the connection cleanly, with no code');

promise_test(async () => {
  const wss = new WebSocketStream(`${HOSTILE}/passive/delayed-close?ms=1000`);
  const { writable } = await wss.opened;
  const start = performance.now();
  await writable.getWriter().close();
  assert_greater_than_equal(performance.now() - start, 900,
                            'resolved once the server answered, a second later');
  assert_object_equals(await wss.closed, { closeCode: 1005, reason: '' });
}, 'the writer\'s close() resolves only when the closing handshake completes');

for (const [method, side] of [['abort', 'writable'], ['cancel', 'readable']]) {
  for (const [name, make, code, reason] of [
    ['nothing', () => undefined, 1005, ''],
    ['a plain object with a code', () => ({ closeCode: 3333, reason: 'ignored' }), 1005, ''],
    ['a WebSocketError with a code', () => new WebSocketError('', { closeCode: 3333 }), 3333, ''],
    ['a WebSocketError with a code and reason',
     () => new WebSocketError('', { closeCode: 3456, reason: 'set' }), 3456, 'set'],
    ['a WebSocketError with only a reason',
     () => new WebSocketError('', { reason: 'specified' }), 1000, 'specified'],
    ['a DOMException with closeCode and reason properties', () => {
      const e = new DOMException('yes', 'DataCloneError');
      e.closeCode = 1000;
      e.reason = 'ignored';
      return e;
    }, 1005, ''],
  ]) {
    promise_test(async () => {
      const wss = new WebSocketStream(wsUrl('/echo'));
      const info = await wss.opened;
      await info[side][method](make());
      assert_object_equals(await wss.closed, { closeCode: code, reason });
    }, `${method} on the ${side} with ${name} closes with code ${code}`);
  }
}

// ---- the signal ----

promise_test(async () => {
  const controller = new AbortController();
  controller.abort(new Error('not this'));
  const wss = new WebSocketStream(wsUrl('/echo'), { signal: controller.signal });
  const [opened, closed] = await Promise.all([rejection(wss.opened), rejection(wss.closed)]);
  assert_equals(opened.name, 'AbortError');
  assert_true(opened instanceof DOMException);
  assert_equals(opened, closed, 'the same error');
}, 'an aborted signal rejects both promises with an AbortError, and nothing connects');

promise_test(async () => {
  const controller = new AbortController();
  const wss = new WebSocketStream(`${HOSTILE}/passive/slow-handshake?ms=2000`,
                                  { signal: controller.signal });
  await new Promise(resolve => setTimeout(resolve, 50));
  const start = performance.now();
  controller.abort();
  const [opened, closed] = await Promise.all([rejection(wss.opened), rejection(wss.closed)]);
  assert_less_than(performance.now() - start, 1000, 'at once, not after the handshake');
  assert_equals(opened.name, 'AbortError');
  assert_equals(closed.name, 'AbortError');
}, 'aborting during the handshake rejects both promises with an AbortError');

promise_test(async () => {
  const controller = new AbortController();
  const wss = new WebSocketStream(wsUrl('/echo'), { signal: controller.signal });
  const { readable, writable } = await wss.opened;
  controller.abort();
  await writable.getWriter().write('still connected');
  assert_equals((await readable.getReader().read()).value, 'still connected');
  wss.close();
  await wss.closed;
}, 'aborting after the handshake does nothing');

promise_test(async () => {
  const wss = new WebSocketStream(wsUrl('/echo'), { signal: AbortSignal.timeout(10000) });
  await wss.opened;
  wss.close();
  await wss.closed;
}, 'a signal that never aborts is harmless');

// ---- writes ----

promise_test(async () => {
  // The server answers the first message with a Close, then reads nothing for a second.
  const wss = new WebSocketStream(`${HOSTILE}/passive/goodbye?ms=1000`);
  const { writable } = await wss.opened;
  const writer = writable.getWriter();
  const goodbye = writer.write('Goodbye');
  // Bigger than every buffer between here and the server: it cannot all be out when the
  // server's Close arrives.
  const big = writer.write(new Uint8Array(16 << 20));
  await goodbye;
  const closed = await rejection(wss.closed);
  assert_true(isWebSocketError(closed), 'an unclean close: a write was left unsent');
  const error = await rejection(big);
  assert_equals(error.name, 'InvalidStateError');
  assert_equals(await rejection(writer.write('after')), error,
                'the stream is errored with that same object');
}, 'a write still going out when the server closes rejects with InvalidStateError');

promise_test(async () => {
  // Only the WebSocketStream stays referenced (to close it); the writable and the writer,
  // with twenty writes in flight, are the collector's to find through it.
  const wss = new WebSocketStream(wsUrl('/echo'));
  let { writable } = await wss.opened;
  let writer = writable.getWriter();
  const writes = [];
  for (let i = 0; i < 20; ++i)
    writes.push(writer.write(new Uint8Array(100000)));
  writable = writer = null;
  for (let i = 0; i < 5; ++i) {
    await new Promise(resolve => setTimeout(resolve, 0));
    if (globalThis.gc)
      gc();
  }
  await Promise.all(writes);
  // Two megabytes of echoes wait unread; closing lets them into the readable's queue, so
  // the server's Close behind them is read.
  wss.close();
  assert_object_equals(await wss.closed, { closeCode: 1005, reason: '' });
}, 'pending writes survive the collector dropping the writable and the writer');

// ---- backpressure ----

promise_test(async () => {
  // The server sends 64 KiB messages for a second while nothing reads; then reports how
  // many bytes it could hand to its kernel.
  const wss = new WebSocketStream(wsUrl('/flood?size=65536&ms=1000&deflate=off'));
  const { readable } = await wss.opened;
  await new Promise(resolve => setTimeout(resolve, 1300));
  const reader = readable.getReader();
  let received = 0;
  let report;
  for (;;) {
    const { value } = await reader.read();
    if (typeof value === 'string') {
      report = JSON.parse(value);
      break;
    }
    received += value.byteLength;
  }
  // (and perhaps the one it was blocked in when time was up)
  assert_greater_than_equal(received, report.bytes, 'every message the server sent arrives');
  assert_less_than_equal(received, report.bytes + 65536);
  // Only kernel buffers (a few MiB each way on loopback) and the channel's 64 KiB window
  // hold what nobody reads; without backpressure a second is hundreds of MiB.
  assert_less_than(report.bytes, 24 << 20, `the server wrote ${report.bytes} bytes`);
  wss.close();
  await wss.closed;
}, 'while nothing reads the readable, the socket is not read');

promise_test(async () => {
  // The server reads nothing for 1.5 s: a message bigger than the kernel's buffers cannot
  // be handed over before then.
  const wss = new WebSocketStream(`${HOSTILE}/passive/slow-reader?ms=1500`);
  const { readable, writable } = await wss.opened;
  const writer = writable.getWriter();
  const start = performance.now();
  await writer.write(new Uint8Array(16 << 20));
  const elapsed = performance.now() - start;
  assert_greater_than_equal(elapsed, 1000, 'write() waited for the bytes to reach the socket');
  assert_equals((await readable.getReader().read()).value, String(16 << 20));
  wss.close();
  await wss.closed;
}, 'write() resolves only once the message was handed to the socket');

promise_test(async () => {
  const wss = new WebSocketStream(wsUrl('/echo'));
  const { readable, writable } = await wss.opened;
  const writer = writable.getWriter();
  assert_equals(writer.desiredSize, 1, 'a high-water mark of one message');
  const first = writer.write('a');
  assert_equals(writer.desiredSize, 0);
  await first;
  assert_equals(writer.desiredSize, 1);
  const reader = readable.getReader();
  assert_equals((await reader.read()).value, 'a');
  wss.close();
  await wss.closed;
}, 'the writable\'s high-water mark is one message');

// ---- built-ins script replaced ----

promise_test(async t => {
  // Every replaced built-in counts its calls instead of failing, so the harness (which
  // uses them too) keeps working; only the calls made while the stream works count.
  // (Object.prototype.then is not among them: resolving opened, closed and read() with an
  // object reads its `then`, as the promise resolve functions must.)
  let armed = false;
  let calls = [];
  const spy = (name, original) => function(...args) {
    if (armed)
      calls[calls.length] = name;
    return original && original.apply(this, args);
  };
  const saved = {
    then: Promise.prototype.then,
    enqueue: ReadableStreamDefaultController.prototype.enqueue,
    close: ReadableStreamDefaultController.prototype.close,
    error: WritableStreamDefaultController.prototype.error,
    getWriter: WritableStream.prototype.getWriter,
    push: Array.prototype.push,
  };
  t.add_cleanup(() => {
    armed = false;
    Promise.prototype.then = saved.then;
    ReadableStreamDefaultController.prototype.enqueue = saved.enqueue;
    ReadableStreamDefaultController.prototype.close = saved.close;
    WritableStreamDefaultController.prototype.error = saved.error;
    WritableStream.prototype.getWriter = saved.getWriter;
    Array.prototype.push = saved.push;
    delete Object.prototype.readable;
  });
  Promise.prototype.then = spy('Promise.prototype.then', saved.then);
  ReadableStreamDefaultController.prototype.enqueue = spy('enqueue', saved.enqueue);
  ReadableStreamDefaultController.prototype.close = spy('close', saved.close);
  WritableStreamDefaultController.prototype.error = spy('error', saved.error);
  Array.prototype.push = spy('Array.prototype.push', saved.push);
  Object.defineProperty(Object.prototype, 'readable',
                        { set: spy('Object.prototype.readable'), configurable: true });
  // A task later: past the harness's own then() calls on this test's promise.
  await new Promise(resolve => setTimeout(resolve, 0));
  armed = true;
  const wss = new WebSocketStream(wsUrl('/close/4002/x'));
  const info = await wss.opened;
  const closed = await wss.closed;
  const writer = info.writable.getWriter();
  let error;
  try {
    await writer.write('x');
  } catch (e) {
    error = e;
  }
  const read = await info.readable.getReader().read();
  armed = false;
  assert_equals(Object.getOwnPropertyDescriptor(info, 'readable').value, info.readable,
                'a data property');
  assert_equals(closed.closeCode, 4002);
  assert_equals(error.name, 'InvalidStateError');
  assert_true(read.done);
  assert_array_equals(calls, [], 'nothing the page replaced ran');
}, 'replaced Promise.prototype.then, Array.prototype.push and stream methods change nothing');

// ---- WebSocketError ----

test(() => {
  const e = new WebSocketError();
  assert_true(e instanceof DOMException);
  assert_true(e instanceof Error);
  assert_equals(Object.getPrototypeOf(WebSocketError.prototype), DOMException.prototype);
  assert_equals(e.name, 'WebSocketError');
  assert_equals(e.message, '');
  assert_equals(e.code, 0, 'not a legacy code');
  assert_equals(e.closeCode, null);
  assert_equals(e.reason, '');
  assert_equals(typeof e.stack, 'string');
}, 'new WebSocketError(): an unnamed-code DOMException with no close code');

test(() => {
  const e = new WebSocketError('message', { closeCode: 4000, reason: 'why' });
  assert_equals(e.message, 'message');
  assert_equals(e.closeCode, 4000);
  assert_equals(e.reason, 'why');
  assert_equals(new WebSocketError('', { reason: 'only' }).closeCode, 1000,
                'a reason without a code means Normal Closure');
  assert_equals(new WebSocketError('', { closeCode: 3000 }).reason, '');
}, 'new WebSocketError(message, init) keeps the code and reason');

test(() => {
  for (const closeCode of [0, 999, 1001, 1006, 2999, 5000])
    assert_throws_dom('InvalidAccessError', () => new WebSocketError('', { closeCode }),
                      `${closeCode}`);
  assert_throws_dom('SyntaxError', () => new WebSocketError('', { reason: 'x'.repeat(124) }));
  assert_throws_js(TypeError, () => new WebSocketError('', { closeCode: -1 }));
  assert_throws_js(TypeError, () => new WebSocketError('', 5));
}, 'the WebSocketError constructor checks its code and reason as close() does');
