// HTML §8.3 atob()/btoa() (Infra's forgiving-base64), HTML §2.7 structuredClone(), and
// Web Crypto §10 crypto.getRandomValues()/randomUUID(): results and every error path.
'use strict';

test(() => {
  for (const name of ['atob', 'btoa', 'structuredClone']) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    assert_equals(typeof d.value, 'function', name);
    assert_true(d.writable && d.enumerable && d.configurable, `${name}: an operation's attributes`);
    assert_equals(d.value.length, 1, `${name}.length`);
    assert_equals(d.value.name, name);
    assert_throws_js(TypeError, () => new d.value('x'), `${name} is no constructor`);
  }
}, 'atob, btoa and structuredClone are operations of the global');

test(() => {
  assert_equals(btoa(''), '');
  assert_equals(btoa('f'), 'Zg==');
  assert_equals(btoa('fo'), 'Zm8=');
  assert_equals(btoa('foo'), 'Zm9v');
  assert_equals(btoa('\x00\xff\x80'), 'AP+A');
  assert_equals(btoa(undefined), 'dW5kZWZpbmVk', 'undefined is "undefined"');
  assert_equals(btoa(null), 'bnVsbA==', 'null is "null"');
  assert_equals(btoa(12), 'MTI=');
  assert_throws_dom('InvalidCharacterError', () => btoa('\u0100'));
  assert_throws_dom('InvalidCharacterError', () => btoa('a\uD83D\uDE00'));
  assert_throws_js(TypeError, () => btoa(), 'the argument is required');
  assert_throws_js(TypeError, () => btoa(Symbol()), 'a Symbol has no string');
}, 'btoa: Latin-1 code units to base64; anything wider is an InvalidCharacterError');

test(() => {
  // Infra forgiving-base64 decode, each step.
  assert_equals(atob(''), '');
  assert_equals(atob('Zm9v'), 'foo');
  assert_equals(atob('Zm8='), 'fo', 'one "=" dropped');
  assert_equals(atob('Zg=='), 'f', 'two "=" dropped');
  assert_equals(atob('Zm8'), 'fo', 'padding is optional');
  assert_equals(atob('Zg'), 'f');
  assert_equals(atob(' Z\tm\n9\fv\r '), 'foo', 'ASCII whitespace is removed first');
  assert_equals(atob('Zh=='), 'f', 'leftover bits are discarded');
  assert_equals(atob('AP+A').split('').map(c => c.charCodeAt(0)).join(), '0,255,128');
  assert_throws_dom('InvalidCharacterError', () => atob(undefined),
                    '"undefined" has nine characters: one too many');
  assert_equals(atob(null), '\x9e\xe9\x65', 'null decodes as "null"');
  for (const bad of ['Z', 'Zm9vY', 'Zg=', 'Zg===', '=Zg=', 'Zm=9', 'Zm9v\u00a0', 'Z\u000bg==',
                     '*Zg=', 'Zm9v=', 'Zm9vYg=', '\uff3a\uff47']) {
    assert_throws_dom('InvalidCharacterError', () => atob(bad), JSON.stringify(bad));
  }
  assert_throws_js(TypeError, () => atob());
}, 'atob: forgiving-base64 decode, and InvalidCharacterError for what it rejects');

test(() => {
  const date = new Date(86400000);
  const source = { n: 1, s: 'x', list: [1, , 3], date, re: /a/g, big: 10n,
                   map: new Map([[{ k: 1 }, new Set([1, 2])]]), bytes: new Uint8Array([5, 6]) };
  source.self = source;
  const copy = structuredClone(source);
  assert_not_equals(copy, source);
  assert_equals(copy.self, copy, 'a cycle stays a cycle');
  assert_equals(copy.n, 1);
  assert_false(1 in copy.list, 'a hole stays a hole');
  assert_equals(copy.date.getTime(), 86400000);
  assert_not_equals(copy.date, date);
  assert_equals(String(copy.re), '/a/g');
  assert_equals(copy.big, 10n);
  const [[key, set]] = copy.map;
  assert_equals(key.k, 1);
  assert_array_equals([...set], [1, 2]);
  assert_true(copy.bytes instanceof Uint8Array);
  assert_array_equals(copy.bytes, [5, 6]);
  assert_not_equals(copy.bytes.buffer, source.bytes.buffer);
  const error = structuredClone(new RangeError('boom'));
  assert_true(error instanceof RangeError);
  assert_equals(error.message, 'boom');
  assert_equals(structuredClone(undefined), undefined);
  assert_equals(structuredClone(null, null), null, 'null options are {}');
  assert_equals(structuredClone('s', undefined), 's');
}, 'structuredClone copies what StructuredSerialize can, cycles and holes included');

