// A differential test of ReadableStream against implementations we did not write: 300
// scenarios chosen by a seeded generator (high-water mark, size function, what start() and
// pull() do and when, whether pull() settles later, what the consumer does and in which
// order) each log what the Streams Standard fixes: the source's calls with desiredSize,
// every read result, closed, cancel, releaseLock, locked, for await with break, tee().
//
// Runtimes that follow the standard still differ in how many microtasks a step takes (Node,
// Deno and Bun disagree with each other there), so the consumer acts only once everything
// has settled, and each kind of event is logged in its own list: the order within a list is
// the standard's; the interleaving of lists would be a microtask count. streams_trace.expected
// is what Bun 1.4.5 prints; Node 20 differs in 13 lines, all tee() (a branch read that stays
// pending after the other branch closes), Deno 2.9.6 in 35 (it also settles read() before
// `closed`); tests/shell/run.py compares.
import { flush, maybeGc, name, seededPicker, settleOrStall, tagged } from './trace_support.mjs';

const pick = seededPicker(0x5eed);
const tag = (t) => tagged('source', t);

async function scenario(index) {
  // One list per kind of event: the source's calls, the consumer's results, checkpoints.
  const lists = { source: [], consumer: [], checkpoint: [] };
  const log = lists;
  const sourceSays = (line) => lists.source.push(line);
  const say = (line) => lists.consumer.push(line);
  const settle = () => flush(60);
  const hwm = pick(4);
  const sizeKind = pick(3);
  const strategy = sizeKind === 0 ? { highWaterMark: hwm }
    : sizeKind === 1 ? new CountQueuingStrategy({ highWaterMark: hwm })
    : { highWaterMark: hwm, size: (chunk) => String(chunk).length };
  const startChunks = pick(4);
  const startAction = pick(5);  // 0-2 nothing, 3 close, 4 error
  const asyncStart = pick(2) === 1;
  const pullEnqueues = pick(3);
  const pullStopAfter = 1 + pick(4);
  const pullStop = pick(3);  // 0 close, 1 error, 2 keep going
  const asyncPull = pick(2) === 1;
  let pulls = 0;
  let controller;
  let counter = 0;
  const source = {
    start(c) {
      controller = c;
      sourceSays(`start desired=${c.desiredSize}`);
      for (let i = 0; i < startChunks; i++) c.enqueue('s' + counter++);
      sourceSays(`start enqueued desired=${c.desiredSize}`);
      if (startAction === 3) c.close();
      if (startAction === 4) c.error(tag('start'));
      return asyncStart ? Promise.resolve().then(() => sourceSays('start settled')) : undefined;
    },
    pull(c) {
      pulls++;
      maybeGc(); sourceSays(`pull#${pulls} desired=${c.desiredSize}`);
      const act = () => {
        if (pulls > pullStopAfter && pullStop === 0) { c.close(); sourceSays('pull closed'); return; }
        if (pulls > pullStopAfter && pullStop === 1) { c.error(tag('pull')); sourceSays('pull errored'); return; }
        for (let i = 0; i < pullEnqueues; i++) c.enqueue('p' + counter++);
      };
      if (!asyncPull) return act();
      return Promise.resolve().then(act);
    },
    cancel(reason) { sourceSays(`cancel reason=${name(reason)}`); },
  };
  let stream;
  try {
    stream = new ReadableStream(source, strategy);
  } catch (e) {
    say(`constructor threw ${name(e)}`);
    return log;
  }
  await settle();
  const checkpoint = (what) => {
    maybeGc();
    lists.checkpoint.push(`${what}: pulls=${pulls} locked=${stream.locked} desired=${controller.desiredSize}`);
  };
  checkpoint('after start');
  const consumer = pick(5);
  if (consumer === 4) {
    // tee(): read each branch some times, in an order chosen here; maybe cancel one or both.
    const [first, second] = stream.tee();
    checkpoint('teed');
    const readers = [first.getReader(), second.getReader()];
    readers.forEach((r, b) => r.closed.then(() => say(`branch${b} closed`), (e) => say(`branch${b} closed rejected ${name(e)}`)));
    for (let i = 0, n = 2 + pick(6); i < n; i++) {
      const b = pick(2);
      if (pick(8) === 0) {
        readers[b].cancel(tag('branch' + b)).then(() => say(`branch${b} cancel fulfilled`),
                                                     (e) => say(`branch${b} cancel rejected ${name(e)}`));
        continue;
      }
      const result = readers[b].read().then((r) => say(`branch${b} read done=${r.done} value=${r.value}`),
                                            (e) => say(`branch${b} read rejected ${name(e)}`));
      await settleOrStall(result, say, `branch${b} read`);
    }
    await settle();
    checkpoint('end');
    return log;
  }
  if (consumer === 3) {
    // for await with a break after a few chunks (or none), maybe preventCancel.
    const preventCancel = pick(2) === 1;
    const stopAfter = pick(4);
    let seen = 0;
    const loop = (async () => {
      try {
        for await (const chunk of stream.values({ preventCancel })) {
          say(`iterated ${chunk}`);
          if (++seen > stopAfter) break;
          if (seen > 6) break;
        }
        say(`loop ended locked=${stream.locked}`);
      } catch (e) {
        say(`loop threw ${name(e)}`);
      }
    })();
    await settleOrStall(loop, say, 'loop');
    await settle();
    checkpoint('end');
    return log;
  }
  const reader = stream.getReader();
  reader.closed.then(() => say('closed fulfilled'), (e) => say(`closed rejected ${name(e)}`));
  const reads = 1 + pick(6);
  const pending = [];
  for (let i = 0; i < reads; i++) {
    const p = reader.read().then((r) => say(`read#${i} done=${r.done} value=${r.value}`),
                                 (e) => say(`read#${i} rejected ${name(e)}`));
    if (consumer === 0) await settleOrStall(p, say, `read#${i}`); else pending.push(p);
  }
  await settle();
  checkpoint('after reads');
  if (consumer === 2 && pick(2) === 1) {
    reader.cancel(tag('consumer')).then(() => say('reader cancel fulfilled'),
                                           (e) => say(`reader cancel rejected ${name(e)}`));
  }
  await settle();
  checkpoint('after cancel');
  if (pick(2) === 1) {
    reader.releaseLock();
    say(`released locked=${stream.locked}`);
    reader.read().then(() => say('read after release fulfilled'),
                       (e) => say(`read after release rejected ${name(e)}`));
    stream.cancel('late').then(() => say('stream cancel fulfilled'),
                               (e) => say(`stream cancel rejected ${name(e)}`));
  }
  await settleOrStall(Promise.allSettled(pending), say, 'reads');
  await settle();
  checkpoint('end');
  try {
    controller.enqueue('late');
    say(`late enqueue desired=${controller.desiredSize}`);
  } catch (e) {
    say(`late enqueue threw ${name(e)}`);
  }
  return log;
}

(async () => {
  for (let i = 0; i < 300; i++) {
    const lists = await scenario(i);
    console.log(`#${i} source: ${lists.source.join(', ')}\n   consumer: ${lists.consumer.join(', ')}\n` +
                `   checkpoints: ${lists.checkpoint.join(', ')}`);
  }
})();
