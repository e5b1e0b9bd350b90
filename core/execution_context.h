// ExecutionContext: per-context state: origin, base URL, task runner, network service,
// options, the wrappers alive in the context, and exception reporting.
#ifndef V8WS_CORE_EXECUTION_CONTEXT_H_
#define V8WS_CORE_EXECUTION_CONTEXT_H_

#include <v8.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "bindings/core/v8/wrapper_registry.h"
#include "include/v8ws/v8ws.h"

namespace v8ws {

namespace net {
class LazyNetworkService;
class NetworkService;
}  // namespace net

class EventTarget;
class ModuleMap;
struct ConsoleState;

// The ExposureBits bit of a kind of global, for WebIDL's [Exposed].
uint32_t ExposureOf(GlobalScopeKind global);

class ExecutionContext {
 public:
  // Binds itself to `context` in the embedder data slot options.embedder_data_index (the
  // caller checked that the slot is free to use and agrees with the isolate's other contexts).
  ExecutionContext(v8::Local<v8::Context> context,
                   std::shared_ptr<TaskRunner> task_runner,
                   std::shared_ptr<net::LazyNetworkService> network,
                   ContextOptions options);
  ~ExecutionContext();
  ExecutionContext(const ExecutionContext&) = delete;
  ExecutionContext& operator=(const ExecutionContext&) = delete;

  // Null for a context v8ws is not installed in.
  static ExecutionContext* From(v8::Local<v8::Context> context);

  v8::Isolate* isolate() const { return isolate_; }
  v8::Local<v8::Context> context() const { return context_.Get(isolate_); }
  const ContextOptions& options() const { return options_; }
  // The ExposureBits bit of the global (options().global), for [Exposed].
  uint32_t exposure() const;
  // The process's network service, started by the first socket that needs it.
  net::NetworkService* network();
  WrapperRegistry& wrapper_registry() { return registry_; }
  // The context's module map, made by the first module or import() that needs it.
  ModuleMap& modules();

  // Posts `task` to run on this context's thread, unless the context is gone by then.
  // Thread-safe. The task runs inside the context with a HandleScope.
  void PostTask(std::function<void()> task);
  // JS thread: posts `task` to run after `delay_ms` (a timer task, through the host's
  // TaskRunner::PostDelayedTask); like PostTask otherwise. The pending timer does not count
  // as pending activity.
  void PostDelayedTask(std::function<void()> task, double delay_ms);
  // A poster other threads may keep: it outlives the context and drops late tasks. It
  // holds the task runner weakly, so a task queued in the runner never keeps the runner
  // (and its queue) alive.
  std::function<void(std::function<void()>)> TaskPoster();

  // Gives `object` an own `stack` like an Error's (V8's Error.captureStackTrace, kept from
  // install time so script cannot replace it).
  void CaptureStackTrace(v8::Local<v8::Object> object);
  // %Promise%, as the context had it before script ran (ECMAScript's PromiseResolve compares
  // a promise's constructor with it). Empty if the global had none.
  v8::Local<v8::Function> IntrinsicPromise() const;

  // A diagnostic for the console (options().console, else stderr).
  void AddConsoleMessage(ConsoleLevel level, const std::string& text);
  // The same before a context exists (Install refusing its options).
  static void AddConsoleMessage(const ContextOptions& options,
                                ConsoleLevel level,
                                const std::string& text);
  // A line console.log() and friends print (only installed with options().console).
  void Print(ConsoleLevel level, const std::string& text);
  // The console's counts, timers and group depth (made on first use).
  ConsoleState& console_state();

  // HTML "report an exception": on a Window global, a cancelable ErrorEvent at the global
  // first; unless a listener cancels it, the embedder's report_exception (or stderr).
  void ReportException(const v8::TryCatch& try_catch);
  void ReportException(v8::Local<v8::Value> exception, v8::Local<v8::Message> message);
  // "file:line", a newline (a SyntaxError's source line and caret), then "Uncaught " and
  // the stack (or the value): what the default report prints.
  static std::string DescribeException(v8::Local<v8::Context> context,
                                       v8::Local<v8::Value> exception,
                                       v8::Local<v8::Message> message);
  // The Window global's object, when the context has one.
  void set_window(EventTarget* window) { window_ = window; }

  // Live WebSockets (not yet CLOSED): the embedder's loop keeps running while any is.
  void IncrementPendingActivity();
  void DecrementPendingActivity();
  bool HasPendingActivity() const { return pending_activity_ > 0; }

  double TimeOrigin() const { return time_origin_ms_; }
  // Milliseconds since the time origin (performance.now()).
  double Now() const;

  // A value made once per context and kept for its lifetime, by the address of a static
  // `key` (the Streams Standard's per-global size functions). Empty until set.
  v8::Local<v8::Value> CachedValue(const void* key) const;
  // A promise resolver made with the context. While execution terminates (a signal, an
  // embedder's TerminateExecution) V8 makes no new promise, yet the C++ steps already under
  // way run to their end: they get this one, which nobody will look at again.
  v8::Local<v8::Promise::Resolver> StandInResolver() const {
    return stand_in_resolver_.Get(isolate_);
  }
  void SetCachedValue(const void* key, v8::Local<v8::Value> value);

  // Called on tear-down: objects that hold network resources release them first.
  void AddTeardownObserver(std::function<void()>* observer);
  void RemoveTeardownObserver(std::function<void()>* observer);

 private:
  v8::Isolate* isolate_;
  v8::Global<v8::Context> context_;
  v8::Global<v8::Function> capture_stack_trace_;
  v8::Global<v8::Function> intrinsic_promise_;
  std::shared_ptr<TaskRunner> task_runner_;
  std::shared_ptr<net::LazyNetworkService> network_;
  net::NetworkService* service_ = nullptr;  // network_->Get(), once asked
  ContextOptions options_;
  WrapperRegistry registry_;
  // Shared with posted tasks: false once the context is torn down.
  std::shared_ptr<bool> alive_;
  int pending_activity_ = 0;
  EventTarget* window_ = nullptr;
  bool in_error_reporting_ = false;  // an error in an error listener goes to the console
  std::chrono::steady_clock::time_point start_;
  double time_origin_ms_;
  std::vector<std::function<void()>*> teardown_observers_;
  std::unique_ptr<ModuleMap> modules_;
  std::unique_ptr<ConsoleState> console_state_;
  std::vector<std::pair<const void*, v8::Global<v8::Value>>> cached_values_;
  v8::Global<v8::Promise::Resolver> stand_in_resolver_;
};

// What a task that settles promises or runs script callbacks runs in: the context, and
// HTML's "clean up after running script" (microtasks run when the outermost such scope ends,
// under the kScoped policy), as an event listener's call does. Without it, reactions would
// wait for some later script.
class ScriptTaskScope {
 public:
  explicit ScriptTaskScope(ExecutionContext* context)
      : handles_(context->isolate()), context_scope_(context->context()) {
    if (context->isolate()->GetMicrotasksPolicy() == v8::MicrotasksPolicy::kScoped)
      microtasks_.emplace(context->isolate(), v8::MicrotasksScope::kRunMicrotasks);
  }

 private:
  v8::HandleScope handles_;
  v8::Context::Scope context_scope_;
  std::optional<v8::MicrotasksScope> microtasks_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_EXECUTION_CONTEXT_H_
