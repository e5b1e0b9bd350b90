// Encoding Standard §7.4 TextDecoderStream and §7.5 TextEncoderStream: state carried across
// chunks (split sequences, surrogate pairs, the BOM), fatal errors and bad chunks erroring
// both sides, the attributes, and use through pipeThrough().
'use strict';

async function run(stream, chunks) {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const out = [];
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done)
        return;
      out.push(value);
    }
  })();
  for (const chunk of chunks)
    writer.write(chunk);
  writer.close();
  await reading;
  return out;
}
const hex = chunks => chunks.map(c => Array.from(c, b => b.toString(16).padStart(2, '0')).join(' '));

test(() => {
  const enc = new TextEncoderStream();
  assert_equals(enc.encoding, 'utf-8');
  assert_true(enc.readable instanceof ReadableStream);
  assert_true(enc.writable instanceof WritableStream);
  assert_equals(enc.readable, enc.readable, 'the same object each time');
  const dec = new TextDecoderStream('UTF8', { fatal: true, ignoreBOM: true });
  assert_equals(dec.encoding, 'utf-8', 'the label is resolved');
  assert_true(dec.fatal);
  assert_true(dec.ignoreBOM);
  const plain = new TextDecoderStream();
  assert_equals(plain.encoding, 'utf-8');
  assert_false(plain.fatal);
  assert_false(plain.ignoreBOM);
  assert_equals(new TextDecoderStream('utf-16be').encoding, 'utf-16be');
  assert_throws_js(RangeError, () => new TextDecoderStream('no-such-encoding'));
  assert_throws_js(RangeError, () => new TextDecoderStream('replacement'));
  assert_throws_js(TypeError, () => TextDecoderStream(), 'not without new');
  assert_throws_js(TypeError, () => Object.getOwnPropertyDescriptor(
    TextEncoderStream.prototype, 'readable').get.call({}), 'a brand check');
}, 'the attributes and the constructors\' checks');

promise_test(async () => {
  const out = await run(new TextEncoderStream(), ['a\uD83D', '\uDE00b', '', 42, '\uDC00x\uD800']);
  assert_array_equals(hex(out), ['61', 'f0 9f 98 80 62', '34 32', 'ef bf bd 78', 'ef bf bd'],
                      'a pair split across chunks is one character; an empty chunk gives nothing; ' +
                      'lone surrogates are U+FFFD; a leading surrogate left at close is flushed');
  assert_true(out.every(c => c instanceof Uint8Array));
}, 'TextEncoderStream carries a leading surrogate from one chunk to the next');

promise_test(async () => {
  const out = await run(new TextDecoderStream(), [
    new Uint8Array([0xEF, 0xBB]), new Uint8Array([0xBF, 0x61, 0xE2, 0x82]),
    new Uint8Array([]), new DataView(new Uint8Array([0xAC, 0xEF, 0xBB, 0xBF]).buffer),
    new Uint8Array([0xF0, 0x9F]).buffer,
  ]);
  assert_array_equals(out, ['a', '\u20AC\uFEFF', '\uFFFD'],
                      'the BOM goes only at the start; a split sequence waits for its end; ' +
                      'one left at close is U+FFFD');
  const kept = await run(new TextDecoderStream('utf-8', { ignoreBOM: true }),
                         [new Uint8Array([0xEF, 0xBB, 0xBF, 0x62])]);
  assert_array_equals(kept, ['\uFEFFb'], 'ignoreBOM keeps it');
  const utf16 = await run(new TextDecoderStream('utf-16le'),
                          [new Uint8Array([0x61]), new Uint8Array([0x00, 0x3D, 0xD8]),
                           new Uint8Array([0x00, 0xDE])]);
  assert_array_equals(utf16, ['a', '\uD83D\uDE00'], 'UTF-16 code units and pairs across chunks');
}, 'TextDecoderStream decodes across chunk boundaries');

promise_test(async t => {
  const dec = new TextDecoderStream('utf-8', { fatal: true });
  const writer = dec.writable.getWriter();
  const reader = dec.readable.getReader();
  const read = reader.read();
  await promise_rejects_js(t, TypeError, writer.write(new Uint8Array([0x61, 0xFF])));
  await promise_rejects_js(t, TypeError, read, 'the readable side is errored');
  await promise_rejects_js(t, TypeError, writer.closed, 'and the writable side');

  const ending = new TextDecoderStream('utf-8', { fatal: true });
  const endWriter = ending.writable.getWriter();
  ending.readable.getReader().read().catch(() => {});
  endWriter.write(new Uint8Array([0xE2, 0x82]));
  await promise_rejects_js(t, TypeError, endWriter.close(), 'an unfinished sequence at close');

  for (const chunk of ['text', 42, null, {}, [1, 2]]) {
    const stream = new TextDecoderStream();
    const pending = stream.readable.getReader().read();
    await promise_rejects_js(t, TypeError, stream.writable.getWriter().write(chunk), String(chunk));
    await promise_rejects_js(t, TypeError, pending);
  }
  const symbol = new TextEncoderStream();
  symbol.readable.getReader().read().catch(() => {});
  await promise_rejects_js(t, TypeError, symbol.writable.getWriter().write(Symbol('s')),
                           'a Symbol is no DOMString');
}, 'a fatal error or a chunk of the wrong type errors both sides with a TypeError');

promise_test(async () => {
  const text = 'h\u00E9llo \u{1F600} w\u00F6rld '.repeat(5000);
  const decoded = [];
  const chunks = new Blob([text]).stream().pipeThrough(new TextDecoderStream());
  for await (const part of chunks)
    decoded.push(part);
  assert_equals(decoded.join(''), text, 'a blob\'s bytes, decoded across its 64 KiB chunks');
  const bytes = [];
  const encoded = ReadableStream.from(['caf', '\u00E9', '\uD83D', '\uDE00'])
    .pipeThrough(new TextEncoderStream());
  for await (const chunk of encoded)
    bytes.push(...chunk);
  assert_equals(new TextDecoder().decode(new Uint8Array(bytes)), 'caf\u00E9\u{1F600}');
}, 'both work through pipeThrough()');
