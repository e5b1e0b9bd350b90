// Streams Standard §6 TransformStream: the two sides, the transformer's methods and their
// order, backpressure from the readable side, terminate(), errors both ways, and cancel.
'use strict';

const settle = async (n = 40) => { for (let i = 0; i < n; i++) await null; };

promise_test(async () => {
  const calls = [];
  const ts = new TransformStream({
    start(c) { calls.push(`start ${c.desiredSize}`); },
    transform(chunk, c) { calls.push(`transform ${chunk}`); c.enqueue(chunk * 2); c.enqueue(chunk * 3); },
    flush(c) { calls.push('flush'); c.enqueue('end'); },
  });
  assert_true(ts.readable instanceof ReadableStream && ts.writable instanceof WritableStream);
  assert_equals(ts.readable, ts.readable, '[SameObject]-like: the same readable each time');
  const writer = ts.writable.getWriter();
  const reader = ts.readable.getReader();
  writer.write(1);
  writer.write(2);
  writer.close();
  const out = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(r.value);
  assert_array_equals(out, [2, 3, 4, 6, 'end']);
  assert_array_equals(calls, ['start 0', 'transform 1', 'transform 2', 'flush'],
                      'the readable side has a high-water mark of 0 by default');
  await writer.closed;
}, 'chunks go through transform() in order; flush() runs at close');

promise_test(async () => {
  const ts = new TransformStream();
  const writer = ts.writable.getWriter();
  assert_equals(writer.desiredSize, 1);
  let written = false;
  writer.write('a').then(() => { written = true; });
  await settle();
  assert_false(written, 'nothing reads: the write waits for the readable side');
  const reader = ts.readable.getReader();
  assert_object_equals(await reader.read(), { done: false, value: 'a' }, 'the identity transform');
  await settle();
  assert_true(written, 'a read lets the write through');
}, 'backpressure: a write waits until the readable side is read');

promise_test(async (t) => {
  const error = new Error('transform failed');
  const ts = new TransformStream({ transform() { throw error; } });
  const reader = ts.readable.getReader();
  const read = reader.read();
  await promise_rejects_exactly(t, error, ts.writable.getWriter().write(1));
  await promise_rejects_exactly(t, error, read, 'the readable side errors with it');

  const ts2 = new TransformStream({ start(c) { c.enqueue('last'); c.terminate(); } });
  const r2 = ts2.readable.getReader();
  assert_object_equals(await r2.read(), { done: false, value: 'last' });
  assert_object_equals(await r2.read(), { done: true, value: undefined }, 'terminate() closes the readable');
  await promise_rejects_js(t, TypeError, ts2.writable.getWriter().write(1), 'and errors the writable');

  const ts3 = new TransformStream({ start(c) { c.error('stop'); } });
  await promise_rejects_exactly(t, 'stop', ts3.readable.getReader().closed);
  await promise_rejects_exactly(t, 'stop', ts3.writable.getWriter().closed);
}, 'a throwing transform, terminate() and controller.error() reach both sides');

promise_test(async (t) => {
  const cancelled = [];
  const ts = new TransformStream({ cancel(reason) { cancelled.push(reason); } });
  await ts.readable.cancel('not needed');
  assert_array_equals(cancelled, ['not needed'], "cancelling the readable calls cancel()");
  await promise_rejects_exactly(t, 'not needed', ts.writable.getWriter().closed, 'and errors the writable');

  const ts2 = new TransformStream({ cancel(reason) { cancelled.push('abort ' + reason); } });
  await ts2.writable.abort('gone');
  assert_equals(cancelled[1], 'abort gone', 'aborting the writable calls cancel() too');
  await promise_rejects_exactly(t, 'gone', ts2.readable.getReader().closed);
}, 'cancel() runs once when either side is cancelled or aborted');

test(() => {
  assert_throws_js(RangeError, () => new TransformStream({ readableType: 'bytes' }));
  assert_throws_js(RangeError, () => new TransformStream({ writableType: 'bytes' }));
  assert_throws_js(TypeError, () => new TransformStream({ transform: 1 }));
  assert_throws_js(RangeError, () => new TransformStream({}, { highWaterMark: -1 }));
  const err = new Error('start');
  assert_throws_exactly(err, () => new TransformStream({ start() { throw err; } }));
  const order = [];
  const spy = (name) => ({ get() { order.push(name); } });
  new TransformStream(Object.defineProperties({}, {
    cancel: spy('cancel'), flush: spy('flush'), readableType: spy('readableType'), start: spy('start'),
    transform: spy('transform'), writableType: spy('writableType'),
  }));
  assert_array_equals(order, ['cancel', 'flush', 'readableType', 'start', 'transform', 'writableType']);
}, 'the constructor validates the transformer and strategies, reading members in order');

promise_test(async () => {
  const chunks = [];
  await new ReadableStream({ start(c) { for (const x of 'abc') c.enqueue(x); c.close(); } })
    .pipeThrough(new TransformStream({ transform(x, c) { c.enqueue(x.toUpperCase()); } }))
    .pipeThrough(new TransformStream())
    .pipeTo(new WritableStream({ write(x) { chunks.push(x); } }));
  assert_array_equals(chunks, ['A', 'B', 'C']);
}, 'transform streams chain with pipeThrough');
