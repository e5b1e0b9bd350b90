// Streams Standard §4 (readable streams with their default controller and reader) and §7
// (queuing strategies): argument conversion and its order, the errors of each misuse,
// desiredSize and backpressure, cancel and release, async iteration, and internal
// algorithms that script cannot redirect by replacing built-ins.
'use strict';

const settle = async (n = 20) => { for (let i = 0; i < n; i++) await null; };

test(() => {
  const order = [];
  const spy = (name, value) => ({ get() { order.push(name); return value; } });
  const source = Object.defineProperties({}, {
    start: spy('start', undefined), pull: spy('pull', undefined), cancel: spy('cancel', undefined),
    type: spy('type', undefined), autoAllocateChunkSize: spy('autoAllocateChunkSize', undefined),
  });
  const strategy = Object.defineProperties({}, {
    highWaterMark: spy('highWaterMark', 1), size: spy('size', undefined),
  });
  new ReadableStream(source, strategy);
  // The strategy is an argument (converted first); the source is converted by the
  // constructor's steps; dictionary members in lexicographic order.
  assert_array_equals(order, ['highWaterMark', 'size', 'autoAllocateChunkSize', 'cancel',
                              'pull', 'start', 'type']);
}, 'the constructor reads the strategy, then the source, each member once, in order');

test(() => {
  new ReadableStream();
  new ReadableStream(undefined);
  new ReadableStream({});
  assert_throws_js(TypeError, () => new ReadableStream(null), 'null is not an object');
  assert_throws_js(TypeError, () => new ReadableStream(5));
  assert_throws_js(TypeError, () => new ReadableStream({ start: 5 }), 'start must be callable');
  assert_throws_js(TypeError, () => new ReadableStream({ pull: {} }));
  assert_throws_js(TypeError, () => new ReadableStream({ type: 'nope' }), 'not a ReadableStreamType');
  assert_throws_js(RangeError, () => new ReadableStream({}, { highWaterMark: -1 }));
  assert_throws_js(RangeError, () => new ReadableStream({}, { highWaterMark: NaN }));
  assert_throws_js(TypeError, () => new ReadableStream({}, { size: 'big' }), 'size must be callable');
  assert_throws_js(TypeError, () => ReadableStream(), 'no call without new');
  const err = new SyntaxError('from start');
  assert_throws_exactly(err, () => new ReadableStream({ start() { throw err; } }));
  new ReadableStream({}, { highWaterMark: Infinity });
}, 'the constructor rejects bad sources and strategies with the right error');

promise_test(async (t) => {
  let controller, pulls = 0, desiredAtPull = [];
  const rs = new ReadableStream({
    start(c) { controller = c; },
    pull(c) { pulls++; desiredAtPull.push(c.desiredSize); },
  }, { highWaterMark: 2 });
  assert_equals(controller.desiredSize, 2, 'desiredSize is the high-water mark at first');
  assert_equals(pulls, 0, 'no pull before start settles');
  await settle();
  assert_equals(pulls, 1, 'pull once start has settled and there is room');
  controller.enqueue('a');
  controller.enqueue('b');
  assert_equals(controller.desiredSize, 0);
  controller.enqueue('c');
  assert_equals(controller.desiredSize, -1, 'enqueue past the mark goes negative');
  await settle();
  assert_equals(pulls, 2, 'one more pull (after the first enqueue); then the queue is full');
  const reader = rs.getReader();
  assert_object_equals(await reader.read(), { value: 'a', done: false });
  assert_equals(controller.desiredSize, 0);
  await settle();
  assert_equals(pulls, 2, 'no pull while the queue is at the mark');
  assert_object_equals(await reader.read(), { value: 'b', done: false });
  await settle();
  assert_equals(pulls, 3, 'room again: pull');
  assert_array_equals(desiredAtPull, [2, 1, 1]);
}, 'desiredSize is the high-water mark minus the queue; pull runs only when there is room');

