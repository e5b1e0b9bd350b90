// v8ws: runs a script with a browser's WebSocket, like d8 or `node file.js`. A libuv loop
// carries timers and tasks; the process exits when nothing is pending. The shell embeds v8ws
// only through include/v8ws/v8ws.h.
#include <libplatform/libplatform.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include <uv.h>
#include <v8.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "include/v8ws/v8ws.h"

namespace {

const char kUsage[] =
    "Usage: v8ws [options] FILE [args...]\n"
    "       v8ws [options] -e CODE [args...]\n"
    "       v8ws [options] - [args...] (the script from standard input)\n"
    "\n"
    "Runs a classic script (an ES module with --module, or when FILE ends in .mjs) in a\n"
    "Window-like global with WebSocket, EventTarget, Event, MessageEvent, CloseEvent,\n"
    "DOMException, Blob, URL, URLSearchParams, AbortController, AbortSignal, TextDecoder,\n"
    "TextEncoder, console, timers, queueMicrotask, atob, btoa, structuredClone, crypto,\n"
    "performance, v8ws and (with --location) location.\n"
    "\n"
    "Options:\n"
    "  -e, --eval CODE     run CODE instead of a file\n"
    "  --module            run the script as an ES module (import/export, top-level await,\n"
    "                      import.meta); import() works from classic scripts too\n"
    "  --location URL      the base URL and origin of the script (as in Deno)\n"
    "  --header NAME:VALUE add a header to every WebSocket handshake (repeatable)\n"
    "  --handshake-timeout MS\n"
    "                      fail an opening handshake not done in MS milliseconds (30000)\n"
    "  --max-message-size BYTES\n"
    "                      fail a connection (1009) on a larger message (268435456)\n"
    "  --max-buffered-amount BYTES\n"
    "                      close a socket (error, 1006) whose bufferedAmount would pass\n"
    "                      BYTES (1073741824)\n"
    "  --expose-gc         define gc() to force a full garbage collection\n"
    "  --network-thread    serve sockets on a thread of their own instead of the script's\n"
    "                      event loop\n"
    "  --parallel-connect  let sockets to one host and port connect at once, instead of\n"
    "                      one at a time as RFC 6455 section 4.1 asks\n"
    "  --v8-flags=FLAGS    pass FLAGS (comma-separated) to V8\n"
    "  -h, --help          print this help\n"
    "  -v, --version       print the version\n"
    "\n"
    "The script's arguments are v8ws.args, an array of strings.\n"
    "\n"
    "Exit status: 0 when the loop ran out of work, 1 after an uncaught exception or an\n"
    "unhandled promise rejection, 2 for a usage error, 13 when the loop ran out of work\n"
    "while the module's top-level await still waited.\n";

// Tasks from any thread, run on the loop thread. A task posted on the loop thread itself
// (every event, when the network service shares the loop) needs no wake-up: an idle handle
// runs it on the loop's next turn, before the loop would block. From another thread, an
// async handle wakes the loop.
class UvTaskRunner : public v8ws::TaskRunner {
 public:
  explicit UvTaskRunner(uv_loop_t* loop) : loop_(loop), loop_thread_(std::this_thread::get_id()) {
    // Referenced for good: RunLoop() decides when the shell ends, and a loop with nothing
    // referenced would return from UV_RUN_ONCE before the async could deliver a task.
    uv_async_init(loop, &async_, [](uv_async_t* h) { static_cast<UvTaskRunner*>(h->data)->Run(); });
    async_.data = this;
    uv_idle_init(loop, &idle_);
    idle_.data = this;
  }

  void PostTask(std::function<void()> task) override {
    bool here = std::this_thread::get_id() == loop_thread_;
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_)
      return;
    bool wake = tasks_.empty();
    tasks_.push_back(std::move(task));
    if (!wake)
      return;
    if (here)
      uv_idle_start(&idle_, [](uv_idle_t* h) { static_cast<UvTaskRunner*>(h->data)->Run(); });
    else
      uv_async_send(&async_);
  }

