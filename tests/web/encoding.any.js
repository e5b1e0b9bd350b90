// Encoding Standard §7: TextDecoder (labels, BOM, fatal, streaming, every input type) and
// TextEncoder (encode, encodeInto), and the errors each throws.
'use strict';

const bytes = (...list) => new Uint8Array(list);

test(() => {
  const d = new TextDecoder();
  assert_equals(d.encoding, 'utf-8');
  assert_false(d.fatal);
  assert_false(d.ignoreBOM);
  for (const [label, name] of [['utf8', 'utf-8'], [' \tUnicode-1-1-UTF-8\n', 'utf-8'],
                               ['x-unicode20utf8', 'utf-8'], ['UTF-16', 'utf-16le'],
                               ['ucs-2', 'utf-16le'], ['unicodefeff', 'utf-16le'],
                               ['csunicode', 'utf-16le'], ['utf-16be', 'utf-16be'],
                               ['unicodefffe', 'utf-16be']])
    assert_equals(new TextDecoder(label).encoding, name, JSON.stringify(label));
  assert_equals(new TextDecoder(undefined).encoding, 'utf-8', 'undefined is the default');
  for (const bad of ['', 'utf-7', 'replacement', 'iso-2022-kr', 'utf-8\v', 'null'])
    assert_throws_js(RangeError, () => new TextDecoder(bad), JSON.stringify(bad));
  assert_throws_js(RangeError, () => new TextDecoder(null), 'null is the label "null"');
  assert_throws_js(TypeError, () => TextDecoder(), 'needs new');
  assert_throws_js(TypeError, () => new TextDecoder('utf-8', 5), 'options is a dictionary');
  const f = new TextDecoder('utf-8', { fatal: 1, ignoreBOM: 'yes' });
  assert_true(f.fatal);
  assert_true(f.ignoreBOM);
}, 'TextDecoder: labels, defaults and options');

test(() => {
  const d = new TextDecoder();
  assert_equals(d.decode(), '');
  assert_equals(d.decode(undefined), '');
  assert_equals(d.decode(bytes(0x68, 0xC3, 0xA9)), 'hé');
  assert_equals(d.decode(bytes(0x68, 0xC3, 0xA9).buffer), 'hé', 'an ArrayBuffer');
  assert_equals(d.decode(new DataView(bytes(0, 0x41, 0x42, 0).buffer, 1, 2)), 'AB', 'a DataView');
  assert_equals(d.decode(new Uint16Array([0x4241])), 'AB', 'any view, by its bytes');
  const shared = new SharedArrayBuffer(3);
  new Uint8Array(shared).set([0xE2, 0x82, 0xAC]);
  assert_equals(d.decode(shared), '€', 'a SharedArrayBuffer');
  assert_equals(d.decode(new Uint8Array(shared)), '€', 'a view on shared memory');
  for (const bad of [[0x41], 'AB', 1, {}, null])
    assert_throws_js(TypeError, () => d.decode(bad), JSON.stringify(bad));
}, 'decode() takes any BufferSource, shared ones too');

test(() => {
  const d = new TextDecoder();
  // Each error is one U+FFFD per maximal subpart (Encoding §9.1.1).
  assert_equals(d.decode(bytes(0xFF, 0x41)), '\uFFFDA');
  assert_equals(d.decode(bytes(0xC0, 0x80)), '\uFFFD\uFFFD', 'overlong');
  assert_equals(d.decode(bytes(0xE0, 0x80, 0x80)), '\uFFFD\uFFFD\uFFFD', 'overlong three bytes');
  assert_equals(d.decode(bytes(0xED, 0xA0, 0x80)), '\uFFFD\uFFFD\uFFFD', 'a surrogate');
  assert_equals(d.decode(bytes(0xF4, 0x90, 0x80, 0x80)), '\uFFFD\uFFFD\uFFFD\uFFFD', 'past U+10FFFF');
  assert_equals(d.decode(bytes(0xF0, 0x9F, 0x41)), '\uFFFDA', 'a truncated sequence is one');
  assert_equals(d.decode(bytes(0xE2, 0x82)), '\uFFFD', 'and so is one cut off by the end');
  const fatal = new TextDecoder('utf-8', { fatal: true });
  assert_throws_js(TypeError, () => fatal.decode(bytes(0xFF)));
  assert_throws_js(TypeError, () => fatal.decode(bytes(0xE2, 0x82)));
  assert_equals(fatal.decode(bytes(0x6F, 0x6B)), 'ok', 'a fatal decoder still decodes after');
}, 'invalid UTF-8: U+FFFD per maximal subpart, or a TypeError when fatal');

test(() => {
  const d = new TextDecoder();
  assert_equals(d.decode(bytes(0xEF, 0xBB, 0xBF, 0x41)), 'A', 'a BOM is dropped');
  assert_equals(d.decode(bytes(0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF)), '\uFEFF', 'only one');
  assert_equals(d.decode(bytes(0x41, 0xEF, 0xBB, 0xBF)), 'A\uFEFF', 'only at the start');
  assert_equals(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes(0xEF, 0xBB, 0xBF)),
                '\uFEFF', 'ignoreBOM keeps it');
  assert_equals(new TextDecoder('utf-16le').decode(bytes(0xFF, 0xFE, 0x41, 0)), 'A');
  assert_equals(new TextDecoder('utf-16be').decode(bytes(0xFE, 0xFF, 0, 0x41)), 'A');
  assert_equals(new TextDecoder('utf-16le').decode(bytes(0xFE, 0xFF, 0x41, 0)), '\uFFFEA',
                'the other order is no BOM');
  const s = new TextDecoder();
  assert_equals(s.decode(bytes(0xEF, 0xBB), { stream: true }), '');
  assert_equals(s.decode(bytes(0xBF, 0x42), { stream: true }), 'B', 'a BOM split across calls');
  assert_equals(s.decode(bytes(0xEF, 0xBB, 0xBF)), '\uFEFF', 'not at the start any more');
  assert_equals(s.decode(bytes(0xEF, 0xBB, 0xBF)), '', 'a new stream starts after a flush');
}, 'the BOM: dropped once at the start of a stream unless ignoreBOM');