promise_test(async (t) => {
  const sizes = [];
  let controller;
  const rs = new ReadableStream({ start(c) { controller = c; } },
                                { highWaterMark: 10, size(chunk) { sizes.push(chunk); return chunk.length; } });
  controller.enqueue('abc');
  assert_equals(controller.desiredSize, 7);
  assert_throws_js(RangeError, () => controller.enqueue({ length: -1 }), 'a negative size');
  const reader = rs.getReader();
  await promise_rejects_js(t, RangeError, reader.closed, 'an invalid size errors the stream');
  assert_equals(controller.desiredSize, null, 'an errored stream has no desiredSize');
  assert_throws_js(TypeError, () => controller.enqueue('x'), 'no enqueue after an error');

  const thrown = new Error('size threw');
  let c2;
  const rs2 = new ReadableStream({ start(c) { c2 = c; } }, { size() { throw thrown; } });
  assert_throws_exactly(thrown, () => c2.enqueue(1), 'the size exception is rethrown');
  await promise_rejects_exactly(t, thrown, rs2.getReader().closed, 'and errors the stream');
}, 'the size function measures chunks; its exception and invalid sizes error the stream');

promise_test(async (t) => {
  let controller;
  const rs = new ReadableStream({ start(c) { controller = c; } });
  const reader = rs.getReader();
  assert_true(rs.locked);
  assert_throws_js(TypeError, () => rs.getReader(), 'a second reader');
  assert_throws_js(TypeError, () => new ReadableStreamDefaultReader(rs));
  await promise_rejects_js(t, TypeError, rs.cancel(), 'a locked stream cannot be cancelled');
  const pending = reader.read();
  reader.releaseLock();
  assert_false(rs.locked);
  await promise_rejects_js(t, TypeError, pending, 'releasing rejects pending reads');
  await promise_rejects_js(t, TypeError, reader.closed, 'and the closed promise');
  await promise_rejects_js(t, TypeError, reader.read(), 'a released reader cannot read');
  reader.releaseLock();  // a second release does nothing
  const again = rs.getReader();
  controller.enqueue(1);
  controller.close();
  assert_throws_js(TypeError, () => controller.close(), 'close twice');
  assert_throws_js(TypeError, () => controller.enqueue(2), 'enqueue after close');
  assert_object_equals(await again.read(), { value: 1, done: false });
  assert_object_equals(await again.read(), { value: undefined, done: true });
  await again.closed;
  assert_throws_js(TypeError, () => rs.getReader({ mode: 'byob' }), 'BYOB needs a byte stream');
  assert_throws_js(TypeError, () => new ReadableStream().getReader({ mode: 'other' }));
}, 'one reader at a time; release, close and misuse give TypeErrors');

promise_test(async (t) => {
  const reasons = [];
  let pulled = false;
  const rs = new ReadableStream({
    start(c) { c.enqueue('queued'); },
    pull() { pulled = true; },
    cancel(reason) { reasons.push(reason); return 'ignored'; },
  }, { highWaterMark: 0 });
  const reason = new Error('stop');
  const result = await rs.cancel(reason);
  assert_equals(result, undefined, 'cancel fulfills with undefined, whatever the source returns');
  assert_array_equals(reasons, [reason]);
  const reader = rs.getReader();
  assert_object_equals(await reader.read(), { value: undefined, done: true },
                       'queued chunks are dropped');
  await reader.cancel();
  assert_equals(reasons.length, 1, 'the source is cancelled once');
  assert_false(pulled);

  const failure = new TypeError('cancel failed');
  const rs2 = new ReadableStream({ cancel() { throw failure; } });
  await promise_rejects_exactly(t, failure, rs2.getReader().cancel(), "the source's exception");

  const stored = new Error('stored');
  const rs3 = new ReadableStream({ start(c) { c.error(stored); } });
  await promise_rejects_exactly(t, stored, rs3.cancel(), 'an errored stream rejects with its error');
}, 'cancel drops the queue, calls the source once, and settles with undefined or the error');

