// WebSocket (WebSockets Standard §3): the DOM object. It follows the spec's algorithms and
// talks to the network only through a WebSocketChannel.
#ifndef V8WS_CORE_WEBSOCKETS_WEBSOCKET_H_
#define V8WS_CORE_WEBSOCKETS_WEBSOCKET_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "bindings/generated/v8_binary_type.h"
#include "bindings/generated/v8_union_buffer_source_or_blob_or_usv_string.h"
#include "bindings/generated/v8_union_dom_string_or_dom_string_sequence.h"
#include "core/dom/event_target.h"
#include "core/url/url.h"
#include "core/websockets/websocket_channel.h"

namespace v8ws {

class WebSocket final : public EventTarget, public WebSocketChannelClient {
 public:
  enum State : uint16_t { kConnecting = 0, kOpen = 1, kClosing = 2, kClosed = 3 };

  static WebSocket* Create(ExecutionContext* context,
                           const std::string& url,
                           const DOMStringOrDOMStringSequence& protocols,
                           ExceptionState& es);
  ~WebSocket() override;

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  std::string url() const { return url_.Serialize(); }
  uint16_t readyState() const { return state_; }
  uint64_t bufferedAmount() const { return buffered_amount_; }
  std::string extensions() const { return extensions_; }
  std::string protocol() const { return protocol_; }
  void close(std::optional<uint16_t> code,
             const std::optional<std::string>& reason,
             ExceptionState& es);
  BinaryType binaryType() const { return binary_type_; }
  void setBinaryType(BinaryType type) { binary_type_ = type; }
  void send(const BufferSourceOrBlobOrUSVString& data, ExceptionState& es);

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

 private:
  WebSocket(ExecutionContext* context, Url url);
  void Connect(const std::vector<std::string>& protocols);
  void OnEventListenersChanged() override { UpdatePendingActivity(); }
  // WebSockets §3 "Garbage collection".
  void UpdatePendingActivity();
  void ContextDestroyed();
  void ReleaseChannel(std::optional<uint16_t> code);

  Url url_;
  // The serialized origin of url_: every MessageEvent's origin, shared rather than copied.
  std::shared_ptr<const std::string> origin_;
  State state_ = kConnecting;
  uint64_t buffered_amount_ = 0;
  bool full_ = false;  // flagged as full (send() past ContextOptions::max_buffered_amount)
  std::string extensions_;
  std::string protocol_;
  BinaryType binary_type_ = BinaryType::kBlob;
  std::unique_ptr<WebSocketChannel> channel_;  // while set, counts as pending activity
  std::function<void()> teardown_observer_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_WEBSOCKETS_WEBSOCKET_H_
