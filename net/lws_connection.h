// One WebSocket connection of the libwebsockets network service: its protocol engine, its
// TLS session, the ledger of bytes sent and receive flow control, and the lws connection
// carrying it. Owned by the service's map and touched only on the network thread.
#ifndef V8WS_NET_LWS_CONNECTION_H_
#define V8WS_NET_LWS_CONNECTION_H_

#include <libwebsockets.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/network_service.h"
#include "net/protocol/websocket_engine.h"
#include "net/tls.h"

namespace v8ws::net {

class Connection;

// What a connection asks of the service that owns it.
class ConnectionHost {
 public:
  // Write what is pending (at once, or when the socket is writable).
  virtual void WantWrite(Connection* conn) = 0;
  // The connection's one deadline (none: it has none); past it, the service ends it.
  virtual void SetDeadline(Connection* conn,
                           std::optional<std::chrono::steady_clock::time_point> when) = 0;

 protected:
  ~ConnectionHost() = default;
};

// One WebSocket connection, owned by the service's map, touched only on its thread.
class Connection : public WebSocketEngineDelegate {
 public:
  Connection(ConnectionHost* host,
             ConnectionId id,
             const ConnectRequest& request,
             std::shared_ptr<ConnectionClient> client)
      : host_(host),
        id_(id),
        request_(request),
        client_(std::move(client)),
        engine_(HandshakeRequest{request.host_header, request.resource, request.origin,
                                 request.protocols, HeadersFor(request)},
                request.max_message_size,
                this) {
    engine_.set_max_handshake_response_size(request.max_handshake_response_size);
  }

  // The embedder's headers, and the URL's credentials as Basic authentication.
  static std::vector<std::pair<std::string, std::string>> HeadersFor(const ConnectRequest& r) {
    auto headers = r.extra_headers;
    if (!r.username.empty() || !r.password.empty())
      headers.emplace_back("Authorization", "Basic " + Base64Encode(r.username + ":" + r.password));
    return headers;
  }

  void OnEngineOpen(const std::string& protocol, const std::string& extensions) override {
    host_->SetDeadline(this, std::nullopt);
    if (leave_connecting_)
      leave_connecting_(this);
    if (client_)
      client_->OnOpen(protocol, extensions);
  }
  void OnEngineMessage(MessageType type, Buffer payload) override {
    if (!client_)
      return;
    if (request_.credit)
      request_.credit->undelivered +=
          static_cast<int64_t>(payload.size()) + ReceiveCredit::kPerMessage;
    client_->OnMessage(type, std::move(payload));
  }

  // After a read: stop reading while the consumer is too far behind.
  void ApplyReceiveCredit() {
    ReceiveCredit* credit = request_.credit.get();
    if (!credit || !wsi_ || credit->paused.load() || credit->undelivered.load() <= credit->high)
      return;
    lws_rx_flow_control(wsi_, 0);
    credit->paused.store(true);
    // The consumer may have drained meanwhile without seeing `paused`: resume here then.
    if (credit->undelivered.load() < credit->low && credit->paused.exchange(false))
      lws_rx_flow_control(wsi_, 1);
  }

  // Reading paused for receive credit starts again (the consumer went away).
  void ResumeReading() {
    ReceiveCredit* credit = request_.credit.get();
    if (credit && wsi_ && credit->paused.exchange(false))
      lws_rx_flow_control(wsi_, LWS_RXFLOW_REASON_APPLIES_ENABLE | LWS_RXFLOW_REASON_USER_BOOL |
                                    LWS_RXFLOW_REASON_FLAG_PROCESS_NOW);
  }

  void OnEngineClosingHandshakeStarted() override {
    if (client_)
      client_->OnClosingHandshakeStarted();
  }

  // Queues a message when open: its application bytes are reported once they reach the
  // socket. Otherwise it is never sent nor reported (the spec keeps it in bufferedAmount).
  void Send(MessageType type, const uint8_t* data, size_t size) {
    if (engine_.state() != WebSocketEngine::State::kOpen)
      return;
    engine_.SendMessage(type, data, size);
    uint64_t unsent = engine_.output().size() - (tls_ ? plain_sent_ : wire_sent_);
    ledger_.push_back({queued_total_ + unsent, size});
  }

