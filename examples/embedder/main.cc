// A complete V8 host with v8ws: its own small event loop (no libuv), a plain global, and
// the network service on a thread of its own. Runs a script, exits when nothing is left.
//   embedder SCRIPT.js [BASE_URL]      (relative WebSocket URLs resolve against BASE_URL)
// Build it against an installed v8ws:  c++ main.cc $(pkg-config --cflags --libs v8ws)
#include <libplatform/libplatform.h>
#include <v8.h>
#include <v8ws/v8ws.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

using Clock = std::chrono::steady_clock;

// The host's loop. v8ws posts to it from its network thread (PostTask) and from this
// thread (PostTask, PostDelayedTask); only this thread runs tasks.
class Loop : public v8ws::TaskRunner {
 public:
  void PostTask(std::function<void()> task) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ready_.push_back(std::move(task));
    wake_.notify_one();
  }
  void PostDelayedTask(std::function<void()> task, double delay_ms) override {
    auto when = Clock::now() + std::chrono::microseconds(static_cast<int64_t>(delay_ms * 1000));
    std::lock_guard<std::mutex> lock(mutex_);
    timers_.emplace(when, std::move(task));
  }
  // Set from on_pending_activity: live sockets keep the loop running.
  void set_busy(bool busy) { busy_ = busy; }

  // Runs one task, waiting for it while sockets are live. False once idle: no task ready
  // and no socket live. (Delayed tasks alone do not keep it, as Node's unref'd timers.)
  bool RunOne() {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      for (;;) {
        if (!timers_.empty() && timers_.begin()->first <= Clock::now()) {
          ready_.push_back(std::move(timers_.begin()->second));
          timers_.erase(timers_.begin());
        }
        if (!ready_.empty())
          break;
        if (!busy_)
          return false;
        if (timers_.empty())
          wake_.wait(lock);
        else
          wake_.wait_until(lock, timers_.begin()->first);
      }
      task = std::move(ready_.front());
      ready_.pop_front();
    }
    task();  // v8ws's tasks open their own HandleScope and enter their context
    return true;
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> ready_;
  std::multimap<Clock::time_point, std::function<void()>> timers_;
  bool busy_ = false;  // this thread only
};

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SCRIPT.js [BASE_URL]\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1]);
  if (!file) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  std::stringstream source;
  source << file.rdbuf();

  v8::V8::InitializeICU();
  std::unique_ptr<v8::Platform> platform = v8::platform::NewDefaultPlatform();
  v8::V8::InitializePlatform(platform.get());
  v8::V8::Initialize();
  v8::Isolate::CreateParams params;
  params.array_buffer_allocator = v8::ArrayBuffer::Allocator::NewDefaultAllocator();
  v8::Isolate* isolate = v8::Isolate::New(params);
  // Listener calls then run microtasks when they return, as HTML's script does.
  isolate->SetMicrotasksPolicy(v8::MicrotasksPolicy::kScoped);
  int status = 0;
  {
    v8::Isolate::Scope isolate_scope(isolate);
    v8::HandleScope handle_scope(isolate);
    v8::Local<v8::Context> context = v8::Context::New(isolate);
    v8::Context::Scope context_scope(context);

    auto loop = std::make_shared<Loop>();
    auto network = v8ws::Network::Create();  // the service on a thread of its own
    v8ws::ContextOptions options;
    if (argc > 2)
      options.base_url = argv[2];
    options.console = [](v8ws::ConsoleLevel level, const std::string& text) {
      bool err = level == v8ws::ConsoleLevel::kWarn || level == v8ws::ConsoleLevel::kError;
      std::fprintf(err ? stderr : stdout, "%s\n", text.c_str());
    };
    options.on_pending_activity = [&loop](bool busy) { loop->set_busy(busy); };
    options.report_exception = [&status](v8::Local<v8::Context> context,
                                         v8::Local<v8::Value> exception,
                                         v8::Local<v8::Message> message) {
      std::fprintf(stderr, "%s\n", v8ws::DescribeException(context, exception, message).c_str());
      status = 1;
    };
    std::unique_ptr<v8ws::Environment> env =
        v8ws::Environment::Install(context, loop, network, options);
    if (!env)
      return 1;

    {
      v8::MicrotasksScope microtasks(isolate, v8::MicrotasksScope::kRunMicrotasks);
      v8::TryCatch try_catch(isolate);
      v8::ScriptOrigin origin(isolate, v8::String::NewFromUtf8(isolate, argv[1]).ToLocalChecked());
      v8::Local<v8::Script> script;
      v8::Local<v8::String> code =
          v8::String::NewFromUtf8(isolate, source.str().c_str()).ToLocalChecked();
      if (!v8::Script::Compile(context, code, &origin).ToLocal(&script) ||
          script->Run(context).IsEmpty())
        env->ReportException(try_catch.Exception(), try_catch.Message());
    }
    while (status == 0 && loop->RunOne()) {
      while (v8::platform::PumpMessageLoop(platform.get(), isolate)) {
      }
    }
    env.reset();  // open sockets close with 1001; before the context goes
  }
  isolate->Dispose();
  v8::V8::Dispose();
  v8::V8::DisposePlatform();
  delete params.array_buffer_allocator;
  return status;
}
