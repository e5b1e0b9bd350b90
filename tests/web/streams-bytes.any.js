// Streams Standard §4.5 ReadableStreamBYOBReader, §4.7 ReadableByteStreamController, §4.8
// ReadableStreamBYOBRequest and §4.9.5's byte stream operations: enqueue transfers, BYOB
// reads fill views (min, element sizes, leftovers), byobRequest's respond paths and their
// errors, close and cancel with reads pending, autoAllocateChunkSize, release.
'use strict';

const settle = async (n = 20) => { for (let i = 0; i < n; i++) await null; };
const bytes = view => Array.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));

function byteStream(extra = {}) {
  let controller;
  const stream = new ReadableStream({ type: 'bytes', start(c) { controller = c; }, ...extra });
  return { stream, controller: () => controller };
}

test(() => {
  const { stream, controller } = byteStream();
  const c = controller();
  assert_true(c instanceof ReadableByteStreamController);
  assert_equals(c.desiredSize, 0, 'a byte stream\'s high-water mark defaults to 0');
  assert_equals(c.byobRequest, null);
  assert_equals(new ReadableStream({ type: 'bytes' }, { highWaterMark: 16 }).locked, false);
  assert_throws_js(RangeError, () => new ReadableStream({ type: 'bytes' }, { size() { return 1; } }));
  assert_throws_js(RangeError, () => new ReadableStream({ type: 'bytes' }, { highWaterMark: -1 }));
  assert_throws_js(TypeError, () => new ReadableStream({ type: 'bytes', autoAllocateChunkSize: 0 }));
  assert_throws_js(TypeError, () => new ReadableStream({ type: 'bytes', autoAllocateChunkSize: -1 }),
                   '[EnforceRange]');
  assert_throws_js(TypeError, () => new ReadableStream({ type: 'bytes', autoAllocateChunkSize: Infinity }));
  new ReadableStream({ type: 'bytes', autoAllocateChunkSize: 1.5 });  // [EnforceRange] truncates
  assert_throws_js(TypeError, () => new ReadableStream({ type: 'byte' }));
  assert_throws_js(TypeError, () => new ReadableByteStreamController());
  assert_throws_js(TypeError, () => new ReadableStreamBYOBRequest());
  assert_true(stream.getReader({ mode: 'byob' }) instanceof ReadableStreamBYOBReader);
  assert_throws_js(TypeError, () => stream.getReader({ mode: 'byob' }), 'locked');
  assert_throws_js(TypeError, () => new ReadableStreamBYOBReader(new ReadableStream()),
                   'a default stream has no BYOB reader');
  assert_throws_js(TypeError, () => new ReadableStream().getReader({ mode: 'byob' }));
  assert_throws_js(TypeError, () => stream.getReader({ mode: 'nope' }));
}, 'a byte stream is made with type "bytes", and only it takes a BYOB reader');

promise_test(async () => {
  const { stream, controller } = byteStream();
  const c = controller();
  const chunk = new Uint8Array([0, 1, 2, 3, 4]).subarray(1, 4);
  const buffer = chunk.buffer;
  c.enqueue(chunk);
  assert_equals(buffer.byteLength, 0, 'enqueue() transfers the chunk\'s buffer');
  assert_equals(c.desiredSize, -3);
  assert_throws_js(TypeError, () => c.enqueue(new Uint8Array(0)), 'an empty view');
  assert_throws_js(TypeError, () => c.enqueue(chunk), 'a detached buffer');
  const reader = stream.getReader();
  const { value, done } = await reader.read();
  assert_false(done);
  assert_true(value instanceof Uint8Array);
  assert_array_equals(Array.from(value), [1, 2, 3]);
  assert_equals(value.byteOffset, 1, 'the view keeps its place in the transferred buffer');
  assert_equals(value.buffer.byteLength, 5);
  c.enqueue(new DataView(new ArrayBuffer(2)));
  assert_true((await reader.read()).value instanceof Uint8Array, 'a default read gives a Uint8Array');
  c.close();
  assert_throws_js(TypeError, () => c.close(), 'closing twice');
  assert_throws_js(TypeError, () => c.enqueue(new Uint8Array(1)), 'enqueue after close');
  assert_true((await reader.read()).done);
}, 'enqueue() transfers; a default reader reads Uint8Arrays');

promise_test(async () => {
  const { stream, controller } = byteStream();
  const c = controller();
  c.enqueue(new Uint8Array([1, 2, 3]));
  c.enqueue(new Uint8Array([4, 5, 6]));
  const reader = stream.getReader({ mode: 'byob' });
  const view = new Uint8Array(4);
  const first = await reader.read(view);
  assert_equals(view.buffer.byteLength, 0, 'read(view) transfers the view\'s buffer');
  assert_array_equals(bytes(first.value), [1, 2, 3, 4], 'across two queued chunks');
  const second = await reader.read(new Uint8Array(10));
  assert_array_equals(bytes(second.value), [5, 6], 'what is queued, though less than the view');
  assert_equals(second.value.buffer.byteLength, 10);
}, 'a BYOB read fills its view from the queue');