  // A timer of its own, unreferenced: AbortSignal.timeout() alone does not keep the shell
  // alive (as in Node and Deno). Called on the loop's thread.
  void PostDelayedTask(std::function<void()> task, double delay_ms) override {
    auto* delayed = new Delayed{{}, std::move(task), this};
    uv_timer_init(loop_, &delayed->handle);
    delayed->handle.data = delayed;
    uv_update_time(loop_);  // the loop's clock is from the turn's start: never fire early
    uv_timer_start(
        &delayed->handle,
        [](uv_timer_t* handle) {
          auto* delayed = static_cast<Delayed*>(handle->data);
          UvTaskRunner* self = delayed->runner;
          std::function<void()> task = std::move(delayed->task);
          self->CloseDelayed(delayed);
          task();
          if (self->after_task)
            self->after_task();
        },
        static_cast<uint64_t>(std::ceil(delay_ms)), 0);
    uv_unref(reinterpret_cast<uv_handle_t*>(&delayed->handle));
    delayed_.push_back(delayed);
  }

  // The shell stays alive while the context has live sockets.
  void SetKeepAlive(bool keep_alive) { keep_alive_ = keep_alive; }

  // Sockets are live, or tasks wait.
  bool HasWork() {
    std::lock_guard<std::mutex> lock(mutex_);
    return keep_alive_ || !tasks_.empty();
  }

  void Close() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
      tasks_.clear();
    }
    uv_close(reinterpret_cast<uv_handle_t*>(&async_), nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&idle_), nullptr);
    while (!delayed_.empty())
      CloseDelayed(delayed_.back());
  }

  std::function<void()> after_task;

 private:
  // Runs what was queued by now; what these tasks post waits for the next turn.
  void Run() {
    // The two vectors trade storage: a queue that started empty each turn regrew (and moved
    // every task) ten times for a burst of a thousand.
    std::vector<std::function<void()>> batch = std::move(spare_);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      batch.swap(tasks_);
    }
    for (auto& task : batch) {
      task();
      if (after_task)
        after_task();
    }
    batch.clear();
    if (batch.capacity() <= kKeptCapacity)
      spare_ = std::move(batch);
    std::lock_guard<std::mutex> lock(mutex_);
    if (tasks_.empty() && !closed_)
      uv_idle_stop(&idle_);
  }

  struct Delayed {
    uv_timer_t handle;
    std::function<void()> task;
    UvTaskRunner* runner;
  };

  void CloseDelayed(Delayed* delayed) {
    delayed_.erase(std::find(delayed_.begin(), delayed_.end(), delayed));
    uv_close(reinterpret_cast<uv_handle_t*>(&delayed->handle),
             [](uv_handle_t* handle) { delete static_cast<Delayed*>(handle->data); });
  }

  uv_loop_t* const loop_;
  const std::thread::id loop_thread_;
  std::vector<Delayed*> delayed_;  // loop thread only
  uv_async_t async_;
  uv_idle_t idle_;
  std::mutex mutex_;
  std::vector<std::function<void()>> tasks_;
  static constexpr size_t kKeptCapacity = 4096;  // tasks; a larger burst's storage is let go
  std::vector<std::function<void()>> spare_;     // loop thread only
  bool keep_alive_ = false;
  bool closed_ = false;
};

// SIGINT and SIGTERM, as Node and Deno handle them: the first stops the script (even one
// busy in a loop, through TerminateExecution) and the shell shuts down as on any exit, so
// open sockets close with 1001; the exit status is 128 + the signal. A second signal exits
// at once. Both signals are blocked in every thread and taken by one waiting thread, so no
// handler runs in signal context.
class SignalWatcher {
 public:
  // Before any thread exists, so that every thread inherits the mask.
  static void BlockSignals() {
    sigset_t set = Signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
  }

  void Start(v8::Isolate* isolate, uv_loop_t* loop) {
    isolate_.store(isolate);
    uv_async_init(loop, &wake_, [](uv_async_t* handle) { uv_stop(handle->loop); });
    uv_unref(reinterpret_cast<uv_handle_t*>(&wake_));  // it never keeps the shell alive
    std::thread([this] {
      sigset_t set = Signals();
      for (;;) {
        int signo = 0;
        if (sigwait(&set, &signo) != 0)
          continue;
        if (received_.exchange(signo) != 0)
          _exit(128 + signo);  // the second one: do not wait for the shutdown
        std::lock_guard<std::mutex> lock(mutex_);
        if (v8::Isolate* isolate = isolate_.load()) {
          isolate->TerminateExecution();
          uv_async_send(&wake_);
        }
      }
    }).detach();
  }

  // The signal that stopped the shell, or 0.
  int received() const { return received_.load(); }

