// Encoding Standard: the labels of §4.2 and the legacy decoders of §9-14 through
// TextDecoder and TextDecoderStream, case by case from each decoder's steps: the paths
// that map, the ones that err, the bytes a decoder hands back ("prepend"), the end of the
// queue, and streams split inside a sequence. (tests/shell/encoding_trace.mjs compares
// whole sweeps of every encoding with Deno's and Bun's decoders.)
'use strict';

const bytes = (...list) => new Uint8Array(list);
const decode = (label, list, options) => new TextDecoder(label, options).decode(bytes(...list));
const cps = (s) => Array.from(s, (c) => 'U+' + c.codePointAt(0).toString(16).toUpperCase()
                                                   .padStart(4, '0')).join(' ');
const assert_decodes = (label, list, expected, description) =>
  assert_equals(cps(decode(label, list)), cps(expected), description || `${label} ${list}`);

// §4.2's table: each encoding's name and its labels.
const kLabels = {
  'utf-8': 'unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8',
  'ibm866': '866 cp866 csibm866 ibm866',
  'iso-8859-2':
      'csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2',
  'iso-8859-3':
      'csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3',
  'iso-8859-4':
      'csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4',
  'iso-8859-5':
      'csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 ' +
      'iso_8859-5:1988',
  'iso-8859-6':
      'arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e ' +
      'iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987',
  'iso-8859-7':
      'csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 ' +
      'iso_8859-7 iso_8859-7:1987 sun_eu_greek',
  'iso-8859-8':
      'csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 ' +
      'iso_8859-8 iso_8859-8:1988 visual',
  'iso-8859-8-i': 'csiso88598i iso-8859-8-i logical',
  'iso-8859-10': 'csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6',
  'iso-8859-13': 'iso-8859-13 iso8859-13 iso885913',
  'iso-8859-14': 'iso-8859-14 iso8859-14 iso885914',
  'iso-8859-15': 'csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9',
  'iso-8859-16': 'iso-8859-16',
  'koi8-r': 'cskoi8r koi koi8 koi8-r koi8_r',
  'koi8-u': 'koi8-ru koi8-u',
  'macintosh': 'csmacintosh mac macintosh x-mac-roman',
  'windows-874': 'dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874',
  'windows-1250': 'cp1250 windows-1250 x-cp1250',
  'windows-1251': 'cp1251 windows-1251 x-cp1251',
  'windows-1252':
      'ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 ' +
      'iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252',
  'windows-1253': 'cp1253 windows-1253 x-cp1253',
  'windows-1254':
      'cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 ' +
      'latin5 windows-1254 x-cp1254',
  'windows-1255': 'cp1255 windows-1255 x-cp1255',
  'windows-1256': 'cp1256 windows-1256 x-cp1256',
  'windows-1257': 'cp1257 windows-1257 x-cp1257',
  'windows-1258': 'cp1258 windows-1258 x-cp1258',
  'x-mac-cyrillic': 'x-mac-cyrillic x-mac-ukrainian',
  'gbk': 'chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk',
  'gb18030': 'gb18030',
  'big5': 'big5 big5-hkscs cn-big5 csbig5 x-x-big5',
  'euc-jp': 'cseucpkdfmtjapanese euc-jp x-euc-jp',
  'iso-2022-jp': 'csiso2022jp iso-2022-jp',
  'shift_jis': 'csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis',
  'euc-kr':
      'cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ' +
      'ksc_5601 windows-949',
  'replacement': 'csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement',
  'utf-16be': 'unicodefffe utf-16be',
  'utf-16le': 'csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le',
  'x-user-defined': 'x-user-defined',
};

test(() => {
  let count = 0;
  for (const [name, list] of Object.entries(kLabels)) {
    for (const label of list.split(' ')) {
      count++;
      if (name === 'replacement') {
        assert_throws_js(RangeError, () => new TextDecoder(label), label);
        assert_throws_js(RangeError, () => new TextDecoderStream(label), label);
        continue;
      }
      assert_equals(new TextDecoder(label).encoding, name, label);
      assert_equals(new TextDecoder(` \t\n\f\r${label.toUpperCase()}\r `).encoding, name,
                    `${label}, with ASCII whitespace around it and in upper case`);
      assert_equals(new TextDecoderStream(label).encoding, name, label);
    }
  }
  assert_equals(count, 228, 'every label of the table');
  for (const bad of ['latin-1', 'utf-8\u00a0', 'gb 18030', 'shift_jis\v', 'iso-8859-1\0'])
    assert_throws_js(RangeError, () => new TextDecoder(bad), JSON.stringify(bad));
}, 'every label of §4.2 names its encoding; replacement and what is not a label throw');

