// ExecutionContext: per-context state (the public API on it is core/public_api.cc).
#include "core/execution_context.h"

#include <algorithm>
#include <cstdio>

#include "bindings/core/v8/per_isolate_data.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_interfaces.h"
#include "core/console/console.h"
#include "core/events/error_event.h"
#include "core/frame/window.h"
#include "core/script/module_map.h"
#include "core/url/url.h"
#include "net/network_service.h"

namespace v8ws {
ExecutionContext::ExecutionContext(v8::Local<v8::Context> context,
                                   std::shared_ptr<TaskRunner> task_runner,
                                   std::shared_ptr<net::LazyNetworkService> network,
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
  context->SetAlignedPointerInEmbedderData(options_.embedder_data_index, this);
  v8::HandleScope scope(isolate_);
  v8::Local<v8::Promise::Resolver> stand_in;
  if (v8::Promise::Resolver::New(context).ToLocal(&stand_in))
    stand_in_resolver_.Reset(isolate_, stand_in);
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
  v8::Local<v8::Value> promise;
  if (context->Global()
          ->Get(context, v8::String::NewFromUtf8Literal(isolate_, "Promise"))
          .ToLocal(&promise) &&
      promise->IsFunction())
    intrinsic_promise_.Reset(isolate_, promise.As<v8::Function>());
  PerIsolateData::Retain(isolate_);
  PerIsolateData::From(isolate_)->set_embedder_data_index(options_.embedder_data_index);
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
  modules_.reset();
  cached_values_.clear();
  context()->SetAlignedPointerInEmbedderData(options_.embedder_data_index, nullptr);
  context_.Reset();
  capture_stack_trace_.Reset();
  intrinsic_promise_.Reset();
  PerIsolateData::Release(isolate_);
}

net::NetworkService* ExecutionContext::network() {
  if (!service_)
    service_ = network_->Get();
  return service_;
}

ModuleMap& ExecutionContext::modules() {
  if (!modules_)
    modules_ = std::make_unique<ModuleMap>(this);
  return *modules_;
}

ExecutionContext* ExecutionContext::From(v8::Local<v8::Context> context) {
  if (context.IsEmpty())
    return nullptr;
  PerIsolateData* data = PerIsolateData::From(context->GetIsolate());
  if (!data)
    return nullptr;
  int index = data->embedder_data_index();
  if (index < 0 || context->GetNumberOfEmbedderDataFields() <= static_cast<uint32_t>(index))
    return nullptr;
  return static_cast<ExecutionContext*>(context->GetAlignedPointerFromEmbedderData(index));
}

// `task` as a task of this context: dropped if the context went away by then (late
// network events, timers), else run inside it with a HandleScope.
static std::function<void()> InContext(std::weak_ptr<bool> alive,
                                       ExecutionContext* self,
                                       std::function<void()> task) {
  return [alive = std::move(alive), self, task = std::move(task)] {
    std::shared_ptr<bool> still = alive.lock();
    if (!still || !*still)
      return;
    v8::HandleScope scope(self->isolate());
    v8::Context::Scope context_scope(self->context());
    task();
  };
}

std::function<void(std::function<void()>)> ExecutionContext::TaskPoster() {
  std::weak_ptr<bool> alive = alive_;
  // Weak: queue -> task -> Bridge -> this poster -> runner would otherwise be a cycle that
  // leaks the runner and everything queued in it when the host drops it.
  std::weak_ptr<TaskRunner> weak_runner = task_runner_;
  ExecutionContext* self = this;
  return [alive, weak_runner, self](std::function<void()> task) {
    std::shared_ptr<TaskRunner> runner = weak_runner.lock();
    if (!runner)
      return;  // the host released the runner with the context: nothing would run it
    runner->PostTask(InContext(alive, self, std::move(task)));
  };
}

void ExecutionContext::PostTask(std::function<void()> task) {
  TaskPoster()(std::move(task));
}

void ExecutionContext::PostDelayedTask(std::function<void()> task, double delay_ms) {
  task_runner_->PostDelayedTask(InContext(alive_, this, std::move(task)), std::max(0.0, delay_ms));
}

v8::Local<v8::Function> ExecutionContext::IntrinsicPromise() const {
  return intrinsic_promise_.Get(isolate_);
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

void ExecutionContext::AddConsoleMessage(ConsoleLevel level, const std::string& text) {
  AddConsoleMessage(options_, level, text);
}

void ExecutionContext::AddConsoleMessage(const ContextOptions& options,
                                         ConsoleLevel level,
                                         const std::string& text) {
  if (options.console)
    options.console(level, text);
  else
    std::fprintf(stderr, "%s\n", text.c_str());
}

void ExecutionContext::Print(ConsoleLevel level, const std::string& text) {
  if (options_.console)
    options_.console(level, text);
}

ConsoleState& ExecutionContext::console_state() {
  if (!console_state_)
    console_state_ = std::make_unique<ConsoleState>();
  return *console_state_;
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
  std::fprintf(stderr, "%s\n", DescribeException(context(), exception, message).c_str());
}

std::string ExecutionContext::DescribeException(v8::Local<v8::Context> context,
                                                v8::Local<v8::Value> exception,
                                                v8::Local<v8::Message> message) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::HandleScope scope(isolate);
  v8::TryCatch try_catch(isolate);  // a getter on `stack` may throw
  std::string out;
  // No header for an exception from no script (a module that failed to load: its text
  // names the importing line).
  if (!message.IsEmpty() && message->GetScriptResourceName()->IsString()) {
    v8::String::Utf8Value file(isolate, message->GetScriptResourceName());
    int line = message->GetLineNumber(context).FromMaybe(0);
    out = std::string(*file && file.length() ? *file : "<unknown>") + ":" + std::to_string(line) +
          "\n";
    // A SyntaxError has no stack to point with: show the line and a caret, as Node does.
    std::string what = *v8::String::Utf8Value(isolate, message->Get());
    v8::Local<v8::String> source_line;
    if (what.rfind("Uncaught SyntaxError", 0) == 0 &&
        message->GetSourceLine(context).ToLocal(&source_line)) {
      std::string text = *v8::String::Utf8Value(isolate, source_line);
      int start = std::max(0, message->GetStartColumn(context).FromMaybe(0));
      int end = std::max(start + 1, message->GetEndColumn(context).FromMaybe(start + 1));
      if (static_cast<size_t>(start) <= text.size() && text.size() <= 1000) {
        std::string pad;
        for (int i = 0; i < start; ++i)
          pad += text[i] == '\t' ? '\t' : ' ';
        out += text + "\n" + pad + std::string(static_cast<size_t>(end - start), '^') + "\n";
      }
    }
  }
  std::string text;
  v8::Local<v8::Value> stack;
  if (exception->IsObject() &&
      exception.As<v8::Object>()
          ->Get(context, v8::String::NewFromUtf8Literal(isolate, "stack"))
          .ToLocal(&stack) &&
      stack->IsString())
    text = *v8::String::Utf8Value(isolate, stack);
  if (text.empty()) {
    v8::String::Utf8Value value(isolate, exception);
    text = *value ? *value : "exception";
  }
  return out + "Uncaught " + text;
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

v8::Local<v8::Value> ExecutionContext::CachedValue(const void* key) const {
  for (const auto& [cached_key, value] : cached_values_) {
    if (cached_key == key)
      return value.Get(isolate_);
  }
  return v8::Local<v8::Value>();
}

void ExecutionContext::SetCachedValue(const void* key, v8::Local<v8::Value> value) {
  cached_values_.emplace_back(key, v8::Global<v8::Value>(isolate_, value));
}

uint32_t ExposureOf(GlobalScopeKind global) {
  switch (global) {
    case GlobalScopeKind::kWindow:
      return kExposedWindow;
    case GlobalScopeKind::kDedicatedWorker:
      return kExposedDedicatedWorker;
    case GlobalScopeKind::kSharedWorker:
      return kExposedSharedWorker;
    case GlobalScopeKind::kServiceWorker:
      return kExposedServiceWorker;
    case GlobalScopeKind::kWorklet:
      return kExposedWorklet;
    case GlobalScopeKind::kShadowRealm:
      return kExposedShadowRealm;
  }
  return kExposedWindow;
}

uint32_t ExecutionContext::exposure() const {
  return ExposureOf(options_.global);
}

}  // namespace v8ws
