// Callback conversions (WebIDL §3.2.19-20) and the calls into script that event dispatch
// makes (WebIDL "call a user object's operation", "invoke a callback function").
#ifndef V8WS_BINDINGS_CORE_V8_EVENT_LISTENER_SUPPORT_H_
#define V8WS_BINDINGS_CORE_V8_EVENT_LISTENER_SUPPORT_H_

#include <v8.h>

#include "bindings/core/v8/exception_state.h"

namespace v8ws {

class ExecutionContext;

// A callback function value. With [LegacyTreatNonObjectAsNull] any non-object is null and
// any object is kept; otherwise it must be callable.
v8::Local<v8::Value> ToCallbackFunction(v8::Isolate* isolate,
                                        v8::Local<v8::Value> value,
                                        bool nullable,
                                        bool legacy_treat_non_object_as_null,
                                        ExceptionState& es);
// A callback interface value (EventListener): any object, or null when nullable.
v8::Local<v8::Value> ToCallbackInterface(v8::Isolate* isolate,
                                         v8::Local<v8::Value> value,
                                         bool nullable,
                                         ExceptionState& es);

// Calls an EventListener: a function with `this_value`, or an object's handleEvent, with
// the event as its argument (or `argc` arguments from `argv`, for a global's onerror).
// Exceptions are reported through the context. Returns the call's result (empty when it
// threw or nothing was called).
v8::Local<v8::Value> InvokeEventListener(ExecutionContext* context,
                                         v8::Local<v8::Value> callback,
                                         bool is_event_handler,
                                         v8::Local<v8::Value> this_value,
                                         v8::Local<v8::Value> event,
                                         v8::Local<v8::Value>* argv = nullptr,
                                         int argc = 0);

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_EVENT_LISTENER_SUPPORT_H_
