#!/usr/bin/python3
"""The embedding product as a host author meets it.

  run.py --out OUT_DIR [--install]

Runs examples/embedder (the in-tree build in OUT_DIR, so under ASan/LSan and TSan too)
against the bundled server: the echo script, an uncaught exception that leaves a socket
open and tasks queued (closed with 1001, nothing leaked), a delayed task that must not
keep the host alive. With --install, also installs OUT_DIR with tools/install into a
temporary prefix, checks what was installed and what libv8ws.so exports, and builds the
same example against the installed copy with pkg-config alone: shared, static, and the
static archive inside a host's own shared object. Ends with "N passed, M failed".
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(TOP, "examples/embedder/main.cc")
ECHO_JS = os.path.join(TOP, "examples/embedder/echo.js")
ECHO_OUT = ("open ws://127.0.0.1:{port}/echo (no subprotocol)\n"
            "echo: hello from an embedder\n"
            "echo: 3 bytes\n"
            "closed 1000 done clean=true aborted=false\n"
            "microtasks run after listeners\n")

verdicts = []


def report(name, problems):
    if problems:
        print(f"FAIL     {name}\n         " + "\n         ".join(problems))
    else:
        print(f"PASS     {name}")
    verdicts.append(not problems)


def run(cmd, timeout=60, **kw):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)
    except subprocess.TimeoutExpired as e:
        return subprocess.CompletedProcess(cmd, "timeout", e.stdout or "", e.stderr or "")


def script_file(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def check_echo(name, embedder, port):
    start = time.monotonic()
    proc = run([embedder, ECHO_JS, f"http://127.0.0.1:{port}/"])
    took = time.monotonic() - start
    problems = []
    if proc.returncode != 0:
        problems.append(f"exit status {proc.returncode}: {proc.stderr.strip()}")
    if proc.stdout != ECHO_OUT.format(port=port):
        problems.append(f"stdout {proc.stdout!r}")
    # echo.js leaves AbortSignal.timeout(60000) pending: the host must not wait for it.
    if took > 30:
        problems.append(f"took {took:.1f} s: a delayed task kept the host alive")
    report(name, problems)


def check_in_tree(out, port, tmp):
    embedder = os.path.join(out, "example_embedder")
    check_echo("the example embedder echoes text and binary, closes clean, exits when idle",
               embedder, port)

    lines = len(open(EXAMPLE).read().splitlines())
    report(f"the example embedder is a complete host in {lines} lines (at most 150)",
           [] if lines <= 150 else [f"{lines} lines"])

    proc = run([embedder])
    report("the example embedder without a script is a usage error",
           [] if proc.returncode == 2 and "usage:" in proc.stderr else
           [f"status {proc.returncode}, stderr {proc.stderr!r}"])

    # An uncaught exception ends the host with a socket open and its echoes still queued:
    # ~Environment closes it with 1001, and LeakSanitizer (in out/asan) sees nothing left.
    track = f"embed{os.getpid()}"
    leaving = script_file(tmp, "leaving.js",
                          f"const ws = new WebSocket('/track/{track}');\n"
                          "ws.onopen = () => { for (let i = 0; i < 50; i++) ws.send('x' + i);\n"
                          "  throw new Error('leaving early'); };\n")
    proc = run([embedder, leaving, f"http://127.0.0.1:{port}/"])
    problems = []
    if proc.returncode != 1:
        problems.append(f"exit status {proc.returncode}, expected 1: {proc.stderr[-2000:]}")
    if f"{leaving}:3\nUncaught Error: leaving early\n    at ws.onopen ({leaving}:3:9)" \
            not in proc.stderr:
        problems.append(f"stderr {proc.stderr[-2000:]!r} lacks file:line and the stack")
    asked = script_file(tmp, "asked.js",
                        f"const ws = new WebSocket('/closed/{track}');\n"
                        "ws.onmessage = e => console.log(e.data);\n")
    seen = run([embedder, asked, f"http://127.0.0.1:{port}/"]).stdout.strip()
    if '"code": 1001' not in seen:
        problems.append(f"the server saw {seen or 'nothing'}, not 1001")
    report("an uncaught exception stops the host; the open socket closes with 1001, "
           "queued tasks are freed", problems)

    bad = script_file(tmp, "bad.js", "const x = ;\n")
    proc = run([embedder, bad])
    report("a syntax error is reported with file:line and a caret, exit 1",
           [] if proc.returncode == 1 and
           f"{bad}:1\nconst x = ;\n          ^\nUncaught SyntaxError" in proc.stderr else
           [f"status {proc.returncode}, stderr {proc.stderr!r}"])


def check_install(out, port, tmp):
    prefix = os.path.join(tmp, "prefix")
    proc = run([os.path.join(TOP, "tools/install"), prefix, out], timeout=900)
    report("tools/install PREFIX succeeds, saying nothing",
           [] if proc.returncode == 0 and not proc.stdout.strip() else
           [f"status {proc.returncode}: {proc.stdout[-1000:]}{proc.stderr[-1000:]}"])
    if proc.returncode != 0:
        return
    again = run([os.path.join(TOP, "tools/install"), prefix, out], timeout=900)
    report("tools/install again is idempotent",
           [] if again.returncode == 0 and not again.stdout.strip() else [again.stderr[-500:]])
    files = sorted(os.path.relpath(os.path.join(d, f), prefix)
                   for d, _, fs in os.walk(prefix) for f in fs)
    want = ["include/v8ws/v8ws.h", "lib/libv8ws.a", "lib/libv8ws.so",
            "lib/pkgconfig/v8ws-static.pc", "lib/pkgconfig/v8ws.pc"]
    report("the prefix holds the public header, the two libraries and two .pc files, "
           "nothing internal", [] if files == want else [f"installed {files}"])

    nm = run(["nm", "-D", "--defined-only", "-C", os.path.join(prefix, "lib/libv8ws.so")])
    names = [line.split(" ", 2)[2] for line in nm.stdout.splitlines() if line.count(" ") >= 2]
    public = ("v8ws::", "typeinfo for v8ws::", "typeinfo name for v8ws::", "vtable for v8ws::")
    stray = [n for n in names if not n.startswith(public) or "v8ws::net::" in n]
    report(f"libv8ws.so exports the public API alone ({len(names)} symbols)",
           [] if names and not stray else [f"also exports {stray[:10]}"])

    env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(prefix, "lib/pkgconfig"))
    builds = [
        ("shared", "v8ws", [], []),
        ("static", "v8ws-static", [], []),
    ]
    for label, pc, extra, _ in builds:
        flags = run(["pkg-config", "--cflags", "--libs", pc], env=env)
        if flags.returncode != 0:
            report(f"pkg-config --cflags --libs {pc}", [flags.stderr.strip()])
            continue
        print(f"         {pc}: {flags.stdout.strip()}")
        binary = os.path.join(tmp, f"embedder-{label}")
        cc = run(["c++", "-O1", EXAMPLE, "-o", binary] + flags.stdout.split(), timeout=300)
        if cc.returncode != 0:
            report(f"the example builds against the installed copy ({label})",
                   [cc.stderr[-2000:]])
            continue
        check_echo(f"the example built with `pkg-config {pc}` alone runs ({label})", binary,
                   port)

    # The archive is PIC: a host can put it inside a shared object of its own.
    flags = run(["pkg-config", "--cflags", "--libs", "v8ws-static"], env=env).stdout.split()
    host_so = os.path.join(tmp, "libhost.so")
    launcher = script_file(tmp, "launcher.cc",
                           "int embedder_main(int, char**);\n"
                           "int main(int argc, char** argv) { return embedder_main(argc, argv); }\n")
    cc = run(["c++", "-O1", "-shared", "-fPIC", "-Dmain=embedder_main", EXAMPLE, "-o", host_so]
             + flags, timeout=300)
    problems = [] if cc.returncode == 0 else [cc.stderr[-2000:]]
    if not problems:
        exe = os.path.join(tmp, "launcher")
        cc = run(["c++", launcher, "-o", exe, host_so, f"-Wl,-rpath,{tmp}"], timeout=120)
        problems = [] if cc.returncode == 0 else [cc.stderr[-2000:]]
        if not problems:
            proc = run([exe, ECHO_JS, f"http://127.0.0.1:{port}/"])
            if proc.returncode != 0 or proc.stdout != ECHO_OUT.format(port=port):
                problems.append(f"status {proc.returncode}, stdout {proc.stdout!r}")
    report("libv8ws.a links into a host's own shared object (PIC) and runs", problems)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(TOP, "out/Release"))
    parser.add_argument("--install", action="store_true")
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    server = subprocess.Popen(
        ["/usr/bin/python3", os.path.join(TOP, "tests/servers/ws_server.py"), "--port", "0",
         "--lifetime", "900"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    tmp = tempfile.mkdtemp(prefix="v8ws-embedding-")
    try:
        port = int(server.stdout.readline().split()[1])
        check_in_tree(out, port, tmp)
        if args.install:
            check_install(out, port, tmp)
    finally:
        server.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    passed = sum(verdicts)
    print(f"{passed} passed, {len(verdicts) - passed} failed")
    return 0 if passed == len(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
