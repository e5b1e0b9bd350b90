// AbortController: the signal is made with the controller's wrapper and kept by it.
#include "core/dom/abort_controller.h"

#include "bindings/generated/v8_abort_controller.h"
#include "core/dom/abort_signal.h"
#include "core/execution_context.h"

namespace v8ws {
namespace {
constexpr uint32_t kSignalKey = 1;
}  // namespace

AbortController* AbortController::Create(ExecutionContext* context, ExceptionState&) {
  return new AbortController(context);
}

const WrapperTypeInfo* AbortController::GetWrapperTypeInfo() const {
  return &V8AbortController::wrapper_type_info;
}

void AbortController::OnWrapperAssociated(v8::Isolate* isolate) {
  // DOM §3.1 new AbortController() steps 1-2.
  signal_ = AbortSignal::CreateWithWrapper(context_, isolate);
  SetWrapperValue(isolate, kSignalKey, signal_->GetWrapper(isolate));
}

void AbortController::abort(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
  signal_->SignalAbort(isolate, reason);
}

}  // namespace v8ws