  // Before the loop and the isolate go: late signals then only end the process.
  void Stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    isolate_.store(nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&wake_), nullptr);
  }

 private:
  static sigset_t Signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
  }

  std::mutex mutex_;
  std::atomic<v8::Isolate*> isolate_{nullptr};
  std::atomic<int> received_{0};
  uv_async_t wake_;
};

class Shell;
Shell* g_shell = nullptr;

struct Timer {
  uv_timer_t handle;
  uint32_t id;
  bool repeat;
  int nesting;  // HTML's timer nesting level of the task it runs
  v8::Global<v8::Function> callback;
  std::vector<v8::Global<v8::Value>> args;
};

class Shell {
 public:
  Shell(v8::Platform* platform, v8::Isolate* isolate, uv_loop_t* loop)
      : platform_(platform), isolate_(isolate), loop_(loop) {}

  int exit_code() const { return exit_code_; }

  // `network_thread`: the network service on a thread of its own instead of this loop.
  // `parallel_connect`: no per-endpoint queue for connections (RFC 6455 §4.1 step 2).
  bool Setup(v8ws::ContextOptions options,
             bool network_thread,
             bool parallel_connect,
             const std::vector<std::string>& script_args) {
    v8::HandleScope scope(isolate_);
    runner_ = std::make_shared<UvTaskRunner>(loop_);
    runner_->after_task = [this] { AfterTask(); };
    v8ws::NetworkOptions network;
    if (!network_thread)
      network.uv_loop = loop_;
    network.one_connecting_per_endpoint = !parallel_connect;
    network_ = v8ws::Network::Create(network);
    options.report_exception = [this](v8::Local<v8::Context>, v8::Local<v8::Value> exception,
                                      v8::Local<v8::Message> message) {
      ReportUncaught(exception, message);
    };
    // console.log/info/debug to stdout, warn/error (and v8ws's diagnostics) to stderr.
    options.console = [](v8ws::ConsoleLevel level, const std::string& text) {
      bool out = level != v8ws::ConsoleLevel::kWarn && level != v8ws::ConsoleLevel::kError;
      std::string line = text + "\n";
      std::fwrite(line.data(), 1, line.size(), out ? stdout : stderr);
      if (out)
        std::fflush(stdout);
    };
    std::shared_ptr<UvTaskRunner> runner = runner_;
    options.on_pending_activity = [runner](bool pending) { runner->SetKeepAlive(pending); };
    env_ = v8ws::Environment::CreateWindowContext(isolate_, runner_, network_, options);
    v8::Local<v8::Context> context = env_->GetContext();
    context_.Reset(isolate_, context);
    v8::Context::Scope context_scope(context);
    InstallGlobals(context, script_args);
    StartPlatformTimer();
    StartTrimTimer();
    return true;
  }

  // A classic script (`url` is where its import() calls resolve from), or with `module` the
  // entry module at `url`. Then the loop, until nothing is left to do.
  void Run(const std::string& source,
           const std::string& name,
           const std::string& url,
           bool module) {
    {
      v8::HandleScope scope(isolate_);
      v8::Local<v8::Context> context = context_.Get(isolate_);
      v8::Context::Scope context_scope(context);
      v8::MicrotasksScope microtasks(isolate_, v8::MicrotasksScope::kRunMicrotasks);
      if (module) {
        v8::Local<v8::Promise> evaluation;
        if (env_->RunModule(source, url).ToLocal(&evaluation))
          evaluation_.Reset(isolate_, evaluation);
      } else {
        env_->RunScript(source, name, url);
      }
    }
    if (!isolate_->IsExecutionTerminating())
      AfterTask();
    RunLoop();
    // A signal stopped the script: let the shutdown below run script-free V8 calls again.
    isolate_->CancelTerminateExecution();
    // The loop ran dry with the module's top-level await still waiting: nothing can settle
    // it now. Node says so and exits 13; so does this shell.
    if (exit_code_ == 0 && !(signals_ && signals_->received()) && !evaluation_.IsEmpty()) {
      v8::HandleScope scope(isolate_);
      if (evaluation_.Get(isolate_)->State() == v8::Promise::kPending) {
        std::fprintf(stderr, "v8ws: the module's top-level await never settled\n");
        exit_code_ = 13;
      }
    }
    evaluation_.Reset();
  }

