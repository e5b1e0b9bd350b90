// WebSocketError (the WebSocketStream proposal, whatwg/websockets PR #48): a DOMException
// named "WebSocketError" that carries a close code and reason. WebSocketStream rejects with
// one when a connection closes uncleanly, and closes with the code and reason of one passed
// to the writable's abort() or the readable's cancel().
#ifndef V8WS_CORE_WEBSOCKETS_WEBSOCKET_ERROR_H_
#define V8WS_CORE_WEBSOCKETS_WEBSOCKET_ERROR_H_

#include <cstdint>
#include <optional>
#include <string>

#include "bindings/generated/v8_websocket_close_info.h"
#include "core/dom/dom_exception.h"

namespace v8ws {

class WebSocketError final : public DOMException {
 public:
  // new WebSocketError(message, init): the code and reason are checked as close()'s are.
  static WebSocketError* Create(ExecutionContext* context,
                                const std::string& message,
                                const WebSocketCloseInfo& init,
                                ExceptionState& es);
  // One the implementation makes (the values come from the connection, unchecked), with
  // its wrapper in the current context; a reason without a code gets 1000.
  static v8::Local<v8::Object> CreateValue(v8::Isolate* isolate,
                                           const std::string& message,
                                           std::optional<uint16_t> close_code = std::nullopt,
                                           const std::string& reason = std::string());
  // The same, without a wrapper yet (a structured clone's copy).
  static WebSocketError* CreateUnwrapped(const std::string& message,
                                         std::optional<uint16_t> close_code,
                                         const std::string& reason);
  // The WebSocketError `value` is, or null.
  static WebSocketError* FromValue(v8::Local<v8::Value> value);

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  std::optional<uint16_t> closeCode() const { return close_code_; }
  std::string reason() const { return reason_; }

 private:
  WebSocketError(std::string message, std::optional<uint16_t> close_code, std::string reason);

  std::optional<uint16_t> close_code_;
  std::string reason_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_WEBSOCKETS_WEBSOCKET_ERROR_H_
