// TextDecoder throughput, MB of input decoded per second, one line per case: 4 MiB buffers
// of ASCII, of Latin and CJK text in UTF-8, of UTF-16LE, and of three legacy encodings.
// Standard JavaScript only, so the same file runs in every runtime:
//   out/Release/v8ws tests/perf/text_decoder.js
//   node tests/perf/text_decoder.js; deno run tests/perf/text_decoder.js; bun tests/perf/text_decoder.js
// It measures; nothing asserts a speed.
const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const cases = [
  ['ascii (utf-8)', 'utf-8', [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d]],
  ['latin (utf-8)', 'utf-8', [0x61, 0x62, 0xc3, 0xa9, 0x20]],
  ['cjk (utf-8)', 'utf-8', [0xe3, 0x81, 0x82]],
  ['utf-16le', 'utf-16le', [0x41, 0x00, 0x42, 0x30]],
  ['windows-1252', 'windows-1252', [0x41, 0xe9]],
  ['shift_jis', 'shift_jis', [0x82, 0xa0, 0x41]],
  ['gb18030', 'gb18030', [0xc4, 0xe3, 0x81, 0x30, 0x81, 0x30]],
];
const reps = 10;
for (const [name, label, unit] of cases) {
  const n = 1 << 22;
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = unit[i % unit.length];
  const decoder = new TextDecoder(label);
  decoder.decode(bytes);  // warm up
  const start = now();
  let length = 0;
  for (let r = 0; r < reps; r++) length += decoder.decode(bytes).length;
  const seconds = (now() - start) / 1000;
  console.log(`${name.padEnd(14)} ${(reps * n / 1e6 / seconds).toFixed(0).padStart(6)} MB/s` +
              ` (${length / reps} code units)`);
}