  // The shell lives while script can still run: a timer is set, a socket is live, or a
  // task waits. The loop's own count of handles cannot tell, since the network service's
  // handles share it. uv_stop() (an uncaught exception, a signal) ends a turn early.
  void RunLoop() {
    while (exit_code_ == 0 && !isolate_->IsExecutionTerminating() &&
           !(signals_ && signals_->received()) && (!timers_.empty() || runner_->HasWork()))
      uv_run(loop_, UV_RUN_ONCE);
  }

  // A signal ends the loop (TerminateExecution alone shows only once script runs).
  void set_signals(const SignalWatcher* signals) { signals_ = signals; }

  void Teardown() {
    {
      v8::HandleScope scope(isolate_);
      v8::Context::Scope context_scope(context_.Get(isolate_));
      std::vector<uint32_t> ids;
      for (auto& entry : timers_)
        ids.push_back(entry.first);
      for (uint32_t id : ids)
        StopTimer(id);
      env_.reset();  // closes sockets with 1001, frees every object
    }
    runner_->Close();
    uv_close(reinterpret_cast<uv_handle_t*>(&platform_timer_), nullptr);
#ifdef __GLIBC__
    uv_close(reinterpret_cast<uv_handle_t*>(&trim_timer_), nullptr);
#endif
    network_.reset();  // on this loop: runs it until the sockets have closed
    // Let libuv finish closing the handles.
    uv_run(loop_, UV_RUN_DEFAULT);
    timers_.clear();
    context_.Reset();
  }

 private:
  v8::Local<v8::String> ToString(const std::string& s) {
    return v8::String::NewFromUtf8(isolate_, s.data(), v8::NewStringType::kNormal,
                                   static_cast<int>(s.size()))
        .ToLocalChecked();
  }

  // Uncaught exceptions and rejections: message and stack on stderr, then exit 1.
  void ReportUncaught(v8::Local<v8::Value> exception, v8::Local<v8::Message> message) {
    v8::HandleScope scope(isolate_);
    std::string text =
        v8ws::DescribeException(isolate_->GetCurrentContext(), exception, message) + "\n";
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
    Fail();
  }

  void Fail() {
    exit_code_ = 1;
    uv_stop(loop_);
  }

  // After each task: unhandled rejections are fatal, as in Node and Deno.
  void AfterTask() {
    RunPlatformTasks();
    if (rejections_.empty())
      return;
    v8::HandleScope scope(isolate_);
    v8::Context::Scope context_scope(context_.Get(isolate_));
    auto pending = std::move(rejections_);
    rejections_.clear();
    for (auto& [promise, reason] : pending) {
      // HTML "notify about rejected promises" looks at [[PromiseIsHandled]] now: a promise
      // the platform marked handled after rejecting it (Streams does) is not reported.
      if (promise.Get(isolate_)->HasHandler())
        continue;
      v8::Local<v8::Value> value = reason.Get(isolate_);
      v8::Local<v8::Message> message = v8::Exception::CreateMessage(isolate_, value);
      std::fprintf(stderr, "Unhandled promise rejection:\n");
      ReportUncaught(value, message);
      return;
    }
  }

  // V8 posts work of its own to the platform's queue (FinalizationRegistry cleanups, GC
  // follow-ups); it runs after every task, and every 50 ms while the loop is alive.
  void RunPlatformTasks() {
    while (v8::platform::PumpMessageLoop(platform_, isolate_)) {
    }
  }

  // glibc keeps freed memory in each thread's arena (the network thread's above all, where
  // message buffers are made) and, with the thresholds main() sets, on the main heap: a burst
  // of large messages left RSS 200 MiB above where it started, long after every socket
  // closed. Every 2 s, when more than 64 MiB lies free, it goes back to the system.
  void StartTrimTimer() {
#ifdef __GLIBC__
    uv_timer_init(loop_, &trim_timer_);
    uv_timer_start(
        &trim_timer_,
        [](uv_timer_t*) {
          if (mallinfo2().fordblks > (size_t{64} << 20))
            malloc_trim(0);
        },
        2000, 2000);
    uv_unref(reinterpret_cast<uv_handle_t*>(&trim_timer_));
#endif
  }

  void StartPlatformTimer() {
    uv_timer_init(loop_, &platform_timer_);
    platform_timer_.data = this;
    uv_timer_start(
        &platform_timer_,
        [](uv_timer_t* timer) {
          auto* self = static_cast<Shell*>(timer->data);
          v8::HandleScope scope(self->isolate_);
          v8::Context::Scope context_scope(self->context_.Get(self->isolate_));
          self->AfterTask();
        },
        50, 50);
    uv_unref(reinterpret_cast<uv_handle_t*>(&platform_timer_));  // never keeps the loop alive
  }

