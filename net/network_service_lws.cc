// The NetworkService on libwebsockets: RAW client connections carry bytes; the protocol is
// WebSocketEngine's. One lws context on one thread; commands arrive through a locked queue
// and lws_cancel_service(), the only lws call that is safe from another thread.
#include <libwebsockets.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "net/network_service.h"
#include "net/protocol/websocket_engine.h"
#include "net/tls.h"

namespace v8ws::net {
namespace {

class NetworkServiceLws;

// One WebSocket connection, owned by the service's map, touched only on its thread.
class Connection : public WebSocketEngineDelegate {
 public:
  Connection(ConnectionId id,
             const ConnectRequest& request,
             std::shared_ptr<ConnectionClient> client)
      : id_(id),
        request_(request),
        client_(std::move(client)),
        engine_(HandshakeRequest{request.host_header, request.resource, request.origin,
                                 request.protocols, HeadersFor(request)},
                request.max_message_size,
                this) {}

  // The embedder's headers, and the URL's credentials as Basic authentication.
  static std::vector<std::pair<std::string, std::string>> HeadersFor(const ConnectRequest& r) {
    auto headers = r.extra_headers;
    if (!r.username.empty() || !r.password.empty())
      headers.emplace_back("Authorization", "Basic " + Base64Encode(r.username + ":" + r.password));
    return headers;
  }

  void OnEngineOpen(const std::string& protocol, const std::string& extensions) override {
    if (wsi_)
      lws_set_timeout(wsi_, NO_PENDING_TIMEOUT, 0);
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
    if (!credit || !wsi_ || credit->paused.load() ||
        credit->undelivered.load() <= ReceiveCredit::kHigh)
      return;
    lws_rx_flow_control(wsi_, 0);
    credit->paused.store(true);
    // The consumer may have drained meanwhile without seeing `paused`: resume here then.
    if (credit->undelivered.load() < ReceiveCredit::kLow && credit->paused.exchange(false))
      lws_rx_flow_control(wsi_, 1);
  }

  void OnEngineClosingHandshakeStarted() override {
    if (client_)
      client_->OnClosingHandshakeStarted();
  }

  // Queues a message when open: its application bytes are reported once they reach the
  // socket. Otherwise it is never sent nor reported (the spec keeps it in bufferedAmount).
  void Send(MessageType type, const Buffer& payload) {
    if (engine_.state() != WebSocketEngine::State::kOpen)
      return;
    engine_.SendMessage(type, payload.data(), payload.size());
    ledger_.push_back({queued_total_ + engine_.output().size(), payload.size()});
  }

