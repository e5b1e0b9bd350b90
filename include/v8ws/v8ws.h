// v8ws: the WebSocket of a browser engine for any V8 embedder. The public API.
//
//   auto network = v8ws::Network::Create();          // one per process, shared
//   v8ws::ContextOptions options;                    // origin, base URL, headers, hooks
//   auto env = v8ws::Environment::Install(context, task_runner, network, options);
//   ... run script; deliver tasks on the JS thread ...
//   env.reset();                                     // closes sockets (1001), frees objects
//
// docs/embedding.md walks through the integration: threads, lifetimes, the exit rule.
#ifndef V8WS_INCLUDE_V8WS_V8WS_H_
#define V8WS_INCLUDE_V8WS_V8WS_H_

#include <v8.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

// The public API is all that libv8ws.so exports.
#define V8WS_EXPORT __attribute__((visibility("default")))

namespace v8ws {

// Runs tasks on the thread that owns the context. The host implements it (docs/embedding.md
// has the whole threading contract).
class V8WS_EXPORT TaskRunner {
 public:
  virtual ~TaskRunner() = default;
  // Called from any thread: the network service's thread, or the JS thread itself (on the
  // host's loop every event is posted from there). Runs `task` later, on the context's
  // thread, in the order posted, outside any v8ws call; the task enters the isolate scope it
  // needs itself, given that the isolate is entered (Isolate::Scope) on that thread. After
  // the Environment is gone, running or dropping a late task are both safe.
  virtual void PostTask(std::function<void()> task) = 0;
  // Called on the context's thread only: runs `task` there after `delay_ms` (at least 0).
  // For AbortSignal.timeout(); like Node's and Deno's unref'd timers it need not keep the
  // host's loop alive, and a host that exits with delayed tasks pending may drop them.
  virtual void PostDelayedTask(std::function<void()> task, double delay_ms) = 0;
};

// Every option of the network service, shared by every context.
struct NetworkOptions {
  // WebSocket connections open at once in the process; more fail at once (error, then
  // close 1006). The soft file descriptor limit is raised (within the hard one) to this
  // plus 1,024, when the first socket starts the service. While the service
  // makes an lws context it lowers the soft limit for that moment to the context's table
  // size (512 at first, then twice what is in use; lws sizes its table by the limit).
  size_t max_connections = 16384;
  // RFC 6455 §4.1 step 2: at most one connection per host and port is in CONNECTING; the
  // others wait their turn, in order. False lets up to 128 connect at once (Bun and Deno
  // do not wait at all): faster to open many sockets to one server, and what the RFC forbids.
  bool one_connecting_per_endpoint = true;
  // After our Close frame, how long the server may take to answer with its own (s).
  uint32_t closing_handshake_timeout_s = 60;
  // After both Close frames, how long the server may keep TCP open (RFC 6455 §7.1.1) (s).
  uint32_t close_timeout_s = 2;
  // A uv_loop_t* to serve every connection on, from the thread that runs it (the JS
  // thread's loop: no thread hop, one epoll for script and sockets). Null: the service runs
  // on a thread of its own and any thread may use it. On a loop, every v8ws call comes from
  // that loop's thread; the service's handles keep the loop alive, so run the loop while
  // there is work of your own (ContextOptions::on_pending_activity says when sockets are
  // part of it), and release the Network on that thread outside the loop's callbacks (it
  // runs the loop until its connections have closed, at most a second).
  void* uv_loop = nullptr;
  // Name resolution: the addresses to try for `host`, in order (an empty list fails the
  // connection). Called on a resolver thread, never the JS thread. Default: getaddrinfo().
  std::function<std::vector<std::string>(const std::string& host)> resolve;
};

// The network service: every context's connections, on a thread of its own or on the
// host's libuv loop. One per process is enough; contexts on any thread may share it.
// Create() starts nothing: the first WebSocket of any context starts the service.
class V8WS_EXPORT Network {
 public:
  static std::shared_ptr<Network> Create(NetworkOptions options = NetworkOptions());
  virtual ~Network();
  // Connections not yet fully closed (every context's).
  virtual size_t ConnectionCount() const = 0;

