// The checks WebSocket and WebSocketStream share, step by step (WebSockets §3).
#include "core/websockets/websocket_common.h"

#include <cctype>
#include <cstdlib>
#include <cstring>

#include "bindings/core/v8/exception_state.h"
#include "core/execution_context.h"

namespace v8ws::websocket_common {
namespace {

// RFC 7230 §3.2.6 token characters: what Sec-WebSocket-Protocol values may hold.
bool IsToken(const std::string& value) {
  if (value.empty())
    return false;
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7F)
      return false;
    if (std::strchr("()<>@,;:\\\"/[]?={}", c))
      return false;
  }
  return true;
}

std::string AsciiLower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::optional<Url> GetUrlRecord(ExecutionContext* context,
                                const std::string& url,
                                ExceptionState& es) {
  // Steps 1-3: parse url against the API base URL.
  std::optional<Url> base;
  if (!context->options().base_url.empty())
    base = ParseUrl(context->options().base_url);
  std::optional<Url> record = ParseUrl(url, base ? &*base : nullptr);
  if (!record) {
    es.ThrowDOMException(DOMExceptionCode::kSyntaxError, "The URL '" + url + "' is invalid.");
    return std::nullopt;
  }
  // Steps 4-5: http: becomes ws:, https: becomes wss:.
  if (record->scheme == "http")
    record->scheme = "ws";
  else if (record->scheme == "https")
    record->scheme = "wss";
  // Step 6.
  if (record->scheme != "ws" && record->scheme != "wss") {
    es.ThrowDOMException(DOMExceptionCode::kSyntaxError,
                         "The URL's scheme must be either 'http', 'https', 'ws', "
                         "or 'wss'. '" +
                             record->scheme + "' is not allowed.");
    return std::nullopt;
  }
  // Step 7.
  if (record->fragment) {
    es.ThrowDOMException(DOMExceptionCode::kSyntaxError,
                         "The URL contains a fragment identifier ('" + *record->fragment +
                             "'). Fragment identifiers are not allowed in "
                             "WebSocket URLs.");
    return std::nullopt;
  }
  return record;
}

bool ValidateProtocols(const std::vector<std::string>& protocols, ExceptionState& es) {
  for (size_t i = 0; i < protocols.size(); ++i) {
    if (!IsToken(protocols[i])) {
      es.ThrowDOMException(DOMExceptionCode::kSyntaxError,
                           "The subprotocol '" + protocols[i] + "' is invalid.");
      return false;
    }
    for (size_t j = 0; j < i; ++j) {
      if (AsciiLower(protocols[i]) == AsciiLower(protocols[j])) {
        es.ThrowDOMException(DOMExceptionCode::kSyntaxError,
                             "The subprotocol '" + protocols[i] + "' is duplicated.");
        return false;
      }
    }
  }
  return true;
}

bool ValidateCloseCodeAndReason(std::optional<uint16_t> code,
                                const std::string& reason,
                                ExceptionState& es) {
  // Step 1.
  if (code && *code != 1000 && !(*code >= 3000 && *code <= 4999)) {
    es.ThrowDOMException(DOMExceptionCode::kInvalidAccessError,
                         "The close code must be either 1000, or between 3000 and 4999. " +
                             std::to_string(*code) + " is neither.");
    return false;
  }
  // Step 2: the reason as UTF-8 (USVString conversion already replaced lone surrogates).
  if (reason.size() > 123) {
    es.ThrowDOMException(DOMExceptionCode::kSyntaxError,
                         "The close reason must not be greater than 123 UTF-8 bytes.");
    return false;
  }
  return true;
}

std::optional<uint16_t> CloseFrameCode(std::optional<uint16_t> code, const std::string& reason) {
  if (!code && !reason.empty())
    return uint16_t{1000};
  return code;
}

v8::Local<v8::String> TextMessage(v8::Isolate* isolate, const net::Buffer& payload) {
  return v8::String::NewFromUtf8(isolate, reinterpret_cast<const char*>(payload.data()),
                                 v8::NewStringType::kNormal, static_cast<int>(payload.size()))
      .ToLocalChecked();
}

v8::Local<v8::ArrayBuffer> ArrayBufferMessage(v8::Isolate* isolate, net::Buffer payload) {
  size_t size = payload.size();
  if (size == 0)
    return v8::ArrayBuffer::New(isolate, 0);
  auto store = v8::ArrayBuffer::NewBackingStore(
      payload.Release(), size, [](void* data, size_t, void*) { std::free(data); }, nullptr);
  return v8::ArrayBuffer::New(isolate, std::move(store));
}

}  // namespace v8ws::websocket_common
