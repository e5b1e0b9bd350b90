// WebSocketStream: its constructor, close(), the underlying source and sink of its two
// streams, and the feedback from the channel. The proposal's (whatwg/websockets PR #48) and
// Chromium's behaviour, step by step.
#include "core/websockets/websocket_stream.h"

#include <optional>

#include "bindings/core/v8/exception_state.h"
#include "bindings/core/v8/native_value_traits.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_websocket_open_info.h"
#include "bindings/generated/v8_websocket_stream.h"
#include "core/dom/abort_signal.h"
#include "core/execution_context.h"
#include "core/streams/readable_stream.h"
#include "core/streams/readable_stream_default_controller.h"
#include "core/streams/stream_promise.h"
#include "core/streams/underlying_sink_base.h"
#include "core/streams/underlying_source_base.h"
#include "core/streams/writable_stream.h"
#include "core/streams/writable_stream_default_controller.h"
#include "core/websockets/websocket_common.h"
#include "core/websockets/websocket_error.h"

namespace v8ws {
namespace {

// WebSocketStream wrapper values.
constexpr uint32_t kOpenedKey = 1;  // resolvers
constexpr uint32_t kClosedKey = 2;
constexpr uint32_t kSourceKey = 3;
constexpr uint32_t kSinkKey = 4;
// Source and sink wrapper values.
constexpr uint32_t kStreamKey = 1;
constexpr uint32_t kWriteKey = 2;  // the pending write's resolver
constexpr uint32_t kCloseKey = 3;  // the writable's close() resolver
constexpr uint32_t kErrorKey = 4;  // what the writable was errored with

constexpr char kNotCleanlyClosed[] = "WebSocket was not cleanly closed.";

v8::Local<v8::Value> ClosedForWriting(v8::Isolate* isolate) {
  return NewDOMException(isolate, DOMExceptionCode::kInvalidStateError,
                         "Cannot write to a closed WebSocketStream");
}

}  // namespace

// The readable's underlying source: each message is enqueued as it arrives, and
// backpressure is applied until the next pull (a high-water mark of one message).
class WebSocketStream::Source final : public UnderlyingSourceBase {
 public:
  explicit Source(WebSocketStream* stream) : stream_(stream) {}
  void Keep(v8::Isolate* isolate) {
    SetWrapperValue(isolate, kStreamKey, stream_->GetWrapper(isolate));
  }

  v8::Local<v8::Value> Start(v8::Isolate* isolate,
                             ReadableStreamDefaultController* controller) override {
    controller_ = controller;
    return v8::Undefined(isolate);
  }
  v8::Local<v8::Promise> Pull(v8::Isolate* isolate, ReadableStreamDefaultController*) override {
    if (stream_->channel_)
      stream_->channel_->RemoveBackpressure();
    return streams::ResolvedWithUndefined(isolate);
  }
  v8::Local<v8::Promise> Cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason) override {
    closed_ = true;
    stream_->CloseMaybeWithReason(reason);
    return streams::ResolvedWithUndefined(isolate);
  }

  void DidReceive(v8::Isolate* isolate, v8::Local<v8::Value> chunk) {
    if (closed_ || !controller_->CanCloseOrEnqueue())
      return;
    controller_->Enqueue(isolate, chunk);
    // Until the stream pulls again: one message waits in the queue, the rest in the channel
    // (after the closing handshake started, everything flows into the queue).
    if (stream_->channel_ && stream_->state_ == kOpen)
      stream_->channel_->ApplyBackpressure();
  }
  // No more messages: the queue is read out, then the stream is done.
  void Finish(v8::Isolate* isolate) {
    if (closed_)
      return;
    closed_ = true;
    if (controller_->CanCloseOrEnqueue())
      controller_->Close(isolate);
  }
  void Fail(v8::Isolate* isolate, v8::Local<v8::Value> error) {
    if (closed_)
      return;
    closed_ = true;
    controller_->Error(isolate, error);
  }

 private:
  WebSocketStream* stream_;
  ReadableStreamDefaultController* controller_ = nullptr;
  bool closed_ = false;
};

