// DOMException: the error names table of WebIDL §2.8.1.
#include "core/dom/dom_exception.h"

#include "bindings/core/v8/dom_exception_code.h"

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
  return LegacyCodeForName(name);
}

void DOMException::OnWrapperAssociated(v8::Isolate* isolate) {
  if (!capture_stack_)
    return;
  if (ExecutionContext* context = ExecutionContext::From(isolate->GetCurrentContext()))
    context->CaptureStackTrace(GetWrapper(isolate));
}

}  // namespace v8ws
