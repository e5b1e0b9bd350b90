// Event: construction, the legacy initEvent(), and the dispatch bookkeeping.
#include "core/dom/event.h"

#include "bindings/generated/v8_event.h"
#include "core/dom/event_target.h"
#include "core/execution_context.h"

namespace v8ws {

Event* Event::Create(ExecutionContext* context,
                     const std::string& type,
                     const EventInit& init,
                     ExceptionState&) {
  return new Event(context, type, init, false);
}

Event::Event(ExecutionContext* context,
             const std::string& type,
             const EventInit& init,
             bool is_trusted)
    : type_(type),
      bubbles_(init.bubbles),
      cancelable_(init.cancelable),
      composed_(init.composed),
      is_trusted_(is_trusted),
      time_stamp_(context ? context->Now() : 0) {}

const WrapperTypeInfo* Event::GetWrapperTypeInfo() const {
  return &V8Event::wrapper_type_info;
}

std::vector<EventTarget*> Event::composedPath() const {
  // DOM §2.9 composedPath(): with no tree, the path is just the current target.
  if (!current_target_)
    return {};
  return {current_target_};
}

void Event::initEvent(const std::string& type, bool bubbles, bool cancelable) {
  // DOM §2.2: initEvent() does nothing while the event is being dispatched.
  if (dispatching_)
    return;
  initialized_ = true;
  stop_propagation_ = false;
  stop_immediate_propagation_ = false;
  canceled_ = false;
  is_trusted_ = false;
  target_ = nullptr;
  type_ = type;
  bubbles_ = bubbles;
  cancelable_ = cancelable;
}

void Event::BeginDispatch(v8::Isolate* isolate, EventTarget* target) {
  dispatching_ = true;
  target_ = target;
  SetWrapperValue(isolate, kTargetKey, target->GetWrapper(isolate));
}

void Event::SetCurrentTarget(EventTarget* target) {
  // Not stored in the wrapper: the current target is set only while EventTarget::Dispatch
  // holds its wrapper on the stack, and is null again before dispatch returns.
  current_target_ = target;
}

void Event::EndDispatch() {
  // DOM §2.9 dispatch, steps 13-15.
  phase_ = kNone;
  SetCurrentTarget(nullptr);
  dispatching_ = false;
  stop_propagation_ = false;
  stop_immediate_propagation_ = false;
}

}  // namespace v8ws
