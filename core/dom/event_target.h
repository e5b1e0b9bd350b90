// EventTarget (DOM Standard §2.7): listener lists, event handler attributes (HTML §8.1.8.1)
// and the dispatch algorithm (DOM §2.9) for targets without a parent.
#ifndef V8WS_CORE_DOM_EVENT_TARGET_H_
#define V8WS_CORE_DOM_EVENT_TARGET_H_

#include <memory>
#include <string>
#include <vector>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/core/v8/wrapper_key_pool.h"
#include "bindings/generated/v8_union_add_event_listener_options_or_boolean.h"
#include "bindings/generated/v8_union_event_listener_options_or_boolean.h"

namespace v8ws {

class Event;
class ExecutionContext;
class ExceptionState;

class EventTarget : public ScriptWrappable {
 public:
  static EventTarget* Create(ExecutionContext* context, ExceptionState& es);
  explicit EventTarget(ExecutionContext* context)
      : context_(context), weak_self_(std::make_shared<EventTarget*>(this)) {}
  ~EventTarget() override;

  // Wrapper value keys from here up belong to subclasses; listeners use the keys below.
  static constexpr uint32_t kFirstSubclassValueKey = 1u << 31;

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  void addEventListener(v8::Isolate* isolate,
                        const std::string& type,
                        v8::Local<v8::Value> callback,
                        const AddEventListenerOptionsOrBoolean& options);
  void removeEventListener(v8::Isolate* isolate,
                           const std::string& type,
                           v8::Local<v8::Value> callback,
                           const EventListenerOptionsOrBoolean& options);
  bool dispatchEvent(v8::Isolate* isolate, Event* event, ExceptionState& es);

  // Event handler IDL attributes (onopen, ...): `type` without the "on".
  v8::Local<v8::Value> GetEventHandler(v8::Isolate* isolate, const char* type);
  void SetEventHandler(v8::Isolate* isolate, const char* type, v8::Local<v8::Value> value);

  // Fires a trusted event created by the platform (the target must have a wrapper).
  bool DispatchEvent(Event* event);
  bool HasEventListeners(const std::string& type) const;
  ExecutionContext* GetExecutionContext() const { return context_; }

 protected:
  // Listeners were added or removed (WebSocket's garbage-collection rule reads them).
  virtual void OnEventListenersChanged() {}
  // A global (Window): its onerror takes an ErrorEvent's fields as five arguments.
  virtual bool IsGlobalScope() const { return false; }

 private:
  struct Listener {
    std::string type;
    uint32_t key;  // where the callback is kept in the wrapper's values
    bool capture = false;
    bool passive = false;
    bool once = false;
    bool removed = false;
    bool is_handler = false;
  };
  using ListenerList = std::vector<std::shared_ptr<Listener>>;

  std::shared_ptr<Listener> Find(v8::Isolate* isolate,
                                 const std::string& type,
                                 v8::Local<v8::Value> callback,
                                 bool capture) const;
  void RemoveListener(v8::Isolate* isolate, const std::shared_ptr<Listener>& listener);
  bool Dispatch(v8::Isolate* isolate, Event* event);
  void InnerInvoke(v8::Isolate* isolate,
                   Event* event,
                   const std::shared_ptr<Listener>* listeners,
                   size_t count,
                   bool capturing_phase);

  ExecutionContext* context_;
  // Null once this object is gone: abort algorithms from a listener's `signal` hold it weakly.
  std::shared_ptr<EventTarget*> weak_self_;
  ListenerList listeners_;
  WrapperKeyPool listener_keys_{1};  // a removed listener's key serves the next one
};

}  // namespace v8ws

#endif  // V8WS_CORE_DOM_EVENT_TARGET_H_
