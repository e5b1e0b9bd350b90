// ErrorEvent: the error value lives in the wrapper, like MessageEvent's data.
#include "core/events/error_event.h"

#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_error_event.h"
#include "core/execution_context.h"

namespace v8ws {

ErrorEvent::ErrorEvent(ExecutionContext* context,
                       const std::string& type,
                       const ErrorEventInit& init,
                       bool trusted)
    : Event(context, type, init, trusted),
      message_(init.message),
      filename_(init.filename),
      lineno_(init.lineno),
      colno_(init.colno) {
  if (!init.error.IsEmpty())
    pending_error_.Reset(context->isolate(), init.error);
}

ErrorEvent* ErrorEvent::Create(ExecutionContext* context,
                               const std::string& type,
                               const ErrorEventInit& init,
                               ExceptionState&) {
  return new ErrorEvent(context, type, init, false);
}

ErrorEvent* ErrorEvent::CreateForException(ExecutionContext* context,
                                           v8::Local<v8::Value> exception,
                                           v8::Local<v8::Message> message) {
  v8::Isolate* isolate = context->isolate();
  v8::Local<v8::Context> v8_context = context->context();
  ErrorEventInit init;
  init.cancelable = true;
  init.error = exception;
  if (!message.IsEmpty()) {
    init.message = *v8::String::Utf8Value(isolate, message->Get());
    v8::Local<v8::Value> name = message->GetScriptResourceName();
    if (name->IsString())
      init.filename = *v8::String::Utf8Value(isolate, name);
    init.lineno = static_cast<uint32_t>(message->GetLineNumber(v8_context).FromMaybe(0));
    // HTML's column numbers start at 1; V8's at 0.
    init.colno = static_cast<uint32_t>(message->GetStartColumn(v8_context).FromMaybe(0) + 1);
  } else {
    init.message = "Uncaught " + std::string(*v8::String::Utf8Value(isolate, exception));
  }
  return new ErrorEvent(context, "error", init, true);
}

const WrapperTypeInfo* ErrorEvent::GetWrapperTypeInfo() const {
  return &V8ErrorEvent::wrapper_type_info;
}

void ErrorEvent::OnWrapperAssociated(v8::Isolate* isolate) {
  SetWrapperValue(isolate, kErrorKey,
                  pending_error_.IsEmpty() ? v8::Undefined(isolate).As<v8::Value>()
                                           : pending_error_.Get(isolate));
  pending_error_.Reset();
}

v8::Local<v8::Value> ErrorEvent::error(v8::Isolate* isolate) const {
  return GetWrapperValue(isolate, kErrorKey);
}

}  // namespace v8ws