// The writable's underlying sink: one message at a time; a write completes when net/
// reports its bytes handed to the socket, close() when the closing handshake has.
class WebSocketStream::Sink final : public UnderlyingSinkBase {
 public:
  explicit Sink(WebSocketStream* stream) : stream_(stream) {}
  void Keep(v8::Isolate* isolate) {
    SetWrapperValue(isolate, kStreamKey, stream_->GetWrapper(isolate));
  }

  v8::Local<v8::Value> Start(v8::Isolate* isolate,
                             WritableStreamDefaultController* controller) override {
    controller_ = controller;
    return v8::Undefined(isolate);
  }

  v8::Local<v8::Promise> Write(v8::Isolate* isolate,
                               v8::Local<v8::Value> chunk,
                               WritableStreamDefaultController*) override {
    // An ArrayBuffer or a view of one (not shared) is a binary message; anything else
    // becomes a string, a text message.
    v8::TryCatch try_catch(isolate);
    ExceptionState es;
    net::MessageType type = net::MessageType::kBinary;
    std::string text;
    BufferSource bytes;
    if (chunk->IsArrayBuffer()) {
      bytes = ToBufferSource(isolate, chunk, es);
    } else if (chunk->IsArrayBufferView()) {
      v8::Local<v8::ArrayBufferView> view =
          NativeValueTraits<IDLArrayBufferView>::NativeValue(isolate, chunk, es);
      if (!es.HadException())
        bytes = ToBufferSource(isolate, view, es);
    } else {
      type = net::MessageType::kText;
      text = NativeValueTraits<IDLUSVString>::NativeValue(isolate, chunk, es);
      bytes.data = reinterpret_cast<const uint8_t*>(text.data());
      bytes.size = text.size();
    }
    if (es.HadException()) {
      ThrowIntoV8(isolate, es);  // pending already when script threw it
      return streams::RejectedPromise(isolate, try_catch.Exception());
    }
    if (!stream_->channel_ || stream_->state_ != kOpen)
      return streams::RejectedPromise(isolate, ClosedForWriting(isolate));
    v8::Local<v8::Promise::Resolver> resolver = streams::NewResolver(isolate);
    SetWrapperValue(isolate, kWriteKey, resolver);
    writing_ = true;
    stream_->channel_->SendBytes(type, bytes.data, bytes.size);
    return resolver->GetPromise();
  }

  v8::Local<v8::Promise> Close(v8::Isolate* isolate) override {
    closed_ = true;
    v8::Local<v8::Promise::Resolver> resolver = streams::NewResolver(isolate);
    SetWrapperValue(isolate, kCloseKey, resolver);
    stream_->CloseWithUnspecifiedCode();
    return resolver->GetPromise();
  }

  v8::Local<v8::Promise> Abort(v8::Isolate* isolate, v8::Local<v8::Value> reason) override {
    closed_ = true;
    stream_->CloseMaybeWithReason(reason);
    return streams::ResolvedWithUndefined(isolate);
  }

  // net/ handed the pending message to the socket.
  void DidSend(v8::Isolate* isolate) {
    if (!writing_ || incomplete_)  // too late: it fails when the connection closes
      return;
    writing_ = false;
    SettleWrite(isolate, true, v8::Undefined(isolate));
  }
  // The server started the closing handshake: nothing more can be sent. A write still
  // going out makes the close unclean, and fails with the error the writable is errored
  // with once the connection is closed (the stream's later writes reject with that object).
  void DidStartClosingHandshake(v8::Isolate* isolate) {
    if (writing_)
      incomplete_ = true;
    if (closed_)
      return;
    closed_ = true;
    ErrorWith(isolate, ClosedForWriting(isolate));
  }
  void DidCloseCleanly(v8::Isolate* isolate) {
    SettleClose(isolate, true, v8::Undefined(isolate));
    if (!closed_) {
      closed_ = true;
      ErrorWith(isolate, ClosedForWriting(isolate));
    }
    FailPendingWrite(isolate, v8::Local<v8::Value>());
  }
  void Fail(v8::Isolate* isolate, v8::Local<v8::Value> error) {
    SettleClose(isolate, false, error);
    if (!closed_) {
      closed_ = true;
      ErrorWith(isolate, error);
    }
    FailPendingWrite(isolate, error);
  }
  // Everything written was sent: a condition of a clean close.
  bool AllDataConsumed() const { return !writing_ && !incomplete_; }

