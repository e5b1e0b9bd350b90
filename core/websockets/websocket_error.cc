// WebSocketError: its constructor's checks, and the errors WebSocketStream makes.
#include "core/websockets/websocket_error.h"

#include "bindings/core/v8/exception_state.h"
#include "bindings/generated/v8_websocket_error.h"
#include "core/websockets/websocket_common.h"

namespace v8ws {

WebSocketError* WebSocketError::Create(ExecutionContext*,
                                       const std::string& message,
                                       const WebSocketCloseInfo& init,
                                       ExceptionState& es) {
  std::optional<uint16_t> code = init.closeCode;
  // The checks close() makes, then a reason without a code means 1000 (Normal Closure).
  if (!websocket_common::ValidateCloseCodeAndReason(code, init.reason, es))
    return nullptr;
  return new WebSocketError(message, websocket_common::CloseFrameCode(code, init.reason),
                            init.reason);
}

v8::Local<v8::Object> WebSocketError::CreateValue(v8::Isolate* isolate,
                                                  const std::string& message,
                                                  std::optional<uint16_t> close_code,
                                                  const std::string& reason) {
  WebSocketError* error = CreateUnwrapped(message, close_code, reason);
  return error->ToV8(isolate, isolate->GetCurrentContext());  // the stack is captured there
}

WebSocketError* WebSocketError::CreateUnwrapped(const std::string& message,
                                                std::optional<uint16_t> close_code,
                                                const std::string& reason) {
  return new WebSocketError(message, websocket_common::CloseFrameCode(close_code, reason), reason);
}

WebSocketError* WebSocketError::FromValue(v8::Local<v8::Value> value) {
  if (!value->IsObject())
    return nullptr;
  v8::Local<v8::Object> object = value.As<v8::Object>();
  if (TypeInfoOf(object) != &V8WebSocketError::wrapper_type_info)
    return nullptr;
  return static_cast<WebSocketError*>(FromWrapper(object));
}

WebSocketError::WebSocketError(std::string message,
                               std::optional<uint16_t> close_code,
                               std::string reason)
    : DOMException(std::move(message), "WebSocketError"),
      close_code_(close_code),
      reason_(std::move(reason)) {}

const WrapperTypeInfo* WebSocketError::GetWrapperTypeInfo() const {
  return &V8WebSocketError::wrapper_type_info;
}

}  // namespace v8ws
