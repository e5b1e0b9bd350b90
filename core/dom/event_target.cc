// EventTarget: add/remove listeners, event handlers, and dispatch.
#include "core/dom/event_target.h"

#include <algorithm>

#include "bindings/core/v8/event_listener_support.h"
#include "bindings/core/v8/exception_state.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_event_target.h"
#include "core/dom/abort_signal.h"
#include "core/dom/event.h"
#include "core/events/error_event.h"
#include "core/execution_context.h"

namespace v8ws {

EventTarget* EventTarget::Create(ExecutionContext* context, ExceptionState&) {
  return new EventTarget(context);
}

EventTarget::~EventTarget() {
  *weak_self_ = nullptr;
}

const WrapperTypeInfo* EventTarget::GetWrapperTypeInfo() const {
  return &V8EventTarget::wrapper_type_info;
}

std::shared_ptr<EventTarget::Listener> EventTarget::Find(v8::Isolate* isolate,
                                                         const std::string& type,
                                                         v8::Local<v8::Value> callback,
                                                         bool capture) const {
  for (const auto& listener : listeners_) {
    if (listener->is_handler || listener->type != type || listener->capture != capture)
      continue;
    if (GetWrapperValue(isolate, listener->key)->StrictEquals(callback))
      return listener;
  }
  return nullptr;
}

void EventTarget::addEventListener(v8::Isolate* isolate,
                                   const std::string& type,
                                   v8::Local<v8::Value> callback,
                                   const AddEventListenerOptionsOrBoolean& options) {
  // DOM §2.7 "flatten more" options.
  bool capture = false, passive = false, once = false;
  AbortSignal* signal = nullptr;
  if (const bool* b = std::get_if<bool>(&options)) {
    capture = *b;
  } else {
    const auto& dict = std::get<AddEventListenerOptions>(options);
    capture = dict.capture;
    once = dict.once;
    passive = dict.passive.value_or(false);
    signal = dict.signal.value_or(nullptr);
  }
  // "add an event listener", steps 3-5: an aborted signal adds nothing.
  if (signal && signal->aborted())
    return;
  if (callback->IsNull())
    return;
  if (Find(isolate, type, callback, capture))
    return;
  auto listener = std::make_shared<Listener>();
  listener->type = type;
  listener->key = listener_keys_.Take();
  listener->capture = capture;
  listener->passive = passive;
  listener->once = once;
  SetWrapperValue(isolate, listener->key, callback);
  listeners_.push_back(listener);
  // Step 6: aborting the signal removes the listener (if both are still there by then).
  if (signal) {
    std::weak_ptr<EventTarget*> weak_target = weak_self_;
    std::weak_ptr<Listener> weak_listener = listener;
    signal->AddAlgorithm([isolate, weak_target, weak_listener] {
      std::shared_ptr<EventTarget*> target = weak_target.lock();
      std::shared_ptr<Listener> removed = weak_listener.lock();
      if (target && *target && removed && !removed->removed)
        (*target)->RemoveListener(isolate, removed);
    });
  }
  OnEventListenersChanged();
}

void EventTarget::removeEventListener(v8::Isolate* isolate,
                                      const std::string& type,
                                      v8::Local<v8::Value> callback,
                                      const EventListenerOptionsOrBoolean& options) {
  bool capture = false;
  if (const bool* b = std::get_if<bool>(&options))
    capture = *b;
  else
    capture = std::get<EventListenerOptions>(options).capture;
  if (callback->IsNull())
    return;
  if (auto listener = Find(isolate, type, callback, capture))
    RemoveListener(isolate, listener);
}

void EventTarget::RemoveListener(v8::Isolate* isolate, const std::shared_ptr<Listener>& listener) {
  // "remove an event listener": the removed flag stops a dispatch already holding a clone.
  // Its key is free for the next listener: a removed listener's value is never read again,
  // and reusing keys keeps them in the wrapper's slots (a `once` listener per message would
  // otherwise count up into the Map).
  if (listener->removed)
    return;
  listener->removed = true;
  DeleteWrapperValue(isolate, listener->key);
  listener_keys_.Give(listener->key);
  listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), listener), listeners_.end());
  OnEventListenersChanged();
}

v8::Local<v8::Value> EventTarget::GetEventHandler(v8::Isolate* isolate, const char* type) {
  for (const auto& listener : listeners_) {
    if (listener->is_handler && listener->type == type)
      return GetWrapperValue(isolate, listener->key);
  }
  return v8::Null(isolate);
}

void EventTarget::SetEventHandler(v8::Isolate* isolate,
                                  const char* type,
                                  v8::Local<v8::Value> value) {
  // HTML §8.1.8.1: the handler keeps the list position where it was first set; null
  // removes it, and a later value takes a new position.
  std::shared_ptr<Listener> existing;
  for (const auto& listener : listeners_) {
    if (listener->is_handler && listener->type == type)
      existing = listener;
  }
  if (value->IsNull()) {
    if (existing)
      RemoveListener(isolate, existing);
    return;
  }
  if (existing) {
    SetWrapperValue(isolate, existing->key, value);
    return;
  }
  auto listener = std::make_shared<Listener>();
  listener->type = type;
  listener->key = listener_keys_.Take();
  listener->is_handler = true;
  SetWrapperValue(isolate, listener->key, value);
  listeners_.push_back(std::move(listener));
  OnEventListenersChanged();
}

