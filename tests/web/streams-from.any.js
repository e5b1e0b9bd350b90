// Streams Standard §4.2.4 ReadableStream.from(asyncIterable) and §4.9.1
// ReadableStreamFromIterable, whose argument is a WebIDL async_sequence<any> (whatwg/streams
// #1372: an object, so a string is refused): async and sync iterables (the latter through
// ECMAScript's CreateAsyncFromSyncIterator, so each value is awaited), the moments next()
// and return() are called, and every way an iterator can misbehave.
'use strict';

const settle = async (n = 20) => { for (let i = 0; i < n; i++) await null; };

async function readAll(stream) {
  const reader = stream.getReader();
  const chunks = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done)
      return chunks;
    chunks.push(value);
  }
}

// Each yields 'a' then 'b'.
const iterables = {
  'an array': () => ['a', 'b'],
  'an array of promises': () => [Promise.resolve('a'), Promise.resolve('b')],
  'an array iterator': () => ['a', 'b'][Symbol.iterator](),
  'a String object (its code points)': () => new String('ab'),
  'a Set': () => new Set(['a', 'b']),
  'a Map\'s keys': () => new Map([['a', 1], ['b', 2]]).keys(),
  'a sync generator': () => (function* () { yield 'a'; yield 'b'; })(),
  'an async generator': () => (async function* () { yield 'a'; yield 'b'; })(),
  'a hand-written sync iterable': () => ({
    [Symbol.iterator]() {
      let i = 0;
      return { next() { return i < 2 ? { value: 'ab'[i++], done: false } : { done: true }; } };
    },
  }),
  'a hand-written async iterable': () => ({
    [Symbol.asyncIterator]() {
      let i = 0;
      return { next: async () => (i < 2 ? { value: 'ab'[i++], done: false } : { done: true }) };
    },
  }),
  'an object with both methods (the async one wins)': () => ({
    [Symbol.asyncIterator]: () => ['a', 'b'][Symbol.iterator](),
    [Symbol.iterator]() { throw new Error('not this one'); },
  }),
  'a null @@asyncIterator (the sync one is used)': () => ({
    [Symbol.asyncIterator]: null,
    [Symbol.iterator]: () => ['a', 'b'][Symbol.iterator](),
  }),
  'a ReadableStream': () => new ReadableStream({
    start(c) { c.enqueue('a'); c.enqueue('b'); c.close(); },
  }),
};

for (const [name, make] of Object.entries(iterables)) {
  promise_test(async () => {
    const stream = ReadableStream.from(make());
    assert_true(stream instanceof ReadableStream);
    assert_array_equals(await readAll(stream), ['a', 'b']);
  }, `from() reads ${name}`);
}

test(() => {
  assert_equals(ReadableStream.from.length, 1);
  assert_equals(ReadableStream.from.name, 'from');
  const desc = Object.getOwnPropertyDescriptor(ReadableStream, 'from');
  assert_true(desc.writable && desc.configurable && desc.enumerable, 'a WebIDL operation');
  assert_throws_js(TypeError, () => ReadableStream.from(), 'undefined');
  assert_throws_js(TypeError, () => ReadableStream.from(null));
  assert_throws_js(TypeError, () => ReadableStream.from(42), 'a number is not iterable');
  assert_throws_js(TypeError, () => ReadableStream.from('ab'), 'a string is not an object');
  assert_throws_js(TypeError, () => ReadableStream.from({}));
  assert_throws_js(TypeError, () => ReadableStream.from({ [Symbol.asyncIterator]: 5 }),
                   'a method that is not callable');
  assert_throws_js(TypeError, () => ReadableStream.from({ [Symbol.iterator]: {} }));
  assert_throws_js(TypeError, () => ReadableStream.from({ [Symbol.asyncIterator]: () => 5 }),
                   'an iterator that is not an object');
  assert_throws_js(TypeError, () => ReadableStream.from({ [Symbol.iterator]: () => null }));
}, 'from() throws a TypeError for what is not iterable');

test(() => {
  const err = new Error('thrown');
  assert_throws_exactly(err, () => ReadableStream.from({ get [Symbol.asyncIterator]() { throw err; } }));
  assert_throws_exactly(err, () => ReadableStream.from({ [Symbol.asyncIterator]() { throw err; } }));
  assert_throws_exactly(err, () => ReadableStream.from({ [Symbol.iterator]() { throw err; } }));
  assert_throws_exactly(err, () => ReadableStream.from({
    [Symbol.iterator]() { return { get next() { throw err; } }; },
  }), 'next is read by from() itself');
}, 'from() rethrows what getting the iterator throws');

