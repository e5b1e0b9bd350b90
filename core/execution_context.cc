// ExecutionContext and the public Environment/Network API built on it.
#include "core/execution_context.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <queue>
#include <thread>

#include "bindings/core/v8/per_isolate_data.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_interfaces.h"
#include "core/events/error_event.h"
#include "core/frame/window.h"
#include "core/url/url.h"
#include "net/network_service.h"

namespace v8ws {
namespace {

// One thread for the timers of every context: at its deadline a task is handed to its
// context's TaskRunner, so embedders need nothing beyond PostTask.
class TimerThread {
 public:
  static TimerThread& Get() {
    static auto* instance = new TimerThread();  // never destroyed: the thread is detached
    return *instance;
  }

  void Schedule(std::chrono::steady_clock::time_point when, std::function<void()> task) {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push(Entry{when, next_sequence_++, std::move(task)});
    wake_.notify_one();
  }

 private:
  struct Entry {
    std::chrono::steady_clock::time_point when;
    uint64_t sequence;  // equal deadlines run in the order they were scheduled
    std::function<void()> task;
    bool operator>(const Entry& other) const {
      return when != other.when ? when > other.when : sequence > other.sequence;
    }
  };

  TimerThread() {
    std::thread([this] { Run(); }).detach();
  }

  void Run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      if (queue_.empty()) {
        wake_.wait(lock);
        continue;
      }
      auto when = queue_.top().when;
      if (std::chrono::steady_clock::now() < when) {
        wake_.wait_until(lock, when);
        continue;
      }
      std::function<void()> task = std::move(const_cast<Entry&>(queue_.top()).task);
      queue_.pop();
      lock.unlock();
      task();
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue_;
  uint64_t next_sequence_ = 0;
};

}  // namespace

ExecutionContext::ExecutionContext(v8::Local<v8::Context> context,
                                   std::shared_ptr<TaskRunner> task_runner,
                                   std::shared_ptr<Network> network,
                                   ContextOptions options)
    : isolate_(context->GetIsolate()),
      context_(isolate_, context),
      task_runner_(std::move(task_runner)),
      network_(std::move(network)),
      options_(std::move(options)),
      alive_(std::make_shared<bool>(true)),
      start_(std::chrono::steady_clock::now()) {
  time_origin_ms_ =
      std::chrono::duration<double, std::milli>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  // No origin given: the base URL's, else an opaque origin.
  if (options_.origin.empty()) {
    std::optional<Url> base = ParseUrl(options_.base_url);
    options_.origin = base ? base->SerializeOrigin() : "null";
  }
  context->SetAlignedPointerInEmbedderData(kEmbedderDataIndex, this);
  v8::HandleScope scope(isolate_);
  v8::Local<v8::Value> error, capture;
  if (context->Global()
          ->Get(context, v8::String::NewFromUtf8Literal(isolate_, "Error"))
          .ToLocal(&error) &&
      error->IsObject() &&
      error.As<v8::Object>()
          ->Get(context, v8::String::NewFromUtf8Literal(isolate_, "captureStackTrace"))
          .ToLocal(&capture) &&
      capture->IsFunction()) {
    capture_stack_trace_.Reset(isolate_, capture.As<v8::Function>());
  }
  PerIsolateData::Retain(isolate_);
}

ExecutionContext::~ExecutionContext() {
  *alive_ = false;
  v8::HandleScope scope(isolate_);
  // Sockets first (they close with 1001), then every object script could still reach.
  std::vector<std::function<void()>*> observers;
  observers.swap(teardown_observers_);
  for (auto* observer : observers)
    (*observer)();
  registry_.DestroyAll(isolate_);
  context()->SetAlignedPointerInEmbedderData(kEmbedderDataIndex, nullptr);
  context_.Reset();
  capture_stack_trace_.Reset();
  PerIsolateData::Release(isolate_);
}

ExecutionContext* ExecutionContext::From(v8::Local<v8::Context> context) {
  if (context.IsEmpty() || context->GetNumberOfEmbedderDataFields() <= kEmbedderDataIndex)
    return nullptr;
  return static_cast<ExecutionContext*>(
      context->GetAlignedPointerFromEmbedderData(kEmbedderDataIndex));
}

std::function<void(std::function<void()>)> ExecutionContext::TaskPoster() {
  std::weak_ptr<bool> alive = alive_;
  std::shared_ptr<TaskRunner> runner = task_runner_;
  ExecutionContext* self = this;
  return [alive, runner, self](std::function<void()> task) {
    runner->PostTask([alive, self, task = std::move(task)] {
      std::shared_ptr<bool> still = alive.lock();
      if (!still || !*still)
        return;  // the context went away: drop late network events
      v8::HandleScope scope(self->isolate_);
      v8::Context::Scope context_scope(self->context());
      task();
    });
  };
}

void ExecutionContext::PostTask(std::function<void()> task) {
  TaskPoster()(std::move(task));
}

void ExecutionContext::PostDelayedTask(std::function<void()> task, double delay_ms) {
  auto delay = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double, std::milli>(std::max(0.0, delay_ms)));
  TimerThread::Get().Schedule(
      std::chrono::steady_clock::now() + delay,
      [poster = TaskPoster(), task = std::move(task)]() mutable { poster(std::move(task)); });
}

void ExecutionContext::CaptureStackTrace(v8::Local<v8::Object> object) {
  if (capture_stack_trace_.IsEmpty())
    return;
  v8::Local<v8::Value> args[] = {object};
  v8::TryCatch try_catch(isolate_);
  v8::Local<v8::Value> ignored;
  if (!capture_stack_trace_.Get(isolate_)
           ->Call(context(), v8::Undefined(isolate_), 1, args)
           .ToLocal(&ignored))
    return;
}

