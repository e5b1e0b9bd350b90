// Streams Standard §5 (writable streams with their default controller and writer): the
// constructor, backpressure through desiredSize and ready, write/close/abort ordering, the
// controller's signal and error(), releaseLock, and the errors of each misuse.
'use strict';

const settle = async (n = 20) => { for (let i = 0; i < n; i++) await null; };

test(() => {
  const order = [];
  const spy = (name) => ({ get() { order.push(name); } });
  const sink = Object.defineProperties({}, {
    abort: spy('abort'), close: spy('close'), start: spy('start'), type: spy('type'), write: spy('write'),
  });
  new WritableStream(sink);
  assert_array_equals(order, ['abort', 'close', 'start', 'type', 'write'], 'lexicographic order');
  new WritableStream();
  assert_throws_js(TypeError, () => new WritableStream(null));
  assert_throws_js(TypeError, () => new WritableStream({ write: 1 }));
  assert_throws_js(RangeError, () => new WritableStream({ type: 'bytes' }), 'no sink type exists');
  assert_throws_js(RangeError, () => new WritableStream({ type: null }), 'any present type');
  new WritableStream({ type: undefined });
  assert_throws_js(RangeError, () => new WritableStream({}, { highWaterMark: -1 }));
  const err = new Error('start');
  assert_throws_exactly(err, () => new WritableStream({ start() { throw err; } }));
}, 'the constructor reads the sink in order and rejects a type, bad strategies and start()');

promise_test(async (t) => {
  const written = [];
  let finishWrite;
  const ws = new WritableStream({
    write(chunk) { written.push(chunk); return new Promise((r) => { finishWrite = r; }); },
  }, { highWaterMark: 2 });
  const writer = ws.getWriter();
  assert_true(ws.locked);
  assert_equals(writer.desiredSize, 2);
  await settle();
  const first = writer.write('a');
  assert_equals(writer.desiredSize, 1, 'a write in flight still counts');
  writer.write('b');
  assert_equals(writer.desiredSize, 0);
  let ready = false;
  writer.ready.then(() => { ready = true; });
  await settle();
  assert_false(ready, 'no room: ready waits');
  assert_array_equals(written, ['a'], 'one write at a time');
  finishWrite();
  await first;
  await settle();
  assert_true(ready, 'room again: ready resolves');
  assert_array_equals(written, ['a', 'b']);
  finishWrite();
  await writer.close();
  assert_equals(writer.desiredSize, 0, 'a closed stream wants nothing');
  await writer.closed;
  await promise_rejects_js(t, TypeError, writer.write('late'), 'no write after close');
  await promise_rejects_js(t, TypeError, writer.close(), 'no second close');
}, 'writes run one at a time; desiredSize and ready show the backpressure');

promise_test(async (t) => {
  const events = [];
  const ws = new WritableStream({
    write(chunk) { events.push('write ' + chunk); },
    close() { events.push('close'); },
  });
  const writer = ws.getWriter();
  writer.write(1);
  writer.write(2);
  const closed = writer.close();
  await promise_rejects_js(t, TypeError, writer.write(3), 'a write after close() is rejected');
  await closed;
  assert_array_equals(events, ['write 1', 'write 2', 'close'], 'close waits for queued writes');
}, 'close() runs after every queued write');

promise_test(async (t) => {
  const events = [];
  let controller, finishWrite;
  const ws = new WritableStream({
    start(c) { controller = c; },
    write() { return new Promise((r) => { finishWrite = r; }); },
    abort(reason) { events.push('abort ' + reason + ' ' + controller.signal.aborted); },
  });
  controller.signal.addEventListener('abort', () => events.push('signal ' + controller.signal.reason));
  const writer = ws.getWriter();
  await settle();
  const inFlight = writer.write('x');
  const queued = writer.write('y');
  let queuedSettled = false, closedSettled = false;
  queued.catch(() => { queuedSettled = true; });
  writer.closed.catch(() => { closedSettled = true; });
  const abort = writer.abort('why');
  assert_array_equals(events, ['signal why'], 'the signal aborts at once, with the reason');
  assert_equals(writer.desiredSize, null, 'an erroring stream has no desiredSize');
  await promise_rejects_exactly(t, 'why', writer.ready, 'ready is rejected at once');
  assert_equals(writer.abort('again'), abort, 'a second abort gets the pending one');
  await settle();
  assert_false(queuedSettled || closedSettled, 'the rest waits for the write in flight');
  assert_array_equals(events, ['signal why'], "the sink's abort() waits too");
  finishWrite();
  await inFlight;
  await promise_rejects_exactly(t, 'why', queued, 'then queued writes fail with the reason');
  await promise_rejects_exactly(t, 'why', writer.closed);
  await abort;
  assert_array_equals(events, ['signal why', 'abort why true']);
}, 'abort() signals at once, and waits for the write in flight before failing the rest');

promise_test(async (t) => {
  const ws = new WritableStream({ abort() { throw new Error('abort failed'); } });
  const writer = ws.getWriter();
  await settle();
  await promise_rejects_js(t, Error, writer.abort('r'), "the sink's abort error");
  await promise_rejects_exactly(t, 'r', writer.closed, 'closed has the abort reason');
  await writer.abort('twice');  // an errored stream: nothing to do
}, 'abort() rejects with the sink abort error; a second abort of an errored stream resolves');

