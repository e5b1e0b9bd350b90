// Many small messages in flight at once: a window of `window` 64-byte texts, refilled as
// echoes come back. Reports messages echoed per second.
openSocket((ws) => {
  const text = "m".repeat(PERF.size);
  let sent = 0, received = 0;
  const start = perfNow();
  ws.onmessage = () => {
    if (++received === PERF.n) {
      report({ value: PERF.n / ((perfNow() - start) / 1000), unit: "messages/s" });
      ws.close(1000);
    } else if (sent < PERF.n) {
      ws.send(text);
      sent++;
    }
  };
  for (; sent < Math.min(PERF.window, PERF.n); sent++) ws.send(text);
});
