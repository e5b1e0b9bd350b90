// WebSocket: constructor, send(), close(), and the feedback from the protocol
// (WebSockets Standard §3 and §4), step by step.
#include "core/websockets/websocket.h"

#include <algorithm>

#include "bindings/core/v8/exception_state.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_websocket.h"
#include "core/dom/event.h"
#include "core/events/close_event.h"
#include "core/events/message_event.h"
#include "core/execution_context.h"
#include "core/fileapi/blob.h"
#include "core/websockets/websocket_common.h"

namespace v8ws {

WebSocket* WebSocket::Create(ExecutionContext* context,
                             const std::string& url,
                             const DOMStringOrDOMStringSequence& protocols,
                             ExceptionState& es) {
  // WebSockets §3 "new WebSocket(url, protocols)", steps 1-7.
  std::optional<Url> record = websocket_common::GetUrlRecord(context, url, es);
  if (!record)
    return nullptr;
  // Step 8: a string is a sequence of one.
  std::vector<std::string> list;
  if (const auto* one = std::get_if<std::string>(&protocols))
    list.push_back(*one);
  else
    list = std::get<std::vector<std::string>>(protocols);
  // Step 9.
  if (!websocket_common::ValidateProtocols(list, es))
    return nullptr;
  // Steps 10-12: remember the URL, connect in parallel.
  auto* socket = new WebSocket(context, std::move(*record));
  socket->Connect(list);
  return socket;
}

WebSocket::WebSocket(ExecutionContext* context, Url url)
    : EventTarget(context),
      url_(std::move(url)),
      origin_(std::make_shared<const std::string>(url_.SerializeOrigin())) {
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
  // WebSockets §3 close(code, reason), steps 1-2.
  if (!websocket_common::ValidateCloseCodeAndReason(code, reason.value_or(std::string()), es))
    return;
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
  if (channel_) {
    const std::string& text = reason.value_or(std::string());
    channel_->Close(websocket_common::CloseFrameCode(code, text), text);
  }
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
    data = websocket_common::TextMessage(isolate, payload);
  } else if (binary_type_ == BinaryType::kBlob) {
    // The Blob takes over the buffer the network thread filled.
    data = v8ws::ToV8(isolate, static_cast<ScriptWrappable*>(Blob::FromBuffer(std::move(payload))));
  } else {
    data = websocket_common::ArrayBufferMessage(isolate, std::move(payload));
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
