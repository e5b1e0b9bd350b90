// File API Blob: construction, type normalization, slice() at its boundaries, the reads.

promise_test(async () => {
  const b = new Blob(['h\u00e9', new Uint8Array([0x21]), new Blob(['?']), new DataView(new ArrayBuffer(1))]);
  assert_equals(b.size, 6);
  assert_equals(b.type, '');
  assert_array_equals(await b.bytes(), [0x68, 0xC3, 0xA9, 0x21, 0x3F, 0]);
}, 'parts: strings as UTF-8, buffers, views and Blobs, in order');

test(() => {
  assert_equals(new Blob([], {type: 'Text/HTML;Charset=UTF-8'}).type, 'text/html;charset=utf-8');
  assert_equals(new Blob([], {type: 'a\u00e9'}).type, '', 'non-ASCII drops the type');
  assert_equals(new Blob([], {type: 'a\u0019'}).type, '', 'a control character drops the type');
  assert_equals(new Blob().size, 0);
}, 'type is lowercased ASCII, or empty');

test(() => {
  assert_throws_js(TypeError, () => new Blob('not a sequence'));
  assert_throws_js(TypeError, () => new Blob([], {endings: 'weird'}));
  assert_throws_js(TypeError, () => Blob());
}, 'bad arguments throw TypeError');

promise_test(async () => {
  const b = new Blob(['a\r\nb\rc\nd']);
  assert_equals(await b.text(), 'a\r\nb\rc\nd', 'transparent by default');
  const n = new Blob(['a\r\nb\rc\nd'], {endings: 'native'});
  assert_equals(await n.text(), 'a\nb\nc\nd');
}, 'endings: native converts line endings');

const sliceCases = [
  [undefined, undefined, '0123456789'],
  [2, undefined, '23456789'],
  [2, 5, '234'],
  [-3, undefined, '789'],
  [-3, -1, '78'],
  [5, 2, ''],
  [-100, 3, '012'],
  [8, 100, '89'],
  [10, 11, ''],
];
for (const [start, end, expected] of sliceCases) {
  promise_test(async () => {
    const s = new Blob(['0123456789']).slice(start, end);
    assert_equals(s.size, expected.length);
    assert_equals(await s.text(), expected);
  }, `slice(${start}, ${end})`);
}

promise_test(async () => {
  const s = new Blob(['abcdef'], {type: 'x/y'}).slice(1, 4, 'TEXT/Plain');
  assert_equals(s.type, 'text/plain');
  assert_equals(new Blob(['a'], {type: 'x/y'}).slice().type, '', 'no contentType: empty');
  assert_equals(await s.slice(1).text(), 'cd', 'a slice of a slice');
}, 'slice() content types and nesting');

promise_test(async () => {
  const b = new Blob([new Uint8Array([0xEF, 0xBB, 0xBF, 0x41, 0xFF, 0x42])]);
  assert_equals(await b.text(), 'A\uFFFDB', 'BOM dropped, invalid byte replaced');
  const ab = await b.arrayBuffer();
  assert_true(ab instanceof ArrayBuffer);
  assert_equals(ab.byteLength, 6);
  const u8 = await b.bytes();
  assert_true(u8 instanceof Uint8Array);
  assert_not_equals(u8.buffer, ab, 'a new buffer each time');
}, 'text(), arrayBuffer() and bytes()');

async function readAllBytes(stream) {
  const reader = stream.getReader();
  const parts = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done)
      break;
    assert_true(value instanceof Uint8Array, 'each chunk is a Uint8Array');
    parts.push(...value);
  }
  return parts;
}

promise_test(async () => {
  const bytes = Array.from({ length: 150000 }, (_, i) => (i * 7) & 255);
  const blob = new Blob(['hi', new Uint8Array(bytes)]);
  const stream = blob.stream();
  assert_true(stream instanceof ReadableStream);
  assert_not_equals(blob.stream(), stream, '[NewObject]');
  const got = await readAllBytes(stream);
  assert_equals(got.length, 150002);
  assert_array_equals(got.slice(0, 2), [104, 105]);
  assert_true(got.slice(2).every((b, i) => b === bytes[i]), 'every byte, in order');
  assert_array_equals(await readAllBytes(new Blob([]).stream()), [], 'an empty blob closes');
  assert_array_equals(await readAllBytes(new Blob(['abcdef']).slice(2, 4).stream()), [99, 100],
                      'a slice streams its own range');
}, 'stream() reads the blob\'s bytes');

promise_test(async () => {
  const reader = new Blob(['hello']).stream().getReader({ mode: 'byob' });
  const first = await reader.read(new Uint8Array(3));
  assert_array_equals(Array.from(first.value), [104, 101, 108]);
  const second = await reader.read(new Uint8Array(10));
  assert_array_equals(Array.from(second.value), [108, 111]);
  const end = await reader.read(new Uint8Array(1));
  assert_true(end.done);
}, 'stream() is a byte stream: a BYOB reader reads it into its own buffers');

promise_test(async () => {
  const stream = new Blob([new Uint8Array(1 << 20)]).stream();
  const reader = stream.getReader();
  await reader.read();
  await reader.cancel();
  assert_true((await reader.read()).done, 'cancelled');
  // A stream only the pending read reaches survives the collector.
  const pending = new Blob(['kept']).stream().getReader().read();
  if (globalThis.gc)
    gc();
  assert_array_equals(Array.from((await pending).value), [107, 101, 112, 116]);
}, 'stream() can be cancelled, and a pending read keeps it alive');
