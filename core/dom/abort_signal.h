// AbortSignal (DOM Standard §3.2): aborted state and reason, abort algorithms, the `abort`
// event, AbortSignal.abort()/timeout()/any(), and dependent signals.
#ifndef V8WS_CORE_DOM_ABORT_SIGNAL_H_
#define V8WS_CORE_DOM_ABORT_SIGNAL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/dom/event_target.h"

namespace v8ws {

class AbortSignal final : public EventTarget {
 public:
  // A signal with a wrapper (its reason lives there), not aborted.
  static AbortSignal* CreateWithWrapper(ExecutionContext* context, v8::Isolate* isolate);
  ~AbortSignal() override;

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  static AbortSignal* abort(ExecutionContext* context,
                            v8::Isolate* isolate,
                            v8::Local<v8::Value> reason);
  static AbortSignal* timeout(ExecutionContext* context, v8::Isolate* isolate, uint64_t ms);
  static AbortSignal* any(ExecutionContext* context,
                          v8::Isolate* isolate,
                          const std::vector<AbortSignal*>& signals);
  bool aborted() const { return aborted_; }
  v8::Local<v8::Value> reason(v8::Isolate* isolate) const;
  void throwIfAborted(v8::Isolate* isolate, ExceptionState& es);

  // DOM "signal abort": `reason` empty means a new "AbortError" DOMException.
  void SignalAbort(v8::Isolate* isolate, v8::Local<v8::Value> reason);
  // DOM "add" an abort algorithm (not run if the signal is already aborted).
  void AddAlgorithm(std::function<void()> algorithm);

 protected:
  void OnEventListenersChanged() override { UpdatePendingActivity(); }

 private:
  explicit AbortSignal(ExecutionContext* context);
  using Handle = std::shared_ptr<AbortSignal*>;
  using WeakHandle = std::weak_ptr<AbortSignal*>;

  void SetReason(v8::Isolate* isolate, v8::Local<v8::Value> reason);
  void RunAbortSteps();
  // DOM §3.2.1 "Garbage collection": a dependent or timeout signal that can still abort
  // and has abort listeners or algorithms stays alive without a script reference.
  void UpdatePendingActivity();

  bool aborted_ = false;
  bool dependent_ = false;
  bool timeout_pending_ = false;
  std::vector<std::function<void()>> algorithms_;
  // Weak both ways: neither a source nor a dependent keeps the other alive.
  Handle handle_;
  std::vector<WeakHandle> sources_;
  std::vector<WeakHandle> dependents_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_DOM_ABORT_SIGNAL_H_
