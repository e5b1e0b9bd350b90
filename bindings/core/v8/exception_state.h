// ExceptionState: records at most one error per binding call, without touching V8.
#ifndef V8WS_BINDINGS_CORE_V8_EXCEPTION_STATE_H_
#define V8WS_BINDINGS_CORE_V8_EXCEPTION_STATE_H_

#include <string>

#include "bindings/core/v8/dom_exception_code.h"

namespace v8ws {

// What the binding was doing; it picks the message prefix WebIDL bindings use in browsers.
enum class ExceptionContextType {
  kConstructor,   // Failed to construct 'X': ...
  kOperation,     // Failed to execute 'm' on 'X': ...
  kAttributeGet,  // Failed to read the 'a' property from 'X': ...
  kAttributeSet,  // Failed to set the 'a' property on 'X': ...
  kNone,          // the message stands alone
};

enum class ExceptionKind {
  kNone,
  kDOMException,
  kTypeError,
  kRangeError,
  kV8Pending,  // script threw during a conversion; the exception is already in flight
};

class ExceptionState {
 public:
  ExceptionState(ExceptionContextType type, const char* interface_name, const char* member_name)
      : type_(type), interface_(interface_name), member_(member_name) {}
  ExceptionState() : ExceptionState(ExceptionContextType::kNone, "", "") {}
  ExceptionState(const ExceptionState&) = delete;
  ExceptionState& operator=(const ExceptionState&) = delete;
  virtual ~ExceptionState() = default;

  void ThrowDOMException(DOMExceptionCode code, const std::string& message);
  void ThrowTypeError(const std::string& message);
  void ThrowRangeError(const std::string& message);
  void RethrowV8Exception();
  // Puts `prefix` before the recorded message (not before a script exception, which keeps
  // its own): a dictionary member's conversion names the member this way.
  void PrefixMessage(const std::string& prefix);

  [[nodiscard]] bool HadException() const { return kind_ != ExceptionKind::kNone; }
  ExceptionKind kind() const { return kind_; }
  DOMExceptionCode dom_exception_code() const { return code_; }
  std::string dom_exception_name() const { return DOMExceptionName(code_); }
  // The message without the context prefix.
  const std::string& message() const { return message_; }
  // The message as script sees it: "Failed to execute 'close' on 'WebSocket': ...".
  std::string FullMessage() const;

  ExceptionContextType context_type() const { return type_; }
  const char* interface_name() const { return interface_; }
  const char* member_name() const { return member_; }

 protected:
  void Clear() { kind_ = ExceptionKind::kNone; }

 private:
  void Record(ExceptionKind kind, DOMExceptionCode code, const std::string& message);

  ExceptionContextType type_;
  const char* interface_;
  const char* member_;
  ExceptionKind kind_ = ExceptionKind::kNone;
  DOMExceptionCode code_ = DOMExceptionCode::kUnknownError;  // kDOMException only
  std::string message_;
};

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_EXCEPTION_STATE_H_