test(() => {
  assert_throws_dom('DataCloneError', () => structuredClone(() => 1), 'a function');
  assert_throws_dom('DataCloneError', () => structuredClone(Symbol('s')), 'a symbol');
  assert_throws_dom('DataCloneError', () => structuredClone({ f() {} }), 'a method inside');
  assert_throws_dom('DataCloneError', () => structuredClone(new Event('x')), 'a platform object');
  assert_throws_dom('DataCloneError', () => structuredClone(new AbortController().signal));
  assert_throws_dom('DataCloneError', () => structuredClone(new WeakMap()));
  assert_throws_js(TypeError, () => structuredClone(), 'the value is required');
  assert_throws_js(TypeError, () => structuredClone(1, 5), 'options must be an object');
  assert_throws_js(TypeError, () => structuredClone(1, { transfer: 5 }), 'transfer is a sequence');
  assert_throws_js(TypeError, () => structuredClone(1, { transfer: [1] }), 'of objects');
  const thrown = new Error('from a getter');
  assert_throws_exactly(thrown, () => structuredClone({ get x() { throw thrown; } }),
                        'a getter that throws rethrows as itself');
  assert_throws_exactly(thrown,
                        () => structuredClone(1, { get transfer() { throw thrown; } }));
}, 'structuredClone: DataCloneError for what cannot be serialized, TypeError for bad options');

test(() => {
  const buffer = new Uint8Array([1, 2, 3]).buffer;
  const view = new Uint8Array(buffer);
  const copy = structuredClone({ buffer, view }, { transfer: [buffer] });
  assert_equals(buffer.byteLength, 0, 'the original is detached');
  assert_equals(view.length, 0, 'and its views are empty');
  assert_equals(copy.buffer.byteLength, 3);
  assert_equals(copy.view.buffer, copy.buffer, 'the view follows its buffer');
  assert_array_equals(new Uint8Array(copy.buffer), [1, 2, 3]);
  assert_throws_dom('DataCloneError', () => structuredClone(1, { transfer: [buffer] }),
                    'a detached buffer');
  const twice = new ArrayBuffer(1);
  assert_throws_dom('DataCloneError', () => structuredClone(1, { transfer: [twice, twice] }),
                    'the same buffer twice');
  assert_equals(twice.byteLength, 1, 'a failed transfer detaches nothing');
  assert_throws_dom('DataCloneError', () => structuredClone(1, { transfer: [{}] }),
                    'a plain object is not transferable');
  const kept = new ArrayBuffer(2);
  assert_throws_dom('DataCloneError', () => structuredClone(() => 0, { transfer: [kept] }));
  assert_equals(kept.byteLength, 2, 'a failed serialization detaches nothing');
  const untouched = new ArrayBuffer(4);
  structuredClone(untouched);
  assert_equals(untouched.byteLength, 4, 'without transfer, a buffer is copied');
  const set = new Set([new ArrayBuffer(8)]);
  const [moved] = structuredClone(1, { transfer: set }) === 1 ? [...set] : [];
  assert_equals(moved.byteLength, 0, 'transfer takes any iterable');
  const stolen = new ArrayBuffer(8);
  const thief = { get x() { structuredClone(1, { transfer: [stolen] }); return 1; } };
  assert_throws_dom('DataCloneError', () => structuredClone(thief, { transfer: [stolen] }),
                    'a buffer detached while serializing');
}, 'structuredClone transfers ArrayBuffers: detached after, and the errors before anything moves');

test(() => {
  assert_equals(Object.prototype.toString.call(crypto), '[object Crypto]');
  const d = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  assert_true(d.enumerable && d.configurable);
  for (const Type of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
                      Int32Array, Uint32Array, BigInt64Array, BigUint64Array]) {
    const array = new Type(64);
    assert_equals(crypto.getRandomValues(array), array, `${Type.name}: the same array returns`);
    assert_true(Array.prototype.some.call(array, v => v != 0), `${Type.name} is filled`);
  }
  const big = new Uint8Array(65536);
  crypto.getRandomValues(big);
  assert_throws_dom('QuotaExceededError', () => crypto.getRandomValues(new Uint8Array(65537)));
  assert_throws_dom('QuotaExceededError', () => crypto.getRandomValues(new Uint32Array(16385)),
                    'the limit is in bytes');
  const window = new Uint8Array(new ArrayBuffer(32), 8, 8);
  crypto.getRandomValues(window);
  assert_array_equals(new Uint8Array(window.buffer, 0, 8), new Uint8Array(8),
                      'only the view is written');
  assert_equals(crypto.getRandomValues(new Uint8Array(0)).length, 0);
  for (const bad of [new Float32Array(1), new Float64Array(1), new DataView(new ArrayBuffer(1))])
    assert_throws_dom('TypeMismatchError', () => crypto.getRandomValues(bad), bad.constructor.name);
  for (const bad of [[1], new ArrayBuffer(1), 1, undefined])
    assert_throws_js(TypeError, () => crypto.getRandomValues(bad), String(bad));
  assert_throws_js(TypeError, () => crypto.getRandomValues());
}, 'crypto.getRandomValues fills integer typed arrays up to 65,536 bytes');

test(() => {
  const seen = new Set();
  const counts = new Array(16).fill(0);
  for (let i = 0; i < 1000; i++) {
    const uuid = crypto.randomUUID();
    assert_regexp_match(uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    seen.add(uuid);
    counts[parseInt(uuid[0], 16)]++;
  }
  assert_equals(seen.size, 1000, 'no repeats');
  assert_true(counts.every(n => n > 20), 'the first digit takes every value: ' + counts);
}, 'crypto.randomUUID gives version 4, variant 10 UUIDs');
