#!/usr/bin/python3
"""Tests of the v8ws shell as a command: exit codes, output, errors, timers, microtasks, and
the examples run against the bundled server.

Each case runs `v8ws` with arguments and checks the exit status, stdout, and text stderr
must contain. Ends with "N passed, M failed"; exits 1 on any failure.
"""
import os
import re
import socket
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHELL = os.environ.get("V8WS_SHELL", os.path.join(TOP, "out/Release/v8ws"))

CASES = [
    # name, args, exit status, stdout, text stderr contains
    ("--version", ["--version"], 0, None, ""),
    ("--help", ["--help"], 0, None, ""),
    ("no arguments is a usage error", [], 2, "", "Usage: v8ws"),
    ("unknown option", ["--nope"], 2, "", "unknown option '--nope'"),
    ("missing file", ["/nonexistent.js"], 2, "", "cannot read '/nonexistent.js'"),
    ("- reads the script from standard input", ["-"], 0, "2 true\n", "",
     "console.log(1 + 1, self === globalThis)"),
    ("- names standard input in an uncaught error", ["-"], 1, "",
     "[stdin]:2\nUncaught Error: from stdin", "\nthrow new Error('from stdin')"),
    ("-e prints", ["-e", "console.log('a', 1, true, null, [1,2], {k: 'v'})"], 0,
     "a 1 true null [ 1, 2 ] { k: 'v' }\n", ""),
    ("console.error goes to stderr", ["-e", "console.error('oops'); console.log('out')"], 0,
     "out\n", "oops"),
    ("uncaught exception: stack with file:line, exit 1",
     ["-e", "function f() { throw new Error('boom'); }\nf();"], 1, "",
     "[eval]:1\nUncaught Error: boom\n    at f ([eval]:1:22)"),
    ("uncaught exception in a timer exits 1 and stops the loop",
     ["-e", "setTimeout(() => { throw new TypeError('late') }, 1); "
            "setTimeout(() => console.log('never'), 50)"], 1, "", "Uncaught TypeError: late"),
    ("unhandled rejection exits 1",
     ["-e", "Promise.reject(new RangeError('nobody listens'))"], 1, "",
     "Uncaught RangeError: nobody listens"),
    ("a rejection handled later in the same task is fine",
     ["-e", "const p = Promise.reject(1); p.catch(() => console.log('caught'))"], 0,
     "caught\n", ""),
    ("timers run in order of their delay; intervals repeat; clear stops them",
     ["-e", "const log = []; setTimeout(() => log.push('b'), 20); setTimeout(() => log.push('a'), 5);"
            "let n = 0; const i = setInterval(() => { if (++n === 3) { clearInterval(i); "
            "setTimeout(() => console.log(log.join(''), n), 30); } }, 5);"
            "const c = setTimeout(() => log.push('cleared'), 10); clearTimeout(c);"], 0,
     "ab 3\n", ""),
    ("setTimeout passes extra arguments",
     ["-e", "setTimeout((a, b) => console.log(a + b), 0, 2, 3)"], 0, "5\n", ""),
    ("microtasks run before the next task",
     ["-e", "setTimeout(() => console.log('task'), 0); queueMicrotask(() => console.log('micro'));"
            "Promise.resolve().then(() => console.log('promise')); console.log('sync')"], 0,
     "sync\nmicro\npromise\n" + "task\n", ""),
    ("queueMicrotask needs a function",
     ["-e", "try { queueMicrotask(1) } catch (e) { console.log(e.constructor.name) }"], 0,
     "TypeError\n", ""),
    ("performance.now() grows, timeOrigin is an epoch time",
     ["-e", "const a = performance.now(); let x = 0; for (let i = 0; i < 1e6; i++) x += i;"
            "console.log(performance.now() > a, performance.timeOrigin > 1.6e12, self === globalThis)"],
     0, "true true true\n", ""),
    ("exits 0 after a refused connection closes, saying why on stderr",
     ["-e", "const ws = new WebSocket('ws://127.0.0.1:2/'); "
            "ws.onclose = e => console.log('close', e.code)"], 0, "close 1006\n",
     "WebSocket connection to 'ws://127.0.0.1:2/' failed: "),
    ("a socket nobody listens to does not keep the process alive",
     ["-e", "new WebSocket('ws://127.0.0.1:2/'); console.log('done')"], 0, "done\n", ""),
    ("an exception in an event listener is reported and exits 1",
     ["-e", "const t = new EventTarget(); t.addEventListener('x', () => { throw new Error('in listener') });"
            "t.addEventListener('x', () => console.log('second still runs'));"
            "t.dispatchEvent(new Event('x'))"], 1, "second still runs\n", "Uncaught Error: in listener"),
    ("--location defines a read-only location",
     ["--location", "https://example.com:8443/app/page?q=1#top", "-e",
      "console.log(location.href, location.origin, location.host, location.pathname, location.search,"
      " location.hash, String(location), Object.prototype.toString.call(location));"
      "try { location.href = 'https://other.example/' } catch (e) { console.log(e.name) }"], 0,
     "https://example.com:8443/app/page?q=1#top https://example.com:8443 example.com:8443 /app/page"
     " ?q=1 #top https://example.com:8443/app/page?q=1#top [object Location]\nNotSupportedError\n",
     ""),
    ("without --location there is no location",
     ["-e", "console.log(typeof location)"], 0, "undefined\n", ""),
    ("FinalizationRegistry callbacks run (V8's own tasks are pumped)",
     ["--expose-gc", "-e", "const r = new FinalizationRegistry(v => console.log('cleaned', v));"
      "(() => r.register({}, 'the object'))(); gc();"
      "setTimeout(() => setTimeout(() => console.log('done'), 100), 0)"], 0,
     "cleaned the object\ndone\n", ""),
    ("--expose-gc defines gc()",
     ["--expose-gc", "-e", "gc(); console.log(typeof gc)"], 0, "function\n", ""),
    ("--v8-flags passes flags to V8",
     ["--v8-flags=--expose-gc,--stack-size=900", "-e", "console.log(typeof gc)"], 0,
     "function\n", ""),
    ("--handshake-timeout wants a positive number of milliseconds",
     ["--handshake-timeout", "0", "-e", "1"], 2, "", "--handshake-timeout wants milliseconds"),
    ("--max-message-size wants a positive byte count",
     ["--max-message-size=12k", "-e", "1"], 2, "", "--max-message-size wants a byte count"),
    ("an error listener that cancels keeps the script running",
     ["-e", "addEventListener('error', e => { console.log('handled', e.message); e.preventDefault() });"
            "setTimeout(() => { throw new TypeError('late') }, 0);"
            "setTimeout(() => console.log('still running'), 20)"], 0,
     "handled Uncaught TypeError: late\nstill running\n", ""),
    ("an uncanceled error event still ends the script",
     ["-e", "addEventListener('error', e => console.log('saw', e.message)); throw new Error('top')"],
     1, "saw Uncaught Error: top\n", "Uncaught Error: top"),
    ("an error thrown by an error listener is not reported to it again",
     ["-e", "let calls = 0; addEventListener('error', () => { calls++; console.log('calls', calls);"
            " throw new Error('from the error listener') });"
            "const t = new EventTarget(); t.addEventListener('x', () => { throw new Error('first') });"
            "t.dispatchEvent(new Event('x'))"], 1, "calls 1\n",
     "Uncaught Error: from the error listener"),
    ("--location sets the base URL and origin",
     ["--location", "https://example.com/app/", "-e",
      "const ws = new WebSocket('socket'); console.log(ws.url); ws.close()"], 0,
     "wss://example.com/app/socket\n", ""),
]


