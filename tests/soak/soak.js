// The soak client: keeps CONNECTIONS sockets busy for SECONDS against the bundled server's
// /soak path, each with messages of random sizes and kinds, compressed or not, and each
// with a fate the server carries out (echo only, a stall, a clean close with a code, a
// dropped or reset TCP connection). Checks, per socket, what WebSockets §4 and RFC 6455 §7
// say the script must see for that fate: every echo (the server's acknowledgement) intact
// and in order, then one close event with the right code and wasClean, an error event
// before it exactly when the connection was not closed cleanly.
//
// Run by tests/soak/run.py, which prepends globalThis.SOAK = {seconds, connections, seed}
// and tests/support/test_random.js, and samples the process: prints BASELINE once warmed up, SETTLED once every socket is
// closed, then one line "SUMMARY {json}".
'use strict';

const config = globalThis.SOAK || {seconds: 10, connections: 50, seed: 1};
const random = seededRandom(config.seed);
const below = n => Math.floor(random() * n);
const pick = list => list[below(list.length)];

const SIZES = [0, 1, 7, 125, 126, 1000, 4096, 65535, 65536, 100000, 262144];
const FATES = ['none', 'none', 'stall', 'close', 'drop', 'reset'];
const CHARS = 'abcdefghij é€😀';

const failures = [];
const totals = {connections: 0, messages: 0, bytes: 0};
for (const fate of FATES) totals[fate] = 0;
let live = 0;
let stopping = false;

function fail(id, what) {
  if (failures.length < 50)
    failures.push(`socket ${id}: ${what}`);
}

// A message whose content the echo must repeat: text (multi-byte too) or binary.
function makeMessage() {
  const size = pick(SIZES);
  if (random() < 0.5) {
    // Whole characters only: half of a surrogate pair would go out as U+FFFD (USVString).
    const chars = [...CHARS];
    const parts = [];
    const seed = below(1000);
    for (let n = 0; n < size;) {
      const c = chars[(parts.length * 7 + seed) % chars.length];
      parts.push(c);
      n += c.length;
    }
    return parts.join('');
  }
  const bytes = new Uint8Array(size);
  const seed = below(256);
  for (let i = 0; i < size; i++)
    bytes[i] = (i * 31 + seed) & 255;
  return bytes.buffer;
}

let nextId = 0;
function openOne() {
  const id = nextId++;
  const fate = pick(FATES);
  const count = 1 + below(30);
  const after = fate === 'none' ? 0 : 1 + below(count);
  const code = fate === 'close' ? pick([1000, 1001, 1011, 3000, 4999]) : 0;
  const deflate = random() < 0.5 ? '' : '&deflate=off';
  const url = `/soak?fate=${fate}&after=${after}&code=${code}&stall=${200 + below(800)}${deflate}`;
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  live++;
  totals.connections++;
  totals[fate]++;
  const sent = [];
  let echoed = 0, errored = false, closed = false;

  ws.onopen = () => {
    // Some in one burst, the rest later, so sends and echoes interleave.
    const burst = below(count + 1);
    const send = () => {
      if (ws.readyState !== WebSocket.OPEN || sent.length >= count)
        return;
      const m = makeMessage();
      sent.push(m);
      ws.send(m);
    };
    for (let i = 0; i < burst; i++)
      send();
    const more = () => {
      send();
      if (sent.length < count && ws.readyState === WebSocket.OPEN)
        setTimeout(more, below(20));
    };
    more();
  };
  ws.onmessage = e => {
    if (echoed >= sent.length || !sameMessage(e.data, sent[echoed]))
      fail(id, `echo ${echoed} differs from what was sent (${fate}${url.includes('off') ? '' : ', compressed'})`);
    echoed++;
    totals.messages++;
    totals.bytes += typeof e.data === 'string' ? e.data.length : e.data.byteLength;
    // Fates that leave the closing to us: once everything came back.
    if ((fate === 'none' || fate === 'stall') && echoed === count)
      ws.close(4000 + (id % 999), 'done');
  };
  ws.onerror = () => {
    if (closed)
      fail(id, 'error after close');
    errored = true;
  };
  ws.onclose = e => {
    if (closed)
      fail(id, 'two close events');
    closed = true;
    live--;
    if (ws.readyState !== WebSocket.CLOSED)
      fail(id, `readyState ${ws.readyState} in the close event`);
    const expect = {
      none: {code: 4000 + (id % 999), clean: true, echoes: count},
      stall: {code: 4000 + (id % 999), clean: true, echoes: count},
      close: {code, clean: true, echoes: after},
      // What we send after the server's FIN draws a reset, which may destroy echoes still
      // in flight, as a reset by the server may: a prefix of them arrives.
      drop: {code: 1006, clean: false, echoes: -1},
      reset: {code: 1006, clean: false, echoes: -1},
    }[fate];
    if (e.code !== expect.code || e.wasClean !== expect.clean)
      fail(id, `${fate}: close ${e.code} clean=${e.wasClean}, expected ${expect.code} ` +
               `clean=${expect.clean}`);
    if (errored !== !expect.clean)
      fail(id, `${fate}: error event ${errored ? 'fired' : 'missing'}`);
    if (expect.echoes >= 0 ? echoed !== expect.echoes : echoed > after)
      fail(id, `${fate}: ${echoed} echoes, expected ${expect.echoes >= 0 ? expect.echoes : '<= ' + after}`);
    if (!stopping)
      openOne();
    else if (live === 0)
      settle();
  };
}

function settle() {
  // How long the sockets open at the deadline took to finish: each fate is bounded.
  totals.tailMs = Math.round(performance.now() - totals.stopAt);
  if (typeof gc === 'function')
    gc();
  // Past the shell's 2 s malloc trim, so RSS shows what is really still in use.
  setTimeout(() => {
    if (typeof gc === 'function')
      gc();
    console.log('SETTLED');
    // Time for the runner to read RSS and descriptors before the summary ends the run.
    setTimeout(() => {
      console.log('SUMMARY ' + JSON.stringify({totals, failures}));
    }, 1500);
  }, 2500);
}

// Warm up with one socket (the network thread, the TLS-free lws context), then measure.
const warm = new WebSocket('/echo');
warm.onopen = () => warm.close();
warm.onclose = () => {
  if (typeof gc === 'function')
    gc();
  setTimeout(() => {
    console.log('BASELINE');
    setTimeout(() => {
      for (let i = 0; i < config.connections; i++)
        openOne();
      setTimeout(() => {
        stopping = true;
        totals.stopAt = performance.now();
      }, config.seconds * 1000);
    }, 1000);
  }, 500);
};
