// The public API (include/v8ws/v8ws.h) as an embedder uses it: which interfaces Install
// defines and what it does to the host's own globals, the console hook, the embedder data
// slot, delayed tasks through the host's TaskRunner, every network option, lifetimes.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "include/v8ws/v8ws.h"
#include "tests/unit/test_servers.h"
#include "tests/unit/v8_test_support.h"

namespace v8ws {
namespace {

using namespace std::chrono_literals;

struct ConsoleLine {
  ConsoleLevel level;
  std::string text;
};

// A second context in the isolate of `v8`, with v8ws installed by `options` (or refused).
class FreshContext {
 public:
  FreshContext(test::V8Scope& v8, const std::string& before_install = "")
      : v8_(v8), runner_(std::make_shared<test::ManualTaskRunner>()) {
    v8::HandleScope scope(v8.isolate());
    v8::Local<v8::Context> context = v8::Context::New(v8.isolate());
    context_.Reset(v8.isolate(), context);
    if (!before_install.empty())
      Eval(before_install);
  }
  ~FreshContext() {
    v8::HandleScope scope(v8_.isolate());
    v8::Context::Scope context_scope(context_.Get(v8_.isolate()));
    env_.reset();
  }
  bool Install(ContextOptions options, std::shared_ptr<Network> network = nullptr) {
    v8::HandleScope scope(v8_.isolate());
    v8::Local<v8::Context> context = context_.Get(v8_.isolate());
    v8::Context::Scope context_scope(context);
    env_ = Environment::Install(context, runner_, network ? network : Network::Create(),
                                std::move(options));
    return env_ != nullptr;
  }
  Environment* env() { return env_.get(); }
  test::ManualTaskRunner& runner() { return *runner_; }
  v8::Local<v8::Context> context() { return context_.Get(v8_.isolate()); }
  std::string Eval(const std::string& source) {
    v8::Isolate* isolate = v8_.isolate();
    v8::HandleScope scope(isolate);
    v8::Local<v8::Context> context = context_.Get(isolate);
    v8::Context::Scope context_scope(context);
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::Value> result;
    if (!v8::Script::Compile(context,
                             v8::String::NewFromUtf8(isolate, source.c_str()).ToLocalChecked())
             .ToLocalChecked()
             ->Run(context)
             .ToLocal(&result))
      return "THREW: " + std::string(*v8::String::Utf8Value(isolate, try_catch.Exception()));
    return *v8::String::Utf8Value(isolate, result);
  }

