// WebSocketChannel: what the DOM object knows of a connection. The network-backed channel
// implements it over net/; tests swap in a fake through ScopedChannelFactoryForTesting.
#ifndef V8WS_CORE_WEBSOCKETS_WEBSOCKET_CHANNEL_H_
#define V8WS_CORE_WEBSOCKETS_WEBSOCKET_CHANNEL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/buffer.h"
#include "net/message.h"

namespace v8ws {

class ExecutionContext;
struct Url;

// Called on the JS thread, each call from its own task, in the order net/ saw them.
class WebSocketChannelClient {
 public:
  virtual ~WebSocketChannelClient() = default;
  virtual void DidConnect(const std::string& protocol, const std::string& extensions) = 0;
  virtual void DidReceiveMessage(net::MessageType type, net::Buffer payload) = 0;
  virtual void DidConsumeBufferedAmount(uint64_t bytes) = 0;
  virtual void DidStartClosingHandshake() = 0;
  // The last call. `failed`: the spec's "fail the WebSocket connection" happened, and
  // `failure` says why (for the console, never for script).
  virtual void DidClose(bool was_clean,
                        uint16_t code,
                        const std::string& reason,
                        bool failed,
                        const std::string& failure) = 0;
};

class WebSocketChannel {
 public:
  virtual ~WebSocketChannel() = default;
  virtual void Connect(const Url& url, const std::vector<std::string>& protocols) = 0;
  virtual void Send(net::MessageType type, net::Buffer payload) = 0;
  // As Send, from bytes the caller keeps only for the call (no copy where net/ allows).
  virtual void SendBytes(net::MessageType type, const uint8_t* data, size_t size) {
    Send(type, net::Buffer(data, size));
  }
  // Starts the closing handshake after everything already sent.
  virtual void Close(std::optional<uint16_t> code, const std::string& reason) = 0;
  // Fails the connection (not yet established, or open with its send buffer full): TCP
  // closes without a Close frame; `why` goes to the console.
  virtual void Fail(const std::string& why) = 0;
  // The client goes away: no more calls; an open connection closes with `code`.
  virtual void Disconnect(std::optional<uint16_t> code) = 0;
  // Receive flow control, for WebSocketStream. While applied, received messages wait in the
  // channel undelivered (the other events do not wait for them, except the closing ones,
  // which keep their order), and net/ stops reading the socket once the waiting bytes pass
  // the receive window. Removing it delivers what waits, in order, from a task of its own.
  // A channel whose backpressure is applied before Connect reads ahead only
  // kFlowControlledReceiveWindow bytes, not ContextOptions::max_undelivered_bytes.
  static constexpr size_t kFlowControlledReceiveWindow = 64 * 1024;
  virtual void ApplyBackpressure() {}
  virtual void RemoveBackpressure() {}

  using Factory =
      std::function<std::unique_ptr<WebSocketChannel>(ExecutionContext*, WebSocketChannelClient*)>;
  static std::unique_ptr<WebSocketChannel> Create(ExecutionContext* context,
                                                  WebSocketChannelClient* client);
};

// While alive, WebSocketChannel::Create uses `factory` (unit tests of core/).
class ScopedChannelFactoryForTesting {
 public:
  explicit ScopedChannelFactoryForTesting(WebSocketChannel::Factory factory);
  ~ScopedChannelFactoryForTesting();

 private:
  WebSocketChannel::Factory previous_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_WEBSOCKETS_WEBSOCKET_CHANNEL_H_
