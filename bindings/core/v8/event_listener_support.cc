// Callback conversions and listener invocation.
#include "bindings/core/v8/event_listener_support.h"

#include <optional>

#include "core/execution_context.h"

namespace v8ws {

v8::Local<v8::Value> ToCallbackFunction(v8::Isolate* isolate,
                                        v8::Local<v8::Value> value,
                                        bool nullable,
                                        bool legacy_treat_non_object_as_null,
                                        ExceptionState& es) {
  if (legacy_treat_non_object_as_null) {
    if (!value->IsObject())
      return v8::Null(isolate);
    return value;
  }
  if (nullable && value->IsNullOrUndefined())
    return v8::Null(isolate);
  if (!value->IsFunction()) {
    es.ThrowTypeError("The callback provided as parameter is not a function.");
    return v8::Null(isolate);
  }
  return value;
}

v8::Local<v8::Value> ToCallbackInterface(v8::Isolate* isolate,
                                         v8::Local<v8::Value> value,
                                         bool nullable,
                                         ExceptionState& es) {
  if (nullable && value->IsNullOrUndefined())
    return v8::Null(isolate);
  if (!value->IsObject()) {
    es.ThrowTypeError("The callback provided as parameter 2 is not an object.");
    return v8::Null(isolate);
  }
  return value;
}

v8::Local<v8::Value> InvokeEventListener(ExecutionContext* context,
                                         v8::Local<v8::Value> callback,
                                         bool is_event_handler,
                                         v8::Local<v8::Value> this_value,
                                         v8::Local<v8::Value> event,
                                         v8::Local<v8::Value>* argv,
                                         int argc) {
  // No handle scope of its own: the one caller, EventTarget::InnerInvoke, opens one per
  // listener, and a nested escapable scope cost as much as the rest of this set-up.
  v8::Isolate* isolate = context->isolate();
  v8::Local<v8::Context> v8_context = context->context();
  // HTML "clean up after running script": microtasks run when the outermost call returns.
  std::optional<v8::MicrotasksScope> microtasks;
  if (isolate->GetMicrotasksPolicy() == v8::MicrotasksPolicy::kScoped)
    microtasks.emplace(isolate, v8::MicrotasksScope::kRunMicrotasks);
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Value> function = callback;
  v8::Local<v8::Value> receiver = this_value;
  if (!callback->IsFunction()) {
    // A handler that is a non-callable object does nothing (WebIDL "invoke a callback
    // function" with [LegacyTreatNonObjectAsNull]).
    if (is_event_handler || !callback->IsObject())
      return v8::Local<v8::Value>();
    // WebIDL "call a user object's operation": handleEvent, looked up at call time.
    if (!callback.As<v8::Object>()
             ->Get(v8_context, v8::String::NewFromUtf8Literal(isolate, "handleEvent"))
             .ToLocal(&function)) {
      context->ReportException(try_catch);
      return v8::Local<v8::Value>();
    }
    if (!function->IsFunction()) {
      // Reported, not thrown: an exception thrown from C++ outside script stays pending,
      // and the ErrorEvent's listeners could not run while it is.
      v8::Local<v8::Value> error = v8::Exception::TypeError(v8::String::NewFromUtf8Literal(
          isolate, "The provided callback's handleEvent property is not callable."));
      context->ReportException(error, v8::Exception::CreateMessage(isolate, error));
      return v8::Local<v8::Value>();
    }
    receiver = callback;
  }
  v8::Local<v8::Value> event_arg[] = {event};
  if (!argv) {
    argv = event_arg;
    argc = 1;
  }
  v8::Local<v8::Value> result;
  if (!function.As<v8::Function>()->Call(v8_context, receiver, argc, argv).ToLocal(&result)) {
    if (try_catch.HasTerminated())
      return v8::Local<v8::Value>();
    context->ReportException(try_catch);
    return v8::Local<v8::Value>();
  }
  return result;
}

}  // namespace v8ws
