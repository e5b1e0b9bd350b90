// WebSocketStream (the WebSockets Standard's proposal, whatwg/websockets PR #48, as Chromium
// ships it): a WebSocket connection whose received messages are a ReadableStream and whose
// sent ones a WritableStream, both with a high-water mark of one message. Backpressure is
// real both ways: while nothing reads, the channel stops reading the socket; a write's
// promise resolves once its bytes were handed to the socket.
#ifndef V8WS_CORE_WEBSOCKETS_WEBSOCKET_STREAM_H_
#define V8WS_CORE_WEBSOCKETS_WEBSOCKET_STREAM_H_

#include <v8.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/generated/v8_websocket_close_info.h"
#include "bindings/generated/v8_websocket_stream_options.h"
#include "core/url/url.h"
#include "core/websockets/websocket_channel.h"

namespace v8ws {

class AbortSignal;
class ExceptionState;
class ExecutionContext;

class WebSocketStream final : public ScriptWrappable, public WebSocketChannelClient {
 public:
  static WebSocketStream* Create(ExecutionContext* context,
                                 const std::string& url,
                                 const WebSocketStreamOptions& options,
                                 ExceptionState& es);
  ~WebSocketStream() override;

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  std::string url() const { return url_.Serialize(); }
  v8::Local<v8::Promise> opened(v8::Isolate* isolate) const;
  v8::Local<v8::Promise> closed(v8::Isolate* isolate) const;
  void close(const WebSocketCloseInfo& info, ExceptionState& es);

  // WebSocketChannelClient
  void DidConnect(const std::string& protocol, const std::string& extensions) override;
  void DidReceiveMessage(net::MessageType type, net::Buffer payload) override;
  void DidConsumeBufferedAmount(uint64_t bytes) override;
  void DidStartClosingHandshake() override;
  void DidClose(bool was_clean,
                uint16_t code,
                const std::string& reason,
                bool failed,
                const std::string& failure) override;

 protected:
  // The constructor's remaining steps, once the binding has made the wrapper that keeps
  // the promises: the signal, then the connection.
  void OnWrapperAssociated(v8::Isolate* isolate) override;

 private:
  class Source;
  class Sink;
  enum State { kConnecting, kOpen, kClosing, kClosed };

  WebSocketStream(ExecutionContext* context, Url url, std::vector<std::string> protocols);

  // "Close the WebSocket" (shared with WebSocket's close()), with checked arguments.
  void CloseInternal(std::optional<uint16_t> code, const std::string& reason);
  // The writable's close(): no code.
  void CloseWithUnspecifiedCode() { CloseInternal(std::nullopt, std::string()); }
  // The writable's abort(reason) and the readable's cancel(reason): the code and reason of
  // a WebSocketError, no code for anything else.
  void CloseMaybeWithReason(v8::Local<v8::Value> reason);
  // The signal aborted: only the handshake can be aborted.
  void OnAbort();
  void ReleaseChannel(std::optional<uint16_t> code);
  void ContextDestroyed();
  void Settle(uint32_t key, bool fulfil, v8::Local<v8::Value> value);

  ExecutionContext* context_;
  Url url_;
  std::vector<std::string> protocols_;  // until the connection starts
  AbortSignal* signal_ = nullptr;       // until the connection starts
  State state_ = kConnecting;
  bool was_ever_connected_ = false;
  std::unique_ptr<WebSocketChannel> channel_;  // while set, keeps this object alive
  Source* source_ = nullptr;                   // after the handshake; its wrapper is kept in ours
  Sink* sink_ = nullptr;
  std::shared_ptr<WebSocketStream*> handle_;  // what the signal's abort algorithm holds
  std::function<void()> teardown_observer_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_WEBSOCKETS_WEBSOCKET_STREAM_H_