promise_test(async () => {
  const { stream, controller } = byteStream();
  const c = controller();
  const reader = stream.getReader({ mode: 'byob' });
  const read = reader.read(new Uint16Array(3), { min: 2 });
  c.enqueue(new Uint8Array([1, 0]));
  await settle();
  c.enqueue(new Uint8Array([2, 0, 3]));
  const { value } = await read;
  assert_true(value instanceof Uint16Array);
  assert_array_equals(Array.from(value), [1, 2], 'two whole elements; the odd byte stays queued');
  const rest = await reader.read(new Uint8Array(4));
  assert_array_equals(bytes(rest.value), [3]);
  const dv = reader.read(new DataView(new ArrayBuffer(3), 1), { min: 2 });
  c.enqueue(new Uint8Array([7]));
  c.enqueue(new Uint8Array([8]));
  const got = await dv;
  assert_true(got.value instanceof DataView);
  assert_equals(got.value.byteOffset, 1);
  assert_array_equals(bytes(got.value), [7, 8]);
}, 'min counts elements; a partial element waits in the queue');

promise_test(async t => {
  const { stream } = byteStream();
  const reader = stream.getReader({ mode: 'byob' });
  await promise_rejects_js(t, TypeError, reader.read(new Uint8Array(0)), 'an empty view');
  await promise_rejects_js(t, TypeError, reader.read(new Uint8Array(new ArrayBuffer(0))));
  const detached = new Uint8Array(4);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  await promise_rejects_js(t, TypeError, reader.read(detached), 'a detached buffer');
  await promise_rejects_js(t, TypeError, reader.read(new Uint8Array(4), { min: 0 }));
  await promise_rejects_js(t, RangeError, reader.read(new Uint16Array(2), { min: 3 }),
                           'min is counted in elements');
  await promise_rejects_js(t, RangeError, reader.read(new DataView(new ArrayBuffer(2)), { min: 3 }));
  await promise_rejects_js(t, TypeError, reader.read(new Uint8Array(1), { min: -1 }), '[EnforceRange]');
  await promise_rejects_js(t, TypeError, reader.read({}), 'not a view');
  await promise_rejects_js(t, TypeError, reader.read(), 'no view');
  reader.releaseLock();
  await promise_rejects_js(t, TypeError, reader.read(new Uint8Array(1)), 'released');
}, 'read(view) rejects views it cannot fill, and after release');

promise_test(async () => {
  const seen = [];
  const { stream } = byteStream({
    pull(c) {
      const request = c.byobRequest;
      seen.push(request.view.constructor.name, request.view.byteOffset, request.view.byteLength);
      request.view[0] = 0xAA;
      request.respond(1);
      assert_equals(request.view, null, 'respond() invalidates the request');
      assert_throws_js(TypeError, () => request.respond(1));
      assert_equals(c.byobRequest, null, 'until the next pull-into');
    },
  });
  const reader = stream.getReader({ mode: 'byob' });
  const { value } = await reader.read(new Uint8Array(8).subarray(2));
  assert_array_equals(seen, ['Uint8Array', 2, 6], 'a Uint8Array over the unfilled part of the view');
  assert_array_equals(bytes(value), [0xAA]);
}, 'byobRequest.respond() fills the pending read');

promise_test(async () => {
  let request;
  const { stream, controller } = byteStream({ pull(c) { request = c.byobRequest; } });
  const reader = stream.getReader({ mode: 'byob' });
  const read = reader.read(new Uint32Array(2), { min: 1 });
  await settle();
  assert_throws_js(TypeError, () => request.respond(0), 'nothing written while readable');
  assert_throws_js(RangeError, () => request.respond(9), 'more than the view holds');
  assert_throws_js(RangeError, () => request.respondWithNewView(new Uint8Array(8).subarray(1)),
                   'another place in the buffer');
  assert_throws_js(RangeError, () => request.respondWithNewView(new Uint8Array(4)),
                   'a buffer of another size');
  assert_throws_js(TypeError, () => request.respondWithNewView(new Uint8Array(new ArrayBuffer(8), 0, 0)));
  // Six bytes: one whole element now, the two left over go back into the queue.
  const view = request.view;
  view.set([1, 0, 0, 0, 2, 0]);
  request.respondWithNewView(new Uint8Array(view.buffer, 0, 6));
  assert_equals(view.buffer.byteLength, 0, 'respondWithNewView transfers the new view\'s buffer');
  const { value } = await read;
  assert_array_equals(Array.from(value), [1]);
  const rest = await reader.read(new Uint8Array(4));
  assert_array_equals(bytes(rest.value), [2, 0], 'the leftover bytes');
  controller().close();
}, 'respond() and respondWithNewView() check what was written');