 private:
  void ErrorWith(v8::Isolate* isolate, v8::Local<v8::Value> error) {
    SetWrapperValue(isolate, kErrorKey, error);
    controller_->error(isolate, error);
  }
  // The write in flight, if any, fails with the writable's error (or `otherwise`).
  void FailPendingWrite(v8::Isolate* isolate, v8::Local<v8::Value> otherwise) {
    if (!writing_)
      return;
    writing_ = false;
    v8::Local<v8::Value> error = GetWrapperValue(isolate, kErrorKey);
    if (error.IsEmpty() || error->IsUndefined())
      error = otherwise.IsEmpty() ? ClosedForWriting(isolate) : otherwise;
    SettleWrite(isolate, false, error);
  }
  void SettleWrite(v8::Isolate* isolate, bool fulfil, v8::Local<v8::Value> value) {
    Settle(isolate, kWriteKey, fulfil, value);
  }
  void SettleClose(v8::Isolate* isolate, bool fulfil, v8::Local<v8::Value> value) {
    Settle(isolate, kCloseKey, fulfil, value);
  }
  void Settle(v8::Isolate* isolate, uint32_t key, bool fulfil, v8::Local<v8::Value> value) {
    v8::Local<v8::Value> resolver = GetWrapperValue(isolate, key);
    if (resolver.IsEmpty() || resolver->IsUndefined())
      return;
    DeleteWrapperValue(isolate, key);
    if (fulfil)
      streams::Resolve(isolate, resolver, value);
    else
      streams::Reject(isolate, resolver, value);
  }

  WebSocketStream* stream_;
  WritableStreamDefaultController* controller_ = nullptr;
  bool closed_ = false;
  bool writing_ = false;
  bool incomplete_ = false;  // a write was still going out when the closing handshake started
};

WebSocketStream* WebSocketStream::Create(ExecutionContext* context,
                                         const std::string& url,
                                         const WebSocketStreamOptions& options,
                                         ExceptionState& es) {
  // Steps 1-3: the URL record, as new WebSocket() gets it.
  std::optional<Url> record = websocket_common::GetUrlRecord(context, url, es);
  if (!record)
    return nullptr;
  // Step 4: the protocols, checked as new WebSocket() checks them.
  std::vector<std::string> protocols = options.protocols.value_or(std::vector<std::string>());
  if (!websocket_common::ValidateProtocols(protocols, es))
    return nullptr;
  auto* stream = new WebSocketStream(context, std::move(*record), std::move(protocols));
  stream->signal_ = options.signal.value_or(nullptr);
  return stream;
}

WebSocketStream::WebSocketStream(ExecutionContext* context,
                                 Url url,
                                 std::vector<std::string> protocols)
    : context_(context),
      url_(std::move(url)),
      protocols_(std::move(protocols)),
      handle_(std::make_shared<WebSocketStream*>(this)) {
  teardown_observer_ = [this] { ContextDestroyed(); };
  context->AddTeardownObserver(&teardown_observer_);
}

WebSocketStream::~WebSocketStream() {
  *handle_ = nullptr;
  ReleaseChannel(std::nullopt);
  context_->RemoveTeardownObserver(&teardown_observer_);
}

const WrapperTypeInfo* WebSocketStream::GetWrapperTypeInfo() const {
  return &V8WebSocketStream::wrapper_type_info;
}