# ES modules: the files in tests/shell/modules/, by path; errors name them by file: URL.
MODULES = os.path.join(TOP, "tests", "shell", "modules")


def module(name):
    return os.path.join(MODULES, name)


def module_url(name):
    return "file://" + module(name)


CONSOLE_CASES = [
    ("console.log shows values as Node does (tests/shell/console_values.expected)",
     [os.path.join(TOP, "tests", "shell", "console_values.js")], 0,
     open(os.path.join(TOP, "tests", "shell", "console_values.expected")).read(), ""),
    # ReadableStream against Bun's on 300 generated scenarios; the event lists are in the
    # standard's order (tests/shell/streams_trace.mjs says why lists, and how Node and Deno
    # differ).
    ("ReadableStream traces match Bun's on 300 generated scenarios",
     [os.path.join(TOP, "tests", "shell", "streams_trace.mjs")], 0,
     open(os.path.join(TOP, "tests", "shell", "streams_trace.expected")).read(), ""),
    ("WritableStream traces match Bun's on 300 generated scenarios",
     [os.path.join(TOP, "tests", "shell", "writable_trace.mjs")], 0,
     open(os.path.join(TOP, "tests", "shell", "writable_trace.expected")).read(), ""),
    ("pipeTo and pipeThrough traces match Node's on 300 generated scenarios",
     [os.path.join(TOP, "tests", "shell", "pipe_trace.mjs")], 0,
     open(os.path.join(TOP, "tests", "shell", "pipe_trace.expected")).read(), ""),
    ("readable byte stream traces match Bun's on 238 generated scenarios",
     [os.path.join(TOP, "tests", "shell", "bytes_trace.mjs")], 0,
     open(os.path.join(TOP, "tests", "shell", "bytes_trace.expected")).read(), ""),
    ("readable byte stream traces run on past where Bun, Node and Deno stop",
     [os.path.join(TOP, "tests", "shell", "bytes_trace.mjs"), "all"], 0,
     "300 scenarios ran\n", ""),
    # Every encoding's TextDecoder against Deno's (encoding_rs; Bun's prints the same):
    # two-byte and four-byte sweeps, and generated scenarios in full.
    ("TextDecoder traces match Deno's and Bun's for every encoding",
     [os.path.join(TOP, "tests", "shell", "encoding_trace.mjs")], 0,
     open(os.path.join(TOP, "tests", "shell", "encoding_trace.expected")).read(), ""),
    # The same traces with full collections in the middle of the streams' work (in their
    # callbacks and between steps): a graph held only through pending promises survives.
    *[(f"{kind} traces are unchanged by gc() in the middle of the streams' work",
       ["--expose-gc", os.path.join(TOP, "tests", "shell", f"{kind}_trace.mjs")], 0,
       open(os.path.join(TOP, "tests", "shell", f"{kind}_trace.expected")).read(), "")
      for kind in ("streams", "writable", "pipe", "bytes")],
    # The Console Standard's other methods: counting, grouping, dir, dirxml, table, and
    # the warnings they print for labels that do not exist.
    ("console's methods print as the Console Standard says (tests/shell/console_methods.expected)",
     [os.path.join(TOP, "tests", "shell", "console_methods.js")], 0,
     open(os.path.join(TOP, "tests", "shell", "console_methods.expected")).read(),
     "Assertion failed { a: 1 }\nAssertion failed: x is 5 and more\nAssertion failed\n"
     "Assertion failed: zero fails\nCount for 'never counted' does not exist\n"
     "    a warning, indented too\nTimer 'no such timer' does not exist\n"
     "Timer 't' already exists\nTimer 'no such timer' does not exist\n"),
    ("console.time, timeLog and timeEnd print the time since time(), as Node does",
     ["-e", "console.time(); console.timeLog(undefined, 'and', {a: 1}); console.timeEnd();"
            "console.time('x'); console.timeEnd('x'); console.timeEnd('x');"], 0,
     re.compile(r"default: \d+(\.\d{1,3})?ms and \{ a: 1 \}\ndefault: \d+(\.\d{1,3})?ms\n"
                r"x: \d+(\.\d{1,3})?ms\n"),
     "Timer 'x' does not exist"),
    ("console.trace prints the message and where it was called, to stderr",
     [os.path.join(TOP, "tests", "shell", "modules", "trace.js")], 0, "",
     "Trace: from inner 42\n    at inner (" + os.path.join(TOP, "tests", "shell", "modules",
                                                  "trace.js") + ":3:11)\n    at outer ("),
    ("console.log shows a platform object by interface name with its attributes",
     ["-e", "const ws = new WebSocket('ws://127.0.0.1:9/x'); ws.onerror = () => {};"
            "ws.binaryType = 'arraybuffer'; console.log(ws);"
            "console.log(new CloseEvent('close', {code: 1000, reason: 'done'}).code,"
            " new Blob(['abc'], {type: 'text/plain'}))"], 0,
     "WebSocket {\n  url: 'ws://127.0.0.1:9/x',\n  readyState: 0,\n  bufferedAmount: 0,\n"
     "  extensions: '',\n  protocol: '',\n  binaryType: 'arraybuffer'\n}\n"
     "1000 Blob { size: 3, type: 'text/plain' }\n", ""),
    ("console.log calls no getter, toString or proxy trap of the page's",
     ["-e", "const trap = () => { throw new Error('ran') };"
            "console.log({ get g() { trap() }, toString: trap, toJSON: trap },"
            " new Proxy({ t: 1 }, { get: trap, ownKeys: trap, getOwnPropertyDescriptor: trap }))"],
     0, "{ g: [Getter], toString: [Function: trap], toJSON: [Function: trap] } { t: 1 }\n", ""),
    ("%d and %i are parseInt, %f parseFloat, as the Console Standard says",
     ["-e", "console.log('%d %i %f %d', '42.5', 7.9, '1.5e3x', Symbol())"], 0,
     "42 7 1500 NaN\n", ""),
    ("an error inside an object prints its stack, indented",
     ["-e", "console.log({ e: new TypeError('nested') })"], 0,
     "{\n  e: TypeError: nested\n      at [eval]:1:18\n}\n", ""),
]

