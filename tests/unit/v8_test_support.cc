// V8 for unit tests.
#include "tests/unit/v8_test_support.h"

#include <libplatform/libplatform.h>

#include <chrono>
#include <thread>

namespace v8ws::test {

void EnsureV8() {
  static std::unique_ptr<v8::Platform> platform = [] {
    v8::V8::InitializeICU();
    auto p = v8::platform::NewDefaultPlatform();
    v8::V8::InitializePlatform(p.get());
    v8::V8::Initialize();
    return p;
  }();
  (void)platform;
}

void ManualTaskRunner::PostTask(std::function<void()> task) {
  std::lock_guard<std::mutex> lock(mutex_);
  tasks_.push_back(std::move(task));
}

void ManualTaskRunner::PostDelayedTask(std::function<void()> task, double delay_ms) {
  auto when = std::chrono::steady_clock::now() +
              std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                  std::chrono::duration<double, std::milli>(delay_ms));
  std::lock_guard<std::mutex> lock(mutex_);
  delayed_.emplace(when, std::move(task));  // equal times keep their order (multimap)
}

size_t ManualTaskRunner::QueuedCount() {
  std::lock_guard<std::mutex> lock(mutex_);
  return tasks_.size();
}

size_t ManualTaskRunner::DelayedCount() {
  std::lock_guard<std::mutex> lock(mutex_);
  return delayed_.size();
}

int ManualTaskRunner::RunPending() {
  int ran = 0;
  for (;;) {
    std::function<void()> task;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto now = std::chrono::steady_clock::now();
      while (!delayed_.empty() && delayed_.begin()->first <= now) {
        tasks_.push_back(std::move(delayed_.begin()->second));
        delayed_.erase(delayed_.begin());
      }
      if (tasks_.empty())
        return ran;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
    ++ran;
  }
}

V8Scope::V8Scope(ContextOptions options, std::shared_ptr<Network> network) {
  EnsureV8();
  allocator_ = v8::ArrayBuffer::Allocator::NewDefaultAllocator();
  v8::Isolate::CreateParams params;
  params.array_buffer_allocator = allocator_;
  isolate_ = v8::Isolate::New(params);
  isolate_->SetMicrotasksPolicy(v8::MicrotasksPolicy::kScoped);
  isolate_->Enter();
  v8::HandleScope scope(isolate_);
  v8::Local<v8::Context> context = v8::Context::New(isolate_);
  context_.Reset(isolate_, context);
  context->Enter();
  runner_ = std::make_shared<ManualTaskRunner>();
  options.report_exception = [this](v8::Local<v8::Context>, v8::Local<v8::Value> exception,
                                    v8::Local<v8::Message>) {
    reported_.push_back(*v8::String::Utf8Value(isolate_, exception));
  };
  env_ = Environment::Install(context, runner_, network ? network : Network::Create(), options);
}

V8Scope::~V8Scope() {
  {
    v8::HandleScope scope(isolate_);
    env_.reset();
    context()->Exit();
  }
  context_.Reset();
  isolate_->Exit();
  isolate_->Dispose();
  delete allocator_;
}

std::string V8Scope::Eval(const std::string& source) {
  v8::HandleScope scope(isolate_);
  v8::Local<v8::Context> context = this->context();
  v8::MicrotasksScope microtasks(isolate_, v8::MicrotasksScope::kRunMicrotasks);
  v8::TryCatch try_catch(isolate_);
  v8::Local<v8::String> code = v8::String::NewFromUtf8(isolate_, source.c_str()).ToLocalChecked();
  v8::Local<v8::Script> script;
  v8::Local<v8::Value> result;
  if (!v8::Script::Compile(context, code).ToLocal(&script) ||
      !script->Run(context).ToLocal(&result)) {
    return "THREW: " + std::string(*v8::String::Utf8Value(isolate_, try_catch.Exception()));
  }
  return *v8::String::Utf8Value(isolate_, result);
}

bool V8Scope::RunUntil(const std::function<bool()>& done, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    if (runner_->RunPending() == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace v8ws::test
