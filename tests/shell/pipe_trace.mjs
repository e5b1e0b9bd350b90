// pipeTo() and pipeThrough() in 300 scenarios a seeded generator chooses: what the source
// does when pulled (how many chunks, then close, error or nothing), what the sink does (high-water mark,
// writes that settle later, a write, close or abort that fails), the options (preventClose,
// preventAbort, preventCancel) and whether a signal aborts, and when. Each event kind has its
// own list, as in streams_trace.mjs (which says why); pipe_trace.expected is what Node 20
// prints (Deno 2.9.6 differs in 2 lines, Bun 1.4.5 in 4: whether a pull begun before the
// pipe let go of the source still closes it), and tests/shell/run.py compares.
import { flush, maybeGc, name, seededPicker, tagged } from './trace_support.mjs';

const pick = seededPicker(0xfeed);
const tag = (t) => tagged('pipe', t);
const settle = () => flush(80);
const later = (fail, error) => Promise.resolve().then(() => { if (fail) throw error; });

async function scenario() {
  const lists = { source: [], sink: [], pipe: [], checkpoint: [] };
  const chunks = pick(6);
  const end = pick(4);  // 0 close, 1 error, 2-3 stay open
  const sourceLater = pick(2) === 1;
  let produced = 0;
  const source = new ReadableStream({
    pull(c) {
      const act = () => {
        if (produced < chunks) { c.enqueue('c' + produced++); return; }
        if (end === 0) c.close();
        if (end === 1) c.error(tag('source'));
      };
      if (!sourceLater) return act();
      return Promise.resolve().then(act);
    },
    cancel(reason) { lists.source.push(`cancel ${name(reason)}`); },
    // Pulled only for the pipe's reads: a source that pulls ahead races its own end against
    // the pipe, and runtimes settle that race in different microtasks.
  }, { highWaterMark: 0 });
  const writeFailsAt = pick(8);
  const closeFails = pick(5) === 0;
  const abortFails = pick(5) === 0;
  const sinkLater = pick(2) === 1;
  let writes = 0;
  const settleSink = (fail, error) => (sinkLater ? later(fail, error) : (fail ? Promise.reject(error) : undefined));
  const dest = new WritableStream({
    write(chunk) { maybeGc(); lists.sink.push(`write ${chunk}`); return settleSink(writes++ === writeFailsAt, tag('write')); },
    close() { lists.sink.push('close'); return settleSink(closeFails, tag('close')); },
    abort(reason) { lists.sink.push(`abort ${name(reason)}`); return settleSink(abortFails, tag('abort')); },
  }, { highWaterMark: pick(3) });
  const options = { preventClose: pick(2) === 1, preventAbort: pick(2) === 1, preventCancel: pick(2) === 1 };
  const signalAt = pick(4);  // 0: abort before piping, 1: after it settles, 2-3: never
  const controller = new AbortController();
  if (signalAt < 2) options.signal = controller.signal;
  if (signalAt === 0) controller.abort(tag('signal'));
  const through = pick(4) === 0;
  if (through) {
    const out = source.pipeThrough({ readable: new ReadableStream(), writable: dest }, options);
    lists.pipe.push(`pipeThrough returned a ReadableStream: ${out instanceof ReadableStream}`);
  } else {
    source.pipeTo(dest, options).then(() => lists.pipe.push('fulfilled'),
                                      (e) => lists.pipe.push(`rejected ${name(e)}`));
  }
  const checkpoint = (what) => {
    maybeGc();
    lists.checkpoint.push(`${what}: source locked=${source.locked} dest locked=${dest.locked}`);
  };
  checkpoint('piping');
  await settle();
  if (signalAt === 1) {
    controller.abort(tag('signal'));
    await settle();
  }
  checkpoint('end');
  const reader = source.locked ? null : source.getReader();
  if (reader) {
    const state = await Promise.race([reader.closed.then(() => 'closed', (e) => `errored ${name(e)}`),
                                      flush(40).then(() => 'readable')]);
    lists.checkpoint.push(`source ${state}`);
  }
  return lists;
}

(async () => {
  for (let i = 0; i < 300; i++) {
    const lists = await scenario();
    console.log(`#${i} source: ${lists.source.join(', ')}\n   sink: ${lists.sink.join(', ')}\n` +
                `   pipe: ${lists.pipe.join(', ')}\n   checkpoints: ${lists.checkpoint.join(', ')}`);
  }
})();