  // Writes what is pending; false when the connection must now close.
  bool Write() {
    Buffer& plain = engine_.output();
    uint64_t handed = 0;
    if (tls_ && !plain.empty()) {
      if (!tls_->Send(plain.data(), plain.size()))
        return false;
      handed = plain.size();
      plain.Clear();
    }
    Buffer& wire = tls_ ? tls_->ciphertext() : plain;
    if (!wire.empty()) {
      // lws_write takes everything: what the kernel refuses, lws keeps and sends before
      // the next writeable callback.
      if (lws_write(wsi_, wire.data(), wire.size(), LWS_WRITE_RAW) < 0)
        return false;
      if (!tls_)
        handed = wire.size();
      wire.Clear();
    }
    if (handed) {
      queued_total_ += handed;
      uint64_t acked = 0;
      while (!ledger_.empty() && ledger_.front().first <= queued_total_) {
        acked += ledger_.front().second;
        ledger_.pop_front();
      }
      if (acked && client_)
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
    Buffer plain;
    if (!tls_->Receive(data, size, &plain)) {
      // A broken TLS stream cannot carry a Close frame: fail without one.
      engine_.Fail(kCloseAbnormal, "TLS error: " + tls_->error());
      return;
    }
    if (!plain.empty())
      engine_.Receive(plain.data(), plain.size());
  }

  // After bytes came in or a command ran: schedule writes, timeouts and closes.
  void AfterEngineStep(uint32_t close_timeout_s) {
    if (!wsi_)
      return;
    if (engine_.ShouldCloseTransport() || released_without_close_)
      close_after_flush_ = true;
    if (HasOutput() || close_after_flush_)
      lws_callback_on_writable(wsi_);
    // Each wait of the closing handshake is bounded: for the server's Close frame after ours,
    // then (RFC 6455 §7.1.1) for the server to close TCP first.
    WebSocketEngine::State state = engine_.state();
    if ((state == WebSocketEngine::State::kClosing && close_timer_for_ != state) ||
        (state == WebSocketEngine::State::kCloseReceived && close_timer_for_ != state)) {
      close_timer_for_ = state;
      lws_set_timeout(wsi_, PENDING_TIMEOUT_USER_OK, static_cast<int>(close_timeout_s));
    }
  }

  void ReportClosed() {
    if (reported_ || !client_)
      return;
    reported_ = true;
    // "Fail the WebSocket connection" happened, or TCP went away unexpectedly (RFC 6455
    // §7.2.1). Not after our own Close: a closing handshake that timed out is only unclean.
    bool failed = engine_.state() == WebSocketEngine::State::kFailed ||
                  engine_.state() == WebSocketEngine::State::kHandshake ||
                  (engine_.CloseCode() == kCloseAbnormal && !engine_.close_sent());
    std::string why = engine_.failure_reason();
    if (failed && why.empty())
      why = engine_.state() == WebSocketEngine::State::kHandshake
                ? "Connection closed before receiving a handshake response"
                : "Connection closed without a close frame";
    client_->OnClosed(engine_.WasClean(), engine_.CloseCode(),
                      failed ? std::string() : engine_.CloseReason(), failed, why);
  }

  ConnectionId id_;
  ConnectRequest request_;
  std::chrono::steady_clock::time_point handshake_deadline_ =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(request_.handshake_timeout_ms);
  std::shared_ptr<ConnectionClient> client_;  // null once released
  WebSocketEngine engine_;
  std::unique_ptr<TlsSession> tls_;  // wss: only
  // Set while this connection is its endpoint's one CONNECTING connection.
  std::function<void(Connection*)> leave_connecting_;
  lws* wsi_ = nullptr;
  std::deque<std::pair<uint64_t, uint64_t>> ledger_;  // (wire offset of frame end, app bytes)
  uint64_t queued_total_ = 0;                         // bytes handed to lws so far
  bool close_after_flush_ = false;
  WebSocketEngine::State close_timer_for_ = WebSocketEngine::State::kHandshake;
  bool released_without_close_ = false;
  bool reported_ = false;
};

struct Command {
  enum Kind { kConnect, kSend, kClose, kFail, kRelease, kResume, kStop } kind;
  ConnectionId id = 0;
  // Connect only: a Send, the common command, stays small.
  std::unique_ptr<ConnectRequest> request;
  std::shared_ptr<ConnectionClient> client;
  MessageType type = MessageType::kText;
  Buffer payload;
  std::optional<uint16_t> code;
  std::string reason;
};

class NetworkServiceLws : public NetworkService {
 public:
  explicit NetworkServiceLws(Options options) : options_(options) {
    lws_set_log_level(0, nullptr);
    static const lws_protocols kProtocols[] = {
        {"v8ws-raw", &NetworkServiceLws::Callback, 0, 0, 0, nullptr, 0},
        {nullptr, nullptr, 0, 0, 0, nullptr, 0},
    };
    lws_context_creation_info info;
    std::memset(&info, 0, sizeof(info));
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = kProtocols;
    info.user = this;
    info.timeout_secs = 30;
    // lws reads a RAW socket into this per-thread buffer: the 4 KiB default meant 256
    // callbacks per 1 MiB message.
    info.pt_serv_buf_size = 256 * 1024;
    context_ = lws_create_context(&info);
    thread_ = std::thread([this] { Run(); });
  }

