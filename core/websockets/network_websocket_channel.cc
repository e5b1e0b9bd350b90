// The WebSocketChannel over net/'s NetworkService: commands go straight to the service;
// its events are queued under a lock and delivered by one task per batch.
#include <algorithm>
#include <deque>
#include <memory>
#include <mutex>
#include <variant>
#include <vector>

#include "core/execution_context.h"
#include "core/url/url.h"
#include "core/websockets/websocket_channel.h"
#include "net/network_service.h"

namespace v8ws {
namespace {

WebSocketChannel::Factory& FactoryOverride() {
  static WebSocketChannel::Factory factory;
  return factory;
}

// Receives net/'s events on the network thread and replays them on the JS thread.
class Bridge : public net::ConnectionClient, public std::enable_shared_from_this<Bridge> {
 public:
  Bridge(std::function<void(std::function<void()>)> post, WebSocketChannelClient* client)
      : post_(std::move(post)), client_(client) {}

  // JS thread, once the connection exists: its receive credit, and how to ask net/ to read
  // again.
  void SetCredit(std::shared_ptr<net::ReceiveCredit> credit, std::function<void()> resume) {
    credit_ = std::move(credit);
    resume_ = std::move(resume);
  }

  // JS thread: no more deliveries.
  void Detach() { client_ = nullptr; }

  // JS thread: WebSocketChannel::ApplyBackpressure / RemoveBackpressure.
  void ApplyBackpressure() { backpressure_ = true; }
  void RemoveBackpressure() {
    backpressure_ = false;
    if (!Holding() || drain_posted_)
      return;
    // From a task of its own: the caller is script's pull(), which must not see a message
    // event run inside it.
    drain_posted_ = true;
    std::shared_ptr<Bridge> self = shared_from_this();
    post_([self] {
      self->drain_posted_ = false;
      self->DrainHeld();
    });
  }

  void OnOpen(std::string protocol, std::string extensions) override {
    Enqueue(Open{std::move(protocol), std::move(extensions)});
  }
  void OnMessage(net::MessageType type, net::Buffer payload) override {
    Enqueue(Message{type, std::move(payload)});
  }
  void OnBytesSent(uint64_t bytes) override { Enqueue(BytesSent{bytes}); }
  void OnClosingHandshakeStarted() override { Enqueue(ClosingStarted{}); }
  void OnClosed(bool was_clean,
                uint16_t code,
                std::string reason,
                bool failed,
                std::string failure_reason) override {
    Enqueue(Closed{was_clean, code, std::move(reason), failed, std::move(failure_reason)});
  }

 private:
  struct Open {
    std::string protocol, extensions;
  };
  struct Message {
    net::MessageType type;
    net::Buffer payload;
  };
  struct BytesSent {
    uint64_t bytes;
  };
  struct ClosingStarted {};
  struct Closed {
    bool was_clean;
    uint16_t code;
    std::string reason;
    bool failed;
    std::string why;
  };
  using Event = std::variant<Open, Message, BytesSent, ClosingStarted, Closed>;

  void Enqueue(Event event) {
    bool first;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      first = queue_.empty();
      queue_.push_back(std::move(event));
    }
    if (first) {
      // One task drains everything queued by then: batching is where throughput is.
      std::shared_ptr<Bridge> self = shared_from_this();
      post_([self] { self->Deliver(); });
    }
  }

  void Deliver() {
    // The two vectors trade buffers, so a steady stream of batches allocates nothing.
    std::vector<Event> batch = std::move(spare_);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      batch.swap(queue_);
    }
    for (Event& event : batch) {
      if (!client_)
        return;
      // Sends complete whatever waits on the receiving side; received messages, and the
      // closing events behind them, wait while backpressure is applied.
      bool waits = !std::holds_alternative<BytesSent>(event) &&
                   (Holding() || (backpressure_ && std::holds_alternative<Message>(event)));
      if (waits) {
        if (!held_)
          held_ = std::make_unique<std::deque<Event>>();
        held_->push_back(std::move(event));
      } else {
        Dispatch(event);
      }
    }
    batch.clear();
    if (batch.capacity() <= kKeptBatchCapacity)
      spare_ = std::move(batch);
  }

  bool Holding() const { return held_ && !held_->empty(); }

  void DrainHeld() {
    while (Holding() && client_) {
      if (backpressure_ && std::holds_alternative<Message>(held_->front()))
        return;
      Event event = std::move(held_->front());
      held_->pop_front();
      Dispatch(event);
    }
  }

