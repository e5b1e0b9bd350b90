// NetworkService: one libwebsockets context, every WebSocket connection of the process,
// served either on a thread of its own or on a libuv loop the embedder runs (then on that
// loop's thread, with no hop between threads). The only net/ header core/ includes.
// Commands are thread-safe on a thread of its own; on a loop they come from the loop's
// thread. A connection's events reach its ConnectionClient on the service's thread, in
// order, never from inside a command.
#ifndef V8WS_NET_NETWORK_SERVICE_H_
#define V8WS_NET_NETWORK_SERVICE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/buffer.h"
#include "net/message.h"

namespace v8ws::net {

using ConnectionId = uint64_t;

// Receive flow control, shared by the network thread and the consumer. net/ adds each
// message it hands over (plus a per-message overhead) and stops reading the socket above
// `high`; the consumer subtracts what it has delivered and calls NetworkService::Resume once
// it brings the total under `low` (a quarter of it) while `paused` is set. Whoever clears
// `paused` resumes. Undelivered bytes stay under high + one read + one message.
struct ReceiveCredit {
  static constexpr int64_t kDefaultHigh = 8 << 20;
  static constexpr int64_t kPerMessage = 64;
  explicit ReceiveCredit(int64_t high_water = kDefaultHigh)
      : high(high_water), low(high_water / 4) {}
  const int64_t high;
  const int64_t low;
  std::atomic<int64_t> undelivered{0};
  std::atomic<bool> paused{false};

  // Consumer side: true when the caller must call NetworkService::Resume.
  bool Consume(int64_t bytes) {
    int64_t left = undelivered.fetch_sub(bytes + kPerMessage) - bytes - kPerMessage;
    return left < low && paused.load() && paused.exchange(false);
  }
};

// Called on the service's thread (the loop's, when it runs on one), never from inside a
// NetworkService call. The implementation forwards to its own thread or task queue.
class ConnectionClient {
 public:
  virtual ~ConnectionClient() = default;
  // The opening handshake succeeded.
  virtual void OnOpen(std::string protocol, std::string extensions) = 0;
  virtual void OnMessage(MessageType type, Buffer payload) = 0;
  // The messages passed to send() up to some message's end were handed to the socket:
  // `bytes` of application data (0 when those messages were empty).
  virtual void OnBytesSent(uint64_t bytes) = 0;
  // The server started the closing handshake.
  virtual void OnClosingHandshakeStarted() = 0;
  // The last event. `failed`: the connection was failed (the spec fires `error` first).
  virtual void OnClosed(bool was_clean,
                        uint16_t code,
                        std::string reason,
                        bool failed,
                        std::string failure_reason) = 0;
};

struct ConnectRequest {
  bool secure = false;
  std::string host;  // a domain, an IPv4 address, or an IPv6 address without brackets
  uint16_t port = 80;
  std::string host_header;  // what the Host header carries
  std::string resource;     // path and query
  std::string origin;
  std::vector<std::string> protocols;
  std::vector<std::pair<std::string, std::string>> extra_headers;
  size_t max_message_size = 256u << 20;
  // A longer response head fails the connection (1006) instead of growing without bound.
  size_t max_handshake_response_size = 64 * 1024;
  uint32_t handshake_timeout_ms = 30000;
  // wss: a PEM file of CAs trusted on top of the system store and SSL_CERT_FILE.
  std::string ca_file;
  // Optional: bounds what is received but not yet consumed (see ReceiveCredit).
  std::shared_ptr<ReceiveCredit> credit;
  // Credentials from the URL (percent-decoded): sent as Authorization: Basic.
  std::string username;
  std::string password;
};

// Fetch §2.9 "bad port": connections to these fail without a connection attempt.
bool IsBadPort(uint16_t port);

class NetworkService {
 public:
  struct Options {
    // Seconds to wait for the server's Close frame after ours (Chromium waits 60 s: a busy
    // server may answer late, and a clean close is worth the wait).
    uint32_t closing_handshake_timeout_s = 60;
    // Seconds to wait for the server to close TCP after both Close frames (RFC 6455 §7.1.1).
    uint32_t close_timeout_s = 2;
    // Connections open at once in the process; more fail at once (1006). The process's
    // soft file descriptor limit is raised to this plus 1,024 (within the hard limit).
    size_t max_connections = 16384;
    // RFC 6455 §4.1 step 2: at most one connection per host and port in CONNECTING, the
    // others waiting in order. False lets 128 connect at once (Bun and Deno do not wait).
    bool one_connecting_per_endpoint = true;
    // Name resolution, off the network thread: the addresses of `host` in the order to try
    // (an empty list fails the connection). Default: getaddrinfo(). Tests replace it.
    std::function<std::vector<std::string>(const std::string& host)> resolve;
    // A uv_loop_t* to serve connections on, from the thread that runs it; null: a thread of
    // the service's own. On a loop, the service's handles keep the loop alive while it
    // exists (uv_run(UV_RUN_DEFAULT) does not return): run it while there is work of your
    // own, and destroy the service on the loop's thread outside its callbacks (it then runs
    // the loop until its connections are closed, at most a second).
    void* uv_loop = nullptr;
  };

  // Starts the network thread, or joins the loop.
  static std::shared_ptr<NetworkService> Create(Options options);
  static std::shared_ptr<NetworkService> Create() { return Create(Options()); }
  virtual ~NetworkService() = default;

  virtual ConnectionId Connect(ConnectRequest request,
                               std::shared_ptr<ConnectionClient> client) = 0;
  virtual void Send(ConnectionId id, MessageType type, Buffer payload) = 0;
  // As Send, from bytes the caller keeps only for the call: on the loop's thread the service
  // frames them at once, with no copy in between.
  virtual void SendBytes(ConnectionId id, MessageType type, const uint8_t* data, size_t size) {
    Send(id, type, Buffer(data, size));
  }
  // Starts the closing handshake after every message already sent.
  virtual void Close(ConnectionId id, std::optional<uint16_t> code, std::string reason) = 0;
  // Fails the connection, closing TCP without a Close frame: no more events but the final
  // OnClosed (failed = true, `why` its reason).
  virtual void Fail(ConnectionId id, std::string why) = 0;
  // Reading resumes after ReceiveCredit::Consume said so.
  virtual void Resume(ConnectionId id) = 0;
  // The client is going away: no more events at all; an open connection is closed with
  // `code` (1001 when the context is torn down, none when collected by GC).
  virtual void Release(ConnectionId id, std::optional<uint16_t> code) = 0;

  // Connections not yet fully closed (for tests and shut-down).
  virtual size_t ConnectionCount() const = 0;
};

// A NetworkService made on first use, so that a context whose script never opens a socket
// never starts lws (its context and plugin scan were 3 % of the shell's startup). Get() is
// thread-safe; on a loop, the first use is on the loop's thread like every other.
class LazyNetworkService {
 public:
  explicit LazyNetworkService(NetworkService::Options options) : options_(std::move(options)) {}
  NetworkService* Get() {
    std::call_once(once_, [this] {
      service_ = NetworkService::Create(std::move(options_));
      created_.store(true, std::memory_order_release);
    });
    return service_.get();
  }
  size_t ConnectionCount() const {
    return created_.load(std::memory_order_acquire) ? service_->ConnectionCount() : 0;
  }

 private:
  std::once_flag once_;
  std::atomic<bool> created_{false};
  NetworkService::Options options_;
  std::shared_ptr<NetworkService> service_;
};

}  // namespace v8ws::net

#endif  // V8WS_NET_NETWORK_SERVICE_H_