  ~NetworkServiceLws() override {
    Command stop;
    stop.kind = Command::kStop;
    Post(std::move(stop));
    thread_.join();
  }

  ConnectionId Connect(ConnectRequest request, std::shared_ptr<ConnectionClient> client) override {
    Command c;
    c.kind = Command::kConnect;
    c.id = next_id_.fetch_add(1);
    c.request = std::make_unique<ConnectRequest>(std::move(request));
    c.client = std::move(client);
    ConnectionId id = c.id;
    live_.fetch_add(1);
    Post(std::move(c));
    return id;
  }
  void Send(ConnectionId id, MessageType type, Buffer payload) override {
    Command c;
    c.kind = Command::kSend;
    c.id = id;
    c.type = type;
    c.payload = std::move(payload);
    Post(std::move(c));
  }
  void Close(ConnectionId id, std::optional<uint16_t> code, std::string reason) override {
    Command c;
    c.kind = Command::kClose;
    c.id = id;
    c.code = code;
    c.reason = std::move(reason);
    Post(std::move(c));
  }
  void Fail(ConnectionId id) override { Post(Command::kFail, id); }
  void Resume(ConnectionId id) override { Post(Command::kResume, id); }
  void Release(ConnectionId id, std::optional<uint16_t> code) override {
    Command c;
    c.kind = Command::kRelease;
    c.id = id;
    c.code = code;
    Post(std::move(c));
  }
  size_t ConnectionCount() const override { return live_.load(); }

 private:
  void Post(Command::Kind kind, ConnectionId id) {
    Command c;
    c.kind = kind;
    c.id = id;
    Post(std::move(c));
  }

  void Post(Command command) {
    bool wake;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      wake = commands_.empty();  // one wake-up per batch, not per command
      commands_.push_back(std::move(command));
    }
    if (wake && context_)
      lws_cancel_service(context_);
  }

  void Run() {
    if (!context_)
      return;
    while (!stopping_)
      lws_service(context_, 0);
    // Destroyed on the thread that ran it; connections still open are dropped.
    lws_context_destroy(context_);
  }

  void Drain() {
    std::vector<Command> batch;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      batch.swap(commands_);
    }
    for (Command& c : batch)
      Execute(c);
  }

