// Many sockets at once: open them all, one echo on each, close them all. Reports the
// seconds the whole took (lower is better) and each phase's share.
const sockets = [];
let opened = 0, echoed = 0, closed = 0, tOpen = 0, tEcho = 0;
const start = perfNow();
for (let i = 0; i < PERF.n; i++) {
  const ws = openSocket(() => {
    if (++opened < PERF.n) return;
    tOpen = perfNow();
    sockets.forEach((s, j) => s.send("fan " + j));
  });
  ws.onmessage = () => {
    if (++echoed < PERF.n) return;
    tEcho = perfNow();
    sockets.forEach((s) => s.close(1000));
  };
  ws.onclose = () => {
    if (++closed < PERF.n) return;
    const end = perfNow();
    report({ value: (end - start) / 1000, unit: "s", open_s: (tOpen - start) / 1000,
             echo_s: (tEcho - tOpen) / 1000, close_s: (end - tEcho) / 1000 });
  };
  sockets.push(ws);
}
