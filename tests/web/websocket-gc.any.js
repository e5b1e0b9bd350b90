// META: script=resources/websocket-helpers.js
// WebSockets §3 "Garbage collection": what may and may not be collected, and what happens
// to the connection when it is. gc() comes from the shell's --expose-gc.
'use strict';

function server(path) {
  return `ws://${WEB_TEST_SERVER}${path}`;
}

async function collect() {
  // Several full collections with tasks between them: weak callbacks run in passes.
  for (let i = 0; i < 3; ++i) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function closedReport(id) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(server(`/closed/${id}`));
    ws.onmessage = (e) => resolve(JSON.parse(e.data));
    ws.onerror = () => reject(new Error('no report'));
  });
}

promise_test(async () => {
  const echoed = new Promise((resolve) => {
    // The only references are the listeners' own: nothing in script holds the socket.
    const ws = new WebSocket(server('/echo'));
    ws.onopen = function() {
      this.send('still here');
    };
    ws.onmessage = function(e) {
      resolve(e.data);
      this.close();
    };
  });
  await collect();
  assert_equals(await echoed, 'still here');
}, 'a connecting socket with listeners is not collected: open and message still fire');

promise_test(async () => {
  const id = `open-${Math.random()}`;
  const closed = new Promise((resolve) => {
    const ws = new WebSocket(server(`/track/${id}?close=300`));
    ws.onopen = function() {
      this.onopen = null;
      this.onclose = (e) => resolve([e.code, e.reason, e.wasClean]);
    };
  });
  await collect();
  assert_array_equals(await closed, [1000, 'bye', true],
                      'a close listener keeps an open socket alive until the server closes');
  const report = await closedReport(id);
  assert_equals(report.code, 1000, 'the client answered the Close with the same code');
}, 'an open socket with a close listener survives collection');

promise_test(async () => {
  const id = `dropped-${Math.random()}`;
  await new Promise((resolve) => {
    const ws = new WebSocket(server(`/track/${id}`));
    ws.onopen = function() {
      this.onopen = null;  // no listener and no reference left
      resolve();
    };
  });
  await collect();
  const report = await closedReport(id);
  assert_not_equals(report, null, 'the connection was closed');
  assert_equals(report.code, 1005, 'a Close frame without a status code');
}, 'an open socket that nothing references is collected and starts the closing handshake');

promise_test(async () => {
  const controller = new AbortController();
  const aborted = new Promise((resolve) => {
    AbortSignal.any([controller.signal]).addEventListener('abort', (e) => resolve(e.type));
  });
  await collect();
  controller.abort();
  assert_equals(await aborted, 'abort');
}, 'a dependent AbortSignal with an abort listener outlives its last reference');