  void Execute(Command& c) {
    if (c.kind == Command::kStop) {
      stopping_ = true;
      for (auto& [id, conn] : connections_) {
        conn->client_.reset();
        if (conn->wsi_)
          lws_set_timeout(conn->wsi_, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
      }
      return;
    }
    if (c.kind == Command::kConnect) {
      StartConnect(c);
      return;
    }
    auto it = connections_.find(c.id);
    if (it == connections_.end())
      return;
    Connection* conn = it->second.get();
    switch (c.kind) {
      case Command::kSend:
        conn->Send(c.type, c.payload);
        break;
      case Command::kResume:
        // Outside this wsi's own callback, lws applies the change only when told "now".
        if (conn->wsi_)
          lws_rx_flow_control(conn->wsi_, LWS_RXFLOW_REASON_APPLIES_ENABLE |
                                              LWS_RXFLOW_REASON_USER_BOOL |
                                              LWS_RXFLOW_REASON_FLAG_PROCESS_NOW);
        break;
      case Command::kClose:
        conn->engine_.StartClose(c.code, c.reason);
        break;
      case Command::kFail:
        conn->engine_.Fail(kCloseAbnormal,
                           "WebSocket is closed before the connection is established.");
        if (!conn->wsi_) {
          Finish(conn);
          return;
        }
        break;
      case Command::kRelease:
        conn->client_.reset();
        if (conn->engine_.state() == WebSocketEngine::State::kOpen) {
          conn->engine_.StartClose(c.code, std::string());
        } else if (conn->engine_.state() != WebSocketEngine::State::kClosing &&
                   conn->engine_.state() != WebSocketEngine::State::kCloseReceived) {
          conn->released_without_close_ = true;
        }
        if (!conn->wsi_) {
          Finish(conn);
          return;
        }
        break;
      default:
        break;
    }
    conn->AfterEngineStep(options_.close_timeout_s);
  }

  void StartConnect(Command& c) {
    auto owned = std::make_unique<Connection>(c.id, *c.request, std::move(c.client));
    Connection* conn = owned.get();
    connections_[c.id] = std::move(owned);
    if (IsBadPort(conn->request_.port)) {
      conn->engine_.Fail(kCloseAbnormal, "port " + std::to_string(conn->request_.port) +
                                             " is restricted (a bad port)");
      Finish(conn);
      return;
    }
    if (conn->request_.secure) {
      std::string error;
      const TlsContext* tls = TlsContextFor(conn->request_.ca_file, &error);
      if (!tls) {
        conn->engine_.Fail(kCloseAbnormal, error);
        Finish(conn);
        return;
      }
      conn->tls_ = std::make_unique<TlsSession>(*tls, conn->request_.host);
    }
    // RFC 6455 §4.1: one CONNECTING connection per host and port; the others wait in order.
    std::string endpoint = EndpointKey(conn->request_);
    if (connecting_.count(endpoint)) {
      waiting_[endpoint].push_back(conn->id_);
      return;
    }
    Dial(conn);
  }

  static std::string EndpointKey(const ConnectRequest& r) {
    std::string host = r.host;
    for (char& c : host)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return host + "|" + std::to_string(r.port);
  }

  // Frees the endpoint `conn` held while connecting and dials the next one waiting for it.
  void LeaveConnecting(Connection* conn) {
    conn->leave_connecting_ = nullptr;
    std::string endpoint = EndpointKey(conn->request_);
    connecting_.erase(endpoint);
    auto queue = waiting_.find(endpoint);
    while (queue != waiting_.end() && !queue->second.empty()) {
      ConnectionId next = queue->second.front();
      queue->second.pop_front();
      auto it = connections_.find(next);
      if (it == connections_.end())
        continue;  // failed or released while it waited
      if (queue->second.empty())
        waiting_.erase(queue);
      Dial(it->second.get());
      return;
    }
    if (queue != waiting_.end())
      waiting_.erase(queue);
  }

  // Starts the TCP connection; `conn` becomes its endpoint's CONNECTING connection.
  void Dial(Connection* conn) {
    ConnectionId id = conn->id_;
    connecting_.insert(EndpointKey(conn->request_));
    conn->leave_connecting_ = [this](Connection* c) { LeaveConnecting(c); };
    lws_client_connect_info info;
    std::memset(&info, 0, sizeof(info));
    info.context = context_;
    info.address = conn->request_.host.c_str();
    info.port = conn->request_.port;
    info.host = conn->request_.host.c_str();
    info.origin = conn->request_.host.c_str();
    info.path = "/";
    info.method = "RAW";
    info.local_protocol_name = "v8ws-raw";
    info.opaque_user_data = conn;
    info.pwsi = &conn->wsi_;
    lws* wsi = lws_client_connect_via_info(&info);
    if (!wsi) {
      // Failed at once (or lws already reported the error through the callback).
      if (connections_.count(id))
        Finish(conn);
      return;
    }
    int timeout_s = static_cast<int>((conn->request_.handshake_timeout_ms + 999) / 1000);
    lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, timeout_s);
  }

  // One TLS context per CA file, made on first use (loading trust stores is slow).
  const TlsContext* TlsContextFor(const std::string& ca_file, std::string* error) {
    auto it = tls_contexts_.find(ca_file);
    if (it != tls_contexts_.end())
      return it->second.get();
    std::unique_ptr<TlsContext> context = TlsContext::Create(ca_file, error);
    if (!context)
      return nullptr;
    return (tls_contexts_[ca_file] = std::move(context)).get();
  }

