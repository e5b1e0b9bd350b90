#!/usr/bin/python3
"""Runs the testharness.js web tests with the v8ws shell against the bundled test server.

Each tests/web/*.any.js becomes one script per `// META: variant=` line (once when it has
none): lines defining WEB_TEST_SERVER, WEB_TEST_SECURE_SERVER, WEB_TEST_HOSTILE_SERVER
(tests/servers/hostile_server.py), WEB_TEST_NODE_SERVER (Node's `ws`,
tests/servers/ws_node_server.js) and WEB_TEST_VARIANT (and WEB_TEST_IDL,
the idl/ files' text by name, for tests that mention it; WEB_TEST_DATA, the JSON files its
`// META: shared-data=` lines name under ../shared/data, read in place: a test whose data is
absent is skipped and not counted), the pinned
testharness.js, resources/reporter.js, the files its `// META: script=` lines name, then
the test itself. The shell runs it with --location set to the ws: server and SSL_CERT_FILE
naming a CA made for this run (the wss: server uses it). Prints one line per
subtest and ends with "N passed, M failed" (subtests); exits 1 on any failure.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
HARNESS = os.path.join(TOP, "third_party/npm/node_modules/wpt-runner/testharness")
SHARED_DATA = os.environ.get("V8WS_SHARED_DATA", os.path.join(os.path.dirname(TOP), "shared/data"))


def missing_shared_data(test_path):
    """The `// META: shared-data=` files of a test that are not on this machine."""
    with open(test_path, encoding="utf-8") as f:
        names = re.findall(r"^// META: shared-data=(\S+)", f.read(), re.M)
    return [n for n in names if not os.path.exists(os.path.join(SHARED_DATA, n))]


def start_server(tls_dir=None, script="ws_server.py"):
    interpreter = "node" if script.endswith(".js") else "/usr/bin/python3"
    args = [interpreter, os.path.join(TOP, "tests/servers", script), "--port", "0",
            "--lifetime", "3600"]
    if tls_dir:
        # The wss: server declines permessage-deflate, so every test that has a ?wss variant
        # runs both with compression (ws:) and without (wss:).
        args += ["--tls-cert", os.path.join(tls_dir, "server.pem"),
                 "--tls-key", os.path.join(tls_dir, "server.key"), "--no-deflate"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    m = re.match(r"READY (\d+)", line)
    if not m:
        proc.kill()
        sys.exit("run.py: test server did not start: " + line + proc.stdout.read())
    return proc, int(m.group(1))


def variants(test_path):
    """The `// META: variant=` lines of a test, or [""] when it has none."""
    with open(test_path, encoding="utf-8") as f:
        found = re.findall(r"^// META: variant=(\S*)", f.read(), re.M)
    return found or [""]


def build_script(test_path, ports, variant):
    port, secure_port, hostile_port, node_port = ports
    parts = [f"globalThis.WEB_TEST_SERVER = '127.0.0.1:{port}';\n"
             f"globalThis.WEB_TEST_SECURE_SERVER = 'localhost:{secure_port}';\n"
             f"globalThis.WEB_TEST_HOSTILE_SERVER = '127.0.0.1:{hostile_port}';\n"
             f"globalThis.WEB_TEST_NODE_SERVER = '127.0.0.1:{node_port}';\n"
             f"globalThis.WEB_TEST_VARIANT = {json.dumps(variant)};\n"]
    with open(test_path, encoding="utf-8") as f:
        source = f.read()
    shared = re.findall(r"^// META: shared-data=(\S+)", source, re.M)
    if shared:
        # Test vectors read in place from ../shared/data (never copied into the repo).
        data = {}
        for name in shared:
            with open(os.path.join(SHARED_DATA, name), encoding="utf-8") as f:
                data[name] = json.load(f)
        parts.append(f"globalThis.WEB_TEST_DATA = {json.dumps(data)};\n")
    if "WEB_TEST_IDL" in source:
        # The idl/ files by name, for idlharness.js (the shell has no fetch()).
        idl_dir = os.path.join(TOP, "idl")
        idl = {}
        for name in sorted(os.listdir(idl_dir)):
            if name.endswith(".idl"):
                with open(os.path.join(idl_dir, name), encoding="utf-8") as f:
                    # The webidl2 that wpt-runner bundles predates WebIDL's rename of
                    # `async iterable` to `async_iterable` (which the generator's requires),
                    # and async_sequence<T>; as sequence<T> its operation's shape is the same.
                    text = (f.read().replace("async_iterable<", "async iterable<")
                            .replace("async_sequence<", "sequence<"))
                    # [ImplementedIn] and [ContextSetUp] are for the generator; idlharness
                    # refuses them on a namespace (only [Exposed] and [SecureContext] apply).
                    text = re.sub(r',\s*(ImplementedIn="[^"]*"|ContextSetUp=\w+)', "", text)
                    idl[name] = text
        parts.append(f"globalThis.WEB_TEST_IDL = {json.dumps(idl)};\n")
    with open(os.path.join(HARNESS, "testharness.js"), encoding="utf-8") as f:
        parts.append(f.read())
    with open(os.path.join(HERE, "resources/reporter.js"), encoding="utf-8") as f:
        parts.append(f.read())
    for meta in re.findall(r"^// META: script=(\S+)", source, re.M):
        if meta.startswith("/resources/"):
            path = os.path.join(HARNESS, meta[len("/resources/"):])
        else:
            path = os.path.join(os.path.dirname(test_path), meta)
        with open(path, encoding="utf-8") as f:
            parts.append(f.read())
    parts.append(source)
    return "\n;\n".join(parts)


def run_test(shell, test_path, ports, variant, ca_file, timeout, shell_args=()):
    port = ports[0]
    script = build_script(test_path, ports, variant)
    with tempfile.NamedTemporaryFile("w", suffix=".js", delete=False, encoding="utf-8") as f:
        f.write(script)
        name = f.name
    try:
        # The shell trusts the test CA through SSL_CERT_FILE, on top of the system store.
        env = dict(os.environ, SSL_CERT_FILE=ca_file)
        proc = subprocess.run([shell, *shell_args, "--expose-gc", "--location",
                               f"http://127.0.0.1:{port}/", name],
                              capture_output=True, text=True, timeout=timeout, env=env)
        out, err, code, timed_out = proc.stdout, proc.stderr, proc.returncode, False
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        err = e.stderr.decode() if isinstance(e.stderr, bytes) else (e.stderr or "")
        code, timed_out = None, True
    finally:
        os.unlink(name)
    subtests, harness = [], None
    for line in out.splitlines():
        if line.startswith("SUBTEST "):
            subtests.append(json.loads(line[8:]))
        elif line.startswith("HARNESS "):
            harness = json.loads(line[8:])
    problems = []
    if timed_out:
        problems.append(f"timed out after {timeout}s")
    elif code != 0:
        problems.append(f"shell exited with {code}: {err.strip()[-2000:]}")
    if harness is None and not timed_out:
        problems.append("no harness result (did the script finish?)")
    elif harness and harness["status"] != "OK":
        problems.append(f"harness {harness['status']}: {harness['message']}")
    return subtests, problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shell", default=os.path.join(TOP, "out/Release/v8ws"))
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--shell-arg", action="append", default=[],
                        help="an extra shell option for every test (repeatable)")
    parser.add_argument("tests", nargs="*")
    args = parser.parse_args()
    tests = args.tests or sorted(
        os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith(".any.js"))
    tls_dir = tempfile.mkdtemp(prefix="v8ws-web-certs-")
    subprocess.run([os.path.join(TOP, "tests/servers/make_test_certs.sh"), tls_dir], check=True)
    server, port = start_server()
    secure_server, secure_port = start_server(tls_dir)
    hostile_server, hostile_port = start_server(script="hostile_server.py")
    node_server, node_port = start_server(script="ws_node_server.js")
    ports = (port, secure_port, hostile_port, node_port)
    ca_file = os.path.join(tls_dir, "ca.pem")
    passed = failed = 0
    try:
        for test, variant in [(t, v) for t in tests for v in variants(t)]:
            rel = os.path.relpath(test, TOP) + variant
            missing = missing_shared_data(test)
            if missing:
                print(f"{'SKIP':<8} {rel} | {', '.join(missing)} not found under {SHARED_DATA}"
                      " (set V8WS_SHARED_DATA); not counted")
                continue
            subtests, problems = run_test(args.shell, test, ports, variant, ca_file,
                                          args.timeout, args.shell_arg)
            for st in subtests:
                ok = st["status"] == "PASS"
                passed += ok
                failed += not ok
                line = f"{'PASS' if ok else st['status']:<8} {rel} | {st['name']}"
                if not ok:
                    line += f"\n         {st['message']}"
                print(line)
            for p in problems:
                failed += 1
                print(f"{'ERROR':<8} {rel} | {p}")
    finally:
        server.kill()
        secure_server.kill()
        hostile_server.kill()
        node_server.kill()
        shutil.rmtree(tls_dir, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