 protected:
  Network() = default;
};

enum class ConsoleLevel { kLog, kInfo, kDebug, kWarn, kError };

// How a context's ES modules are found: every static `import`, dynamic `import()` and
// Environment::RunModule goes through these, on the JS thread, synchronously. Either may be
// left unset for the default.
struct ModuleLoader {
  // The URL that `specifier`, imported by the script or module at `referrer` (a URL),
  // names; false with `error` set fails the import with a TypeError. Default: HTML's
  // "resolve a module specifier" without import maps: "/", "./" and "../" resolve against
  // the referrer, an absolute URL is itself, anything else ("lodash") fails.
  std::function<bool(const std::string& specifier,
                     const std::string& referrer,
                     std::string* url,
                     std::string* error)>
      resolve;
  // The source text of the module at `url`; false with `error` set fails the import with a
  // TypeError. Default: a file: URL's file, read from disk; other schemes fail.
  std::function<bool(const std::string& url, std::string* source, std::string* error)> fetch;
};

// The kind of global object a context has, for WebIDL's [Exposed]: Install() defines the
// interfaces (and members) exposed in it, as a browser does for a window, a worker, a
// worklet or a ShadowRealm.
enum class GlobalScopeKind {
  kWindow,
  kDedicatedWorker,
  kSharedWorker,
  kServiceWorker,
  kWorklet,
  kShadowRealm,
};

struct ContextOptions {
  // The serialized origin of the context, sent as the Origin header. Empty: the origin of
  // base_url, or "null" (an opaque origin) when there is none.
  std::string origin;
  // The base URL relative WebSocket URLs resolve against ("" for none).
  std::string base_url;
  // Extra headers for every opening handshake (not exposed to the web).
  std::vector<std::pair<std::string, std::string>> extra_headers;
  // Limits that protect memory; each is tested at the limit and one past it.
  // Largest message accepted before the connection fails with 1009.
  size_t max_message_size = 256u << 20;
  // bufferedAmount past which send() flags the socket full and closes it (WebSockets §4,
  // send() step 2): error, then close with 1006. The message that crossed it is not sent.
  uint64_t max_buffered_amount = uint64_t{1} << 30;
  // Received bytes not yet delivered to script, per socket, past which reading pauses
  // (TCP then slows the server); reading resumes under a quarter of it. Not an error.
  size_t max_undelivered_bytes = 8u << 20;
  // A longer opening-handshake response head fails the connection (error, close 1006).
  size_t max_handshake_response_size = 64 * 1024;
  uint32_t handshake_timeout_ms = 30000;
  // wss: a PEM file of CAs to trust on top of the system store and the file named by the
  // SSL_CERT_FILE environment variable.
  std::string ca_file;

  // What the global is (CreateWindowContext always makes a Window).
  GlobalScopeKind global = GlobalScopeKind::kWindow;
  // The interfaces Install() defines on the global, by WebIDL name; empty: all of
  // Environment::InterfaceNames() that are exposed in `global`. Install() fails on a name
  // v8ws does not have, or one not exposed in `global`.
  std::vector<std::string> interfaces;
  // A global the host defined already (its own URL or Event, say) is kept, and the console
  // says so (kWarn), unless this is true: then v8ws's interface replaces it.
  bool replace_existing_globals = false;
  // The context's embedder data slot v8ws keeps its state in. Every context of one isolate
  // must use the same slot; pick another if the host uses 27.
  int embedder_data_index = 27;