void WebSocketStream::OnWrapperAssociated(v8::Isolate* isolate) {
  // Both promises are marked handled (as Chromium's are): a failed connection is reported
  // through whichever one script watches, never as an unhandled rejection of the other.
  for (uint32_t key : {kOpenedKey, kClosedKey}) {
    v8::Local<v8::Promise::Resolver> resolver = streams::NewResolver(isolate);
    SetWrapperValue(isolate, key, resolver);
    streams::MarkAsHandled(resolver->GetPromise());
  }
  AbortSignal* signal = signal_;
  signal_ = nullptr;
  // An aborted signal: no connection at all.
  if (signal && signal->aborted()) {
    state_ = kClosed;
    v8::Local<v8::Value> error =
        NewDOMException(isolate, DOMExceptionCode::kAbortError, "WebSocket handshake was aborted");
    Settle(kOpenedKey, false, error);
    Settle(kClosedKey, false, error);
    return;
  }
  if (signal) {
    std::weak_ptr<WebSocketStream*> weak = handle_;
    signal->AddAlgorithm([weak] {
      if (auto handle = weak.lock(); handle && *handle)
        (*handle)->OnAbort();
    });
  }
  // Connect with backpressure applied: a huge first message is not all read before read().
  channel_ = WebSocketChannel::Create(context_, this);
  context_->IncrementPendingActivity();
  SetHasPendingActivity(true);
  channel_->ApplyBackpressure();
  channel_->Connect(url_, protocols_);
  protocols_.clear();
}

v8::Local<v8::Promise> WebSocketStream::opened(v8::Isolate* isolate) const {
  return streams::PromiseOf(GetWrapperValue(isolate, kOpenedKey));
}

v8::Local<v8::Promise> WebSocketStream::closed(v8::Isolate* isolate) const {
  return streams::PromiseOf(GetWrapperValue(isolate, kClosedKey));
}

void WebSocketStream::Settle(uint32_t key, bool fulfil, v8::Local<v8::Value> value) {
  v8::Isolate* isolate = context_->isolate();
  if (fulfil)
    streams::Resolve(isolate, GetWrapperValue(isolate, key), value);
  else
    streams::Reject(isolate, GetWrapperValue(isolate, key), value);
}

void WebSocketStream::close(const WebSocketCloseInfo& info, ExceptionState& es) {
  // close(closeInfo): the checks WebSocket's close() makes, then "close the WebSocket".
  if (!websocket_common::ValidateCloseCodeAndReason(info.closeCode, info.reason, es))
    return;
  CloseInternal(info.closeCode, info.reason);
}

void WebSocketStream::CloseMaybeWithReason(v8::Local<v8::Value> reason) {
  if (WebSocketError* error = WebSocketError::FromValue(reason))
    CloseInternal(error->closeCode(), error->reason());  // checked when it was made
  else
    CloseWithUnspecifiedCode();
}

void WebSocketStream::CloseInternal(std::optional<uint16_t> code, const std::string& reason) {
  // "Close the WebSocket": steps 1-3.
  if (state_ == kClosing || state_ == kClosed || !channel_)
    return;
  if (state_ == kConnecting) {
    state_ = kClosing;
    channel_->Fail("WebSocket is closed before the connection is established.");
    return;
  }
  state_ = kClosing;
  // What arrives from now on flows into the readable's queue: the server's Close frame must
  // not wait behind messages nobody reads.
  channel_->RemoveBackpressure();
  channel_->Close(websocket_common::CloseFrameCode(code, reason), reason);
}

void WebSocketStream::OnAbort() {
  // After the handshake the signal does nothing.
  if (was_ever_connected_ || !channel_)
    return;
  ReleaseChannel(std::nullopt);
  state_ = kClosed;
  v8::Isolate* isolate = context_->isolate();
  v8::HandleScope scope(isolate);
  v8::Local<v8::Value> error =
      NewDOMException(isolate, DOMExceptionCode::kAbortError, "WebSocket handshake was aborted");
  Settle(kOpenedKey, false, error);
  Settle(kClosedKey, false, error);
}

void WebSocketStream::ReleaseChannel(std::optional<uint16_t> code) {
  if (!channel_)
    return;
  channel_->Disconnect(code);
  channel_.reset();
  context_->DecrementPendingActivity();
  if (HasWrapper())
    SetHasPendingActivity(false);
}