  static void OnPromiseReject(v8::PromiseRejectMessage message) {
    Shell* self = g_shell;
    v8::Isolate* isolate = self->isolate_;
    v8::Local<v8::Promise> promise = message.GetPromise();
    if (message.GetEvent() == v8::kPromiseRejectWithNoHandler) {
      self->rejections_.emplace_back(v8::Global<v8::Promise>(isolate, promise),
                                     v8::Global<v8::Value>(isolate, message.GetValue()));
    } else if (message.GetEvent() == v8::kPromiseHandlerAddedAfterReject) {
      for (auto it = self->rejections_.begin(); it != self->rejections_.end(); ++it) {
        if (it->first.Get(isolate) == promise) {
          self->rejections_.erase(it);
          break;
        }
      }
    }
  }

  void SetMethod(v8::Local<v8::Context> context,
                 v8::Local<v8::Object> target,
                 const char* name,
                 v8::FunctionCallback callback,
                 int length) {
    v8::Local<v8::Function> fn = v8::Function::New(context, callback, v8::Local<v8::Value>(),
                                                   length, v8::ConstructorBehavior::kThrow)
                                     .ToLocalChecked();
    fn->SetName(ToString(name));
    target->DefineOwnProperty(context, ToString(name), fn, v8::DontEnum).Check();
  }

  void InstallGlobals(v8::Local<v8::Context> context, const std::vector<std::string>& script_args) {
    isolate_->SetPromiseRejectCallback(&Shell::OnPromiseReject);
    v8::Local<v8::Object> global = context->Global();

    SetMethod(context, global, "setTimeout", &Shell::SetTimeout, 1);
    SetMethod(context, global, "setInterval", &Shell::SetInterval, 1);
    SetMethod(context, global, "clearTimeout", &Shell::ClearTimer, 0);
    SetMethod(context, global, "clearInterval", &Shell::ClearTimer, 0);
    SetMethod(context, global, "queueMicrotask", &Shell::QueueMicrotask, 1);

    v8::Local<v8::Object> performance = v8::Object::New(isolate_);
    SetMethod(context, performance, "now", &Shell::PerformanceNow, 0);
    performance
        ->DefineOwnProperty(context, ToString("timeOrigin"),
                            v8::Number::New(isolate_, env_->TimeOrigin()), v8::ReadOnly)
        .Check();
    global->DefineOwnProperty(context, ToString("performance"), performance, v8::DontEnum).Check();

    // The shell's own namespace, as Deno's `Deno` is: v8ws.args are the words after the
    // script on the command line (frozen), v8ws.version is --version's.
    v8::Local<v8::Object> shell = v8::Object::New(isolate_);
    std::vector<v8::Local<v8::Value>> words;
    for (const std::string& word : script_args)
      words.push_back(ToString(word));
    v8::Local<v8::Array> args = v8::Array::New(isolate_, words.data(), words.size());
    args->SetIntegrityLevel(context, v8::IntegrityLevel::kFrozen).Check();
    shell->DefineOwnProperty(context, ToString("args"), args, v8::ReadOnly).Check();
    shell->DefineOwnProperty(context, ToString("version"), ToString(v8ws::Version()), v8::ReadOnly)
        .Check();
    shell->SetIntegrityLevel(context, v8::IntegrityLevel::kFrozen).Check();
    global->DefineOwnProperty(context, ToString("v8ws"), shell, v8::DontEnum).Check();
  }

  static void PerformanceNow(const v8::FunctionCallbackInfo<v8::Value>& info) {
    info.GetReturnValue().Set(g_shell->env_->Now());
  }

  static void QueueMicrotask(const v8::FunctionCallbackInfo<v8::Value>& info) {
    v8::Isolate* isolate = info.GetIsolate();
    if (info.Length() < 1 || !info[0]->IsFunction()) {
      isolate->ThrowException(v8::Exception::TypeError(v8::String::NewFromUtf8Literal(
          isolate,
          "Failed to execute 'queueMicrotask': The callback provided as parameter 1 is not "
          "a function.")));
      return;
    }
    isolate->EnqueueMicrotask(info[0].As<v8::Function>());
  }

  static void SetTimeout(const v8::FunctionCallbackInfo<v8::Value>& info) {
    AddTimer(info, false);
  }
  static void SetInterval(const v8::FunctionCallbackInfo<v8::Value>& info) {
    AddTimer(info, true);
  }

