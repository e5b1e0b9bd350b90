// MessageEvent (HTML §9.2): what a WebSocket fires for each message.
#ifndef V8WS_CORE_EVENTS_MESSAGE_EVENT_H_
#define V8WS_CORE_EVENTS_MESSAGE_EVENT_H_

#include <memory>
#include <string>
#include <vector>

#include "bindings/generated/v8_message_event_init.h"
#include "core/dom/event.h"

namespace v8ws {

class MessageEvent : public Event {
 public:
  static MessageEvent* Create(ExecutionContext* context,
                              const std::string& type,
                              const MessageEventInit& init,
                              ExceptionState& es);
  // A trusted "message" event for `data`, already wrapped in the context. The origin is
  // shared: a WebSocket gives every message the same one.
  static MessageEvent* CreateTrusted(ExecutionContext* context,
                                     v8::Local<v8::Value> data,
                                     std::shared_ptr<const std::string> origin);

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  v8::Local<v8::Value> data(v8::Isolate* isolate) const;
  std::string origin() const { return origin_ ? *origin_ : std::string(); }
  std::string lastEventId() const { return last_event_id_; }
  v8::Local<v8::Value> source(v8::Isolate* isolate) const;
  v8::Local<v8::Value> ports(v8::Isolate* isolate) const;
  void initMessageEvent(v8::Isolate* isolate,
                        const std::string& type,
                        bool bubbles,
                        bool cancelable,
                        v8::Local<v8::Value> data,
                        const std::string& origin,
                        const std::string& last_event_id,
                        v8::Local<v8::Value> source,
                        const std::vector<v8::Local<v8::Object>>& ports);

 private:
  MessageEvent(ExecutionContext* context,
               const std::string& type,
               const EventInit& init,
               bool trusted,
               std::shared_ptr<const std::string> origin,
               std::string last_event_id);
  void OnWrapperAssociated(v8::Isolate* isolate) override;
  // Stores the JS values in the wrapper (which must exist).
  void StoreValues(v8::Isolate* isolate,
                   v8::Local<v8::Value> data,
                   v8::Local<v8::Value> source,
                   const std::vector<v8::Local<v8::Object>>& ports);

  enum Key : uint32_t { kDataKey = kFirstSubclassKey, kSourceKey, kPortsKey };
  std::shared_ptr<const std::string> origin_;  // null reads as ""
  std::string last_event_id_;
  // Values given to the constructor, held only until the binding has made the wrapper.
  v8::Global<v8::Value> pending_data_;
  v8::Global<v8::Value> pending_source_;
  std::vector<v8::Global<v8::Object>> pending_ports_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_EVENTS_MESSAGE_EVENT_H_