test(() => {
  assert_decodes('windows-1252', [0x41, 0x80, 0x81, 0x9f, 0xa0, 0xff], 'A\u20ac\u0081\u0178\u00a0\u00ff');
  assert_decodes('ibm866', [0x80, 0xff], '\u0410\u00a0');
  assert_decodes('koi8-u', [0xa4, 0xad], '\u0454\u0491');
  assert_decodes('iso-8859-8-i', [0xe0, 0xfa], '\u05d0\u05ea', 'ISO-8859-8-I reads ISO-8859-8\'s index');
  // Pointers the index leaves null are errors, and fatal throws on them.
  assert_decodes('windows-1253', [0xaa, 0x41], '\ufffdA');
  assert_decodes('iso-8859-3', [0xa5], '\ufffd');
  assert_decodes('windows-874', [0xdb, 0xfc], '\ufffd\ufffd');
  assert_throws_js(TypeError, () => decode('windows-1253', [0xaa], { fatal: true }));
  // x-user-defined: bytes 0x80-0xFF go to U+F780-U+F7FF.
  assert_decodes('x-user-defined', [0x00, 0x7f, 0x80, 0xff], '\u0000\u007f\uf780\uf7ff');
  // No BOM is taken from a legacy encoding: the bytes decode as they are.
  assert_decodes('windows-1252', [0xef, 0xbb, 0xbf, 0x41], '\u00ef\u00bb\u00bfA');
}, 'single-byte decoders (§9) and x-user-defined (§14.5)');

test(() => {
  for (const label of ['gb18030', 'gbk']) {
    assert_decodes(label, [0x80], '\u20ac', `${label}: 0x80 is the euro sign`);
    assert_decodes(label, [0xc4, 0xe3, 0xba, 0xc3], '\u4f60\u597d');
    // GB18030-2022: these two-byte codes left the Private Use Area.
    assert_decodes(label, [0xa6, 0xd9, 0xa6, 0xdf, 0xa6, 0xf3, 0xfe, 0x59, 0xfe, 0xa0],
                   '\ufe10\ufe16\ufe19\u9fb4\u9fbb', `${label}: GB18030-2022`);
    // Four bytes: index gb18030 ranges, its special pointer 7457 and its limits.
    assert_decodes(label, [0x81, 0x30, 0x81, 0x30], '\u0080');
    assert_decodes(label, [0x81, 0x35, 0xf4, 0x37], '\ue7c7', 'pointer 7457');
    assert_decodes(label, [0x84, 0x31, 0xa4, 0x39], '\uffff', 'pointer 39419');
    assert_decodes(label, [0x84, 0x31, 0xa5, 0x30], '\ufffd', 'pointer 39420');
    assert_decodes(label, [0x90, 0x30, 0x81, 0x30], '\u{10000}', 'pointer 189000');
    assert_decodes(label, [0xe3, 0x32, 0x9a, 0x35], '\u{10ffff}', 'pointer 1237575');
    assert_decodes(label, [0xe3, 0x32, 0x9a, 0x36], '\ufffd', 'pointer 1237576');
    // An ASCII byte where a second byte belongs is not taken into the error.
    assert_decodes(label, [0x81, 0x22], '\ufffd"');
    assert_decodes(label, [0xff, 0x41], '\ufffdA');
    // A broken four-byte sequence: its second, third and fourth bytes are read again.
    assert_decodes(label, [0x81, 0x30, 0x81, 0x41], '\ufffd0\u4e04', '0x81 0x41 is read again');
    assert_decodes(label, [0x81, 0x30, 0x41], '\ufffd0A');
    // At the end of the queue, the bytes held go with a single U+FFFD.
    assert_decodes(label, [0x81, 0x30, 0x81], '\ufffd');
    assert_decodes(label, [0x41, 0x81, 0x30], 'A\ufffd');
    assert_throws_js(TypeError, () => decode(label, [0x81, 0x30], { fatal: true }));
  }
  assert_equals(new TextDecoder('gb2312').encoding, 'gbk', 'GBK decodes with gb18030\'s decoder');
}, 'gb18030 and GBK decoders (§10)');