  static void AddTimer(const v8::FunctionCallbackInfo<v8::Value>& info, bool repeat) {
    Shell* self = g_shell;
    v8::Isolate* isolate = info.GetIsolate();
    if (info.Length() < 1 || !info[0]->IsFunction()) {
      isolate->ThrowException(v8::Exception::TypeError(
          v8::String::NewFromUtf8Literal(isolate, "The callback must be a function.")));
      return;
    }
    double delay = 0;
    if (info.Length() > 1)
      delay = info[1]->NumberValue(isolate->GetCurrentContext()).FromMaybe(0);
    if (!(delay >= 0) || std::isinf(delay))
      delay = 0;
    // HTML "timer initialization steps" 3-7: a timer set by a timer's task (or its
    // microtasks) nests one deeper, and past five levels waits at least 4 ms. Without it a
    // chain of zero-delay timers never leaves libuv's timer phase, and no socket is read.
    int nesting = self->running_timer_nesting_;
    if (nesting > 5 && delay < 4)
      delay = 4;
    auto timer = std::make_unique<Timer>();
    timer->id = ++self->next_timer_id_;
    timer->repeat = repeat;
    timer->nesting = nesting + 1;
    timer->callback.Reset(isolate, info[0].As<v8::Function>());
    for (int i = 2; i < info.Length(); ++i)
      timer->args.emplace_back(isolate, info[i]);
    uv_timer_init(self->loop_, &timer->handle);
    uv_update_time(self->loop_);  // HTML: wait at least the delay, from now
    timer->handle.data = timer.get();
    auto ms = static_cast<uint64_t>(delay);
    uv_timer_start(&timer->handle, &Shell::OnTimer, ms, repeat ? (ms ? ms : 1) : 0);
    info.GetReturnValue().Set(timer->id);
    self->timers_[timer->id] = std::move(timer);
  }

  static void ClearTimer(const v8::FunctionCallbackInfo<v8::Value>& info) {
    if (info.Length() < 1 || !info[0]->IsNumber())
      return;
    g_shell->StopTimer(static_cast<uint32_t>(info[0].As<v8::Number>()->Value()));
  }

  // Stops and forgets a timer; libuv frees it once the handle is closed.
  void StopTimer(uint32_t id) {
    auto it = timers_.find(id);
    if (it == timers_.end())
      return;
    Timer* timer = it->second.release();
    timers_.erase(it);
    uv_timer_stop(&timer->handle);
    uv_close(reinterpret_cast<uv_handle_t*>(&timer->handle),
             [](uv_handle_t* h) { delete static_cast<Timer*>(h->data); });
  }

  static void OnTimer(uv_timer_t* handle) {
    Shell* self = g_shell;
    auto* timer = static_cast<Timer*>(handle->data);
    v8::Isolate* isolate = self->isolate_;
    v8::HandleScope scope(isolate);
    v8::Local<v8::Context> context = self->context_.Get(isolate);
    v8::Context::Scope context_scope(context);
    uint32_t id = timer->id;
    v8::Local<v8::Function> callback = timer->callback.Get(isolate);
    std::vector<v8::Local<v8::Value>> args;
    for (auto& a : timer->args)
      args.push_back(a.Get(isolate));
    int nesting = timer->nesting;
    if (!timer->repeat) {
      self->StopTimer(id);
    } else if (++timer->nesting > 5 && uv_timer_get_repeat(handle) < 4) {
      // An interval runs its steps again with the previous id, one level deeper each time.
      uv_timer_set_repeat(handle, 4);
    }
    self->running_timer_nesting_ = nesting;
    {
      v8::MicrotasksScope microtasks(isolate, v8::MicrotasksScope::kRunMicrotasks);
      v8::TryCatch try_catch(isolate);
      if (callback->Call(context, context->Global(), static_cast<int>(args.size()), args.data())
              .IsEmpty()) {
        self->env_->ReportException(try_catch.Exception(), try_catch.Message());
      }
    }
    self->running_timer_nesting_ = 0;
    self->AfterTask();
  }