promise_test(async () => {
  const log = [];
  let nextGets = 0;
  const iterator = {
    get next() {
      ++nextGets;
      return () => { log.push('next'); return { value: log.length, done: false }; };
    },
  };
  const stream = ReadableStream.from({ [Symbol.asyncIterator]: () => iterator });
  assert_equals(nextGets, 1, 'next is read once, by from()');
  await settle();
  assert_array_equals(log, [], 'a high-water mark of 0: nothing is pulled before a read');
  const reader = stream.getReader();
  assert_equals((await reader.read()).value, 1);
  await settle();
  assert_array_equals(log, ['next'], 'one next() per read');
  await reader.read();
  assert_array_equals(log, ['next', 'next']);
  assert_equals(nextGets, 1, 'and never read again');
}, 'next() is called once per read, never ahead of it');

promise_test(async t => {
  const err = new Error('from next');
  const cases = [
    [() => { throw err; }, err],
    [() => Promise.reject(err), err],
    [() => 5, TypeError],
    [() => Promise.resolve(5), TypeError],
    [() => ({ get done() { throw err; } }), err],
    [() => ({ done: false, get value() { throw err; } }), err],
  ];
  for (const [next, expected] of cases) {
    const stream = ReadableStream.from({ [Symbol.asyncIterator]: () => ({ next }) });
    const reader = stream.getReader();
    const read = reader.read();
    if (expected === TypeError) {
      await promise_rejects_js(t, TypeError, read, String(next));
      await promise_rejects_js(t, TypeError, reader.closed, 'the stream is errored');
    } else {
      await promise_rejects_exactly(t, expected, read, String(next));
      await promise_rejects_exactly(t, expected, reader.closed);
    }
  }
  const stream = ReadableStream.from({ [Symbol.asyncIterator]: () => ({ next: 'nope' }) });
  await promise_rejects_js(t, TypeError, stream.getReader().read(), 'next is not callable');
}, 'an async iterator whose next() throws, rejects or gives no object errors the stream');

promise_test(async t => {
  const err = new Error('from next');
  const sync = next => ({ [Symbol.iterator]: () => ({ next }) });
  await promise_rejects_exactly(t, err, ReadableStream.from(sync(() => { throw err; })).getReader().read());
  await promise_rejects_js(t, TypeError, ReadableStream.from(sync(() => 5)).getReader().read());
  await promise_rejects_exactly(t, err, ReadableStream.from(sync(() => ({ get done() { throw err; } })))
    .getReader().read());
  await promise_rejects_exactly(t, err, ReadableStream.from(sync(() => ({ done: false, value: Promise.reject(err) })))
    .getReader().read(), 'a rejected value');
  // A value that is a promise with a throwing constructor getter: PromiseResolve throws.
  const p = Promise.resolve('x');
  Object.defineProperty(p, 'constructor', { get() { throw err; } });
  await promise_rejects_exactly(t, err, ReadableStream.from(sync(() => ({ done: false, value: p })))
    .getReader().read());
}, 'a sync iterator whose next() throws, gives no object or a rejected value errors the stream');

promise_test(async t => {
  const err = new Error('rejected value');
  const log = [];
  const iterator = {
    next() { return { value: Promise.reject(err), done: false }; },
    return(...args) { log.push(['return', args.length]); throw new Error('ignored'); },
  };
  const reader = ReadableStream.from({ [Symbol.iterator]: () => iterator }).getReader();
  await promise_rejects_exactly(t, err, reader.read(), 'the value\'s rejection, not return()\'s');
  assert_array_equals(log.map(String), ['return,0'], 'the sync iterator is closed, without arguments');

  const done = [];
  const finished = {
    next() { return { value: Promise.reject(err), done: true }; },
    return() { done.push('return'); return {}; },
  };
  await promise_rejects_exactly(t, err, ReadableStream.from({ [Symbol.iterator]: () => finished })
    .getReader().read());
  assert_array_equals(done, [], 'a done iterator is not closed');
}, 'a sync iterator that yields a rejected promise is closed (ECMA-262 closeOnRejection)');