bool EventTarget::HasEventListeners(const std::string& type) const {
  for (const auto& listener : listeners_) {
    if (listener->type == type)
      return true;
  }
  return false;
}

bool EventTarget::dispatchEvent(v8::Isolate* isolate, Event* event, ExceptionState& es) {
  // DOM §2.7 dispatchEvent(), steps 1-3.
  if (event->dispatching() || !event->initialized()) {
    es.ThrowDOMException(DOMExceptionCode::kInvalidStateError,
                         "The event is already being dispatched.");
    return false;
  }
  event->set_trusted(false);
  return Dispatch(isolate, event);
}

bool EventTarget::DispatchEvent(Event* event) {
  v8::Isolate* isolate = context_->isolate();
  v8::HandleScope scope(isolate);
  event->ToV8(isolate, context_->context());
  return Dispatch(isolate, event);
}

bool EventTarget::Dispatch(v8::Isolate* isolate, Event* event) {
  // DOM §2.9 "dispatch": the path is this target alone (no parent), so the capturing pass
  // and the bubbling pass both run at AT_TARGET. Callers hold a handle scope.
  event->BeginDispatch(isolate, this);
  // Keep this target alive while script runs.
  v8::Local<v8::Object> keep_alive = GetWrapper(isolate);
  (void)keep_alive;
  // Step 5.4: a clone, so that a listener added during dispatch does not run (and one
  // removed stays alive, skipped by its flag). A few listeners, the usual case, are cloned
  // onto the stack: a heap copy per event was one allocation per received message.
  constexpr size_t kInlineListeners = 4;
  std::shared_ptr<Listener> inline_clone[kInlineListeners];
  ListenerList heap_clone;
  const std::shared_ptr<Listener>* listeners = inline_clone;
  size_t count = listeners_.size();
  if (count <= kInlineListeners) {
    std::copy(listeners_.begin(), listeners_.end(), inline_clone);
  } else {
    heap_clone = listeners_;
    listeners = heap_clone.data();
  }
  event->SetPhase(Event::kAtTarget);
  if (!event->stop_propagation()) {
    event->SetCurrentTarget(this);
    InnerInvoke(isolate, event, listeners, count, true);
  }
  if (!event->stop_propagation()) {
    event->SetCurrentTarget(this);
    InnerInvoke(isolate, event, listeners, count, false);
  }
  event->EndDispatch();
  return !event->canceled();
}

void EventTarget::InnerInvoke(v8::Isolate* isolate,
                              Event* event,
                              const std::shared_ptr<Listener>* listeners,
                              size_t count,
                              bool capturing_phase) {
  // DOM §2.9 "inner invoke".
  v8::Local<v8::Value> event_wrapper = event->GetWrapper(isolate);
  v8::Local<v8::Value> this_value = GetWrapper(isolate);
  for (size_t i = 0; i < count; ++i) {
    const std::shared_ptr<Listener>& listener = listeners[i];
    if (listener->removed || listener->type != event->type())
      continue;
    if (capturing_phase != listener->capture)
      continue;
    v8::HandleScope scope(isolate);
    v8::Local<v8::Value> callback = GetWrapperValue(isolate, listener->key);
    if (listener->once)
      RemoveListener(isolate, listener);  // step 2.6, before the call
    if (listener->passive)
      event->set_in_passive_listener(true);
    // HTML "the event handler processing algorithm", step 4: a global's onerror gets an
    // ErrorEvent as (message, source, lineno, colno, error), and (step 5) true cancels it.
    bool special_error = listener->is_handler && event->IsErrorEvent() &&
                         event->type() == "error" && IsGlobalScope();
    v8::Local<v8::Value> result;
    if (special_error) {
      auto* error = static_cast<ErrorEvent*>(event);
      v8::Local<v8::Value> args[] = {
          ToV8String(isolate, error->message()), ToV8String(isolate, error->filename()),
          v8::Integer::NewFromUnsigned(isolate, error->lineno()),
          v8::Integer::NewFromUnsigned(isolate, error->colno()), error->error(isolate)};
      result = InvokeEventListener(context_, callback, true, this_value, event_wrapper, args, 5);
    } else {
      result =
          InvokeEventListener(context_, callback, listener->is_handler, this_value, event_wrapper);
    }
    event->set_in_passive_listener(false);
    // Step 5: false cancels the event (true, for the special error case).
    if (listener->is_handler && !result.IsEmpty() &&
        (special_error ? result->IsTrue() : result->IsFalse()))
      event->SetCanceledFlag();
    if (event->stop_immediate_propagation())
      return;
  }
}

}  // namespace v8ws
