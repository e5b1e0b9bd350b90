// DOMException: the error names table of WebIDL §2.8.1.
#include "core/dom/dom_exception.h"

#include <cstring>

#include "bindings/generated/v8_dom_exception.h"
#include "core/execution_context.h"

namespace v8ws {

DOMException* DOMException::Create(ExecutionContext*,
                                   const std::string& message,
                                   const std::string& name,
                                   ExceptionState&) {
  return new DOMException(message, name);
}

DOMException::DOMException(std::string message, std::string name)
    : message_(std::move(message)), name_(std::move(name)) {}

const WrapperTypeInfo* DOMException::GetWrapperTypeInfo() const {
  return &V8DOMException::wrapper_type_info;
}

uint16_t DOMException::code() const {
  return CodeForName(name_);
}

uint16_t DOMException::CodeForName(const std::string& name) {
  static const struct {
    const char* name;
    uint16_t code;
  } kNames[] = {
      {"IndexSizeError", 1},
      {"HierarchyRequestError", 3},
      {"WrongDocumentError", 4},
      {"InvalidCharacterError", 5},
      {"NoModificationAllowedError", 7},
      {"NotFoundError", 8},
      {"NotSupportedError", 9},
      {"InUseAttributeError", 10},
      {"InvalidStateError", 11},
      {"SyntaxError", 12},
      {"InvalidModificationError", 13},
      {"NamespaceError", 14},
      {"InvalidAccessError", 15},
      {"TypeMismatchError", 17},
      {"SecurityError", 18},
      {"NetworkError", 19},
      {"AbortError", 20},
      {"URLMismatchError", 21},
      {"QuotaExceededError", 22},
      {"TimeoutError", 23},
      {"InvalidNodeTypeError", 24},
      {"DataCloneError", 25},
  };
  for (const auto& entry : kNames) {
    if (name == entry.name)
      return entry.code;
  }
  return 0;
}

void DOMException::OnWrapperAssociated(v8::Isolate* isolate) {
  if (ExecutionContext* context = ExecutionContext::From(isolate->GetCurrentContext()))
    context->CaptureStackTrace(GetWrapper(isolate));
}

}  // namespace v8ws
