// What WebSocket and WebSocketStream share (as Blink's WebSocketCommon): the URL, the
// subprotocol list and the close arguments are checked in one place, for both.
#ifndef V8WS_CORE_WEBSOCKETS_WEBSOCKET_COMMON_H_
#define V8WS_CORE_WEBSOCKETS_WEBSOCKET_COMMON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <v8.h>

#include "core/url/url.h"
#include "net/buffer.h"

namespace v8ws {

class ExceptionState;
class ExecutionContext;

namespace websocket_common {

// WebSockets §3 "get a URL record" (the constructor's steps 1-7): `url` parsed against the
// API base URL, http(s) turned into ws(s); a SyntaxError for anything else.
std::optional<Url> GetUrlRecord(ExecutionContext* context,
                                const std::string& url,
                                ExceptionState& es);

// The constructor's step 9: every subprotocol a token, none twice (ASCII case-insensitive);
// false after a SyntaxError.
bool ValidateProtocols(const std::vector<std::string>& protocols, ExceptionState& es);

// close()'s steps 1-2: the code 1000 or 3000-4999 (else InvalidAccessError), the reason at
// most 123 UTF-8 bytes (else SyntaxError); false after throwing.
bool ValidateCloseCodeAndReason(std::optional<uint16_t> code,
                                const std::string& reason,
                                ExceptionState& es);

// "Close the WebSocket", step 3: the status code the Close frame carries: `code`, else 1000
// when `reason` is non-empty, else none (the frame has no body).
std::optional<uint16_t> CloseFrameCode(std::optional<uint16_t> code, const std::string& reason);

// A received text message as a string: net/ validated the UTF-8, so this is the one decode.
v8::Local<v8::String> TextMessage(v8::Isolate* isolate, const net::Buffer& payload);

// A received binary message as an ArrayBuffer that takes over the buffer net/ filled.
v8::Local<v8::ArrayBuffer> ArrayBufferMessage(v8::Isolate* isolate, net::Buffer payload);

}  // namespace websocket_common
}  // namespace v8ws

#endif  // V8WS_CORE_WEBSOCKETS_WEBSOCKET_COMMON_H_
