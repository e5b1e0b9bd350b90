// CloseEvent (WebSockets §5): wasClean, code and reason of a closed WebSocket.
#ifndef V8WS_CORE_EVENTS_CLOSE_EVENT_H_
#define V8WS_CORE_EVENTS_CLOSE_EVENT_H_

#include <cstdint>
#include <string>

#include "bindings/generated/v8_close_event_init.h"
#include "core/dom/event.h"

namespace v8ws {

class CloseEvent : public Event {
 public:
  static CloseEvent* Create(ExecutionContext* context,
                            const std::string& type,
                            const CloseEventInit& init,
                            ExceptionState& es);
  // The trusted "close" event a WebSocket fires.
  static CloseEvent* CreateTrusted(ExecutionContext* context,
                                   bool was_clean,
                                   uint16_t code,
                                   const std::string& reason);

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  bool wasClean() const { return was_clean_; }
  uint16_t code() const { return code_; }
  std::string reason() const { return reason_; }

 private:
  CloseEvent(ExecutionContext* context,
             const std::string& type,
             const CloseEventInit& init,
             bool trusted);
  bool was_clean_;
  uint16_t code_;
  std::string reason_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_EVENTS_CLOSE_EVENT_H_