promise_test(async (t) => {
  let controller;
  const rs = new ReadableStream({ start(c) { controller = c; } });
  const reads = [rs.getReader().read(), null];
  const error = new Error('e');
  controller.error(error);
  controller.error(new Error('ignored'));
  await promise_rejects_exactly(t, error, reads[0]);
  assert_equals(controller.desiredSize, null);
  const late = new ReadableStream({ start(c) { c.error(error); } });
  await promise_rejects_exactly(t, error, late.getReader().closed,
                                "a reader of an errored stream is closed with the stream's error");
}, 'error() rejects pending and later reads with the error; a second error is ignored');

promise_test(async (t) => {
  let n = 0;
  const rs = new ReadableStream({ pull(c) { if (n === 3) c.close(); else c.enqueue(n++); } });
  const seen = [];
  for await (const chunk of rs)
    seen.push(chunk);
  assert_array_equals(seen, [0, 1, 2]);
  assert_false(rs.locked, 'the iterator released the stream at the end');

  let cancelled = 0;
  const endless = () => new ReadableStream({ pull(c) { c.enqueue('x'); }, cancel() { cancelled++; } });
  const a = endless();
  for await (const chunk of a) break;
  assert_equals(cancelled, 1, 'break cancels the stream');
  assert_false(a.locked);
  const b = endless();
  for await (const chunk of b.values({ preventCancel: true })) break;
  assert_equals(cancelled, 1, 'preventCancel keeps it');
  assert_false(b.locked, 'the lock is released either way');
  assert_object_equals(await b.getReader().read(), { value: 'x', done: false });

  const error = new Error('mid');
  const failing = new ReadableStream({ start(c) { c.enqueue(1); c.error(error); } });
  const it = failing[Symbol.asyncIterator]();
  await promise_rejects_exactly(t, error, it.next());
  assert_object_equals(await it.next(), { value: undefined, done: true }, 'finished after an error');
  const locked = new ReadableStream();
  const iterator = locked.values();
  assert_true(locked.locked, 'values() locks the stream like getReader()');
  assert_throws_js(TypeError, () => locked.values(), 'so a second iterator cannot start');
  assert_equals(Object.prototype.toString.call(iterator), '[object ReadableStream AsyncIterator]');
}, 'for await reads every chunk, and break cancels unless preventCancel');

test(() => {
  for (const Strategy of [ByteLengthQueuingStrategy, CountQueuingStrategy]) {
    const strategy = new Strategy({ highWaterMark: 4 });
    assert_equals(strategy.highWaterMark, 4);
    assert_equals(new Strategy({ highWaterMark: -5 }).highWaterMark, -5, 'not validated here');
    assert_throws_js(TypeError, () => new Strategy({}), 'highWaterMark is required');
    assert_throws_js(TypeError, () => new Strategy(), 'the init dictionary is required');
    const size = strategy.size;
    assert_equals(size, new Strategy({ highWaterMark: 1 }).size, 'one size function per global');
    assert_equals(size.name, 'size');
    assert_equals(size.length, 1);
    assert_throws_js(TypeError, () => new size(), 'not a constructor');
    assert_false('prototype' in size);
  }
  const byteSize = new ByteLengthQueuingStrategy({ highWaterMark: 1 }).size;
  assert_equals(byteSize(new Uint8Array(7)), 7);
  assert_equals(byteSize({ byteLength: 'str' }), 'str', 'the byteLength property, as is');
  assert_throws_js(TypeError, () => byteSize(undefined));
  assert_equals(new CountQueuingStrategy({ highWaterMark: 1 }).size(), 1);
  assert_not_equals(byteSize, new CountQueuingStrategy({ highWaterMark: 1 }).size);
}, 'queuing strategies keep their high-water mark and share one size function per global');

