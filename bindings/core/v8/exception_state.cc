// ExceptionState: one recorded error per call, formatted the way browsers format them.
#include "bindings/core/v8/exception_state.h"

namespace v8ws {

void ExceptionState::Record(ExceptionKind kind, DOMExceptionCode code, const std::string& message) {
  // The first error wins: a later one is a consequence of it.
  if (HadException())
    return;
  kind_ = kind;
  code_ = code;
  message_ = message;
}

void ExceptionState::ThrowDOMException(DOMExceptionCode code, const std::string& message) {
  Record(ExceptionKind::kDOMException, code, message);
}

void ExceptionState::ThrowTypeError(const std::string& message) {
  Record(ExceptionKind::kTypeError, DOMExceptionCode::kUnknownError, message);
}

void ExceptionState::ThrowRangeError(const std::string& message) {
  Record(ExceptionKind::kRangeError, DOMExceptionCode::kUnknownError, message);
}

void ExceptionState::RethrowV8Exception() {
  Record(ExceptionKind::kV8Pending, DOMExceptionCode::kUnknownError, "");
}

void ExceptionState::PrefixMessage(const std::string& prefix) {
  if (kind_ != ExceptionKind::kNone && kind_ != ExceptionKind::kV8Pending)
    message_ = prefix + message_;
}

std::string ExceptionState::FullMessage() const {
  std::string iface = interface_ ? interface_ : "";
  std::string member = member_ ? member_ : "";
  switch (type_) {
    case ExceptionContextType::kConstructor:
      return "Failed to construct '" + iface + "': " + message_;
    case ExceptionContextType::kOperation:
      return "Failed to execute '" + member + "' on '" + iface + "': " + message_;
    case ExceptionContextType::kAttributeGet:
      return "Failed to read the '" + member + "' property from '" + iface + "': " + message_;
    case ExceptionContextType::kAttributeSet:
      return "Failed to set the '" + member + "' property on '" + iface + "': " + message_;
    case ExceptionContextType::kNone:
      break;
  }
  return message_;
}

}  // namespace v8ws
