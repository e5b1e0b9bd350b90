// Sequential connections: open, one echo, close, and only then the next. Reports
// connections per second.
let left = PERF.n;
const start = perfNow();
function next() {
  if (left-- === 0) {
    report({ value: PERF.n / ((perfNow() - start) / 1000), unit: "connections/s" });
    return;
  }
  const ws = openSocket((ws) => ws.send("hi"));
  ws.onmessage = () => ws.close(1000);
  ws.onclose = (e) => (e.wasClean ? next() : fail("unclean close", e));
}
next();