  // The transport is gone: report, forget the connection.
  void Finish(Connection* conn) {
    conn->wsi_ = nullptr;
    conn->ReportClosed();
    if (conn->leave_connecting_)
      LeaveConnecting(conn);
    connections_.erase(conn->id_);
    live_.fetch_sub(1);
  }

  static int Callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
    lws_context* context = lws_get_context(wsi);
    auto* self = static_cast<NetworkServiceLws*>(lws_context_user(context));
    if (!self)
      return 0;
    if (reason == LWS_CALLBACK_EVENT_WAIT_CANCELLED) {
      self->Drain();
      return 0;
    }
    auto* conn = static_cast<Connection*>(lws_get_opaque_user_data(wsi));
    if (!conn)
      return 0;
    switch (reason) {
      case LWS_CALLBACK_RAW_CONNECTED: {
        conn->wsi_ = wsi;
        if (conn->released_without_close_ ||
            conn->engine_.state() == WebSocketEngine::State::kFailed)
          return -1;
        // lws cleared the connect timeout: what is left of the handshake timeout applies.
        auto left = std::chrono::duration_cast<std::chrono::seconds>(
                        conn->handshake_deadline_ - std::chrono::steady_clock::now())
                        .count();
        lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, static_cast<int>(left < 1 ? 1 : left));
        if (conn->tls_ && !conn->tls_->Start())
          conn->engine_.Fail(kCloseAbnormal, "TLS error: " + conn->tls_->error());
        else
          conn->engine_.Start();
        conn->AfterEngineStep(self->options_.close_timeout_s);
        return 0;
      }
      case LWS_CALLBACK_RAW_RX:
        conn->Receive(static_cast<const uint8_t*>(in), len);
        conn->ApplyReceiveCredit();
        conn->AfterEngineStep(self->options_.close_timeout_s);
        return 0;
      case LWS_CALLBACK_RAW_WRITEABLE:
        return conn->Write() ? 0 : -1;
      case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
        conn->engine_.Fail(kCloseAbnormal,
                           std::string("could not connect: ") +
                               (in ? static_cast<const char*>(in) : "connection error"));
        lws_set_opaque_user_data(wsi, nullptr);
        self->Finish(conn);
        return 0;
      case LWS_CALLBACK_RAW_CLOSE:
        lws_set_opaque_user_data(wsi, nullptr);
        self->Finish(conn);
        return 0;
      default:
        return 0;
    }
  }

  Options options_;
  lws_context* context_ = nullptr;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<Command> commands_;
  std::atomic<ConnectionId> next_id_{1};
  std::atomic<size_t> live_{0};
  bool stopping_ = false;
  std::unordered_map<ConnectionId, std::unique_ptr<Connection>> connections_;
  std::map<std::string, std::unique_ptr<TlsContext>> tls_contexts_;
  std::set<std::string> connecting_;  // endpoints with a CONNECTING connection
  std::map<std::string, std::deque<ConnectionId>> waiting_;  // the others, in order
};

}  // namespace

bool IsBadPort(uint16_t port) {
  static const uint16_t kBadPorts[] = {
      1,    7,    9,    11,   13,   15,   17,   19,   20,   21,   22,   23,   25,   37,
      42,   43,   53,   69,   77,   79,   87,   95,   101,  102,  103,  104,  109,  110,
      111,  113,  115,  117,  119,  123,  135,  137,  139,  143,  161,  179,  389,  427,
      465,  512,  513,  514,  515,  526,  530,  531,  532,  540,  548,  554,  556,  563,
      587,  601,  636,  989,  990,  993,  995,  1719, 1720, 1723, 2049, 3659, 4045, 4190,
      5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080};
  for (uint16_t bad : kBadPorts) {
    if (port == bad)
      return true;
  }
  return false;
}

std::shared_ptr<NetworkService> NetworkService::Create(Options options) {
  return std::make_shared<NetworkServiceLws>(options);
}

}  // namespace v8ws::net