void WebSocketStream::ContextDestroyed() {
  // Tear-down of the context: an open connection closes with 1001 (going away).
  ReleaseChannel(uint16_t{1001});
  state_ = kClosed;
}

void WebSocketStream::DidConnect(const std::string& protocol, const std::string& extensions) {
  if (state_ != kConnecting)
    return;
  state_ = kOpen;
  was_ever_connected_ = true;
  v8::Isolate* isolate = context_->isolate();
  ScriptTaskScope scope(context_);
  source_ = new Source(this);
  ReadableStream* readable = CreateReadableStream(isolate, source_, 1);
  source_->Keep(isolate);
  sink_ = new Sink(this);
  WritableStream* writable = CreateWritableStream(isolate, sink_, 1, v8::Local<v8::Value>());
  sink_->Keep(isolate);
  SetWrapperValue(isolate, kSourceKey, source_->GetWrapper(isolate));
  SetWrapperValue(isolate, kSinkKey, sink_->GetWrapper(isolate));
  WebSocketOpenInfo info;
  info.readable = readable;
  info.writable = writable;
  info.extensions = extensions;
  info.protocol = protocol;
  Settle(kOpenedKey, true, v8ws::ToV8(isolate, info));
}

void WebSocketStream::DidReceiveMessage(net::MessageType type, net::Buffer payload) {
  if (!source_)
    return;
  v8::Isolate* isolate = context_->isolate();
  ScriptTaskScope scope(context_);
  v8::Local<v8::Value> chunk;
  if (type == net::MessageType::kText)
    chunk = websocket_common::TextMessage(isolate, payload);
  else
    chunk = websocket_common::ArrayBufferMessage(isolate, std::move(payload));
  source_->DidReceive(isolate, chunk);
}

void WebSocketStream::DidConsumeBufferedAmount(uint64_t) {
  if (!sink_)
    return;
  v8::Isolate* isolate = context_->isolate();
  ScriptTaskScope scope(context_);
  sink_->DidSend(isolate);
}

void WebSocketStream::DidStartClosingHandshake() {
  state_ = kClosing;
  if (channel_)
    channel_->RemoveBackpressure();
  if (!source_)
    return;
  v8::Isolate* isolate = context_->isolate();
  ScriptTaskScope scope(context_);
  source_->Finish(isolate);
  sink_->DidStartClosingHandshake(isolate);
}

void WebSocketStream::DidClose(bool was_clean,
                               uint16_t code,
                               const std::string& reason,
                               bool failed,
                               const std::string& failure) {
  if (failed && !failure.empty())
    context_->AddConsoleMessage(ConsoleLevel::kError,
                                "WebSocket connection to '" + url() + "' failed: " + failure);
  v8::Isolate* isolate = context_->isolate();
  ScriptTaskScope scope(context_);
  // Keep this object alive through the settling even if script dropped it.
  v8::Local<v8::Object> keep_alive = GetWrapper(isolate);
  // Clean: the closing handshake finished, both Close frames carried, everything written
  // was sent.
  bool clean =
      state_ == kClosing && was_clean && code != 1006 && (!sink_ || sink_->AllDataConsumed());
  state_ = kClosed;
  ReleaseChannel(std::nullopt);
  if (!was_ever_connected_) {
    Settle(kOpenedKey, false,
           WebSocketError::CreateValue(isolate, "WebSocket closed before handshake complete."));
  }
  if (clean) {
    if (source_)
      source_->Finish(isolate);
    if (sink_)
      sink_->DidCloseCleanly(isolate);
    WebSocketCloseInfo info;
    info.closeCode = code;
    info.reason = reason;
    Settle(kClosedKey, true, v8ws::ToV8(isolate, info));
  } else {
    v8::Local<v8::Value> error =
        WebSocketError::CreateValue(isolate, kNotCleanlyClosed, code, reason);
    if (source_)
      source_->Fail(isolate, error);
    if (sink_)
      sink_->Fail(isolate, error);
    Settle(kClosedKey, false, error);
  }
  (void)keep_alive;
}

}  // namespace v8ws