MODULE_CASES = [
    ("a .mjs file is a module: imports, one evaluation per URL, import.meta, top-level await",
     [module("main.mjs"), "one", "two words"], 0,
     "hello, modules 1 true\ntrue\nafter await true [\"one\",\"two words\"]\n", ""),
    ("--module runs a .js file as a module", ["--module", module("tla.js")], 0,
     "top-level await in a .js module: 42 string\n", ""),
    ("a classic script imports with import(), against its own URL", [module("classic_import.js")],
     0, "hello, classic 1\nTypeError true\n", ""),
    ("an import statement in a classic script is a SyntaxError with a caret",
     [module("import_statement.js")], 1, "",
     module("import_statement.js") + ":1\nimport greet from \"./lib.js\";\n^^^^^^\n"
     "Uncaught SyntaxError: Cannot use import statement outside a module"),
    ("a missing module names its URL and the importing line", [module("missing_import.mjs")], 1,
     "", "Uncaught TypeError: Cannot load module " + module_url("not_here.js") +
     " imported from " + module_url("missing_import.mjs") + ":1:8: No such file or directory"),
    ("a syntax error in an imported module shows its file, line and a caret",
     [module("imports_bad_syntax.mjs")], 1, "",
     module_url("bad_syntax.js") + ":2\nlet broken = ;\n             ^\n"
     "Uncaught SyntaxError: Unexpected token ';'"),
    ("a cycle that throws reports the throwing module", [module("cycle_a.mjs")], 1, "",
     module_url("cycle_a.mjs") + ":3\nUncaught Error: cycle: b is b"),
    ("a bare specifier fails to resolve", [module("bare.mjs")], 1, "",
     "Cannot resolve \"left-pad\" imported from " + module_url("bare.mjs") + ":1:8"),
    ("a top-level await that never settles exits 13", [module("never_settles.mjs")], 13,
     "waiting forever\n", "the module's top-level await never settled"),
    ("-e --module: a module from the command line, its imports against the working directory",
     ["--module", "-e", "const { default: greet } = await import('./tests/shell/modules/lib.js');"
      "console.log(greet('eval'), import.meta.url.endsWith('/[eval]'))"], 0,
     "hello, eval true\n", ""),
    ("the words after -e CODE are v8ws.args, frozen",
     ["-e", "console.log(v8ws.args.length, v8ws.args[1], Object.isFrozen(v8ws.args))", "a", "--b"],
     0, "2 --b true\n", ""),
]