test(() => {
  assert_decodes('big5', [0xa4, 0x40, 0xa4, 0x48], '\u4e00\u4eba');
  // Pointers 1133, 1135, 1164 and 1166 decode to two code points each.
  assert_decodes('big5', [0x88, 0x62, 0x88, 0x64, 0x88, 0xa3, 0x88, 0xa5],
                 '\u00ca\u0304\u00ca\u030c\u00ea\u0304\u00ea\u030c');
  assert_decodes('big5', [0x81, 0x22], '\ufffd"', 'an ASCII trail byte is read again');
  assert_decodes('big5', [0xa4, 0x7f], '\ufffd\u007f');
  assert_decodes('big5', [0xa4, 0xa0], '\ufffd', 'a trail byte outside both ranges goes too');
  assert_decodes('big5', [0x80, 0xff], '\ufffd\ufffd');
  assert_decodes('big5', [0xa4], '\ufffd', 'a lead byte at the end');
}, 'Big5 decoder (§11)');

test(() => {
  assert_decodes('euc-jp', [0xa4, 0xa2, 0xb0, 0xa1], '\u3042\u4e9c');
  assert_decodes('euc-jp', [0x8e, 0xa1, 0x8e, 0xdf], '\uff61\uff9f', 'half-width katakana');
  assert_decodes('euc-jp', [0x8e, 0xe0], '\ufffd', '0x8E takes 0xA1-0xDF only');
  assert_decodes('euc-jp', [0x8f, 0xb0, 0xa1], '\u4e02', 'JIS X 0212 after 0x8F');
  assert_decodes('euc-jp', [0x8f, 0xb0, 0xa1, 0xb0, 0xa1], '\u4e02\u4e9c',
                 'the JIS X 0212 flag lasts one character');
  assert_decodes('euc-jp', [0xa4, 0x41], '\ufffdA');
  assert_decodes('euc-jp', [0x8f], '\ufffd');

  assert_decodes('shift_jis', [0x82, 0xa0, 0x88, 0x9f], '\u3042\u4e9c');
  assert_decodes('shift_jis', [0x80, 0xa1, 0xdf], '\u0080\uff61\uff9f');
  assert_decodes('shift_jis', [0xf0, 0x40, 0xf9, 0xfc], '\ue000\ue757', 'user-defined area');
  // The Standard's security example: 0x82 must not mask the quotation mark.
  assert_decodes('shift_jis', [0x82, 0x22], '\ufffd"');
  assert_decodes('shift_jis', [0xa0, 0xfd], '\ufffd\ufffd');
  assert_decodes('shift_jis', [0x81, 0x7f], '\ufffd\u007f');
}, 'EUC-JP and Shift_JIS decoders (§12.1, §12.3)');

test(() => {
  const esc = (...s) => [0x1b, ...s];
  assert_decodes('iso-2022-jp', [0x41, 0x5c, 0x7e], 'A\\~', 'ASCII at first');
  assert_decodes('iso-2022-jp', [...esc(0x24, 0x42), 0x30, 0x21, ...esc(0x28, 0x42), 0x41],
                 '\u4e9cA', 'JIS X 0208, then back to ASCII');
  assert_decodes('iso-2022-jp', [...esc(0x24, 0x40), 0x24, 0x22], '\u3042', 'ESC $ @ too');
  assert_decodes('iso-2022-jp', [...esc(0x28, 0x4a), 0x5c, 0x7e, 0x41], '\u00a5\u203eA', 'Roman');
  assert_decodes('iso-2022-jp', [...esc(0x28, 0x49), 0x21, 0x5f, 0x60], '\uff61\uff9f\ufffd',
                 'katakana');
  // Two escape sequences with nothing decoded between them: an error.
  assert_decodes('iso-2022-jp', [...esc(0x28, 0x4a), ...esc(0x28, 0x42), 0x41], '\ufffdA');
  assert_decodes('iso-2022-jp', [...esc(0x28, 0x42)], '', 'one escape sequence alone is fine');
  // Bytes no state takes.
  assert_decodes('iso-2022-jp', [0x0e, 0x0f, 0x80], '\ufffd\ufffd\ufffd');
  // An escape that is not one of the four: the bytes after ESC are read again.
  assert_decodes('iso-2022-jp', [...esc(0x41)], '\ufffdA');
  assert_decodes('iso-2022-jp', [...esc(0x24, 0x41)], '\ufffd$A');
  assert_decodes('iso-2022-jp', [...esc(0x28)], '\ufffd(', 'ESC ( at the end');
  assert_decodes('iso-2022-jp', [0x1b], '\ufffd', 'ESC at the end');
  // A lead byte at the end of the queue, an ESC where a trail byte belongs.
  assert_decodes('iso-2022-jp', [...esc(0x24, 0x42), 0x30], '\ufffd');
  assert_decodes('iso-2022-jp', [...esc(0x24, 0x42), 0x30, ...esc(0x28, 0x42), 0x41], '\ufffdA');
  assert_throws_js(TypeError, () => decode('iso-2022-jp', [0x0e], { fatal: true }));
}, 'ISO-2022-JP decoder (§12.2)');