  v8::Platform* platform_;
  v8::Isolate* isolate_;
  uv_loop_t* loop_;
  const SignalWatcher* signals_ = nullptr;
  v8::Global<v8::Promise> evaluation_;  // the entry module's, while it may be pending
  uv_timer_t platform_timer_;
  uv_timer_t trim_timer_;
  v8::Global<v8::Context> context_;
  std::shared_ptr<UvTaskRunner> runner_;
  std::shared_ptr<v8ws::Network> network_;
  std::unique_ptr<v8ws::Environment> env_;
  std::map<uint32_t, std::unique_ptr<Timer>> timers_;
  uint32_t next_timer_id_ = 0;
  int running_timer_nesting_ = 0;  // the running timer task's, 0 outside one
  std::vector<std::pair<v8::Global<v8::Promise>, v8::Global<v8::Value>>> rejections_;
  int exit_code_ = 0;
};

// The file: URL of `path` (relative to the working directory): what a module is known by
// and what import() resolves against. Bytes a URL path cannot hold are percent-encoded.
std::string FileUrl(const std::string& path) {
  std::string absolute = path;
  if (absolute.empty() || absolute[0] != '/') {
    char cwd[4096];
    absolute = std::string(getcwd(cwd, sizeof cwd) ? cwd : "") + "/" + path;
  }
  std::string url = "file://";
  static const char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : absolute) {
    if (std::isalnum(c) || std::strchr("/-._~!$&'()*+,;=:@[]", c)) {
      url += static_cast<char>(c);
    } else {
      url += '%';
      url += kHex[c >> 4];
      url += kHex[c & 15];
    }
  }
  return url;
}

// "-" is standard input, as for Node and Deno.
bool ReadFile(const std::string& path, std::string* out) {
  std::ostringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
    if (std::cin.bad())
      return false;
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      return false;
    buffer << in.rdbuf();
  }
  *out = buffer.str();
  return true;
}

}  // namespace

