// Event (DOM Standard §2.2): the flags and attributes an event carries through dispatch.
#ifndef V8WS_CORE_DOM_EVENT_H_
#define V8WS_CORE_DOM_EVENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/generated/v8_event_init.h"

namespace v8ws {

class EventTarget;
class ExecutionContext;
class ExceptionState;

class Event : public ScriptWrappable {
 public:
  enum Phase : uint16_t { kNone = 0, kCapturingPhase = 1, kAtTarget = 2, kBubblingPhase = 3 };

  // `new Event(type, init)` from script: not trusted.
  static Event* Create(ExecutionContext* context,
                       const std::string& type,
                       const EventInit& init,
                       ExceptionState& es);
  // An event the platform fires: trusted, initialized.
  Event(ExecutionContext* context, const std::string& type, const EventInit& init, bool is_trusted);

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;
  // ErrorEvent overrides: HTML calls a global's onerror with its fields as arguments.
  virtual bool IsErrorEvent() const { return false; }

  // IDL
  const std::string& type() const { return type_; }
  EventTarget* target() const { return target_; }
  EventTarget* srcElement() const { return target_; }
  EventTarget* currentTarget() const { return current_target_; }
  std::vector<EventTarget*> composedPath() const;
  uint16_t eventPhase() const { return phase_; }
  void stopPropagation() { stop_propagation_ = true; }
  bool cancelBubble() const { return stop_propagation_; }
  void setCancelBubble(bool value) {
    if (value)
      stop_propagation_ = true;
  }
  void stopImmediatePropagation() {
    stop_propagation_ = true;
    stop_immediate_propagation_ = true;
  }
  bool bubbles() const { return bubbles_; }
  bool cancelable() const { return cancelable_; }
  bool returnValue() const { return !canceled_; }
  void setReturnValue(bool value) {
    if (!value)
      SetCanceledFlag();
  }
  void preventDefault() { SetCanceledFlag(); }
  bool defaultPrevented() const { return canceled_; }
  bool composed() const { return composed_; }
  bool isTrusted() const { return is_trusted_; }
  double timeStamp() const { return time_stamp_; }
  void initEvent(const std::string& type, bool bubbles, bool cancelable);

  // For dispatch (EventTarget).
  bool dispatching() const { return dispatching_; }
  bool initialized() const { return initialized_; }
  bool stop_propagation() const { return stop_propagation_; }
  bool stop_immediate_propagation() const { return stop_immediate_propagation_; }
  bool canceled() const { return canceled_; }
  void set_trusted(bool trusted) { is_trusted_ = trusted; }
  void set_in_passive_listener(bool value) { in_passive_listener_ = value; }
  // DOM "set the canceled flag".
  void SetCanceledFlag() {
    if (cancelable_ && !in_passive_listener_)
      canceled_ = true;
  }
  void BeginDispatch(v8::Isolate* isolate, EventTarget* target);
  void SetPhase(uint16_t phase) { phase_ = phase; }
  void SetCurrentTarget(EventTarget* target);
  void EndDispatch();

 private:
  std::string type_;
  EventTarget* target_ = nullptr;          // kept alive through the wrapper (kTargetKey)
  EventTarget* current_target_ = nullptr;  // non-null only during Dispatch, which holds it
  uint16_t phase_ = kNone;
  bool bubbles_ = false;
  bool cancelable_ = false;
  bool composed_ = false;
  bool is_trusted_ = false;
  bool initialized_ = true;
  bool dispatching_ = false;
  bool stop_propagation_ = false;
  bool stop_immediate_propagation_ = false;
  bool canceled_ = false;
  bool in_passive_listener_ = false;
  double time_stamp_ = 0;
};

// Keys of the values an event's wrapper keeps alive.
enum EventWrapperKey : uint32_t {
  kTargetKey = 1,
  kFirstSubclassKey = 2,
};

}  // namespace v8ws

#endif  // V8WS_CORE_DOM_EVENT_H_