  // Each event is a task of its own as far as script can tell (microtasks run in between):
  // the listener call sites take care of that.
  void Dispatch(Event& event) {
    if (auto* e = std::get_if<Open>(&event)) {
      client_->DidConnect(e->protocol, e->extensions);
    } else if (auto* e = std::get_if<Message>(&event)) {
      auto size = static_cast<int64_t>(e->payload.size());
      client_->DidReceiveMessage(e->type, std::move(e->payload));
      // Delivered: give the credit back, and let net/ read again if it had stopped.
      if (credit_ && credit_->Consume(size) && resume_)
        resume_();
    } else if (auto* e = std::get_if<BytesSent>(&event)) {
      client_->DidConsumeBufferedAmount(e->bytes);
    } else if (std::get_if<ClosingStarted>(&event)) {
      client_->DidStartClosingHandshake();
    } else if (auto* e = std::get_if<Closed>(&event)) {
      WebSocketChannelClient* client = client_;
      client_ = nullptr;
      held_.reset();
      client->DidClose(e->was_clean, e->code, e->reason, e->failed, e->why);
    }
  }

  std::function<void(std::function<void()>)> post_;
  WebSocketChannelClient* client_;  // JS thread only
  std::shared_ptr<net::ReceiveCredit> credit_;
  std::function<void()> resume_;  // JS thread only
  bool backpressure_ = false;     // JS thread only
  bool drain_posted_ = false;     // JS thread only
  // JS thread only: what waits for backpressure to lift. Made on first use: an empty
  // std::deque already holds half a kilobyte, and most connections never wait.
  std::unique_ptr<std::deque<Event>> held_;
  static constexpr size_t kKeptBatchCapacity = 64;  // events; a burst's buffer is let go
  std::vector<Event> spare_;                        // JS thread only
  std::mutex mutex_;
  std::vector<Event> queue_;
};

class NetworkWebSocketChannel : public WebSocketChannel {
 public:
  NetworkWebSocketChannel(ExecutionContext* context, WebSocketChannelClient* client)
      : context_(context), bridge_(std::make_shared<Bridge>(context->TaskPoster(), client)) {}
  ~NetworkWebSocketChannel() override {
    bridge_->Detach();
    if (connected_)
      context_->network()->Release(id_, std::nullopt);
  }

  void Connect(const Url& url, const std::vector<std::string>& protocols) override {
    const ContextOptions& options = context_->options();
    net::ConnectRequest request;
    request.secure = url.scheme == "wss";
    request.host = url.HostForConnect();
    request.port = url.EffectivePort();
    request.host_header = url.host.value_or("") + (url.port ? ":" + std::to_string(*url.port) : "");
    request.resource = url.SerializePath() + (url.query ? "?" + *url.query : "");
    request.origin = options.origin;
    request.protocols = protocols;
    request.extra_headers = options.extra_headers;
    request.max_message_size = options.max_message_size;
    request.max_handshake_response_size = options.max_handshake_response_size;
    request.handshake_timeout_ms = options.handshake_timeout_ms;
    request.ca_file = options.ca_file;
    request.username = PercentDecode(url.username);
    request.password = PercentDecode(url.password);
    size_t window = options.max_undelivered_bytes;
    if (flow_controlled_)
      window = std::min(window, kFlowControlledReceiveWindow);
    auto credit = std::make_shared<net::ReceiveCredit>(static_cast<int64_t>(window));
    request.credit = credit;
    id_ = context_->network()->Connect(std::move(request), bridge_);
    connected_ = true;
    net::NetworkService* network = context_->network();
    net::ConnectionId id = id_;
    bridge_->SetCredit(std::move(credit), [network, id] { network->Resume(id); });
  }
  void Send(net::MessageType type, net::Buffer payload) override {
    context_->network()->Send(id_, type, std::move(payload));
  }
  void SendBytes(net::MessageType type, const uint8_t* data, size_t size) override {
    context_->network()->SendBytes(id_, type, data, size);
  }
  void Close(std::optional<uint16_t> code, const std::string& reason) override {
    context_->network()->Close(id_, code, reason);
  }
  void Fail(const std::string& why) override { context_->network()->Fail(id_, why); }
  void ApplyBackpressure() override {
    if (!connected_)
      flow_controlled_ = true;
    bridge_->ApplyBackpressure();
  }
  void RemoveBackpressure() override { bridge_->RemoveBackpressure(); }
  void Disconnect(std::optional<uint16_t> code) override {
    bridge_->Detach();
    if (connected_)
      context_->network()->Release(id_, code);
    connected_ = false;
  }

 private:
  ExecutionContext* context_;
  std::shared_ptr<Bridge> bridge_;
  bool flow_controlled_ = false;  // backpressure was applied before Connect
  net::ConnectionId id_ = 0;
  bool connected_ = false;
};

}  // namespace

std::unique_ptr<WebSocketChannel> WebSocketChannel::Create(ExecutionContext* context,
                                                           WebSocketChannelClient* client) {
  if (FactoryOverride())
    return FactoryOverride()(context, client);
  return std::make_unique<NetworkWebSocketChannel>(context, client);
}

ScopedChannelFactoryForTesting::ScopedChannelFactoryForTesting(WebSocketChannel::Factory factory)
    : previous_(std::move(FactoryOverride())) {
  FactoryOverride() = std::move(factory);
}

ScopedChannelFactoryForTesting::~ScopedChannelFactoryForTesting() {
  FactoryOverride() = std::move(previous_);
}

}  // namespace v8ws