void ExecutionContext::AddConsoleMessage(const std::string& text) {
  if (options_.console_message)
    options_.console_message(text);
  else
    std::fprintf(stderr, "%s\n", text.c_str());
}

void ExecutionContext::ReportException(const v8::TryCatch& try_catch) {
  ReportException(try_catch.Exception(), try_catch.Message());
}

void ExecutionContext::ReportException(v8::Local<v8::Value> exception,
                                       v8::Local<v8::Message> message) {
  // Script that was terminated (the embedder stopped it) has nothing to report.
  if (isolate_->IsExecutionTerminating())
    return;
  v8::HandleScope scope(isolate_);
  // HTML §8.1.4.6 "report an exception", steps: fire a cancelable ErrorEvent at the global
  // (not while already doing so); a canceled event means the error was handled.
  if (window_ && !in_error_reporting_) {
    in_error_reporting_ = true;
    bool not_handled =
        window_->DispatchEvent(ErrorEvent::CreateForException(this, exception, message));
    in_error_reporting_ = false;
    if (!not_handled)
      return;
  }
  if (options_.report_exception) {
    options_.report_exception(context(), exception, message);
    return;
  }
  v8::String::Utf8Value text(isolate_, exception);
  std::fprintf(stderr, "Uncaught %s\n", *text ? *text : "exception");
}

void ExecutionContext::IncrementPendingActivity() {
  if (pending_activity_++ == 0 && options_.on_pending_activity)
    options_.on_pending_activity(true);
}

void ExecutionContext::DecrementPendingActivity() {
  if (--pending_activity_ == 0 && options_.on_pending_activity)
    options_.on_pending_activity(false);
}

double ExecutionContext::Now() const {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
      .count();
}

void ExecutionContext::AddTeardownObserver(std::function<void()>* observer) {
  teardown_observers_.push_back(observer);
}

void ExecutionContext::RemoveTeardownObserver(std::function<void()>* observer) {
  teardown_observers_.erase(
      std::remove(teardown_observers_.begin(), teardown_observers_.end(), observer),
      teardown_observers_.end());
}

// ---- public API ----

Network::Network(std::shared_ptr<net::NetworkService> service) : service_(std::move(service)) {}
Network::~Network() = default;

std::shared_ptr<Network> Network::Create(NetworkOptions options) {
  net::NetworkService::Options service;
  service.max_connections = options.max_connections;
  service.closing_handshake_timeout_s = options.closing_handshake_timeout_s;
  service.close_timeout_s = options.close_timeout_s;
  service.uv_loop = options.uv_loop;
  service.one_connecting_per_endpoint = options.one_connecting_per_endpoint;
  return std::shared_ptr<Network>(new Network(net::NetworkService::Create(std::move(service))));
}

Environment::Environment(std::unique_ptr<ExecutionContext> context)
    : context_(std::move(context)) {}
Environment::~Environment() = default;

std::unique_ptr<Environment> Environment::Install(v8::Local<v8::Context> context,
                                                  std::shared_ptr<TaskRunner> task_runner,
                                                  std::shared_ptr<Network> network,
                                                  ContextOptions options) {
  v8::Isolate* isolate = context->GetIsolate();
  auto execution_context = std::make_unique<ExecutionContext>(
      context, std::move(task_runner), std::move(network), std::move(options));
  v8::Context::Scope context_scope(context);
  PerIsolateData* data = PerIsolateData::From(isolate);
  v8::Local<v8::Object> global = context->Global();
  for (size_t i = 0; i < kExposedInterfaceCount; ++i) {
    const WrapperTypeInfo* info = kExposedInterfaces[i];
    v8::Local<v8::Function> interface_object =
        data->TemplateFor(info)->GetFunction(context).ToLocalChecked();
    // WebIDL §3.7.1: { [[Writable]]: true, [[Enumerable]]: false, [[Configurable]]: true }.
    global
        ->DefineOwnProperty(context, ToV8String(isolate, info->interface_name), interface_object,
                            v8::DontEnum)
        .Check();
    // WebIDL §3.7.1: the interface object's [[Prototype]] is its parent's interface object
    // (FunctionTemplate::Inherit only links the prototype objects).
    if (info->parent) {
      v8::Local<v8::Function> parent =
          data->TemplateFor(info->parent)->GetFunction(context).ToLocalChecked();
      interface_object->SetPrototype(context, parent).Check();
    }
    if (info->context_setup)
      info->context_setup(context, interface_object);
  }
  return std::unique_ptr<Environment>(new Environment(std::move(execution_context)));
}

std::unique_ptr<Environment> Environment::CreateWindowContext(
    v8::Isolate* isolate,
    std::shared_ptr<TaskRunner> task_runner,
    std::shared_ptr<Network> network,
    ContextOptions options) {
  // The template cache must outlive this call: Install() retains it for the context.
  PerIsolateData::Retain(isolate);
  v8::Local<v8::Context> context =
      v8::Context::New(isolate, nullptr, Window::GlobalTemplate(isolate));
  auto env = Install(context, std::move(task_runner), std::move(network), std::move(options));
  {
    v8::Context::Scope context_scope(context);
    Window::InstallGlobal(env->context_.get(), context);
  }
  PerIsolateData::Release(isolate);
  return env;
}

v8::Local<v8::Context> Environment::GetContext() const {
  return context_->context();
}

void Environment::ReportException(v8::Local<v8::Value> exception, v8::Local<v8::Message> message) {
  context_->ReportException(exception, message);
}

bool Environment::HasPendingActivity() const {
  return context_->HasPendingActivity();
}
double Environment::TimeOrigin() const {
  return context_->TimeOrigin();
}
double Environment::Now() const {
  return context_->Now();
}

const char* Version() {
  return "0.1.0";
}

}  // namespace v8ws