promise_test(async t => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: 'byob' });
  const read = reader.read(new Uint16Array(2));
  const c = controller();
  await settle();
  c.byobRequest.view[0] = 1;
  c.byobRequest.respond(1);  // half an element
  assert_throws_js(TypeError, () => c.close(), 'half an element cannot close');
  await promise_rejects_js(t, TypeError, read);
  await promise_rejects_js(t, TypeError, reader.closed, 'the stream is errored');
}, 'close() with a partial element in the BYOB buffer errors the stream');

promise_test(async () => {
  const { stream, controller } = byteStream();
  const c = controller();
  const reader = stream.getReader({ mode: 'byob' });
  const read = reader.read(new Int16Array(4));
  await settle();
  c.close();
  assert_not_equals(c.byobRequest, null, 'the read waits for respond(0)');
  assert_throws_js(TypeError, () => c.byobRequest.respond(1), 'a closed stream takes only 0');
  c.byobRequest.respond(0);
  const { value, done } = await read;
  assert_true(done);
  assert_true(value instanceof Int16Array);
  assert_equals(value.length, 0);
  assert_equals(value.buffer.byteLength, 8, 'the empty view is over the transferred buffer');
  const after = await reader.read(new Uint8Array(3));
  assert_true(after.done, 'a read on a closed stream');
  assert_equals(after.value.byteLength, 0);
  assert_equals(after.value.buffer.byteLength, 3);
  await reader.closed;
}, 'close() with a BYOB read pending: respond(0) ends it with an empty view');

promise_test(async () => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: 'byob' });
  const read = reader.read(new Uint8Array(2));
  await settle();
  const request = controller().byobRequest;
  await reader.cancel('why');
  const result = await read;
  assert_true(result.done);
  assert_equals(result.value, undefined, 'cancel closes pending BYOB reads with undefined');
  assert_equals(request.view, null, 'and invalidates the request');
}, 'cancel() with a BYOB read pending');

promise_test(async t => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: 'byob' });
  const read = reader.read(new Uint8Array(4));
  await settle();
  const c = controller();
  reader.releaseLock();
  await promise_rejects_js(t, TypeError, read, 'releasing rejects the pending read');
  // The released request stays the controller's, read by nobody: what is written into it
  // goes to the queue, for the next reader.
  c.byobRequest.view.set([5, 6]);
  c.byobRequest.respond(2);
  const next = stream.getReader();
  assert_array_equals(Array.from((await next.read()).value), [5, 6]);
}, 'releaseLock() with a BYOB read pending keeps its request for the queue');

promise_test(async () => {
  const views = [];
  const { stream } = byteStream({
    autoAllocateChunkSize: 8,
    pull(c) {
      const view = c.byobRequest.view;
      views.push(view.byteLength);
      view[0] = views.length;
      c.byobRequest.respond(1);
    },
  });
  const reader = stream.getReader();
  const a = await reader.read();
  const b = await reader.read();
  assert_array_equals(views, [8, 8], 'each default read gets a buffer of autoAllocateChunkSize');
  assert_array_equals([...a.value, ...b.value], [1, 2]);
  assert_equals(a.value.buffer.byteLength, 8);
  const huge = new ReadableStream({ type: 'bytes', autoAllocateChunkSize: Number.MAX_SAFE_INTEGER });
  const err = await huge.getReader().read().then(() => null, e => e);
  assert_true(err instanceof RangeError, 'an allocation that fails rejects the read');
}, 'autoAllocateChunkSize gives default reads a BYOB request');

promise_test(async t => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: 'byob' });
  const read = reader.read(new Uint8Array(1));
  const error = new Error('broken');
  controller().error(error);
  await promise_rejects_exactly(t, error, read);
  await promise_rejects_exactly(t, error, reader.closed);
  assert_equals(controller().desiredSize, null);
  await promise_rejects_exactly(t, error, reader.read(new Uint8Array(1)));
}, 'error() rejects pending and later reads');

promise_test(async () => {
  const chunks = [];
  const source = new ReadableStream({
    type: 'bytes',
    start(c) { c.enqueue(new Uint8Array([1, 2])); c.enqueue(new Uint8Array([3])); c.close(); },
  });
  for await (const chunk of source)
    chunks.push(...chunk);
  assert_array_equals(chunks, [1, 2, 3]);
  const written = [];
  await new ReadableStream({ type: 'bytes', start(c) { c.enqueue(new Uint8Array([9])); c.close(); } })
    .pipeTo(new WritableStream({ write(chunk) { written.push(chunk.constructor.name, ...chunk); } }));
  assert_array_equals(written, ['Uint8Array', 9]);
}, 'a byte stream iterates and pipes like any other');

