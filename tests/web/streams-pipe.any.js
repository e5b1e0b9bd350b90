// Streams Standard §4.9.1 ReadableStreamPipeTo and §4.2.4 pipeThrough(): what arrives, what
// each option prevents, the signal, locking, and the errors of misuse.
'use strict';

const settle = async (n = 40) => { for (let i = 0; i < n; i++) await null; };
const recorder = (events, extra = {}) => new WritableStream(Object.assign({
  write(chunk) { events.push('write ' + chunk); },
  close() { events.push('close'); },
  abort(reason) { events.push('abort ' + reason); },
}, extra));
const fromArray = (chunks, end) => new ReadableStream({
  start(c) {
    for (const chunk of chunks) c.enqueue(chunk);
    if (end === 'close') c.close();
    else if (end !== undefined) c.error(end);
  },
});

promise_test(async () => {
  const events = [];
  const source = fromArray(['a', 'b', 'c'], 'close');
  const dest = recorder(events);
  const pipe = source.pipeTo(dest);
  assert_true(source.locked && dest.locked, 'both streams are locked while piping');
  assert_equals(await pipe, undefined);
  assert_array_equals(events, ['write a', 'write b', 'write c', 'close']);
  assert_false(source.locked || dest.locked, 'and unlocked after');
}, 'pipeTo writes every chunk in order, then closes the destination');

promise_test(async (t) => {
  const events = [];
  await promise_rejects_exactly(t, 'boom', fromArray(['a'], 'boom').pipeTo(recorder(events)));
  assert_array_equals(events, ['abort boom'], 'an error aborts the destination');
  const kept = [];
  await promise_rejects_exactly(t, 'boom', fromArray([], 'boom').pipeTo(recorder(kept), { preventAbort: true }));
  assert_array_equals(kept, [], 'preventAbort keeps it');

  const cancelled = [];
  const source = new ReadableStream({ pull(c) { c.enqueue(1); }, cancel(r) { cancelled.push(r); } });
  const failing = new WritableStream({ write() { throw 'sink'; } });
  await promise_rejects_exactly(t, 'sink', source.pipeTo(failing));
  assert_array_equals(cancelled, ['sink'], "the destination's error cancels the source");

  const events2 = [];
  await fromArray(['x'], 'close').pipeTo(recorder(events2), { preventClose: true });
  assert_array_equals(events2, ['write x'], 'preventClose leaves the destination open');
}, 'errors and closing propagate both ways unless the options prevent it');

promise_test(async (t) => {
  const closedDest = new WritableStream();
  await closedDest.close();
  const cancelled = [];
  const source = new ReadableStream({ cancel(r) { cancelled.push(r); } });
  await promise_rejects_js(t, TypeError, source.pipeTo(closedDest), 'a closed destination');
  assert_equals(cancelled.length, 1);
  assert_true(cancelled[0] instanceof TypeError, 'the source is cancelled with that TypeError');
}, 'piping into a closed destination cancels the source with a TypeError');

promise_test(async (t) => {
  const controller = new AbortController();
  const reason = new Error('stop');
  const events = [];
  const cancelled = [];
  const source = new ReadableStream({ pull(c) { c.enqueue('p'); return new Promise((r) => setTimeout(r, 1)); },
                                      cancel(r) { cancelled.push(r); } });
  const pipe = source.pipeTo(recorder(events), { signal: controller.signal });
  await new Promise((r) => setTimeout(r, 5));
  controller.abort(reason);
  await promise_rejects_exactly(t, reason, pipe, 'the pipe rejects with the reason');
  assert_equals(events[events.length - 1], 'abort Error: stop', 'the destination is aborted');
  assert_array_equals(cancelled, [reason], 'and the source cancelled');

  const aborted = AbortSignal.abort(reason);
  const untouched = [];
  await promise_rejects_exactly(t, reason,
      fromArray(['z']).pipeTo(recorder(untouched), { signal: aborted, preventAbort: true, preventCancel: true }));
  assert_array_equals(untouched, [], 'an aborted signal with both prevented touches nothing');
}, 'an aborted signal stops the pipe, aborting and cancelling unless prevented');

promise_test(async (t) => {
  const source = new ReadableStream();
  const reader = source.getReader();
  await promise_rejects_js(t, TypeError, source.pipeTo(new WritableStream()), 'a locked source');
  reader.releaseLock();
  const dest = new WritableStream();
  dest.getWriter();
  await promise_rejects_js(t, TypeError, source.pipeTo(dest), 'a locked destination');
  assert_false(source.locked, 'a refused pipe locks nothing');
  await promise_rejects_js(t, TypeError, source.pipeTo({}), 'not a WritableStream');
}, 'pipeTo rejects locked streams and other objects');

promise_test(async () => {
  let controller;
  const readable = new ReadableStream({ start(c) { controller = c; } });
  const writable = new WritableStream({ write(chunk) { controller.enqueue(chunk * 2); },
                                        close() { controller.close(); } });
  const out = fromArray([1, 2, 3], 'close').pipeThrough({ readable, writable });
  assert_equals(out, readable, 'pipeThrough returns the pair\'s readable');
  const seen = [];
  for await (const x of out) seen.push(x);
  assert_array_equals(seen, [2, 4, 6]);
  assert_throws_js(TypeError, () => new ReadableStream().pipeThrough({ readable }), 'writable is required');
  const locked = new ReadableStream();
  locked.getReader();
  assert_throws_js(TypeError, () => locked.pipeThrough({ readable: new ReadableStream(), writable: new WritableStream() }));
  const busy = new WritableStream();
  busy.getWriter();
  assert_throws_js(TypeError, () => new ReadableStream().pipeThrough({ readable: new ReadableStream(), writable: busy }));
}, 'pipeThrough pipes into the pair and returns its readable side');

promise_test(async () => {
  // Streams that piped many chunks and finished are garbage once script drops them: what
  // the pipe bound to each object (its promise reactions included) refers only back to it.
  const refs = await (async () => {
    let sent = 0;
    const source = new ReadableStream({
      pull(c) { if (sent++ < 50) c.enqueue(sent); else c.close(); }
    });
    const transform = new TransformStream();
    const dest = new WritableStream();
    await source.pipeThrough(transform).pipeTo(dest);
    return [source, transform, transform.readable, transform.writable, dest]
        .map((o) => new WeakRef(o));
  })();
  for (let i = 0; i < 3; ++i) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert_array_equals(refs.map((r) => r.deref() === undefined), [true, true, true, true, true],
                      'each stream collected');
}, 'finished pipes leave their streams collectable');
