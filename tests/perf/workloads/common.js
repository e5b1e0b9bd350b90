// Shared by every workload: tests/perf/run puts `globalThis.PERF = {...}` before this file
// and the workload after it. Only the WebSocket API, console.log and performance.now(), so
// that any runtime with a browser-style WebSocket runs the same bytes.
const perfNow = () => performance.now();
function report(result) {
  console.log(JSON.stringify(Object.assign({ workload: PERF.workload }, result)));
}
function fail(what, event) {
  report({ error: what + (event && event.type ? " (" + event.type + ")" : "") });
}
function openSocket(onopen) {
  const ws = new WebSocket(PERF.url);
  ws.binaryType = "arraybuffer";
  ws.onerror = (e) => fail("socket error", e);
  ws.onopen = () => onopen(ws);
  return ws;
}