 private:
  test::V8Scope& v8_;
  std::shared_ptr<test::ManualTaskRunner> runner_;
  v8::Global<v8::Context> context_;
  std::unique_ptr<Environment> env_;
};

TEST(PublicApiTest, InstallDefinesEveryInterfaceItNames) {
  std::vector<std::string> names = Environment::InterfaceNames();
  EXPECT_EQ(names, (std::vector<std::string>{"AbortController",
                                             "AbortSignal",
                                             "Blob",
                                             "ByteLengthQueuingStrategy",
                                             "CloseEvent",
                                             "CountQueuingStrategy",
                                             "DOMException",
                                             "ErrorEvent",
                                             "Event",
                                             "EventTarget",
                                             "MessageEvent",
                                             "ReadableByteStreamController",
                                             "ReadableStream",
                                             "ReadableStreamBYOBReader",
                                             "ReadableStreamBYOBRequest",
                                             "ReadableStreamDefaultController",
                                             "ReadableStreamDefaultReader",
                                             "TextDecoder",
                                             "TextDecoderStream",
                                             "TextEncoder",
                                             "TextEncoderStream",
                                             "TransformStream",
                                             "TransformStreamDefaultController",
                                             "URL",
                                             "URLSearchParams",
                                             "WebSocket",
                                             "WebSocketError",
                                             "WebSocketStream",
                                             "WritableStream",
                                             "WritableStreamDefaultController",
                                             "WritableStreamDefaultWriter"}));
  test::V8Scope v8;
  for (const std::string& name : names)
    EXPECT_EQ(v8.Eval("typeof " + name), "function") << name;
}

TEST(PublicApiTest, InstallDefinesOnlyTheChosenInterfaces) {
  test::V8Scope v8;
  FreshContext fresh(v8);
  ContextOptions options;
  options.interfaces = {"WebSocket", "Event"};
  ASSERT_TRUE(fresh.Install(options));
  EXPECT_EQ(fresh.Eval("typeof WebSocket + typeof Event"), "functionfunction");
  EXPECT_EQ(fresh.Eval("typeof URL + typeof EventTarget + typeof Blob"),
            "undefinedundefinedundefined");
  // What is not on the global still works underneath: a WebSocket is an EventTarget.
  EXPECT_EQ(fresh.Eval("Object.getPrototypeOf(WebSocket.prototype).constructor.name"),
            "EventTarget");
}

// WebIDL §3.3 [Exposed]: a worklet or ShadowRealm global gets the [Exposed=*] interfaces and
// not those of windows and workers (WebSocket, Blob, MessageEvent), nor their members
// (AbortSignal.timeout); a worker gets both; the same isolate can hold all of them.
TEST(PublicApiTest, InstallHonoursExposedForTheKindOfGlobal) {
  test::V8Scope v8;
  const char* probe =
      "[typeof WebSocket, typeof Blob, typeof ReadableStream, typeof TextEncoder, "
      "'timeout' in AbortSignal, typeof AbortSignal.abort].join()";
  FreshContext worklet(v8);
  ContextOptions worklet_options;
  worklet_options.global = GlobalScopeKind::kWorklet;
  ASSERT_TRUE(worklet.Install(worklet_options));
  EXPECT_EQ(worklet.Eval(probe), "undefined,undefined,function,function,false,function");
  FreshContext worker(v8);
  ContextOptions worker_options;
  worker_options.global = GlobalScopeKind::kDedicatedWorker;
  ASSERT_TRUE(worker.Install(worker_options));
  EXPECT_EQ(worker.Eval(probe), "function,function,function,function,true,function");
  FreshContext realm(v8);
  ContextOptions realm_options;
  realm_options.global = GlobalScopeKind::kShadowRealm;
  ASSERT_TRUE(realm.Install(realm_options));
  EXPECT_EQ(realm.Eval(probe), "undefined,undefined,function,function,false,function");
  // The worklet's removal did not touch the shared templates: a window still has it all.
  FreshContext window(v8);
  ASSERT_TRUE(window.Install(ContextOptions()));
  EXPECT_EQ(window.Eval(probe), "function,function,function,function,true,function");
  // Naming an interface the global does not expose is refused.
  FreshContext refused(v8);
  std::vector<ConsoleLine> console;
  ContextOptions refused_options;
  refused_options.global = GlobalScopeKind::kWorklet;
  refused_options.interfaces = {"WebSocket"};
  refused_options.console = [&](ConsoleLevel level, const std::string& text) {
    console.push_back({level, text});
  };
  EXPECT_FALSE(refused.Install(refused_options));
  ASSERT_EQ(console.size(), 1u);
  EXPECT_NE(console[0].text.find("not exposed"), std::string::npos) << console[0].text;
}

TEST(PublicApiTest, InstallRefusesAnUnknownInterfaceAndChangesNothing) {
  test::V8Scope v8;
  FreshContext fresh(v8);
  std::vector<ConsoleLine> console;
  ContextOptions options;
  options.interfaces = {"WebSocket", "XMLHttpRequest"};
  options.console = [&](ConsoleLevel level, const std::string& text) {
    console.push_back({level, text});
  };
  EXPECT_FALSE(fresh.Install(options));
  ASSERT_EQ(console.size(), 1u);
  EXPECT_EQ(console[0].level, ConsoleLevel::kError);
  EXPECT_NE(console[0].text.find("'XMLHttpRequest'"), std::string::npos) << console[0].text;
  EXPECT_EQ(fresh.Eval("typeof WebSocket"), "undefined");
}

TEST(PublicApiTest, InstallKeepsTheHostsOwnGlobalsAndSaysSo) {
  test::V8Scope v8;
  FreshContext fresh(v8, "globalThis.URL = function HostURL() {}; 0");
  std::vector<ConsoleLine> console;
  ContextOptions options;
  options.console = [&](ConsoleLevel level, const std::string& text) {
    console.push_back({level, text});
  };
  ASSERT_TRUE(fresh.Install(options));
  EXPECT_EQ(fresh.Eval("URL.name"), "HostURL");
  EXPECT_EQ(fresh.Eval("typeof WebSocket"), "function");
  // A WebSocket URL still parses with v8ws's own parser, not the host's URL.
  EXPECT_EQ(fresh.Eval("new WebSocket('ws://127.0.0.1:1/x?y').url"), "ws://127.0.0.1:1/x?y");
  ASSERT_EQ(console.size(), 1u);
  EXPECT_EQ(console[0].level, ConsoleLevel::kWarn);
  EXPECT_NE(console[0].text.find("'URL'"), std::string::npos) << console[0].text;

  FreshContext replaced(v8, "globalThis.URL = function HostURL() {}; 0");
  options.replace_existing_globals = true;
  console.clear();
  ASSERT_TRUE(replaced.Install(options));
  EXPECT_EQ(replaced.Eval("URL.name"), "URL");
  EXPECT_EQ(replaced.Eval("new URL('b', 'http://a/').href"), "http://a/b");
  EXPECT_TRUE(console.empty());
}

TEST(PublicApiTest, ConsoleHookGetsEachLineFormattedAtItsLevel) {
  std::vector<ConsoleLine> console;
  ContextOptions options;
  options.console = [&](ConsoleLevel level, const std::string& text) {
    console.push_back({level, text});
  };
  test::V8Scope v8(options);
  v8.Eval(
      "console.log('%s is %d and %i, %f', 'Bob', '42.5', 7.9, '1.5x');"
      "console.info('100%% %s %o', 'sure', {a: [1]}, 'extra', 3);"
      "console.debug('%c styled', 'color: red');"
      "console.warn('%x %s', Symbol('s'));"
      "console.error(new TypeError('bad'));"
      "console.log();"
      "console.log('', 1, null, undefined, [1, 'a'])");
  ASSERT_EQ(console.size(), 6u);
  EXPECT_EQ(console[0].level, ConsoleLevel::kLog);
  EXPECT_EQ(console[0].text, "Bob is 42 and 7, 1.5");
  EXPECT_EQ(console[1].level, ConsoleLevel::kInfo);
  EXPECT_EQ(console[1].text, "100% sure { a: [ 1 ] } extra 3");
  EXPECT_EQ(console[2].level, ConsoleLevel::kDebug);
  EXPECT_EQ(console[2].text, " styled");
  EXPECT_EQ(console[3].level, ConsoleLevel::kWarn);
  EXPECT_EQ(console[3].text, "%x Symbol(s)");
  EXPECT_EQ(console[4].level, ConsoleLevel::kError);
  EXPECT_EQ(console[4].text.rfind("TypeError: bad\n    at ", 0), 0u) << console[4].text;
  EXPECT_EQ(console[5].text, " 1 null undefined [ 1, 'a' ]");
  // A namespace's members are enumerable; the namespace is not.
  EXPECT_EQ(v8.Eval("Object.keys(console).join()"),
            "assert,clear,debug,error,info,log,table,trace,warn,dir,dirxml,count,countReset,"
            "group,groupCollapsed,groupEnd,time,timeLog,timeEnd")
      << "the Console Standard's members, in its IDL's order";
  EXPECT_EQ(v8.Eval("Object.keys(globalThis).includes('console')"), "false");
}

TEST(PublicApiTest, WithoutAConsoleHookTheGlobalsConsoleIsLeftAlone) {
  test::V8Scope v8;
  FreshContext fresh(v8, "globalThis.before = console; 0");
  ASSERT_TRUE(fresh.Install(ContextOptions()));
  EXPECT_EQ(fresh.Eval("console === before"), "true");
}

TEST(PublicApiTest, TheEmbedderDataSlotCanBeChosenPerIsolate) {
  ContextOptions options;
  options.embedder_data_index = 3;
  test::V8Scope v8(options);
  EXPECT_EQ(v8.Eval("new Event('x').type + new WebSocket('ws://127.0.0.1:1/').readyState"), "x0");
  // One slot per isolate: a context asking for another is refused.
  FreshContext other(v8);
  ContextOptions other_options;
  std::string said;
  other_options.console = [&](ConsoleLevel, const std::string& text) { said = text; };
  EXPECT_FALSE(other.Install(other_options));
  EXPECT_NE(said.find("slot 27"), std::string::npos) << said;
  other_options.embedder_data_index = 3;
  FreshContext same(v8);
  EXPECT_TRUE(same.Install(other_options));
  EXPECT_EQ(same.Eval("new Event('y').type"), "y");
}

TEST(PublicApiTest, AbortSignalTimeoutIsADelayedTaskOfTheHostsRunner) {
  test::V8Scope v8;
  v8.Eval("globalThis.signal = AbortSignal.timeout(20); 0");
  // Through the host's runner, on no thread of v8ws's own.
  EXPECT_EQ(v8.tasks().DelayedCount(), 1u);
  EXPECT_EQ(v8.Eval("signal.aborted"), "false");
  ASSERT_TRUE(v8.RunUntil([&] { return v8.Eval("signal.aborted") == "true"; }));
  EXPECT_EQ(v8.Eval("signal.reason.name"), "TimeoutError");
}

// queue -> task -> channel -> poster -> runner was a cycle: a host that dropped its runner
// with tasks still queued leaked all of it (LeakSanitizer saw 0.8-10 MB).
TEST(PublicApiTest, TasksLeftQueuedAtExitDoNotKeepTheRunnerAlive) {
  const uint16_t port = test::PythonServer::Port();
  ASSERT_NE(port, 0) << "run from the repository root";
  std::weak_ptr<test::ManualTaskRunner> runner;
  {
    test::V8Scope v8;
    runner = v8.weak_tasks();
    v8.Eval("globalThis.ws = new WebSocket('ws://127.0.0.1:" + std::to_string(port) + "/echo'); 0");
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (v8.tasks().QueuedCount() == 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(1ms);
    ASSERT_GT(v8.tasks().QueuedCount(), 0u);  // the open event waits, never run
  }
  EXPECT_TRUE(runner.expired());
}

TEST(PublicApiTest, NetworkOptionsReachTheResolver) {
  const uint16_t port = test::PythonServer::Port();
  ASSERT_NE(port, 0) << "run from the repository root";
  std::mutex mutex;
  std::vector<std::string> asked;
  NetworkOptions network_options;
  network_options.resolve = [&](const std::string& host) {
    std::lock_guard<std::mutex> lock(mutex);
    asked.push_back(host);
    return std::vector<std::string>{"127.0.0.1"};
  };
  auto network = Network::Create(network_options);
  test::V8Scope v8(ContextOptions(), network);
  v8.Eval(
      "globalThis.log = []; const ws = new WebSocket('ws://echo.invalid:" + std::to_string(port) +
      "/echo');"
      "ws.onopen = () => ws.send('hi');"
      "ws.onmessage = e => { log.push(e.data); ws.close(); };"
      "ws.onclose = e => log.push(e.code);");
  EXPECT_EQ(network->ConnectionCount(), 1u);
  ASSERT_TRUE(v8.RunUntil([&] { return v8.Eval("log.length") == "2"; }, 10000));
  EXPECT_EQ(v8.Eval("log.join()"), "hi,1005");
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(asked, std::vector<std::string>{"echo.invalid"});
}

TEST(PublicApiTest, DescribeExceptionNamesTheFileAndLine) {
  test::V8Scope v8;
  v8::Isolate* isolate = v8.isolate();
  v8::HandleScope scope(isolate);
  v8::Local<v8::Context> context = v8.context();
  v8::TryCatch try_catch(isolate);
  v8::ScriptOrigin origin(isolate, v8::String::NewFromUtf8Literal(isolate, "lib/app.js"));
  v8::Local<v8::Script> script =
      v8::Script::Compile(context, v8::String::NewFromUtf8Literal(isolate, "1;\nnull.x;"), &origin)
          .ToLocalChecked();
  EXPECT_TRUE(script->Run(context).IsEmpty());
  std::string text = DescribeException(context, try_catch.Exception(), try_catch.Message());
  EXPECT_EQ(text.rfind("lib/app.js:2\nUncaught TypeError: Cannot read properties of null", 0), 0u)
      << text;
  EXPECT_NE(text.find("at lib/app.js:2:6"), std::string::npos) << text;
}

TEST(PublicApiTest, ModuleLoaderHooksResolveAndFetchEveryImport) {
  test::V8Scope v8;
  FreshContext fresh(v8);
  std::vector<std::string> fetched, resolved;
  ContextOptions options;
  std::vector<std::string> reported;
  options.report_exception = [&](v8::Local<v8::Context> context, v8::Local<v8::Value> exception,
                                 v8::Local<v8::Message> message) {
    reported.push_back(DescribeException(context, exception, message));
  };
  // A host that keeps its modules in memory, under "mem:" URLs, with one bare name.
  options.modules.resolve = [&](const std::string& specifier, const std::string& referrer,
                                std::string* url, std::string* error) {
    resolved.push_back(specifier + " from " + referrer);
    if (specifier == "greeting") {
      *url = "mem:/greeting.js";
      return true;
    }
    if (specifier.rfind("./", 0) == 0) {
      *url = "mem:/" + specifier.substr(2);
      return true;
    }
    *error = "not a name this host knows";
    return false;
  };
  options.modules.fetch = [&](const std::string& url, std::string* source, std::string* error) {
    fetched.push_back(url);
    if (url == "mem:/greeting.js") {
      *source = "export const hello = 'hello from memory';";
      return true;
    }
    if (url == "mem:/late.js") {
      *source = "export default 7;";
      return true;
    }
    *error = "no module at " + url;
    return false;
  };
  ASSERT_TRUE(fresh.Install(options));
  v8::Isolate* isolate = v8.isolate();
  {
    v8::HandleScope scope(isolate);
    v8::Context::Scope context_scope(fresh.context());
    v8::Local<v8::Promise> evaluation;
    ASSERT_TRUE(fresh.env()
                    ->RunModule("import { hello } from 'greeting';\n"
                                "import './greeting.js';\n"  // another URL, fetched as well
                                "globalThis.got = hello + ' at ' + import.meta.url;\n"
                                "globalThis.later = import('./late.js').then(m => m.default);\n"
                                "globalThis.refused = import('fs').catch(e => e.name + ': ' + "
                                "e.message);",
                                "mem:/main.js")
                    .ToLocal(&evaluation));
    isolate->PerformMicrotaskCheckpoint();
    EXPECT_EQ(evaluation->State(), v8::Promise::kFulfilled);
  }
  // "./greeting.js" is mem:/greeting.js too: fetched once, as the module map says.
  EXPECT_EQ(fetched, (std::vector<std::string>{"mem:/greeting.js"}));
  EXPECT_EQ(fresh.Eval("got"), "hello from memory at mem:/main.js");
  // import() resolves at once and fetches in a task of the host's runner.
  EXPECT_EQ(fresh.runner().QueuedCount(), 1u);
  fresh.runner().RunPending();
  v8::HandleScope scope(isolate);
  EXPECT_EQ(fetched.back(), "mem:/late.js");
  EXPECT_EQ(fresh.Eval("later.then(v => globalThis.late = v), 0"), "0");
  fresh.Eval("refused.then(v => globalThis.why = v)");
  isolate->PerformMicrotaskCheckpoint();
  EXPECT_EQ(fresh.Eval("late"), "7");
  EXPECT_EQ(fresh.Eval("why"),
            "TypeError: Cannot resolve \"fs\" imported from mem:/main.js: not a name this host "
            "knows");
  EXPECT_EQ(resolved.front(), "greeting from mem:/main.js");

  // A failed fetch is reported, names the importing line, and gives no promise.
  {
    v8::Context::Scope context_scope(fresh.context());
    EXPECT_TRUE(reported.empty());
    EXPECT_TRUE(fresh.env()->RunModule("\nimport './nowhere.js';", "mem:/second.js").IsEmpty());
  }
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0],
            "Uncaught TypeError: Cannot load module mem:/nowhere.js imported from "
            "mem:/second.js:2:8: no module at mem:/nowhere.js");
}

}  // namespace
}  // namespace v8ws