promise_test(async () => {
  // The views the controller makes come from V8 itself, not from the page's globals.
  const saved = { Uint8Array: globalThis.Uint8Array,
                  byteLength: Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength') };
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: 'byob' });
  const read = reader.read(new saved.Uint8Array(2));
  await settle();
  try {
    globalThis.Uint8Array = function () { throw new Error('replaced'); };
    Object.defineProperty(ArrayBuffer.prototype, 'byteLength', { get() { throw new Error('replaced'); }, configurable: true });
    controller().enqueue(new saved.Uint8Array([1, 2]));
  } finally {
    globalThis.Uint8Array = saved.Uint8Array;
    Object.defineProperty(ArrayBuffer.prototype, 'byteLength', saved.byteLength);
  }
  const { value } = await read;
  assert_equals(Object.getPrototypeOf(value), Uint8Array.prototype);
}, 'replaced typed array constructors and getters change nothing');

promise_test(async () => {
  const source = new ReadableStream({
    type: 'bytes',
    start(c) { c.enqueue(new Uint8Array([1, 2, 3])); c.enqueue(new Uint8Array([4])); c.close(); },
  });
  const [a, b] = source.tee();
  const byob = a.getReader({ mode: 'byob' });
  const plain = b.getReader();
  assert_true(byob instanceof ReadableStreamBYOBReader, 'both branches are byte streams');
  const x = await byob.read(new Uint8Array(2));
  const y = await plain.read();
  assert_array_equals(bytes(x.value), [1, 2]);
  assert_array_equals(Array.from(y.value), [1, 2], 'the other branch gets what the BYOB read took');
  assert_not_equals(x.value.buffer, y.value.buffer, 'as a copy');
  assert_array_equals(bytes((await byob.read(new Uint8Array(8))).value), [3, 4]);
  assert_array_equals(Array.from((await plain.read()).value), [3, 4]);
  assert_true((await plain.read()).done);
  const end = await byob.read(new Uint8Array(8));
  assert_true(end.done);
  assert_equals(end.value.byteLength, 0);
}, 'tee() of a byte stream gives two byte streams, one of them reading copies');

promise_test(async t => {
  let cancelled;
  const [a, b] = new ReadableStream({
    type: 'bytes',
    pull(c) { c.enqueue(new Uint8Array([7])); },
    cancel(reason) { cancelled = reason; },
  }).tee();
  const first = a.cancel('one');
  const reader = b.getReader();
  assert_array_equals(Array.from((await reader.read()).value), [7], 'the other branch reads on');
  await reader.cancel('two');
  await first;
  assert_array_equals(cancelled, ['one', 'two'], 'the source is cancelled with both reasons');

  let controller;
  const [c, d] = new ReadableStream({ type: 'bytes', start(ctl) { controller = ctl; } }).tee();
  const error = new Error('broken');
  const reads = [c.getReader().read(), d.getReader({ mode: 'byob' }).read(new Uint8Array(1))];
  controller.error(error);
  await promise_rejects_exactly(t, error, reads[0]);
  await promise_rejects_exactly(t, error, reads[1]);
}, 'a byte tee cancels the source once both branches are, and passes its error to both');

promise_test(async () => {
  // Bytes come out in order whatever mix of chunk sizes, BYOB reads and default reads a
  // seeded generator picks, with up to 40 chunks queued at once (the controller holds each
  // chunk's buffer under a key it reuses once the chunk is consumed).
  let seed = 12345;
  const random = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let round = 0; round < 20; ++round) {
    let controller, next = 0;
    const rs = new ReadableStream({ type: 'bytes', start(c) { controller = c; } });
    const expected = [];
    const enqueue = () => {
      const chunk = new Uint8Array(1 + random(300));
      for (let i = 0; i < chunk.length; ++i) chunk[i] = (next++ * 7) & 255;
      expected.push(...chunk);
      controller.enqueue(chunk);
    };
    for (let i = 0; i < 1 + random(40); ++i) enqueue();
    const got = [];
    let reader = rs.getReader({ mode: 'byob' });
    while (got.length < expected.length) {
      if (random(4) === 0) {  // switch reader kinds now and then
        reader.releaseLock();
        reader = random(2) ? rs.getReader() : rs.getReader({ mode: 'byob' });
      }
      if (random(3) === 0) enqueue();
      const { value, done } = reader instanceof ReadableStreamBYOBReader
          ? await reader.read(new Uint8Array(1 + random(500)))
          : await reader.read();
      assert_false(done, 'round ' + round);
      got.push(...value);
    }
    assert_array_equals(got, expected, 'round ' + round);
  }
}, 'a byte stream delivers every byte in order across chunk sizes and reader kinds');