  // HTML's "report an exception": an exception thrown by an event listener (or passed to
  // Environment::ReportException) that no `error` listener on a Window global canceled.
  // Unset: "file:line", the stack (or the value) as "Uncaught ...", on stderr.
  std::function<
      void(v8::Local<v8::Context>, v8::Local<v8::Value> exception, v8::Local<v8::Message> message)>
      report_exception;
  // The console. Set, Install() defines `console` (the Console Standard's namespace, all 19
  // methods, with its %s %d %i %f %o %O %c; assert and trace print at kError, the warnings of
  // countReset and the timers at kWarn, count and the timers at kInfo, group indents what
  // follows) and this gets each line it prints, and v8ws's
  // own diagnostics (why a connection failed, as a browser's console shows) at kWarn or
  // kError. Unset: diagnostics go to stderr, and the global's `console` is left alone (V8's
  // own prints nothing unless the host gave the isolate a debug console delegate).
  std::function<void(ConsoleLevel level, const std::string& text)> console;
  // Called on the JS thread when the context gains its first, or loses its last, live
  // WebSocket: the host's loop keeps running while this is true. True comes synchronously
  // inside `new WebSocket()`; false just before the last socket's close event, or inside
  // ~Environment.
  std::function<void(bool has_pending_activity)> on_pending_activity;
  // ES modules: one module map per context, loaded through this (see ModuleLoader). v8ws
  // sets the isolate's dynamic import() and import.meta callbacks when it installs.
  ModuleLoader modules;
};

// v8ws installed in one context: the interfaces on its global, and its sockets.
class V8WS_EXPORT Environment {
 public:
  // Defines the interfaces (options.interfaces, or all of InterfaceNames()) on the global
  // of `context`, and HTML's atob(), btoa(), structuredClone() and Web Crypto's `crypto`
  // (getRandomValues, randomUUID). Call on the context's thread with the isolate entered and a
  // HandleScope open. Null (with the reason on the console) if options name an unknown interface, a
  // negative embedder data slot, or another slot than this isolate's v8ws contexts use.
  static std::unique_ptr<Environment> Install(v8::Local<v8::Context> context,
                                              std::shared_ptr<TaskRunner> task_runner,
                                              std::shared_ptr<Network> network,
                                              ContextOptions options);
  // Creates a context whose global is a Window, as a browser tab's (and Deno's) is: an
  // EventTarget (addEventListener works on it) whose prototype is Window.prototype, with
  // `window` and `self` naming it, and installs v8ws into it. For shells and test runners;
  // an embedder with a global of its own uses Install(). Call with the isolate entered and a
  // HandleScope open; the context is GetContext().
  static std::unique_ptr<Environment> CreateWindowContext(v8::Isolate* isolate,
                                                          std::shared_ptr<TaskRunner> task_runner,
                                                          std::shared_ptr<Network> network,
                                                          ContextOptions options);
  // The WebIDL names of every interface Install() can define: AbortController,
  // AbortSignal, Blob, CloseEvent, DOMException, ErrorEvent, Event, EventTarget,
  // MessageEvent, TextDecoder, TextEncoder, URL, URLSearchParams, WebSocket.
  static std::vector<std::string> InterfaceNames();
  // Closes every open WebSocket with 1001 and frees every object. Call on the context's
  // thread with the isolate entered, before the context is disposed.
  virtual ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  virtual v8::Local<v8::Context> GetContext() const = 0;
  // HTML's "report an exception" for script the embedder ran itself (a timer callback, the
  // main script): with a Window global an ErrorEvent fires at it first, and only an error no
  // listener canceled reaches ContextOptions::report_exception. Listener exceptions inside
  // v8ws take this path already.
  virtual void ReportException(v8::Local<v8::Value> exception, v8::Local<v8::Message> message) = 0;
  // True while a WebSocket of this context is not yet CLOSED.
  virtual bool HasPendingActivity() const = 0;
  // Runs `source` as a classic script named `name` (what errors show; a path, say) whose
  // dynamic import() resolves against `url` (empty: the context's base URL). An uncaught
  // exception is reported (ReportException); false then. Call inside the context.
  virtual bool RunScript(const std::string& source,
                         const std::string& name,
                         const std::string& url) = 0;
  // HTML's "fetch a module script graph" and "run a module script": `source` is the module
  // at `url`; its imports load through ContextOptions::modules, each URL once per context.
  // A graph that fails to load, compile or link is reported and gives an empty handle;
  // otherwise the promise of its evaluation (pending while top-level await waits), whose
  // rejection is reported too. Call inside the context.
  virtual v8::MaybeLocal<v8::Promise> RunModule(const std::string& source,
                                                const std::string& url) = 0;
  // performance.timeOrigin of this context, and "now" relative to it (ms).
  virtual double TimeOrigin() const = 0;
  virtual double Now() const = 0;

 protected:
  Environment() = default;
};

// What the default report_exception prints: "file:line", a newline (for a SyntaxError
// then its source line and a caret under the token), then "Uncaught " and the exception's
// stack (or its value). For hosts that print errors themselves.
V8WS_EXPORT std::string DescribeException(v8::Local<v8::Context> context,
                                          v8::Local<v8::Value> exception,
                                          v8::Local<v8::Message> message);

V8WS_EXPORT const char* Version();

}  // namespace v8ws

#endif  // V8WS_INCLUDE_V8WS_V8WS_H_
