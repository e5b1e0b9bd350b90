// A differential test of readable byte streams against implementations we did not write: 300
// scenarios chosen by a seeded generator (high-water mark, autoAllocateChunkSize, chunk sizes,
// what pull() does with the BYOB request: respond, respondWithNewView, enqueue instead, close
// or error; and what the consumer does: default and BYOB reads with views of every element
// size and a `min`, switching readers, cancel, tee) each log what the Streams Standard fixes:
// the source's calls with desiredSize and the BYOB request's region, and every read result
// with its view's type, place and bytes.
//
// As in streams_trace.mjs, the consumer acts once everything has settled and each kind of
// event has its own list. bytes_trace.expected is what Bun 1.4.5 prints for scenarios 0-237;
// Node 20 differs in 17 lines. Scenario 238 is where the others stop: a byte tee's chunk
// answers a branch that was errored meanwhile, whose read is gone (the standard asserts it is
// not): Bun aborts, Node dies with ERR_INTERNAL_ASSERTION; Deno 2.9.6 already throws inside
// its pullWithBYOBReader at scenario 113. With the argument `all`, all 300 run and only their
// count is printed: past 238 there is no other implementation to compare with, but nothing
// may crash or hang. tests/shell/run.py runs both.
import { flush, maybeGc, name, seededPicker, tagged } from './trace_support.mjs';

const pick = seededPicker(0xb17e5);
const tag = (t) => tagged('source', t);
const settle = () => flush(60);
const kinds = [Uint8Array, Uint16Array, Int32Array, Float64Array, DataView];

// A view as `Type@offset+length[bytes]` (the bytes of its region, whatever its type).
const show = (v) => v === undefined ? 'undefined'
  : `${v.constructor.name}@${v.byteOffset}+${v.byteLength}` +
    `[${Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).join(' ')}]` +
    `/${v.buffer.byteLength}`;

async function scenario() {
  const lists = { source: [], consumer: [], checkpoint: [] };
  const sourceSays = (line) => lists.source.push(line);
  const say = (line) => lists.consumer.push(line);
  let counter = 1;
  const chunk = (n) => {
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) bytes[i] = counter++ & 255;
    return bytes;
  };
  const hwm = 4 * pick(3);
  const auto = [undefined, undefined, 4, 16][pick(4)];
  const startChunks = pick(3);
  const pullStopAfter = 1 + pick(6);
  const pullStop = pick(3);  // 0 close, 1 error, 2 keep going
  const asyncPull = pick(2) === 1;
  let pulls = 0;
  let controller;
  const source = {
    type: 'bytes',
    autoAllocateChunkSize: auto,
    start(c) {
      controller = c;
      for (let i = 0; i < startChunks; i++) c.enqueue(chunk(1 + pick(9)));
      sourceSays(`start desired=${c.desiredSize}`);
    },
    pull(c) {
      pulls++;
      maybeGc();
      const request = c.byobRequest;
      sourceSays(`pull#${pulls} desired=${c.desiredSize} byob=${request ? show(request.view) : 'null'}`);
      const act = () => {
        const now = c.byobRequest;
        try {
          if (pulls > pullStopAfter && pullStop === 0) {
            c.close();
            if (c.byobRequest) c.byobRequest.respond(0);
            sourceSays('closed');
            return;
          }
          if (pulls > pullStopAfter && pullStop === 1) { c.error(tag('pull')); sourceSays('errored'); return; }
          const how = now ? pick(3) : 2;
          if (how === 2) {
            c.enqueue(chunk(1 + pick(9)));
            return;
          }
          const view = now.view;
          const n = 1 + pick(view.byteLength);
          view.set(chunk(n));
          if (how === 0) now.respond(n);
          else now.respondWithNewView(new Uint8Array(view.buffer, view.byteOffset, n));
        } catch (e) {
          sourceSays(`pull threw ${name(e)}`);
        }
      };
      if (!asyncPull) return act();
      return Promise.resolve().then(act);
    },
    cancel(reason) { sourceSays(`cancel reason=${name(reason)}`); },
  };
  let stream;
  try {
    stream = new ReadableStream(source, { highWaterMark: hwm });
  } catch (e) {
    say(`constructor threw ${name(e)}`);
    return lists;
  }
  await settle();
  const checkpoint = (what) => {
    maybeGc();
    lists.checkpoint.push(`${what}: pulls=${pulls} locked=${stream.locked} desired=${controller.desiredSize}`);
  };
  checkpoint('after start');
  let readable = stream;
  if (pick(6) === 0) {
    const [first, second] = stream.tee();
    checkpoint('teed');
    second.getReader().read().then((r) => say(`other branch done=${r.done} ${show(r.value)}`),
                                    (e) => say(`other branch rejected ${name(e)}`));
    readable = first;
  }
  let reader = null;
  const ops = 2 + pick(7);
  for (let i = 0; i < ops; i++) {
    const op = pick(10);
    if (op === 9) {
      const p = (reader ?? readable).cancel(tag('consumer'));
      p.then(() => say(`cancel#${i} fulfilled`), (e) => say(`cancel#${i} rejected ${name(e)}`));
      await settle();
      continue;
    }
    const byob = op >= 4;
    if (!reader || (reader instanceof ReadableStreamBYOBReader) !== byob) {
      if (reader) reader.releaseLock();
      try {
        reader = readable.getReader(byob ? { mode: 'byob' } : {});
      } catch (e) {
        say(`getReader#${i} threw ${name(e)}`);
        reader = null;
        continue;
      }
    }
    let p;
    if (byob) {
      const Kind = kinds[pick(kinds.length)];
      const size = Kind === DataView ? 1 : Kind.BYTES_PER_ELEMENT;
      const length = 1 + pick(4);
      const offset = pick(2);
      const view = new Kind(new ArrayBuffer((length + offset + pick(2)) * size), offset * size,
                            Kind === DataView ? length : length);
      const min = 1 + pick(length);
      say(`read#${i} byob ${show(view)} min=${min}`);
      p = reader.read(view, { min });
    } else {
      p = reader.read();
    }
    p.then((r) => say(`read#${i} done=${r.done} ${show(r.value)}`),
           (e) => say(`read#${i} rejected ${name(e)}`));
    await settle();
  }
  await settle();
  checkpoint('end');
  return lists;
}

const args = globalThis.v8ws?.args ?? globalThis.Deno?.args ?? globalThis.process?.argv.slice(2) ?? [];
const all = args[0] === 'all';
(async () => {
  const count = all ? 300 : 238;
  for (let i = 0; i < count; i++) {
    const lists = await scenario();
    if (all)
      continue;
    console.log(`#${i} source: ${lists.source.join(', ')}\n   consumer: ${lists.consumer.join(', ')}\n` +
                `   checkpoints: ${lists.checkpoint.join(', ')}`);
  }
  if (all)
    console.log(`${count} scenarios ran`);
})();
