// ErrorEvent (HTML §8.1.4.7): an error reported to a global, with where it came from.
#ifndef V8WS_CORE_EVENTS_ERROR_EVENT_H_
#define V8WS_CORE_EVENTS_ERROR_EVENT_H_

#include <cstdint>
#include <string>

#include "bindings/generated/v8_error_event_init.h"
#include "core/dom/event.h"

namespace v8ws {

class ErrorEvent : public Event {
 public:
  static ErrorEvent* Create(ExecutionContext* context,
                            const std::string& type,
                            const ErrorEventInit& init,
                            ExceptionState& es);
  // The trusted, cancelable "error" event of HTML's "report an exception".
  static ErrorEvent* CreateForException(ExecutionContext* context,
                                        v8::Local<v8::Value> exception,
                                        v8::Local<v8::Message> message);

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;
  bool IsErrorEvent() const override { return true; }

  // IDL
  std::string message() const { return message_; }
  std::string filename() const { return filename_; }
  uint32_t lineno() const { return lineno_; }
  uint32_t colno() const { return colno_; }
  v8::Local<v8::Value> error(v8::Isolate* isolate) const;

 protected:
  void OnWrapperAssociated(v8::Isolate* isolate) override;

 private:
  enum Key : uint32_t { kErrorKey = kFirstSubclassKey };
  ErrorEvent(ExecutionContext* context,
             const std::string& type,
             const ErrorEventInit& init,
             bool trusted);

  std::string message_;
  std::string filename_;
  uint32_t lineno_;
  uint32_t colno_;
  v8::Global<v8::Value> pending_error_;  // until the wrapper exists
};

}  // namespace v8ws

#endif  // V8WS_CORE_EVENTS_ERROR_EVENT_H_
