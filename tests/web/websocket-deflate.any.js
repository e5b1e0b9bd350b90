// META: script=resources/websocket-helpers.js
// META: script=../support/test_random.js
// permessage-deflate (RFC 7692) over real sockets against two servers we did not write,
// Python `websockets` and Node's `ws`, both compressing every message: sequences of empty,
// tiny and large messages, text and binary, that a seeded generator picks, with every window
// size on each side and with and without context takeover, must come back identical and in
// order, and the connection must then close cleanly.

const SIZES = [0, 0, 0, 1, 2, 5, 125, 126, 127, 1000, 65535, 65536, 70000, 300000];
const CHARS = ['a', 'b', ' ', 'é', '€', '😀', '\u0000', '\uFFFD'];

// A message: text (with multi-byte characters, so UTF-8 crosses DEFLATE blocks) or binary,
// repetitive (it compresses) or random (it does not).
function randomMessage(random) {
  const size = SIZES[Math.floor(random() * SIZES.length)];
  const repetitive = random() < 0.5;
  if (random() < 0.5) {
    // Whole characters only: cutting '😀' in half would leave a lone surrogate, which send()
    // turns into U+FFFD (USVString), and the echo would rightly differ.
    let text = '';
    while (text.length < size) {
      text += repetitive ? CHARS[Math.floor(text.length / 9) % 3]
                         : CHARS[Math.floor(random() * CHARS.length)];
    }
    return text;
  }
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++)
    bytes[i] = repetitive ? (i >> 4) & 7 : Math.floor(random() * 256);
  return bytes.buffer;
}

function describe(m) {
  return typeof m === 'string' ? `text(${m.length})` : `binary(${m.byteLength})`;
}

// Sends `messages` on one connection to `url`; resolves once all echoed and it closed.
// `compressed` says whether the server is to accept permessage-deflate.
function echoAll(test, url, messages, compressed = true) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    const received = [];
    ws.onopen = test.step_func(() => {
      if (compressed) {
        assert_true(ws.extensions.startsWith('permessage-deflate'),
                    'the server accepted permessage-deflate: ' + ws.extensions);
      } else {
        assert_equals(ws.extensions, '', 'the server declined permessage-deflate');
      }
      for (const m of messages)
        ws.send(m);
      if (messages.length === 0)
        ws.close(1000);
    });
    ws.onmessage = test.step_func(e => {
      const i = received.length;
      received.push(e.data);
      assert_true(sameMessage(e.data, messages[i]),
                  `message ${i} of ${messages.length} (${describe(messages[i])}) came back ` +
                  `as ${describe(e.data)}, different`);
      if (received.length === messages.length)
        ws.close(1000);
    });
    ws.onerror = () => reject(new Error('error event: the connection failed'));
    ws.onclose = test.step_func(e => {
      assert_equals(received.length, messages.length, 'every message came back');
      assert_true(e.wasClean, 'clean close');
      assert_equals(e.code, 1000);
      resolve();
    });
  });
}

function deflateSpec(config) {
  const parts = [`smwb=${config.smwb}`, `cmwb=${config.cmwb}`];
  if (config.snct) parts.push('snct');
  if (config.cnct) parts.push('cnct');
  return parts.join(',');
}

const SERVERS = [
  // Python's zlib has no raw 8-bit window, so that server never compresses with 8.
  {name: 'Python websockets', host: globalThis.WEB_TEST_SERVER, minServerBits: 9},
  {name: "Node's ws", host: globalThis.WEB_TEST_NODE_SERVER, minServerBits: 8},
];

for (const server of SERVERS) {
  promise_test(t => echoAll(t, `ws://${server.host}/echo`, ['plain', '', 'plain', '', '', 'x']),
               `${server.name}: "plain", "", "plain", "", "", "x" with the server's defaults`);

  // The same kind of traffic with compression declined: plain frames, same echoes.
  {
    const random = seededRandom(999);
    const messages = [];
    for (let k = 0; k < 15; k++)
      messages.push(randomMessage(random));
    promise_test(t => echoAll(t, `ws://${server.host}/echo?deflate=off`, messages, false),
                 `${server.name}: 15 random messages with permessage-deflate declined (seed 999)`);
  }

  // Every window size on each side, each context-takeover combination, 8 configurations.
  for (let i = 0; i < 8; i++) {
    const config = {
      smwb: Math.max(server.minServerBits, 8 + i),
      cmwb: 8 + ((i + 3) % 8),
      snct: (i & 1) !== 0,
      cnct: (i & 2) !== 0,
    };
    const seed = 1000 + i;
    const random = seededRandom(seed);
    const messages = [];
    const count = 5 + Math.floor(random() * 20);
    for (let k = 0; k < count; k++)
      messages.push(randomMessage(random));
    const spec = deflateSpec(config);
    promise_test(t => echoAll(t, `ws://${server.host}/echo?deflate=${spec}`, messages),
                 `${server.name}: ${count} random messages with ${spec} (seed ${seed})`);
  }
}
