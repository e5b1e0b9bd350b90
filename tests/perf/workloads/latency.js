// One message in flight: sequential round trips of a small text message. Reports round
// trips per second and the 50th and 99th percentile of one round trip.
openSocket((ws) => {
  const text = "x".repeat(PERF.size);
  const times = [];
  let left = PERF.warmup + PERF.n, sentAt = 0, start = 0;
  ws.onmessage = (e) => {
    if (e.data !== text) return fail("bad echo");
    if (left-- <= PERF.n) times.push(perfNow() - sentAt);
    if (left === PERF.n) start = perfNow();
    if (left === 0) {
      const seconds = (perfNow() - start) / 1000;
      times.sort((a, b) => a - b);
      report({ value: PERF.n / seconds, unit: "round trips/s",
               p50_us: 1000 * times[times.length >> 1],
               p99_us: 1000 * times[Math.floor(times.length * 0.99)] });
      ws.close(1000);
      return;
    }
    sentAt = perfNow();
    ws.send(text);
  };
  sentAt = perfNow();
  ws.send(text);
});