promise_test(async () => {
  const values = [];
  const items = [Promise.resolve('late'), 'now'];
  const stream = ReadableStream.from(items);
  const reader = stream.getReader();
  values.push((await reader.read()).value);
  items.push('pushed while reading');
  values.push((await reader.read()).value);
  values.push((await reader.read()).value);
  assert_array_equals(values, ['late', 'now', 'pushed while reading'],
                      'promises are awaited; the array is read lazily');
  assert_true((await reader.read()).done);
}, 'a sync iterable is read lazily and its promises are awaited');

promise_test(async () => {
  const calls = [];
  const iterator = {
    next: () => ({ value: 'x', done: false }),
    return(...args) { calls.push(args); return { done: true }; },
  };
  const reason = new Error('cancelled');
  for (const method of [Symbol.asyncIterator, Symbol.iterator]) {
    calls.length = 0;
    const stream = ReadableStream.from({ [method]: () => iterator });
    assert_equals(await stream.cancel(reason), undefined);
    assert_equals(calls.length, 1, String(method));
    assert_array_equals(calls[0], [reason], 'return() gets the reason');
  }
}, 'cancel(reason) calls return(reason) on the iterator');

promise_test(async t => {
  const make = (method, ret) => ReadableStream.from({ [method]: () => ({ next() {}, return: ret }) });
  for (const method of [Symbol.asyncIterator, Symbol.iterator]) {
    const err = new Error('from return');
    assert_equals(await make(method, undefined).cancel(), undefined, 'no return(): fine');
    assert_equals(await make(method, null).cancel(), undefined, 'a null return(): fine');
    await promise_rejects_js(t, TypeError, make(method, 5).cancel(), 'return is not callable');
    await promise_rejects_exactly(t, err, make(method, () => { throw err; }).cancel());
    await promise_rejects_js(t, TypeError, make(method, () => 5).cancel(), 'return() gives no object');
  }
  await promise_rejects_js(t, TypeError, make(Symbol.asyncIterator, () => Promise.resolve(5)).cancel(),
                           'an async return() fulfils with no object');
  // A sync return() that gives a promise gave an object: its (missing) value is awaited.
  assert_equals(await make(Symbol.iterator, () => Promise.resolve(5)).cancel(), undefined);
  const err = new Error('rejected');
  await promise_rejects_exactly(t, err, make(Symbol.asyncIterator, () => Promise.reject(err)).cancel());
  await promise_rejects_exactly(t, err, make(Symbol.iterator, () => ({ value: Promise.reject(err) })).cancel(),
                                'a sync return()\'s value is awaited');
}, 'cancel() reports what return() throws, rejects with or gives that is not an object');

promise_test(async () => {
  let reader;
  const order = [];
  const stream = ReadableStream.from({
    [Symbol.asyncIterator]: () => ({
      next() {
        order.push('next');
        if (order.length === 1) {
          // A read from inside next(): it waits for this pull.
          reader.read().then(r => order.push(`inner ${r.value}`));
        }
        return { value: order.length, done: false };
      },
    }),
  });
  reader = stream.getReader();
  const first = await reader.read();
  await settle();
  assert_equals(first.value, 1);
  // The inner read was queued while the first pull ran; the pull it caused gave 2.
  assert_array_equals(order, ['next', 'next', 'inner 2']);
}, 'a read() from inside next() waits its turn');

promise_test(async () => {
  let reader;
  const iterator = {
    next() {
      reader.cancel('inside');
      return { value: 'dropped', done: false };
    },
    return(reason) { this.reason = reason; return {}; },
  };
  const stream = ReadableStream.from({ [Symbol.asyncIterator]: () => iterator });
  reader = stream.getReader();
  const result = await reader.read();
  assert_true(result.done, 'the cancel closed the stream before the value arrived');
  assert_equals(iterator.reason, 'inside');
  await reader.closed;
}, 'a cancel() from inside next() closes the stream and calls return()');

promise_test(async () => {
  const arrayIteratorPrototype = Object.getPrototypeOf([][Symbol.iterator]());
  const arrayNext = arrayIteratorPrototype.next;
  const reader = ReadableStream.from([1, Promise.resolve(2)]).getReader();
  arrayIteratorPrototype.next = () => { throw new Error('replaced'); };
  try {
    assert_array_equals([(await reader.read()).value, (await reader.read()).value], [1, 2]);
    assert_true((await reader.read()).done);
  } finally {
    arrayIteratorPrototype.next = arrayNext;
  }
}, 'from() keeps the next method it read: replacing it afterwards changes nothing');
