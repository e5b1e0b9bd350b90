// Seeded randomness and message comparison for the scripted tests: run before the web test
// that names it (// META: script=), the soak (tests/soak/run.py) and the WebIDL fuzz driver
// (tools/test), so that each replays from its seed.
'use strict';

// xorshift32: a function returning numbers in [0, 1), the same sequence for the same seed.
function seededRandom(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

// Whether two WebSocket messages (strings or ArrayBuffers) are the same message.
function sameMessage(a, b) {
  if (typeof a === 'string' || typeof b === 'string')
    return a === b;
  if (!(a instanceof ArrayBuffer) || !(b instanceof ArrayBuffer) || a.byteLength !== b.byteLength)
    return false;
  const x = new Uint8Array(a), y = new Uint8Array(b);
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i])
      return false;
  }
  return true;
}
