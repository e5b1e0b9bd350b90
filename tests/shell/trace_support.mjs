// What the generated stream traces (streams_trace.mjs, writable_trace.mjs, pipe_trace.mjs)
// share: a seeded generator, event names that do not depend on a runtime's messages, and
// microtask waits. Standard JavaScript only: the traces run in Node, Deno, Bun and v8ws.

// A generator of integers in [0, n), reproducible from `seed` (mulberry32).
export function seededPicker(seed) {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

// An error's constructor name and tag (messages differ between runtimes), or the value.
export const name = (e) =>
  e && typeof e === 'object' ? e.constructor.name + (e.tag ? ':' + e.tag : '') : String(e);
export const tagged = (message, tag) => Object.assign(new Error(message), { tag });
export const flush = async (n) => { for (let i = 0; i < n; i++) await null; };
// With --expose-gc, a full collection now and then in the middle of the streams' work (in
// their callbacks and between steps): a stream whose graph is held only through pending
// promises must survive it. Without gc() (other runtimes, or no flag), nothing happens, and
// the output is the same either way.
let gcCount = 0;
export const maybeGc = () => {
  if (typeof globalThis.gc === 'function' && ++gcCount % 7 === 0)
    globalThis.gc();
};
// A promise a stream never settles must not stop the run: give up after some ticks.
export const settleOrStall = (promise, say, what) =>
  Promise.race([promise, flush(40).then(() => { throw 'stall'; })]).catch((e) => {
    if (e === 'stall') say(`${what} still pending`);
  });
