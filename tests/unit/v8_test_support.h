// V8 for unit tests: one platform per process, and an isolate + context with v8ws installed
// whose tasks the test runs by hand.
#ifndef V8WS_TESTS_UNIT_V8_TEST_SUPPORT_H_
#define V8WS_TESTS_UNIT_V8_TEST_SUPPORT_H_

#include <v8.h>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "include/v8ws/v8ws.h"

namespace v8ws::test {

// Initializes V8 once for the whole test binary.
void EnsureV8();

// Tasks posted from any thread, run when the test calls RunPending().
class ManualTaskRunner : public TaskRunner {
 public:
  void PostTask(std::function<void()> task) override;
  // Due delayed tasks join the queue when RunPending() runs.
  void PostDelayedTask(std::function<void()> task, double delay_ms) override;
  // Runs what is queued (and what those tasks queue), and delayed tasks whose time has
  // come; returns how many ran.
  int RunPending();
  size_t QueuedCount();
  size_t DelayedCount();

 private:
  std::mutex mutex_;
  std::deque<std::function<void()>> tasks_;
  std::multimap<std::chrono::steady_clock::time_point, std::function<void()>> delayed_;
};

// An isolate with one context where v8ws is installed.
class V8Scope {
 public:
  explicit V8Scope(ContextOptions options = ContextOptions(),
                   std::shared_ptr<Network> network = nullptr);
  ~V8Scope();

  v8::Isolate* isolate() const { return isolate_; }
  v8::Local<v8::Context> context() const { return context_.Get(isolate_); }
  ManualTaskRunner& tasks() { return *runner_; }
  std::weak_ptr<ManualTaskRunner> weak_tasks() const { return runner_; }
  Environment& environment() { return *env_; }

  // Runs `source`; returns the result converted to a string, or "THREW: <exception>".
  std::string Eval(const std::string& source);
  // Runs tasks until `done()` is true or `timeout_ms` passes; false on timeout.
  bool RunUntil(const std::function<bool()>& done, int timeout_ms = 5000);
  std::vector<std::string>& reported_exceptions() { return reported_; }

 private:
  v8::ArrayBuffer::Allocator* allocator_;
  v8::Isolate* isolate_;
  v8::Global<v8::Context> context_;
  std::shared_ptr<ManualTaskRunner> runner_;
  std::unique_ptr<Environment> env_;
  std::vector<std::string> reported_;
};

}  // namespace v8ws::test

#endif  // V8WS_TESTS_UNIT_V8_TEST_SUPPORT_H_
