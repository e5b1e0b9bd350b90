// WebSocket: constructor, send(), close(), and the feedback from the protocol
// (WebSockets Standard §3 and §4), step by step.
#include "core/websockets/websocket.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "bindings/core/v8/exception_state.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_websocket.h"
#include "core/dom/event.h"
#include "core/events/close_event.h"
#include "core/events/message_event.h"
#include "core/execution_context.h"
#include "core/fileapi/blob.h"

namespace v8ws {
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

WebSocket* WebSocket::Create(ExecutionContext* context,
                             const std::string& url,
                             const DOMStringOrDOMStringSequence& protocols,
                             ExceptionState& es) {
  // WebSockets §3 "new WebSocket(url, protocols)".
  // Steps 1-3: parse url against the API base URL.
  std::optional<Url> base;
  if (!context->options().base_url.empty())
    base = ParseUrl(context->options().base_url);
  std::optional<Url> record = ParseUrl(url, base ? &*base : nullptr);
  if (!record) {
    es.ThrowDOMException(DOMExceptionCode::kSyntaxError, "The URL '" + url + "' is invalid.");
    return nullptr;
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
    return nullptr;
  }
  // Step 7.
  if (record->fragment) {
    es.ThrowDOMException(DOMExceptionCode::kSyntaxError,
                         "The URL contains a fragment identifier ('" + *record->fragment +
                             "'). Fragment identifiers are not allowed in "
                             "WebSocket URLs.");
    return nullptr;
  }
  // Step 8: a string is a sequence of one.
  std::vector<std::string> list;
  if (const auto* one = std::get_if<std::string>(&protocols))
    list.push_back(*one);
  else
    list = std::get<std::vector<std::string>>(protocols);
  // Step 9: each a token, none repeated (compared case-insensitively).
  for (size_t i = 0; i < list.size(); ++i) {
    if (!IsToken(list[i])) {
      es.ThrowDOMException(DOMExceptionCode::kSyntaxError,
                           "The subprotocol '" + list[i] + "' is invalid.");
      return nullptr;
    }
    for (size_t j = 0; j < i; ++j) {
      if (AsciiLower(list[i]) == AsciiLower(list[j])) {
        es.ThrowDOMException(DOMExceptionCode::kSyntaxError,
                             "The subprotocol '" + list[i] + "' is duplicated.");
        return nullptr;
      }
    }
  }
  // Steps 10-12: remember the URL, connect in parallel.
  auto* socket = new WebSocket(context, std::move(*record));
  socket->Connect(list);
  return socket;
}

WebSocket::WebSocket(ExecutionContext* context, Url url)
    : EventTarget(context), url_(std::move(url)), origin_(url_.SerializeOrigin()) {
  teardown_observer_ = [this] { ContextDestroyed(); };
  context->AddTeardownObserver(&teardown_observer_);
}

WebSocket::~WebSocket() {
  // Collected while the connection is open: WebSockets §3 "Garbage collection" says to
  // start the closing handshake with no status code.
  ReleaseChannel(std::nullopt);
  GetExecutionContext()->RemoveTeardownObserver(&teardown_observer_);
}

const WrapperTypeInfo* WebSocket::GetWrapperTypeInfo() const {
  return &V8WebSocket::wrapper_type_info;
}

void WebSocket::Connect(const std::vector<std::string>& protocols) {
  // The channel holds one of the context's pending-activity counts while it exists.
  channel_ = WebSocketChannel::Create(GetExecutionContext(), this);
  GetExecutionContext()->IncrementPendingActivity();
  channel_->Connect(url_, protocols);
}

void WebSocket::ReleaseChannel(std::optional<uint16_t> code) {
  if (!channel_)
    return;
  channel_->Disconnect(code);
  channel_.reset();
  GetExecutionContext()->DecrementPendingActivity();
}

void WebSocket::ContextDestroyed() {
  // Tear-down of the context: open connections close with 1001 (going away).
  ReleaseChannel(uint16_t{1001});
}

void WebSocket::close(std::optional<uint16_t> code,
                      const std::optional<std::string>& reason,
                      ExceptionState& es) {
  // WebSockets §3 close(code, reason), step 1.
  if (code && *code != 1000 && !(*code >= 3000 && *code <= 4999)) {
    es.ThrowDOMException(DOMExceptionCode::kInvalidAccessError,
                         "The close code must be either 1000, or between 3000 and 4999. " +
                             std::to_string(*code) + " is neither.");
    return;
  }
  // Step 2: the reason, as UTF-8 (USVString conversion already replaced lone surrogates).
  if (reason && reason->size() > 123) {
    es.ThrowDOMException(DOMExceptionCode::kSyntaxError,
                         "The close reason must not be greater than 123 UTF-8 bytes.");
    return;
  }
  // Step 3, "close the WebSocket".
  if (state_ == kClosing || state_ == kClosed)
    return;
  if (state_ == kConnecting) {
    // Not yet established: fail the connection (error and close events come later).
    state_ = kClosing;
    if (channel_)
      channel_->Fail("WebSocket is closed before the connection is established.");
    UpdatePendingActivity();
    return;
  }
  state_ = kClosing;
  // A reason needs a status code in front of it on the wire: 1000 when none was given.
  std::optional<uint16_t> wire_code = code;
  if (!wire_code && reason)
    wire_code = 1000;
  if (channel_)
    channel_->Close(wire_code, reason.value_or(std::string()));
  UpdatePendingActivity();
}

void WebSocket::send(const BufferSourceOrBlobOrUSVString& data, ExceptionState& es) {
  // WebSockets §3 send(data), step 1.
  if (state_ == kConnecting) {
    es.ThrowDOMException(DOMExceptionCode::kInvalidStateError, "Still in CONNECTING state.");
    return;
  }
  net::MessageType type;
  const uint8_t* bytes;
  size_t size;
  if (const auto* text = std::get_if<std::string>(&data)) {
    type = net::MessageType::kText;
    bytes = reinterpret_cast<const uint8_t*>(text->data());
    size = text->size();
  } else if (const auto* buffer = std::get_if<BufferSource>(&data)) {
    type = net::MessageType::kBinary;
    bytes = buffer->data;
    size = buffer->size;
  } else {
    // Our Blobs hold their bytes, so they go out in order with everything else.
    const Blob* blob = std::get<Blob*>(data);
    type = net::MessageType::kBinary;
    bytes = blob->data();
    size = blob->size();
  }
  // Step 2: every call that does not throw adds to bufferedAmount; only an open connection
  // whose closing handshake has not started sends.
  bool was_empty = buffered_amount_ == 0;
  buffered_amount_ += size;
  if (state_ == kOpen && channel_ && !full_) {
    // "If the data cannot be sent, e.g. because it would need to be buffered but the buffer
    // is full, the user agent must flag the WebSocket as full and then close the WebSocket
    // connection": error, then close with 1006, once net/ has closed it.
    const uint64_t limit = GetExecutionContext()->options().max_buffered_amount;
    if (buffered_amount_ > limit) {
      full_ = true;
      channel_->Fail("The send buffer is full: " + std::to_string(buffered_amount_) +
                     " bytes are waiting to be sent, more than the limit of " +
                     std::to_string(limit) + ".");
      return;
    }
    channel_->SendBytes(type, bytes, size);
    // The GC rule only changes when queued data appears (not on every send: a hot path).
    if (was_empty && size)
      UpdatePendingActivity();
  }
}

void WebSocket::DidConnect(const std::string& protocol, const std::string& extensions) {
  // WebSockets §4 "When the WebSocket connection is established", steps 1-4.
  if (state_ != kConnecting)
    return;
  state_ = kOpen;
  extensions_ = extensions;
  protocol_ = protocol;
  UpdatePendingActivity();
  auto* event = new Event(GetExecutionContext(), "open", EventInit(), true);
  DispatchEvent(event);
}

void WebSocket::DidReceiveMessage(net::MessageType type, net::Buffer payload) {
  // WebSockets §4 "When a WebSocket message has been received", steps 1-3.
  if (state_ != kOpen)
    return;
  ExecutionContext* context = GetExecutionContext();
  v8::Isolate* isolate = context->isolate();
  v8::HandleScope scope(isolate);
  v8::Local<v8::Value> data;
  if (type == net::MessageType::kText) {
    // net/ validated the UTF-8; this is the one decode.
    data = v8::String::NewFromUtf8(isolate, reinterpret_cast<const char*>(payload.data()),
                                   v8::NewStringType::kNormal, static_cast<int>(payload.size()))
               .ToLocalChecked();
  } else if (binary_type_ == BinaryType::kBlob) {
    // The Blob takes over the buffer the network thread filled.
    data = v8ws::ToV8(isolate, static_cast<ScriptWrappable*>(Blob::FromBuffer(std::move(payload))));
  } else {
    // The ArrayBuffer takes over the buffer the network thread filled.
    size_t size = payload.size();
    std::shared_ptr<v8::BackingStore> store;
    if (size == 0) {
      store = v8::ArrayBuffer::NewBackingStore(isolate, 0);
    } else {
      store = v8::ArrayBuffer::NewBackingStore(
          payload.Release(), size, [](void* data, size_t, void*) { std::free(data); }, nullptr);
    }
    data = v8::ArrayBuffer::New(isolate, std::move(store));
  }
  auto* event = MessageEvent::CreateTrusted(context, data, origin_);
  DispatchEvent(event);
}

void WebSocket::DidConsumeBufferedAmount(uint64_t bytes) {
  buffered_amount_ -= std::min(bytes, buffered_amount_);
  // ... or when the last of it left.
  if (buffered_amount_ == 0)
    UpdatePendingActivity();
}

void WebSocket::DidStartClosingHandshake() {
  // WebSockets §4 "When the WebSocket closing handshake is started".
  state_ = kClosing;
  UpdatePendingActivity();
}

void WebSocket::DidClose(bool was_clean,
                         uint16_t code,
                         const std::string& reason,
                         bool failed,
                         const std::string& failure) {
  // Script only learns that it failed; the console learns why, as in browsers.
  if (failed && !failure.empty())
    GetExecutionContext()->AddConsoleMessage(
        ConsoleLevel::kError, "WebSocket connection to '" + url() + "' failed: " + failure);
  // WebSockets §4 "When the WebSocket connection is closed", steps 1-3.
  state_ = kClosed;
  ReleaseChannel(std::nullopt);
  // Keep this object alive through both events even if script dropped it.
  v8::Isolate* isolate = GetExecutionContext()->isolate();
  v8::HandleScope scope(isolate);
  v8::Local<v8::Object> keep_alive = GetWrapper(isolate);
  SetHasPendingActivity(false);
  if (failed) {
    auto* error = new Event(GetExecutionContext(), "error", EventInit(), true);
    DispatchEvent(error);
  }
  DispatchEvent(CloseEvent::CreateTrusted(GetExecutionContext(), was_clean, code, reason));
  (void)keep_alive;
}

void WebSocket::UpdatePendingActivity() {
  // WebSockets §3 "Garbage collection": alive while the state and its listeners say so,
  // or while sent data is still queued.
  bool pending = false;
  switch (state_) {
    case kConnecting:
      pending = HasEventListeners("open") || HasEventListeners("message") ||
                HasEventListeners("error") || HasEventListeners("close");
      break;
    case kOpen:
      pending =
          HasEventListeners("message") || HasEventListeners("error") || HasEventListeners("close");
      break;
    case kClosing:
      pending = HasEventListeners("error") || HasEventListeners("close");
      break;
    case kClosed:
      break;
  }
  if (state_ == kOpen && buffered_amount_ > 0)
    pending = true;
  if (HasWrapper())
    SetHasPendingActivity(pending);
}

}  // namespace v8ws
