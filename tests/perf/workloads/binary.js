// Large binary messages, one at a time: each echo checked by its length and two bytes.
// Reports payload megabytes (1e6 bytes) echoed per second.
openSocket((ws) => {
  const payload = new Uint8Array(PERF.size);
  for (let i = 0; i < payload.length; i += 4096) payload[i] = i & 0xff;
  payload[payload.length - 1] = 7;
  let left = PERF.n;
  const start = perfNow();
  ws.onmessage = (e) => {
    const got = new Uint8Array(e.data);
    if (got.length !== PERF.size || got[got.length - 1] !== 7 || got[4096] !== 0)
      return fail("bad echo");
    if (--left === 0) {
      report({ value: (PERF.n * PERF.size) / 1e6 / ((perfNow() - start) / 1000), unit: "MB/s" });
      ws.close(1000);
      return;
    }
    ws.send(payload);
  };
  ws.send(payload);
});
