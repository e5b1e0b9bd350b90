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

promise_test(async () => {
  // HTML §2.7: DOMException and Blob are [Serializable]; the WebSocketStream proposal makes
  // WebSocketError one too, with its close code and reason.
  const original = new DOMException('the message', 'AbortError');
  const copy = structuredClone(original);
  assert_not_equals(copy, original);
  assert_true(copy instanceof DOMException);
  assert_equals(copy.name, 'AbortError');
  assert_equals(copy.message, 'the message');
  assert_equals(copy.code, 20, 'the code follows from the name');
  assert_equals(copy.stack, original.stack, 'the stack travels with it');
  const custom = structuredClone(new DOMException('m', 'MyOwnError'));
  assert_equals(custom.name, 'MyOwnError');
  assert_equals(custom.code, 0);

  const error = structuredClone(new WebSocketError('closed', { closeCode: 4001, reason: 'bye' }));
  assert_true(error instanceof WebSocketError);
  assert_true(error instanceof DOMException);
  assert_equals(error.name, 'WebSocketError');
  assert_equals(error.message, 'closed');
  assert_equals(error.closeCode, 4001);
  assert_equals(error.reason, 'bye');
  assert_equals(structuredClone(new WebSocketError()).closeCode, null);

  const blob = new Blob(['bytes \u00e9'], { type: 'Text/Plain' });
  const [a, b, nested] = structuredClone([blob, blob, { blob }]);
  assert_true(a instanceof Blob);
  assert_not_equals(a, blob);
  assert_equals(a, b, 'one object, cloned once');
  assert_equals(nested.blob, a);
  assert_equals(a.size, blob.size);
  assert_equals(a.type, 'text/plain');
  assert_equals(await a.text(), 'bytes \u00e9');
  assert_equals(await structuredClone(blob.slice(1, 3)).text(), 'yt', 'a slice, its own range');
}, 'structuredClone copies the serializable platform objects: DOMException, WebSocketError, Blob');