  // Writes what is pending straight to the socket (lws's own write would copy whatever the
  // kernel refuses into a list of its own); false when the connection must now close. What
  // the kernel refuses stays here, and the writable callback goes on from there.
  bool Write() {
    Buffer& plain = engine_.output();
    uint64_t handed = 0;
    int fd = lws_get_socket_fd(wsi_);
    for (;;) {
      // Into TLS only once its last records are out, and a slice at a time, so that records
      // never pile up unsent: what counts as handed to the socket is at most one slice ahead
      // of it (bufferedAmount and WebSocketStream's writes rely on that).
      if (tls_ && plain_sent_ < plain.size() && tls_->ciphertext().empty()) {
        size_t n = std::min(plain.size() - plain_sent_, kTlsSlice);
        if (!tls_->Send(plain.data() + plain_sent_, n))
          return false;
        handed += n;
        plain_sent_ += n;
        if (plain_sent_ == plain.size()) {
          plain.Clear();
          plain_sent_ = 0;
        }
      }
      Buffer& wire = tls_ ? tls_->ciphertext() : plain;
      while (wire_sent_ < wire.size()) {
        ssize_t n = send(fd, wire.data() + wire_sent_, wire.size() - wire_sent_, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
          continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
          break;
        if (n <= 0)
          return false;
        wire_sent_ += static_cast<size_t>(n);
        if (!tls_)
          handed += static_cast<uint64_t>(n);
      }
      if (wire_sent_ < wire.size())
        break;  // the kernel is full
      wire.Clear();
      wire_sent_ = 0;
      if (!tls_ || plain.empty())
        break;
    }
    if (handed) {
      queued_total_ += handed;
      uint64_t acked = 0;
      bool whole_message = false;  // an empty message is reported too, as 0 bytes
      while (!ledger_.empty() && ledger_.front().first <= queued_total_) {
        acked += ledger_.front().second;
        ledger_.pop_front();
        whole_message = true;
      }
      if (whole_message && client_)
        client_->OnBytesSent(acked);
    }
    if (HasOutput()) {
      lws_callback_on_writable(wsi_);
      return true;
    }
    return !close_after_flush_;
  }

  bool HasOutput() { return !engine_.output().empty() || (tls_ && !tls_->ciphertext().empty()); }

  // Bytes from the socket: through TLS when there is one, then to the engine.
  void Receive(const uint8_t* data, size_t size) {
    if (!tls_) {
      engine_.Receive(data, size);
      return;
    }
    Buffer& plain = plaintext_;
    plain.Clear();
    if (!tls_->Receive(data, size, &plain)) {
      // A broken TLS stream cannot carry a Close frame: fail without one.
      engine_.Fail(kCloseAbnormal, "TLS error: " + tls_->error());
      return;
    }
    if (!plain.empty())
      engine_.Receive(plain.data(), plain.size());
    if (tls_->peer_closed() && !close_after_flush_) {
      // The server's close_notify is its closing of the connection (RFC 6455 §7.1.1 has the
      // client wait for exactly that): answer it and close, as on TCP's end of stream.
      tls_->Shutdown();
      close_after_flush_ = true;
    }
  }

  // After bytes came in or a command ran: schedule writes, timeouts and closes.
  void AfterEngineStep(const NetworkService::Options& options) {
    if (!wsi_)
      return;
    if (engine_.ShouldCloseTransport() || released_without_close_)
      close_after_flush_ = true;
    if (HasOutput() || close_after_flush_)
      host_->WantWrite(this);
    // Each wait of the closing handshake is bounded: for the server's Close frame after ours,
    // then (RFC 6455 §7.1.1) for the server to close TCP first.
    WebSocketEngine::State state = engine_.state();
    if ((state == WebSocketEngine::State::kClosing ||
         state == WebSocketEngine::State::kCloseReceived) &&
        close_timer_for_ != state) {
      close_timer_for_ = state;
      uint32_t seconds = state == WebSocketEngine::State::kClosing
                             ? options.closing_handshake_timeout_s
                             : options.close_timeout_s;
      host_->SetDeadline(this, std::chrono::steady_clock::now() + std::chrono::seconds(seconds));
    }
  }

  void ReportClosed() {
    if (reported_ || !client_)
      return;
    reported_ = true;
    CloseOutcome outcome = engine_.Outcome();
    client_->OnClosed(outcome.was_clean, outcome.code, outcome.reason, outcome.failed, outcome.why);
  }

  // The opening handshake, from the moment the connection leaves its endpoint's queue
  // (waiting its turn does not count against it): name resolution, TCP, TLS, HTTP.
  void StartHandshakeClock() {
    handshake_deadline_ =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(request_.handshake_timeout_ms);
    host_->SetDeadline(this, handshake_deadline_);
  }

  ConnectionHost* host_;
  ConnectionId id_;
  ConnectRequest request_;
  std::chrono::steady_clock::time_point handshake_deadline_;
  std::shared_ptr<ConnectionClient> client_;  // null once released
  WebSocketEngine engine_;
  // wss: only. The session is made once TCP connects, so that it can resume a ticket that
  // an earlier connection (one that waited less in the endpoint queue) was given.
  TlsContext* tls_context_ = nullptr;
  std::unique_ptr<TlsSession> tls_;
  Buffer plaintext_;  // what TLS decrypted from one read, kept to spare an allocation per read
  // Set while this connection is its endpoint's one CONNECTING connection.
  std::function<void(Connection*)> leave_connecting_;
  lws* wsi_ = nullptr;
  bool connected_ = false;      // RAW_CONNECTED came: the socket may be written to
  bool flush_pending_ = false;  // in the service's list of connections to write
  // Name resolution and the addresses to try, in order (RFC 6455 §4.1 leaves the choice
  // to the client; browsers fall back to the next address when one refuses).
  bool resolving_ = false;
  std::vector<std::string> addresses_;
  size_t next_address_ = 0;
  uint64_t attempt_ = 0;
  std::deque<std::pair<uint64_t, uint64_t>> ledger_;  // (wire offset of frame end, app bytes)
  uint64_t queued_total_ = 0;  // bytes handed to the socket (TLS: to the TLS session) so far
  size_t wire_sent_ = 0;       // of the wire buffer (the engine's output, or TLS records)
  size_t plain_sent_ = 0;      // of the engine's output, into TLS
  static constexpr size_t kTlsSlice = 128 * 1024;
  bool close_after_flush_ = false;
  WebSocketEngine::State close_timer_for_ = WebSocketEngine::State::kHandshake;
  bool released_without_close_ = false;
  bool reported_ = false;
};

}  // namespace v8ws::net

#endif  // V8WS_NET_LWS_CONNECTION_H_
