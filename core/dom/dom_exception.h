// DOMException (WebIDL §4.3): name, message and the legacy code.
#ifndef V8WS_CORE_DOM_DOM_EXCEPTION_H_
#define V8WS_CORE_DOM_DOM_EXCEPTION_H_

#include <cstdint>
#include <string>

#include "bindings/core/v8/script_wrappable.h"

namespace v8ws {

class ExecutionContext;
class ExceptionState;

class DOMException : public ScriptWrappable {
 public:
  static DOMException* Create(ExecutionContext* context,
                              const std::string& message,
                              const std::string& name,
                              ExceptionState& es);
  DOMException(std::string message, std::string name);

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  std::string name() const { return name_; }
  std::string message() const { return message_; }
  uint16_t code() const;

  // The legacy code of a name in WebIDL's error names table, 0 for the others.
  static uint16_t CodeForName(const std::string& name);
  // A copy made by a structured clone's deserialization, where no script may run, gets the
  // original's stack instead of capturing one.
  void set_capture_stack(bool capture) { capture_stack_ = capture; }

 protected:
  // WebIDL §3.14.1: a DOMException has a stack like an Error's, however it was made.
  void OnWrapperAssociated(v8::Isolate* isolate) override;

 private:
  std::string message_;
  std::string name_;
  bool capture_stack_ = true;
};

}  // namespace v8ws

#endif  // V8WS_CORE_DOM_DOM_EXCEPTION_H_