test(() => {
  assert_decodes('euc-kr', [0xb0, 0xa1, 0x81, 0x41], '\uac00\uac02');
  assert_decodes('euc-kr', [0x81, 0x22], '\ufffd"');
  assert_decodes('euc-kr', [0x81, 0x40], '\ufffd@', 'a trail byte below 0x41');
  assert_decodes('euc-kr', [0x80, 0xff], '\ufffd\ufffd');
  assert_decodes('euc-kr', [0xb0], '\ufffd');
}, 'EUC-KR decoder (§13)');

test(() => {
  const cases = [
    ['gb18030', [0x41, 0x81, 0x30, 0x81, 0x30, 0xc4, 0xe3, 0x81, 0x35, 0xf4, 0x37]],
    ['big5', [0xa4, 0x40, 0x88, 0x62, 0x81, 0x22]],
    ['euc-jp', [0x8f, 0xb0, 0xa1, 0x8e, 0xa1, 0xa4, 0xa2]],
    ['iso-2022-jp', [0x1b, 0x24, 0x42, 0x30, 0x21, 0x1b, 0x28, 0x4a, 0x5c, 0x1b, 0x24]],
    ['shift_jis', [0x82, 0xa0, 0xf0, 0x40, 0x82, 0x22]],
    ['euc-kr', [0xb0, 0xa1, 0x81, 0x22]],
  ];
  for (const [label, list] of cases) {
    const whole = decode(label, list);
    // Every way to cut the bytes in two, and byte by byte.
    for (let cut = 0; cut <= list.length; cut++) {
      const d = new TextDecoder(label);
      const text = d.decode(bytes(...list.slice(0, cut)), { stream: true }) +
                   d.decode(bytes(...list.slice(cut)));
      assert_equals(cps(text), cps(whole), `${label} cut at ${cut}`);
    }
    const d = new TextDecoder(label);
    let text = '';
    for (const b of list) text += d.decode(bytes(b), { stream: true });
    assert_equals(cps(text + d.decode()), cps(whole), `${label} byte by byte`);
  }
  // A stream left unfinished, then a call that does not stream: the held bytes are an error
  // there, and the decoder starts over after it.
  const d = new TextDecoder('shift_jis');
  assert_equals(d.decode(bytes(0x82), { stream: true }), '');
  assert_equals(cps(d.decode()), cps('\ufffd'));
  assert_equals(d.decode(bytes(0xa1)), '\uff61', 'a new stream: 0xA1 alone is half-width');
}, 'streaming: a sequence split between calls decodes as the whole');

promise_test(async (t) => {
  const stream = new TextDecoderStream('shift_jis');
  const writer = stream.writable.getWriter();
  const chunks = [];
  const reading = (async () => {
    for await (const chunk of stream.readable) chunks.push(chunk);
  })();
  for (const b of [0x82, 0xa0, 0x82, 0x22]) writer.write(bytes(b));
  await writer.close();
  await reading;
  assert_equals(cps(chunks.join('')), cps('\u3042\ufffd"'));
  const fatal = new TextDecoderStream('euc-kr', { fatal: true });
  const read = fatal.readable.getReader().read();  // relieves the transform's backpressure
  const w = fatal.writable.getWriter();
  w.write(bytes(0xb0));
  await promise_rejects_js(t, TypeError, w.close(), 'a lead byte left at the end is fatal');
  await promise_rejects_js(t, TypeError, read, 'and errors the readable side');
}, 'TextDecoderStream decodes legacy encodings across chunks');