promise_test(async (t) => {
  let controller;
  const ws = new WritableStream({ start(c) { controller = c; } });
  const writer = ws.getWriter();
  const error = new Error('controller');
  controller.error(error);
  controller.error(new Error('ignored'));
  await promise_rejects_exactly(t, error, writer.closed);
  await promise_rejects_exactly(t, error, writer.write(1));
  assert_equals(writer.desiredSize, null);
  assert_false(controller.signal.aborted, 'error() does not abort the signal');
}, 'controller.error() errors the stream once');

promise_test(async (t) => {
  const ws = new WritableStream();
  const writer = ws.getWriter();
  assert_throws_js(TypeError, () => ws.getWriter(), 'one writer at a time');
  assert_throws_js(TypeError, () => new WritableStreamDefaultWriter(ws));
  await promise_rejects_js(t, TypeError, ws.abort(), 'a locked stream cannot be aborted');
  await promise_rejects_js(t, TypeError, ws.close(), 'nor closed');
  writer.releaseLock();
  assert_false(ws.locked);
  assert_throws_js(TypeError, () => writer.desiredSize, 'a released writer has no desiredSize');
  await promise_rejects_js(t, TypeError, writer.closed);
  await promise_rejects_js(t, TypeError, writer.ready);
  await promise_rejects_js(t, TypeError, writer.write(1));
  await promise_rejects_js(t, TypeError, writer.close());
  await promise_rejects_js(t, TypeError, writer.abort());
  writer.releaseLock();
  const second = new WritableStreamDefaultWriter(ws);
  await second.ready;
  second.releaseLock();
  await ws.close();
  const closedWriter = ws.getWriter();
  await closedWriter.closed;
  assert_equals(closedWriter.desiredSize, 0);
  await promise_rejects_js(t, TypeError, ws.close(), 'closing a closed stream');
}, 'getWriter() locks; releaseLock() rejects the writer\'s promises and frees the stream');

promise_test(async (t) => {
  const sizes = [];
  const ws = new WritableStream({}, { highWaterMark: 8, size(chunk) { sizes.push(chunk); return chunk.length; } });
  const writer = ws.getWriter();
  const first = writer.write('abc');
  assert_equals(writer.desiredSize, 5);
  const bad = writer.write({ length: NaN });
  await promise_rejects_js(t, RangeError, bad, 'an invalid size errors the stream');
  await promise_rejects_js(t, RangeError, first, 'and fails the write still queued before start');
  await promise_rejects_js(t, RangeError, writer.closed);
  const thrown = new Error('size');
  const ws2 = new WritableStream({}, { size() { throw thrown; } });
  const w2 = ws2.getWriter();
  await promise_rejects_exactly(t, thrown, w2.write('x'), "the size function's exception");
  await promise_rejects_exactly(t, thrown, w2.closed);
}, 'the size function measures chunks; a bad size or an exception errors the stream');

promise_test(async () => {
  const saved = Promise.prototype.then;
  let hijacked = 0;
  const seen = [];
  const ws = new WritableStream({ write(chunk) { seen.push(chunk); } }, { highWaterMark: 4 });
  const writer = ws.getWriter();
  Promise.prototype.then = function () { hijacked++; return saved.apply(this, arguments); };
  let results;
  try {
    results = [writer.write(1), writer.write(2), writer.close()];
  } finally {
    Promise.prototype.then = saved;
  }
  assert_equals(hijacked, 0, 'no call of the page\'s then while writing');
  await Promise.all(results);
  assert_array_equals(seen, [1, 2]);
}, 'the internal algorithms do not go through Promise.prototype.then');

promise_test(async (t) => {
  // The ready promise backpressure replaces: one object per replacement, whenever script
  // first asks for it, in the state it reached meanwhile.
  let finish;
  const ws = new WritableStream({ write() { return new Promise((r) => { finish = r; }); } });
  const writer = ws.getWriter();
  const before = writer.ready;
  assert_equals(writer.ready, before, 'the same promise until backpressure replaces it');
  writer.write('a');  // fills the queue (high-water mark 1): a new pending ready promise
  await settle();
  const during = writer.ready;
  assert_not_equals(during, before, 'backpressure replaced it');
  assert_equals(writer.ready, during, 'asked twice during backpressure: one promise');
  let settled = false;
  during.then(() => { settled = true; });
  await settle();
  assert_false(settled, 'pending while the write runs');
  finish();
  await settle();
  assert_true(settled, 'fulfilled when the queue drains');
  assert_equals(writer.ready, during, 'still that promise afterwards');

  writer.write('b');  // replaced again, and fulfilled again before script looks
  await settle();
  finish();
  await settle();
  const after = writer.ready;
  assert_not_equals(after, during, 'a new promise for the second wait');
  let fulfilledFirst = false;
  after.then(() => { fulfilledFirst = true; });
  await Promise.resolve();
  assert_true(fulfilledFirst, 'first asked for after the queue drained: already fulfilled');

  writer.write('c');
  await settle();
  writer.releaseLock();  // while it would be pending: rejected (and handled)
  await promise_rejects_js(t, TypeError, writer.ready, 'a released writer\'s ready rejects');
  finish();
}, 'ready: one promise per backpressure period, in the state it reached, whenever asked');