promise_test(async (t) => {
  const saved = {
    then: Promise.prototype.then, resolve: Promise.resolve,
    push: Array.prototype.push, shift: Array.prototype.shift,
  };
  let hijacked = 0, thenLookups = 0;
  try {
    Promise.prototype.then = function () { hijacked++; return saved.then.apply(this, arguments); };
    Promise.resolve = () => { hijacked++; throw new Error('no'); };
    Array.prototype.push = Array.prototype.shift = () => { hijacked++; throw new Error('no'); };
    Object.defineProperty(Array.prototype, '0', { set() { hijacked++; }, configurable: true });
    // Resolving read()'s promise with its result object looks up `then` on it, as resolving
    // any promise with an object does: once per result, and nowhere else.
    Object.defineProperty(Object.prototype, 'then', { get() { thenLookups++; }, configurable: true });
    let controller;
    const rs = new ReadableStream({ start(c) { controller = c; } }, { highWaterMark: 5 });
    for (let i = 0; i < 3; i++) controller.enqueue(i);
    const reader = rs.getReader();
    const results = [reader.read(), reader.read(), reader.read(), reader.read()];
    controller.close();
    // Restored before any assertion: testharness.js uses these built-ins itself.
    const hijackedWhileReading = hijacked;
    delete Object.prototype.then;
    delete Array.prototype[0];
    Object.assign(Promise, { resolve: saved.resolve });
    Object.assign(Array.prototype, { push: saved.push, shift: saved.shift });
    Promise.prototype.then = saved.then;
    assert_equals(hijackedWhileReading, 0, 'no page built-in ran while reading');
    assert_equals(thenLookups, 4, 'one then lookup per read result');
    const values = [];
    for (const p of results)
      values.push((await p).value);
    assert_array_equals(values, [0, 1, 2, undefined]);
  } finally {
    delete Object.prototype.then;
    delete Array.prototype[0];
    Promise.prototype.then = saved.then;
    Promise.resolve = saved.resolve;
    Array.prototype.push = saved.push;
    Array.prototype.shift = saved.shift;
  }
}, "the stream's algorithms use no built-in the page can replace");

promise_test(async (t) => {
  // Nothing but the reader's pending read promise refers to the stream: collecting
  // garbage must neither free it early nor stop the chunk from arriving.
  let controller;
  const read = (() => {
    const rs = new ReadableStream({ start(c) { controller = c; } });
    return rs.getReader().read();
  })();
  if (typeof gc === 'function') { gc(); gc(); }
  await settle();
  controller.enqueue('survived');
  assert_object_equals(await read, { value: 'survived', done: false });
}, 'a stream only the source and a pending read refer to survives garbage collection');

promise_test(async (t) => {
  let n = 0;
  const reasons = [];
  const rs = new ReadableStream({
    pull(c) { if (n === 3) c.close(); else c.enqueue({ n: n++ }); },
    cancel(reason) { reasons.push(reason); },
  });
  const branches = rs.tee();
  assert_true(Array.isArray(branches) && branches.length === 2);
  assert_true(rs.locked, 'tee() locks the stream');
  assert_throws_js(TypeError, () => rs.tee(), 'a locked stream cannot be teed');
  const [a, b] = branches;
  const chunksA = [], chunksB = [];
  for await (const chunk of a) chunksA.push(chunk);
  for await (const chunk of b) chunksB.push(chunk);
  assert_array_equals(chunksA.map((c) => c.n), [0, 1, 2]);
  assert_array_equals(chunksB, chunksA, 'both branches get the same chunk objects');

  const source = new ReadableStream({ pull(c) { c.enqueue(1); }, cancel(r) { reasons.push(r); } });
  const [c, d] = source.tee();
  let firstSettled = false;
  const first = c.cancel('one').then(() => { firstSettled = true; });
  await settle();
  assert_false(firstSettled, "one branch's cancel waits for the other's");
  assert_array_equals(reasons, [], 'and the source is not cancelled yet');
  await d.cancel('two');
  await first;
  assert_equals(reasons.length, 1);
  assert_array_equals(reasons[0], ['one', 'two'], 'both reasons, in branch order');

  const error = new Error('source failed');
  const failing = new ReadableStream({ start(ctl) { ctl.error(error); } });
  const [e, f] = failing.tee();
  await promise_rejects_exactly(t, error, e.getReader().closed, 'an error reaches both branches');
  await promise_rejects_exactly(t, error, f.getReader().read());
}, 'tee() gives both branches every chunk, cancels with both reasons, and passes errors on');
