// A differential test of the Encoding Standard's decoders (TextDecoder) against
// implementations we did not write. For every encoding a label can name:
//   - a sweep: each lead byte followed by every possible second byte (for gb18030 and GBK
//     also by every four-byte tail), decoded as one buffer, printed as a hash;
//   - scenarios a seeded generator picks (bytes drawn mostly from the ranges that encoding's
//     decoder treats specially), each printed in full: the code points decoded, whether
//     {fatal: true} throws, and whether the same bytes streamed in random pieces
//     ({stream: true}) decode the same.
// encoding_trace.expected is what Deno 2.9.6 (encoding_rs) prints, and Bun 1.4.5 (WebKit)
// prints the same; Node 20 (ICU) differs in four ibm866 lines, then throws at iso-8859-16,
// which it lacks. Standard JavaScript only.
import { seededPicker } from './trace_support.mjs';

const pick = seededPicker(0xe2c0d);
const encodings = [
  'utf-8', 'ibm866', 'iso-8859-2', 'iso-8859-3', 'iso-8859-4', 'iso-8859-5', 'iso-8859-6',
  'iso-8859-7', 'iso-8859-8', 'iso-8859-8-i', 'iso-8859-10', 'iso-8859-13', 'iso-8859-14',
  'iso-8859-15', 'iso-8859-16', 'koi8-r', 'koi8-u', 'macintosh', 'windows-874',
  'windows-1250', 'windows-1251', 'windows-1252', 'windows-1253', 'windows-1254',
  'windows-1255', 'windows-1256', 'windows-1257', 'windows-1258', 'x-mac-cyrillic', 'gbk',
  'gb18030', 'big5', 'euc-jp', 'iso-2022-jp', 'shift_jis', 'euc-kr', 'utf-16be', 'utf-16le',
  'x-user-defined',
];
// Bytes each decoder treats specially: leads, trail bounds, escapes, ASCII it prepends.
const special = {
  gbk: [0x80, 0x81, 0x82, 0xa1, 0xa8, 0xfe, 0xff, 0x30, 0x39, 0x3a, 0x40, 0x7e, 0x7f, 0x84, 0xe3],
  gb18030: [0x80, 0x81, 0x82, 0x84, 0x85, 0x8f, 0x90, 0xe3, 0xe4, 0xfe, 0xff, 0x30, 0x31, 0x35,
            0x39, 0x3a, 0x40, 0x7e, 0x7f, 0xa1, 0xa6, 0xd9, 0xf4, 0x37, 0x36],
  big5: [0x80, 0x81, 0x87, 0x88, 0xa1, 0xa4, 0xc6, 0xf9, 0xfe, 0xff, 0x40, 0x62, 0x64, 0xa3,
         0xa5, 0x7e, 0x7f],
  'euc-jp': [0x8e, 0x8f, 0xa1, 0xa4, 0xb0, 0xdf, 0xe0, 0xfe, 0xff, 0x80, 0x41, 0xad, 0xf5],
  'iso-2022-jp': [0x1b, 0x24, 0x28, 0x40, 0x42, 0x4a, 0x49, 0x21, 0x30, 0x5c, 0x7e, 0x5f, 0x60,
                  0x0e, 0x0f, 0x80, 0x7f, 0x41],
  shift_jis: [0x80, 0x81, 0x82, 0x9f, 0xa0, 0xa1, 0xdf, 0xe0, 0xf0, 0xf9, 0xfc, 0xfd, 0x40,
              0x7e, 0x7f, 0xfc, 0x41],
  'euc-kr': [0x80, 0x81, 0xa1, 0xb0, 0xc8, 0xfe, 0xff, 0x41, 0x5a, 0x61, 0x7f, 0xa0],
  'utf-8': [0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5,
            0x9f, 0xa0, 0x8f, 0x90],
  'utf-16be': [0x00, 0xd8, 0xdb, 0xdc, 0xdf, 0xfe, 0xff, 0x41],
  'utf-16le': [0x00, 0xd8, 0xdb, 0xdc, 0xdf, 0xfe, 0xff, 0x41],
};

const escapes = [[0x1b, 0x28, 0x42], [0x1b, 0x28, 0x4a], [0x1b, 0x28, 0x49], [0x1b, 0x24, 0x40],
                 [0x1b, 0x24, 0x42], [0x1b, 0x24], [0x1b, 0x28], [0x1b, 0x24, 0x41]];

const hex = (n) => n.toString(16).toUpperCase().padStart(2, '0');
const codePoints = (s) => Array.from(s, (c) => c.codePointAt(0).toString(16).toUpperCase());
// FNV-1a over the string's code units.
const hash = (s) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
};

function sweep(encoding) {
  const decoder = new TextDecoder(encoding);
  const out = [];
  const leads = [];
  for (let lead = 0x80; lead <= 0xff; lead++) leads.push(lead);
  if (encoding.startsWith('utf-16')) leads.push(0x00, 0x41);
  for (const lead of leads) {
    const bytes = [];
    for (let trail = 0; trail < 256; trail++) bytes.push(lead, trail);
    out.push(hash(decoder.decode(new Uint8Array(bytes))));
  }
  if (encoding === 'gb18030' || encoding === 'gbk') {
    // Four-byte sequences: first byte, then every second, third and fourth byte of the
    // forms the decoder reads (and the bytes just outside them).
    for (let first = 0x80; first <= 0xff; first++) {
      const bytes = [];
      for (let second = 0x2f; second <= 0x3a; second++)
        for (let third = 0x80; third <= 0xff; third++)
          for (let fourth = 0x2f; fourth <= 0x3a; fourth++) bytes.push(first, second, third, fourth);
      out.push(hash(decoder.decode(new Uint8Array(bytes))));
    }
  }
  return out;
}

function randomBytes(encoding) {
  const n = pick(16);
  const pool = special[encoding];
  const bytes = [];
  for (let i = 0; i < n; i++) {
    if (encoding === 'iso-2022-jp' && pick(3) === 0)
      bytes.push(...escapes[pick(escapes.length)]);  // whole escape sequences, or their starts
    else
      bytes.push(pool && pick(3) ? pool[pick(pool.length)] : pick(256));
  }
  return bytes;
}

function decodeStreamed(encoding, bytes) {
  const decoder = new TextDecoder(encoding);
  let text = '';
  for (let at = 0; at < bytes.length;) {
    const n = Math.min(bytes.length - at, pick(4));
    text += decoder.decode(new Uint8Array(bytes.slice(at, at + n)), { stream: true });
    at += n;
  }
  return text + decoder.decode();
}

for (const encoding of encodings) {
  console.log(`${encoding} sweep ${sweep(encoding).join(' ')}`);
  for (let i = 0; i < (special[encoding] ? 60 : 30); i++) {
    const bytes = randomBytes(encoding);
    const text = new TextDecoder(encoding).decode(new Uint8Array(bytes));
    let fatal;
    try {
      fatal = new TextDecoder(encoding, { fatal: true }).decode(new Uint8Array(bytes)) === text
        ? 'same' : 'differs';
    } catch (e) {
      fatal = e.constructor.name;
    }
    const streamed = decodeStreamed(encoding, bytes) === text ? 'same' : 'differs';
    console.log(`${encoding} ${i} [${bytes.map(hex).join(' ')}] -> ` +
                `[${codePoints(text).join(' ')}] fatal:${fatal} streamed:${streamed}`);
  }
}