int main(int argc, char* argv[]) {
  SignalWatcher::BlockSignals();
  std::string file, code;
  bool have_code = false;
  bool module = false;
  std::vector<std::string> script_args;
  bool network_thread = false;
  bool parallel_connect = false;
  v8ws::ContextOptions options;
  // The snapshot is libnode's own, read-only file: checking its checksum on every start
  // cost 1.7M instructions (~2 % of an empty script's run), and later V8 releases check it
  // only in debug builds. --v8-flags can turn it back on.
  std::string v8_flags = "--no-verify-snapshot-checksum";
  // NAME VALUE or NAME=VALUE; false when `arg` is not NAME.
  auto value_of = [&](const std::string& arg, const char* name, int& i, std::string* value) {
    std::string prefix = std::string(name) + "=";
    if (arg == name && i + 1 < argc) {
      *value = argv[++i];
      return true;
    }
    if (arg.rfind(prefix, 0) == 0) {
      *value = arg.substr(prefix.size());
      return true;
    }
    return false;
  };
  // A whole decimal number within [1, max], else a usage error.
  auto number = [](const std::string& text, uint64_t max, uint64_t* out) {
    if (text.empty() || text.size() > 19 ||
        text.find_first_not_of("0123456789") != std::string::npos)
      return false;
    *out = std::stoull(text);
    return *out >= 1 && *out <= max;
  };
  int i = 1;
  for (; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (arg == "-v" || arg == "--version") {
      std::printf("v8ws %s (V8 %s)\n", v8ws::Version(), v8::V8::GetVersion());
      return 0;
    }
    if ((arg == "-e" || arg == "--eval") && i + 1 < argc) {
      code = argv[++i];
      have_code = true;
      continue;
    }
    std::string value;
    if (value_of(arg, "--location", i, &value)) {
      options.base_url = value;
      continue;
    }
    if (value_of(arg, "--handshake-timeout", i, &value)) {
      uint64_t ms;
      if (!number(value, UINT32_MAX, &ms)) {
        std::fprintf(stderr, "v8ws: --handshake-timeout wants milliseconds, got '%s'\n",
                     value.c_str());
        return 2;
      }
      options.handshake_timeout_ms = static_cast<uint32_t>(ms);
      continue;
    }
    if (value_of(arg, "--max-buffered-amount", i, &value)) {
      uint64_t bytes;
      if (!number(value, uint64_t{1} << 50, &bytes)) {
        std::fprintf(stderr, "v8ws: --max-buffered-amount wants a byte count, got '%s'\n",
                     value.c_str());
        return 2;
      }
      options.max_buffered_amount = bytes;
      continue;
    }
    if (value_of(arg, "--max-message-size", i, &value)) {
      uint64_t bytes;
      if (!number(value, uint64_t{1} << 40, &bytes)) {
        std::fprintf(stderr, "v8ws: --max-message-size wants a byte count, got '%s'\n",
                     value.c_str());
        return 2;
      }
      options.max_message_size = static_cast<size_t>(bytes);
      continue;
    }
    if (arg == "--module") {
      module = true;
      continue;
    }
    if (arg == "--network-thread") {
      network_thread = true;
      continue;
    }
    if (arg == "--parallel-connect") {
      parallel_connect = true;
      continue;
    }
    if (arg == "--expose-gc") {
      v8_flags += " --expose-gc";
      continue;
    }
    if (arg.rfind("--v8-flags=", 0) == 0) {
      std::string flags = arg.substr(11);
      for (char& c : flags)
        c = c == ',' ? ' ' : c;
      v8_flags += " " + flags;
      continue;
    }
    if (arg == "--header" && i + 1 < argc) {
      std::string h = argv[++i];
      size_t colon = h.find(':');
      if (colon == std::string::npos) {
        std::fprintf(stderr, "v8ws: --header wants NAME:VALUE, got '%s'\n", h.c_str());
        return 2;
      }
      size_t start = h.find_first_not_of(' ', colon + 1);
      options.extra_headers.emplace_back(h.substr(0, colon),
                                         start == std::string::npos ? "" : h.substr(start));
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
      std::fprintf(stderr, "v8ws: unknown option '%s'\n\n%s", arg.c_str(), kUsage);
      return 2;
    }
    if (!have_code)
      file = arg;
    else
      --i;  // after -e CODE, the first word that is no option starts the script's arguments
    ++i;
    break;
  }
  for (; i < argc; ++i)
    script_args.push_back(argv[i]);
  if (!have_code && file.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::string source = code;
  std::string name = "[eval]";
  if (!have_code) {
    if (!ReadFile(file, &source)) {
      std::fprintf(stderr, "v8ws: cannot read '%s': %s\n", file.c_str(), std::strerror(errno));
      return 2;
    }
    name = file == "-" ? "[stdin]" : file;
  }
  // A file ending in .mjs is a module, as in Node and Deno; anything else is a classic
  // script (a page's <script>) unless --module says otherwise.
  if (file.size() > 4 && file.compare(file.size() - 4, 4, ".mjs") == 0)
    module = true;
  std::string url = FileUrl(have_code || file == "-" ? name : file);
  if (module)
    name = url;  // a module is known by its URL, in errors too

#ifdef __GLIBC__
  // Messages travel in malloc'd buffers. By default glibc maps each one over 128 KiB with
  // mmap and unmaps it on free, so every byte of the next one page-faults again; keeping
  // them on the heap measured 1 MiB echoes at ~520 instead of ~295 MB/s. The heap may then
  // keep up to 64 MiB of freed memory.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
  if (!v8_flags.empty())
    v8::V8::SetFlagsFromString(v8_flags.c_str(), v8_flags.size());
  v8::V8::InitializeICUDefaultLocation(argv[0]);
  std::unique_ptr<v8::Platform> platform = v8::platform::NewDefaultPlatform();
  v8::V8::InitializePlatform(platform.get());
  v8::V8::Initialize();
  v8::Isolate::CreateParams params;
  params.array_buffer_allocator = v8::ArrayBuffer::Allocator::NewDefaultAllocator();
  v8::Isolate* isolate = v8::Isolate::New(params);
  isolate->SetMicrotasksPolicy(v8::MicrotasksPolicy::kScoped);
  int exit_code;
  {
    v8::Isolate::Scope isolate_scope(isolate);
    uv_loop_t loop;
    uv_loop_init(&loop);
    Shell shell(platform.get(), isolate, &loop);
    g_shell = &shell;
    SignalWatcher signals;
    signals.Start(isolate, &loop);
    shell.set_signals(&signals);
    shell.Setup(std::move(options), network_thread, parallel_connect, script_args);
    shell.Run(source, name, url, module);
    signals.Stop();
    isolate->CancelTerminateExecution();  // a signal just before Stop() asked for it
    shell.Teardown();
    exit_code = signals.received() ? 128 + signals.received() : shell.exit_code();
    g_shell = nullptr;
    uv_loop_close(&loop);
  }
  isolate->Dispose();
  v8::V8::Dispose();
  v8::V8::DisposePlatform();
  delete params.array_buffer_allocator;
  std::fflush(stdout);
  return exit_code;
}
