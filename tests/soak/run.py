#!/usr/bin/python3
"""The soak test: the v8ws shell runs tests/soak/soak.js against the bundled server's /soak
path for a bounded time (--seconds, 60 by default), hundreds of sockets at once, every one
with a fate the server carries out. Passes when the script found every echo intact and in
order and every close event as the spec says, when RSS is back near its baseline once all
sockets closed, and when no file descriptor leaked. Prints its figures; the last line is
"N passed, M failed" (one check each)."""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shell", default=os.path.join(TOP, "out/Release/v8ws"))
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=300)
    parser.add_argument("--seed", type=int, default=int(time.time()) & 0x7FFFFFFF)
    parser.add_argument("--rss-slack-mib", type=int, default=48,
                        help="how far above its baseline RSS may stay once all closed")
    parser.add_argument("--no-rss", action="store_true",
                        help="skip the RSS check (sanitizer builds keep freed memory)")
    args = parser.parse_args()

    server = subprocess.Popen(
        ["/usr/bin/python3", os.path.join(TOP, "tests/servers/ws_server.py"), "--port", "0",
         "--lifetime", str(args.seconds + 600)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = int(server.stdout.readline().split()[1])
    source = ""
    for path in (os.path.join(TOP, "tests/support/test_random.js"), os.path.join(HERE, "soak.js")):
        with open(path, encoding="utf-8") as f:
            source += f.read() + "\n"
    script = tempfile.NamedTemporaryFile("w", suffix=".js", delete=False, encoding="utf-8")
    script.write(f"globalThis.SOAK = {{seconds: {args.seconds}, connections: "
                 f"{args.connections}, seed: {args.seed}}};\n" + source)
    script.close()

    checks = []
    started = time.time()
    proc = subprocess.Popen([args.shell, "--expose-gc", "--location",
                             f"http://127.0.0.1:{port}/", script.name],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # stderr carries the console's "connection failed" lines: drain it, keep the tail.
    stderr_tail = []
    def drain():
        for line in proc.stderr:
            stderr_tail.append(line)
            del stderr_tail[:-20]
    threading.Thread(target=drain, daemon=True).start()

    baseline = settled = summary = None
    peak_rss = 0
    timer = threading.Timer(args.seconds + 120, proc.kill)
    timer.start()
    try:
        for line in proc.stdout:
            line = line.strip()
            if line == "BASELINE":
                baseline = (rss_kib(proc.pid), fd_count(proc.pid))
                sampler = threading.Thread(target=lambda: sample(proc, peaks), daemon=True)
                peaks = [0]
                sampler.start()
            elif line == "SETTLED":
                settled = (rss_kib(proc.pid), fd_count(proc.pid))
                peak_rss = peaks[0]
            elif line.startswith("SUMMARY "):
                summary = json.loads(line[8:])
        proc.wait()
    finally:
        timer.cancel()
        server.kill()
        os.unlink(script.name)
    elapsed = time.time() - started

    def check(name, ok, detail=""):
        checks.append((name, ok, detail))

    check("the shell exited 0 within its time", proc.returncode == 0,
          f"exit {proc.returncode}: {''.join(stderr_tail)[-1500:]}")
    check("the script reported", summary is not None and baseline and settled)
    if summary:
        t = summary["totals"]
        print(f"soak: seed {args.seed}, {elapsed:.0f} s, {t['connections']} connections "
              f"({', '.join(f'{k} {t[k]}' for k in ('none', 'stall', 'close', 'drop', 'reset'))}), "
              f"{t['messages']} messages echoed, {t['bytes'] / 1048576:.1f} MiB; the last "
              f"sockets closed {t.get('tailMs', 0) / 1000:.1f} s after the deadline")
        check("every echo intact and in order, every close event as the spec says",
              not summary["failures"], "\n         ".join(summary["failures"]))
        check("sockets came and went", t["connections"] > args.connections)
    if baseline and settled:
        print(f"soak: RSS {baseline[0] / 1024:.1f} MiB at the start, peak {peak_rss / 1024:.1f}, "
              f"{settled[0] / 1024:.1f} once all closed; descriptors {baseline[1]} -> {settled[1]}")
        if not args.no_rss:
            check("RSS back near its baseline",
                  settled[0] <= baseline[0] + args.rss_slack_mib * 1024,
                  f"{settled[0] - baseline[0]} KiB above")
        check("no file descriptor leaked", settled[1] <= baseline[1],
              f"{settled[1] - baseline[1]} more")
    passed = 0
    for name, ok, detail in checks:
        print(f"{'PASS' if ok else 'FAIL':<8} soak: {name}" + ("" if ok else f"\n         {detail}"))
        passed += bool(ok)
    print(f"{passed} passed, {len(checks) - passed} failed")
    return 0 if passed == len(checks) else 1


def sample(proc, peaks):
    while proc.poll() is None:
        try:
            peaks[0] = max(peaks[0], rss_kib(proc.pid))
        except OSError:
            return
        time.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())