# The examples, run as tools/run runs them: against the bundled server, with --location.
EXAMPLES = [
    ("examples/echo.js", 0,
     "open: ws://127.0.0.1:{port}/echo (protocol \"\", extensions \"permessage-deflate; "
     "server_max_window_bits=12; client_max_window_bits=12\")\n"
     "text: hello from v8ws\n"
     "binary: 1,2,3,250 (4 bytes)\n"
     "close: code 1000, reason \"done\", wasClean true\n"),
]


# A listener that accepts TCP connections (the kernel does, from its backlog) and never
# answers: an opening handshake that never completes.
SILENT = socket.socket()
SILENT.bind(("127.0.0.1", 0))
SILENT.listen(16)


def example_cases():
    """Starts the bundled server; returns it and the cases aimed at it (the examples too)."""
    server = subprocess.Popen(
        ["/usr/bin/python3", os.path.join(TOP, "tests/servers/ws_server.py"), "--port", "0",
         "--lifetime", "600"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = int(server.stdout.readline().split()[1])
    server.port = port
    cases = []
    for path, status, stdout in EXAMPLES:
        cases.append((path, ["--location", f"http://127.0.0.1:{port}/", os.path.join(TOP, path)],
                      status, stdout.format(port=port), ""))
    location = ["--location", f"http://127.0.0.1:{port}/"]
    cases.append(("--max-message-size: a larger message fails the connection",
                  location + ["--max-message-size", "1000", "-e",
                   "const ws = new WebSocket('/echo'); ws.onopen = () => ws.send('a'.repeat(1000));"
                   "ws.onmessage = e => { console.log('got', e.data.length); ws.send('b'.repeat(1001)) };"
                   "ws.onerror = () => console.log('error');"
                   "ws.onclose = e => console.log('close', e.code, e.wasClean)"],
                  0, "got 1000\nerror\nclose 1006 false\n", "failed: Message is too big."))
    # WebSockets §4 send(): past the buffer, the socket is flagged full and closed, error
    # first; at the limit it is not. bufferedAmount still counts the refused message.
    cases.append(("--max-buffered-amount: at the limit the message goes out",
                  location + ["--max-buffered-amount", "1000", "-e",
                   "const ws = new WebSocket('/echo'); ws.onopen = () => { ws.send('a'.repeat(1000));"
                   " console.log('buffered', ws.bufferedAmount) };"
                   "ws.onmessage = e => { console.log('echo', e.data.length); ws.close() };"
                   "ws.onclose = e => console.log('close', e.code, e.wasClean)"],
                  0, "buffered 1000\necho 1000\nclose 1005 true\n", ""))
    cases.append(("--max-buffered-amount: one byte past it, error then close 1006",
                  location + ["--max-buffered-amount", "1000", "-e",
                   "const ws = new WebSocket('/echo'); ws.onopen = () => { ws.send('a'.repeat(1001));"
                   " ws.send('b'); console.log('buffered', ws.bufferedAmount, ws.readyState) };"
                   "ws.onmessage = e => console.log('unexpected echo');"
                   "ws.onerror = () => console.log('error');"
                   "ws.onclose = e => console.log('close', e.code, e.wasClean, ws.bufferedAmount)"],
                  0, "buffered 1002 1\nerror\nclose 1006 false 1002\n", "The send buffer is full"))
    cases.append(("--max-buffered-amount wants a byte count",
                  ["--max-buffered-amount", "lots", "-e", ""], 2, "",
                  "--max-buffered-amount wants a byte count"))
    cases.append(("--handshake-timeout fails a handshake the server never answers",
                  ["--handshake-timeout", "300", "-e",
                   "const t0 = performance.now();"
                   f"const ws = new WebSocket('ws://127.0.0.1:{SILENT.getsockname()[1]}/');"
                   "ws.onerror = () => console.log('error');"
                   "ws.onclose = e => { const t = performance.now() - t0;"
                   " console.log('close', e.code, t >= 290 && t < 5000) }"],
                  0, "error\nclose 1006 true\n", ""))
    # The chat's two sockets interleave, so only its lines (as a set) and clean exits matter.
    cases.append(("examples/chat.js",
                  ["--location", f"http://127.0.0.1:{port}/", os.path.join(TOP, "examples/chat.js")],
                  0, None, ""))
    return server, cases


def chat_ok(stdout):
    lines = set(stdout.splitlines())
    want = {"Grace <- Ada: hello from Ada", "Ada <- Grace: hi Ada, nice to meet you",
            "Grace <- Ada: bye!", "Ada left (code 1000, clean true)",
            "Grace left (code 1000, clean true)"}
    return want <= lines


def closed_code(port, track_id):
    """The close code and reason the server saw on /track/ID (via /closed/ID), or None."""
    script = (f"const ws = new WebSocket('ws://127.0.0.1:{port}/closed/{track_id}');"
              "ws.onmessage = e => console.log(e.data);")
    proc = subprocess.run([SHELL, "-e", script], capture_output=True, text=True, timeout=30)
    return proc.stdout.strip()


# How the shell can end with a socket still open; each closes it as RFC 6455 §7.4.1 and
# WebSockets §3 say and exits with the status given, without hanging.
SHUTDOWNS = [
    # name, script (ID is the track id), signal to send once it printed "open", exit status,
    # the close code the server must see
    ("SIGTERM closes open sockets with 1001 and exits 143",
     "const ws = new WebSocket('/track/ID'); ws.onopen = () => console.log('open');",
     "TERM", 143, 1001),
    ("SIGINT closes open sockets with 1001 and exits 130",
     "const ws = new WebSocket('/track/ID'); ws.onopen = () => console.log('open');",
     "INT", 130, 1001),
    ("SIGINT stops a script busy in a loop, then closes with 1001",
     "const ws = new WebSocket('/track/ID');"
     "ws.onopen = () => { console.log('open'); for (;;) {} };", "INT", 130, 1001),
    ("an uncaught exception closes open sockets with 1001 and exits 1",
     "const ws = new WebSocket('/track/ID');"
     "ws.onopen = () => { setTimeout(() => { throw new Error('bye') }, 50) };", None, 1, 1001),
    # Echoes still in flight when the shell closes: it reads them until the server's Close
    # (closing TCP over unread bytes would reset it, and the server would lose our Close).
    ("echoes in flight at exit: the server still sees 1001",
     "const ws = new WebSocket('/track/ID');"
     "ws.onopen = () => { for (let i = 0; i < 200; i++) ws.send('x'.repeat(1000));"
     " throw new Error('bye') };", None, 1, 1001),
    ("echoes in flight at exit, the service on its own thread: the server still sees 1001",
     "const ws = new WebSocket('/track/ID');"
     "ws.onopen = () => { for (let i = 0; i < 200; i++) ws.send('x'.repeat(1000));"
     " throw new Error('bye') };", None, 1, 1001, ["--network-thread"]),
    # A signal lands in the middle of Streams steps (tee, pipes through a transform, async
    # iteration, BYOB reads, TextDecoderStream), where V8 refuses to make new promises: the
    # steps run out without them and the shell still exits 130, never a V8 fatal error.
    # Four runs: the signal hits a different step each time.
    *[(f"SIGINT during stream work exits 130 and closes with 1001 (run {n})",
       "const ws = new WebSocket('/track/ID'); ws.onopen = () => { console.log('open');"
       " let i = 0; const src = new ReadableStream({ pull(c) { for (let k = 0; k < 16; k++)"
       " c.enqueue(new Uint8Array([i++ & 255])); } }); const [a, b] = src.tee();"
       " a.pipeThrough(new TransformStream({ transform(x, c) { c.enqueue(x); } }))"
       ".pipeTo(new WritableStream({ write() {} }));"
       " (async () => { for await (const x of b) {} })();"
       " const bytes = new ReadableStream({ type: 'bytes', pull(c) { c.enqueue(new Uint8Array(64)); } });"
       " (async () => { const r = bytes.getReader({ mode: 'byob' }); for (;;) await r.read(new Uint8Array(32)); })();"
       " const text = new ReadableStream({ pull(c) { c.enqueue(new Uint8Array([104, 105])); } })"
       ".pipeThrough(new TextDecoderStream());"
       " (async () => { const r = text.getReader(); for (;;) await r.read(); })(); };",
       "INT", 130, 1001) for n in range(1, 5)],
    # A socket collected while open starts the closing handshake with no status code (the
    # server sees 1005); then the shell can exit (0).
    ("a socket collected while open closes with no status code (1005), then exit 0",
     "let ws = new WebSocket('/track/ID');"
     "ws.onopen = () => { ws.onopen = null; ws = null; setTimeout(() => gc(), 0); };",
     None, 0, 1005),
]


def run_shutdowns(port):
    import signal as signals
    import time
    results = []
    for i, (name, script, sig, status, code, *extra) in enumerate(SHUTDOWNS):
        track = f"shutdown{os.getpid()}-{i}"
        args = (extra[0] if extra else []) + ["--location", f"http://127.0.0.1:{port}/",
                                               "-e", script.replace("ID", track)]
        proc = subprocess.Popen([SHELL, "--expose-gc"] + args,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        problems = []
        try:
            if sig:
                line = proc.stdout.readline()
                if line.strip() != "open":
                    problems.append(f"expected 'open', got {line!r}")
                time.sleep(0.1)
                proc.send_signal(getattr(signals, "SIG" + sig))
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            problems.append("hung: still running 10 s later")
        if proc.returncode != status:
            problems.append(f"exit status {proc.returncode}, expected {status}: "
                            f"{proc.stderr.read().strip()}")
        seen = closed_code(port, track)
        if f'"code": {code}' not in seen:
            problems.append(f"the server saw {seen or 'nothing'}, not {code}")
        results.append((name, problems))
    return results


def main():
    server, examples = example_cases()
    try:
        status = run_cases(CASES + CONSOLE_CASES + MODULE_CASES + examples, run_shutdowns(server.port))
    finally:
        server.kill()
    return status


def report(name, problems):
    """Prints one case's verdict; True when it passed."""
    if problems:
        print(f"FAIL     {name}\n         " + "\n         ".join(problems))
    else:
        print(f"PASS     {name}")
    return not problems


def run_cases(cases, more_results=()):
    verdicts = [report(name, problems) for name, problems in more_results]
    for name, args, status, stdout, stderr_has, *stdin in cases:
        proc = subprocess.run([SHELL] + args, capture_output=True, text=True, timeout=30,
                              input=stdin[0] if stdin else "", cwd=TOP)
        problems = []
        if proc.returncode != status:
            problems.append(f"exit status {proc.returncode}, expected {status}")
        if isinstance(stdout, re.Pattern):
            if not stdout.fullmatch(proc.stdout):
                problems.append(f"stdout {proc.stdout!r} does not match {stdout.pattern!r}")
        elif stdout is not None and proc.stdout != stdout:
            problems.append(f"stdout {proc.stdout!r}, expected {stdout!r}")
        if stderr_has and stderr_has not in proc.stderr:
            problems.append(f"stderr {proc.stderr!r} lacks {stderr_has!r}")
        if name == "examples/chat.js" and not chat_ok(proc.stdout):
            problems.append(f"the chat went wrong: {proc.stdout!r}")
        verdicts.append(report(name, problems))
    passed = sum(verdicts)
    print(f"{passed} passed, {len(verdicts) - passed} failed")
    return 0 if passed == len(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
