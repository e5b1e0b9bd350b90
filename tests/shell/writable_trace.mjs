// The WritableStream counterpart of streams_trace.mjs (which says why the events go in lists
// and the consumer acts only once everything has settled): 300 scenarios a seeded generator
// chooses (high-water mark, size function, whether start(), write(), close() and abort()
// settle later or fail, and what the producer does: writes, close, abort, releaseLock,
// controller.error, in an order it picks). writable_trace.expected is what Bun 1.4.5 prints;
// Deno 2.9.6 differs in 2 lines (a failed close() rejects `closed` with a TypeError, not the
// close error), and Node 20 stops at scenario 1 with its own ERR_INTERNAL_ASSERTION.
import { flush, maybeGc, name, seededPicker, tagged } from './trace_support.mjs';

const pick = seededPicker(0xc0ffee);
const tag = (t) => tagged('sink', t);
const settle = () => flush(60);

async function scenario() {
  const lists = { sink: [], producer: [], checkpoint: [] };
  const sinkSays = (line) => lists.sink.push(line);
  const say = (line) => lists.producer.push(line);
  const hwm = pick(4);
  const sized = pick(2) === 1;
  const later = () => pick(2) === 1;
  const startLater = later(), startFails = pick(6) === 0;
  const writeLater = later(), writeFailsAt = pick(8);  // 0-4: that write fails
  const closeLater = later(), closeFails = pick(5) === 0;
  const abortLater = later(), abortFails = pick(4) === 0;
  let controller;
  let writes = 0;
  const settleWith = (isLater, fail, error) => {
    if (!isLater) { if (fail) throw error; return undefined; }
    return Promise.resolve().then(() => { if (fail) throw error; });
  };
  let stream;
  try {
    stream = new WritableStream({
    start(c) {
      controller = c;
      sinkSays(`start aborted=${c.signal.aborted}`);
      return settleWith(startLater, startFails, tag('start'));
    },
    write(chunk, c) {
      const n = writes++;
      maybeGc(); sinkSays(`write ${chunk}`);
      return settleWith(writeLater, n === writeFailsAt, tag('write' + n));
    },
    close() { sinkSays('close'); return settleWith(closeLater, closeFails, tag('close')); },
    abort(reason) {
      sinkSays(`abort ${name(reason)} signal=${controller.signal.aborted}`);
      return settleWith(abortLater, abortFails, tag('abort'));
    },
  }, sized ? { highWaterMark: hwm, size: (chunk) => chunk.length } : { highWaterMark: hwm });
  } catch (e) {
    say(`constructor threw ${name(e)}`);
    return lists;
  }
  const writer = stream.getWriter();
  const checkpoint = (what) => {
    let desired;
    try { desired = writer.desiredSize; } catch (e) { desired = name(e); }
    maybeGc(); lists.checkpoint.push(`${what}: desired=${desired} locked=${stream.locked} aborted=${controller.signal.aborted}`);
  };
  const track = (what, promise) => promise.then(() => say(`${what} fulfilled`), (e) => say(`${what} rejected ${name(e)}`));
  track('closed', writer.closed);
  checkpoint('start');
  await settle();
  checkpoint('started');
  const steps = 1 + pick(6);
  let released = false;
  for (let i = 0; i < steps; i++) {
    const action = pick(10);
    if (released) break;
    if (action < 5) {
      track(`write#${i}`, writer.write('c'.repeat(1 + pick(3))));
    } else if (action === 5) {
      track(`ready#${i}`, writer.ready);
    } else if (action === 6) {
      track(`close#${i}`, writer.close());
    } else if (action === 7) {
      track(`abort#${i}`, writer.abort(tag('producer')));
    } else if (action === 8) {
      controller.error(tag('controller'));
      say(`error#${i}`);
    } else {
      track(`ready-then-release#${i}`, writer.ready);
      writer.releaseLock();
      released = true;
      say(`released#${i}`);
      track('stream abort after release', stream.abort('late'));
    }
    if (pick(2) === 1) {
      await settle();
      checkpoint(`after step ${i}`);
    }
  }
  await settle();
  checkpoint('end');
  return lists;
}

(async () => {
  for (let i = 0; i < 300; i++) {
    const lists = await scenario();
    console.log(`#${i} sink: ${lists.sink.join(', ')}\n   producer: ${lists.producer.join(', ')}\n` +
                `   checkpoints: ${lists.checkpoint.join(', ')}`);
  }
})();