test(() => {
  const d = new TextDecoder();
  const euro = [0xE2, 0x82, 0xAC];
  let out = '';
  for (const b of euro) out += d.decode(bytes(b), { stream: true });
  out += d.decode();
  assert_equals(out, '€', 'a character split over three calls');
  assert_equals(d.decode(bytes(0xE2), { stream: true }), '');
  assert_equals(d.decode(), '\uFFFD', 'the end of the stream flushes what waits');
  assert_equals(d.decode(bytes(0x41)), 'A', 'and the next call starts afresh');
  const u16 = new TextDecoder('utf-16le');
  assert_equals(u16.decode(bytes(0x3D), { stream: true }), '');
  assert_equals(u16.decode(bytes(0xD8, 0x00), { stream: true }), '', 'a lead surrogate waits');
  assert_equals(u16.decode(bytes(0xDE)), '😀');
  assert_equals(u16.decode(bytes(0x00, 0xD8, 0x41, 0x00)), '\uFFFDA', 'a lone lead surrogate');
  assert_equals(u16.decode(bytes(0x00, 0xDC)), '\uFFFD', 'a lone trail surrogate');
  assert_equals(u16.decode(bytes(0x41)), '\uFFFD', 'an odd byte at the end');
  assert_throws_js(TypeError, () => new TextDecoder('utf-16be', { fatal: true }).decode(bytes(0xD8, 0)));
}, 'streaming keeps what a call left unfinished; UTF-16 surrogates and odd bytes');

test(() => {
  const e = new TextEncoder();
  assert_equals(e.encoding, 'utf-8');
  assert_equals(TextEncoder.length, 0);
  const out = e.encode('hé€😀');
  assert_true(out instanceof Uint8Array);
  assert_array_equals(out, [0x68, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80]);
  assert_array_equals(e.encode(), [], 'the default is ""');
  assert_array_equals(e.encode(undefined), [], 'undefined is the default too');
  assert_array_equals(e.encode(null), [0x6E, 0x75, 0x6C, 0x6C], 'null is "null"');
  assert_array_equals(e.encode('\uD800a\uDC00'), [0xEF, 0xBF, 0xBD, 0x61, 0xEF, 0xBF, 0xBD],
                      'lone surrogates become U+FFFD');
  assert_not_equals(e.encode('x').buffer, e.encode('x').buffer, '[NewObject]');
  assert_throws_js(TypeError, () => e.encode(Symbol()));
}, 'TextEncoder.encode: UTF-8 of the scalar values');

test(() => {
  const e = new TextEncoder();
  const into = (source, size, offset = 0) => {
    const buffer = new Uint8Array(size + offset + 2).fill(0xAA);
    const view = new Uint8Array(buffer.buffer, offset, size);
    const result = e.encodeInto(source, view);
    return [result.read, result.written, [...buffer]];
  };
  assert_array_equals(into('abc', 5)[2], [0x61, 0x62, 0x63, 0xAA, 0xAA, 0xAA, 0xAA]);
  let [read, written] = into('a€😀', 5);
  assert_equals(read, 2, 'the code units of what fit: a, €');
  assert_equals(written, 4);
  [read, written] = into('a€😀', 8);
  assert_equals(read, 4, 'a code point past U+FFFF reads two code units');
  assert_equals(written, 8);
  [read, written] = into('😀', 3);
  assert_equals(read, 0, 'nothing partial is written');
  assert_equals(written, 0);
  const [, , at] = into('xy', 2, 3);
  assert_array_equals(at, [0xAA, 0xAA, 0xAA, 0x78, 0x79, 0xAA, 0xAA], 'only into the view');
  [read, written] = into('\uD800', 3);
  assert_equals(read, 1, 'a lone surrogate is one code unit');
  assert_equals(written, 3, 'written as U+FFFD');
  const result = e.encodeInto('', new Uint8Array(0));
  assert_array_equals(Object.keys(result), ['read', 'written'], 'a dictionary, in order');
  assert_equals(result.read, 0);
  assert_equals(result.written, 0);
  const shared = new Uint8Array(new SharedArrayBuffer(4));
  assert_equals(e.encodeInto('ok', shared).written, 2, '[AllowShared]');
  assert_equals(new TextDecoder().decode(shared.slice(0, 2)), 'ok');
  for (const bad of [new Uint16Array(4), new ArrayBuffer(4), [0, 0], undefined])
    assert_throws_js(TypeError, () => e.encodeInto('a', bad), String(bad));
  assert_throws_js(TypeError, () => e.encodeInto('a'), 'both arguments are required');
}, 'TextEncoder.encodeInto: whole characters while they fit, and its result dictionary');

test(() => {
  const text = 'hé€😀'.repeat(1000);
  assert_equals(new TextDecoder().decode(new TextEncoder().encode(text)), text);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const all = encoder.encode(text);
  let out = '';
  for (let i = 0; i < all.length; i += 7) out += decoder.decode(all.subarray(i, i + 7), { stream: true });
  assert_equals(out + decoder.decode(), text, 'in pieces that split characters');
}, 'a round trip, whole and streamed');
