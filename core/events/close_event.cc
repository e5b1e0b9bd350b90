// CloseEvent.
#include "core/events/close_event.h"

#include "bindings/generated/v8_close_event.h"

namespace v8ws {

CloseEvent::CloseEvent(ExecutionContext* context,
                       const std::string& type,
                       const CloseEventInit& init,
                       bool trusted)
    : Event(context, type, init, trusted),
      was_clean_(init.wasClean),
      code_(init.code),
      reason_(init.reason) {}

CloseEvent* CloseEvent::Create(ExecutionContext* context,
                               const std::string& type,
                               const CloseEventInit& init,
                               ExceptionState&) {
  return new CloseEvent(context, type, init, false);
}

CloseEvent* CloseEvent::CreateTrusted(ExecutionContext* context,
                                      bool was_clean,
                                      uint16_t code,
                                      const std::string& reason) {
  CloseEventInit init;
  init.wasClean = was_clean;
  init.code = code;
  init.reason = reason;
  return new CloseEvent(context, "close", init, true);
}

const WrapperTypeInfo* CloseEvent::GetWrapperTypeInfo() const {
  return &V8CloseEvent::wrapper_type_info;
}

}  // namespace v8ws
