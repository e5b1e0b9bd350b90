// AbortSignal: DOM Standard §3.2, step numbers in the comments.
#include "core/dom/abort_signal.h"

#include <algorithm>

#include "bindings/core/v8/exception_state.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_abort_signal.h"
#include "core/dom/event.h"
#include "core/execution_context.h"

namespace v8ws {
namespace {
constexpr uint32_t kReasonKey = EventTarget::kFirstSubclassValueKey;
}  // namespace

AbortSignal::AbortSignal(ExecutionContext* context)
    : EventTarget(context), handle_(std::make_shared<AbortSignal*>(this)) {}

AbortSignal::~AbortSignal() {
  *handle_ = nullptr;
  // A dependent may now have no source left that could abort it.
  for (const WeakHandle& weak : dependents_) {
    if (Handle dependent = weak.lock(); dependent && *dependent)
      (*dependent)->UpdatePendingActivity();
  }
}

AbortSignal* AbortSignal::CreateWithWrapper(ExecutionContext* context, v8::Isolate* isolate) {
  auto* signal = new AbortSignal(context);
  signal->ToV8(isolate, context->context());
  return signal;
}

const WrapperTypeInfo* AbortSignal::GetWrapperTypeInfo() const {
  return &V8AbortSignal::wrapper_type_info;
}

AbortSignal* AbortSignal::abort(ExecutionContext* context,
                                v8::Isolate* isolate,
                                v8::Local<v8::Value> reason) {
  // §3.2 static abort(reason): a new signal, already aborted with `reason` or an AbortError.
  AbortSignal* signal = CreateWithWrapper(context, isolate);
  signal->aborted_ = true;
  signal->SetReason(isolate, reason);
  return signal;
}

AbortSignal* AbortSignal::timeout(ExecutionContext* context, v8::Isolate* isolate, uint64_t ms) {
  // §3.2 static timeout(milliseconds): abort with a "TimeoutError" DOMException after `ms`,
  // on the timer task source. The timer does not keep an embedder's loop alive.
  AbortSignal* signal = CreateWithWrapper(context, isolate);
  signal->timeout_pending_ = true;
  std::weak_ptr<AbortSignal*> weak = signal->handle_;
  context->PostDelayedTask(
      [weak, isolate] {
        Handle handle = weak.lock();
        if (!handle || !*handle)
          return;
        AbortSignal* self = *handle;
        self->timeout_pending_ = false;
        self->SignalAbort(
            isolate, NewDOMException(isolate, DOMExceptionCode::kTimeoutError, "signal timed out"));
        self->UpdatePendingActivity();
      },
      static_cast<double>(ms));
  return signal;
}

AbortSignal* AbortSignal::any(ExecutionContext* context,
                              v8::Isolate* isolate,
                              const std::vector<AbortSignal*>& signals) {
  // §3.2.1 "create a dependent abort signal".
  AbortSignal* result = CreateWithWrapper(context, isolate);
  // Step 2: an aborted input gives an aborted result with its reason.
  for (AbortSignal* signal : signals) {
    if (signal->aborted_) {
      result->aborted_ = true;
      result->SetReason(isolate, signal->reason(isolate));
      return result;
    }
  }
  // Steps 3-4: link to the inputs, or to the sources of inputs that are dependent.
  result->dependent_ = true;
  auto link = [result](AbortSignal* source) {
    for (const WeakHandle& existing : result->sources_) {
      if (existing.lock().get() == source->handle_.get())
        return;
    }
    result->sources_.push_back(source->handle_);
    source->dependents_.push_back(result->handle_);
  };
  for (AbortSignal* signal : signals) {
    if (!signal->dependent_) {
      link(signal);
      continue;
    }
    for (const WeakHandle& weak : signal->sources_) {
      if (Handle source = weak.lock(); source && *source)
        link(*source);
    }
  }
  return result;
}

v8::Local<v8::Value> AbortSignal::reason(v8::Isolate* isolate) const {
  if (!HasWrapper())
    return v8::Undefined(isolate);
  return GetWrapperValue(isolate, kReasonKey);
}

void AbortSignal::throwIfAborted(v8::Isolate* isolate, ExceptionState& es) {
  // §3.2 throwIfAborted(): throw this's abort reason, whatever value it is.
  if (!aborted_)
    return;
  isolate->ThrowException(reason(isolate));
  es.RethrowV8Exception();
}

void AbortSignal::SetReason(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
  if (reason.IsEmpty() || reason->IsUndefined()) {
    reason =
        NewDOMException(isolate, DOMExceptionCode::kAbortError, "signal is aborted without reason");
  }
  SetWrapperValue(isolate, kReasonKey, reason);
}

void AbortSignal::AddAlgorithm(std::function<void()> algorithm) {
  if (aborted_)
    return;
  algorithms_.push_back(std::move(algorithm));
  UpdatePendingActivity();
}

void AbortSignal::SignalAbort(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
  // §3.2 "signal abort". Step 1.
  if (aborted_)
    return;
  // Step 2.
  aborted_ = true;
  SetReason(isolate, reason);
  v8::Local<v8::Value> stored = this->reason(isolate);
  // Steps 3-4: dependents take the same reason before any event fires.
  std::vector<Handle> to_abort;
  for (const WeakHandle& weak : dependents_) {
    Handle dependent = weak.lock();
    if (!dependent || !*dependent || (*dependent)->aborted_)
      continue;
    (*dependent)->aborted_ = true;
    (*dependent)->SetReason(isolate, stored);
    to_abort.push_back(dependent);
  }
  // Step 5, then step 6.
  Handle self = handle_;
  RunAbortSteps();
  for (const Handle& dependent : to_abort) {
    if (*dependent)
      (*dependent)->RunAbortSteps();
  }
  if (*self)
    UpdatePendingActivity();
  for (const Handle& dependent : to_abort) {
    if (*dependent)
      (*dependent)->UpdatePendingActivity();
  }
}

void AbortSignal::RunAbortSteps() {
  // §3.2 "run the abort steps": the algorithms, emptied, then an `abort` event.
  std::vector<std::function<void()>> algorithms;
  algorithms.swap(algorithms_);
  for (auto& algorithm : algorithms)
    algorithm();
  auto* event = new Event(GetExecutionContext(), "abort", EventInit(), true);
  DispatchEvent(event);
}

void AbortSignal::UpdatePendingActivity() {
  bool can_abort = false;
  if (!aborted_) {
    can_abort = timeout_pending_;
    for (const WeakHandle& weak : sources_) {
      Handle source = weak.lock();
      if (source && *source && !(*source)->aborted_)
        can_abort = true;
    }
  }
  SetHasPendingActivity(can_abort && (HasEventListeners("abort") || !algorithms_.empty()));
}

}  // namespace v8ws
