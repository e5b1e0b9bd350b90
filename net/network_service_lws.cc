// The NetworkService on libwebsockets: RAW client connections carry bytes; the protocol is
// WebSocketEngine's. One lws context on one thread; commands arrive through a locked queue
// and lws_cancel_service(), the only lws call that is safe from another thread.
#include <arpa/inet.h>
#include <libwebsockets.h>
#include <netdb.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstddef>
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
    if (!credit || !wsi_ || credit->paused.load() || credit->undelivered.load() <= credit->high)
      return;
    lws_rx_flow_control(wsi_, 0);
    credit->paused.store(true);
    // The consumer may have drained meanwhile without seeing `paused`: resume here then.
    if (credit->undelivered.load() < credit->low && credit->paused.exchange(false))
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
  void AfterEngineStep(const NetworkService::Options& options) {
    if (!wsi_)
      return;
    if (engine_.ShouldCloseTransport() || released_without_close_)
      close_after_flush_ = true;
    if (HasOutput() || close_after_flush_)
      lws_callback_on_writable(wsi_);
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
      lws_set_timeout(wsi_, PENDING_TIMEOUT_USER_OK, static_cast<int>(seconds));
    }
  }

  void ReportClosed() {
    if (reported_ || !client_)
      return;
    reported_ = true;
    CloseOutcome outcome = engine_.Outcome();
    client_->OnClosed(outcome.was_clean, outcome.code, outcome.reason, outcome.failed, outcome.why);
  }

  // What is left of the handshake timeout.
  std::chrono::microseconds HandshakeTimeLeft() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(handshake_deadline_ -
                                                                 std::chrono::steady_clock::now());
  }
  // lws counts its timeouts in whole seconds: the time left, but at least one.
  void ApplyHandshakeTimeout(lws* wsi) const {
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(HandshakeTimeLeft()).count();
    lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, static_cast<int>(seconds < 1 ? 1 : seconds));
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
  // Name resolution and the addresses to try, in order (RFC 6455 §4.1 leaves the choice
  // to the client; browsers fall back to the next address when one refuses).
  struct DnsTimer {
    lws_sorted_usec_list_t sul;  // first: the callback gets its address
    Connection* conn;
    NetworkServiceLws* service;
  } dns_timer_{};
  bool resolving_ = false;
  std::vector<std::string> addresses_;
  size_t next_address_ = 0;
  uint64_t attempt_ = 0;
  std::deque<std::pair<uint64_t, uint64_t>> ledger_;  // (wire offset of frame end, app bytes)
  uint64_t queued_total_ = 0;                         // bytes handed to lws so far
  bool close_after_flush_ = false;
  WebSocketEngine::State close_timer_for_ = WebSocketEngine::State::kHandshake;
  bool released_without_close_ = false;
  bool reported_ = false;
};

struct Command {
  enum Kind { kConnect, kSend, kClose, kFail, kRelease, kResume, kResolved, kStop } kind;
  ConnectionId id = 0;
  // Connect only: a Send, the common command, stays small.
  std::unique_ptr<ConnectRequest> request;
  std::shared_ptr<ConnectionClient> client;
  MessageType type = MessageType::kText;
  Buffer payload;
  std::optional<uint16_t> code;
  std::string reason;
  std::vector<std::string> addresses;  // kResolved
};

// getaddrinfo() in order, duplicates dropped: both families, as the system ranks them.
std::vector<std::string> ResolveWithGetaddrinfo(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  std::vector<std::string> out;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &list) != 0)
    return out;
  for (addrinfo* ai = list; ai; ai = ai->ai_next) {
    char text[INET6_ADDRSTRLEN] = {0};
    const void* address =
        ai->ai_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr);
    if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) ||
        !inet_ntop(ai->ai_family, address, text, sizeof(text)))
      continue;
    if (std::find(out.begin(), out.end(), text) == out.end())
      out.emplace_back(text);
  }
  freeaddrinfo(list);
  return out;
}

bool IsIpLiteral(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

// A few threads that resolve names, so a slow DNS server never stalls the network thread.
// Workers are detached and share this state: a lookup can outlive the service.
class Resolver {
 public:
  using Done = std::function<void(ConnectionId, std::vector<std::string>)>;

  Resolver(std::function<std::vector<std::string>(const std::string&)> resolve, Done done)
      : state_(std::make_shared<State>()) {
    state_->resolve = resolve ? std::move(resolve) : ResolveWithGetaddrinfo;
    state_->done = std::move(done);
  }
  ~Resolver() {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->done = nullptr;  // late answers go nowhere
    state_->stopping = true;
    state_->wake.notify_all();
  }

  void Resolve(ConnectionId id, const std::string& host) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->jobs.emplace_back(id, host);
    if (state_->idle == 0 && state_->threads < kMaxThreads) {
      ++state_->threads;
      std::thread([state = state_] { Work(state); }).detach();
    } else {
      state_->wake.notify_one();
    }
  }

 private:
  static constexpr int kMaxThreads = 4;
  struct State {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::pair<ConnectionId, std::string>> jobs;
    std::function<std::vector<std::string>(const std::string&)> resolve;
    Done done;
    int threads = 0;
    int idle = 0;
    bool stopping = false;
  };

  static void Work(std::shared_ptr<State> state) {
    std::unique_lock<std::mutex> lock(state->mutex);
    while (!state->stopping) {
      if (state->jobs.empty()) {
        ++state->idle;
        state->wake.wait(lock);
        --state->idle;
        continue;
      }
      auto [id, host] = std::move(state->jobs.front());
      state->jobs.pop_front();
      auto resolve = state->resolve;
      lock.unlock();
      std::vector<std::string> addresses = resolve(host);
      lock.lock();
      if (state->done)
        state->done(id, std::move(addresses));
    }
    --state->threads;
  }

  std::shared_ptr<State> state_;
};

// Raises the soft file descriptor limit to the hard one: thousands of sockets need it.
void RaiseFileLimit() {
  rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

class NetworkServiceLws : public NetworkService {
 public:
  explicit NetworkServiceLws(Options options) : options_(options) {
    resolver_.emplace(options_.resolve,
                      [this](ConnectionId id, std::vector<std::string> addresses) {
                        Command c;
                        c.kind = Command::kResolved;
                        c.id = id;
                        c.addresses = std::move(addresses);
                        Post(std::move(c));
                      });
    RaiseFileLimit();
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
    resolver_.reset();  // no answer may reach a service that is going away
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
  void Fail(ConnectionId id, std::string why) override {
    Command c;
    c.kind = Command::kFail;
    c.id = id;
    c.reason = std::move(why);
    Post(std::move(c));
  }
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
    // After kStop, until every connection has flushed what it had queued and closed.
    while (!stopping_ || !connections_.empty())
      lws_service(context_, 0);
    // Destroyed on the thread that ran it.
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
      // The service is going away: what each connection has queued (the Close frame its
      // Release just wrote, above all) is still written, then its TCP connection closes;
      // no connection gets more than a second for that. Nothing more is reported.
      stopping_ = true;
      std::vector<Connection*> idle;
      for (auto& [id, conn] : connections_) {
        conn->client_.reset();
        if (!conn->wsi_) {
          idle.push_back(conn.get());
          continue;
        }
        conn->close_after_flush_ = true;
        lws_set_timeout(conn->wsi_, PENDING_TIMEOUT_USER_OK, 1);
        lws_callback_on_writable(conn->wsi_);
      }
      for (Connection* conn : idle)
        Finish(conn);  // resolving, or waiting for its endpoint: nothing to flush
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
    if (c.kind == Command::kResolved) {
      OnResolved(conn, std::move(c.addresses));
      return;
    }
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
        conn->engine_.Fail(kCloseAbnormal, c.reason);
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
    conn->AfterEngineStep(options_);
  }

  void StartConnect(Command& c) {
    auto owned = std::make_unique<Connection>(c.id, *c.request, std::move(c.client));
    Connection* conn = owned.get();
    connections_[c.id] = std::move(owned);
    if (connections_.size() > options_.max_connections) {
      conn->engine_.Fail(kCloseAbnormal, "too many WebSocket connections in this process (" +
                                             std::to_string(options_.max_connections) + ")");
      Finish(conn);
      return;
    }
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
    if (stopping_)
      return;  // nothing new starts while the service stops
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

  // `conn` becomes its endpoint's CONNECTING connection: its name is resolved off this
  // thread (an IP literal needs no lookup), then each address is tried in turn.
  void Dial(Connection* conn) {
    connecting_.insert(EndpointKey(conn->request_));
    conn->leave_connecting_ = [this](Connection* c) { LeaveConnecting(c); };
    if (IsIpLiteral(conn->request_.host)) {
      conn->addresses_ = {conn->request_.host};
      ConnectNext(conn);
      return;
    }
    conn->resolving_ = true;
    // The handshake timeout covers the lookup too.
    conn->dns_timer_.conn = conn;
    conn->dns_timer_.service = this;
    auto left = conn->HandshakeTimeLeft().count();
    lws_sul_schedule(context_, 0, &conn->dns_timer_.sul, &NetworkServiceLws::OnDnsTimeout,
                     left > 0 ? left : 1);
    resolver_->Resolve(conn->id_, conn->request_.host);
  }

  static void OnDnsTimeout(lws_sorted_usec_list_t* sul) {
    auto* timer = reinterpret_cast<Connection::DnsTimer*>(sul);
    Connection* conn = timer->conn;
    NetworkServiceLws* self = timer->service;
    if (!conn->resolving_)
      return;
    conn->resolving_ = false;
    conn->engine_.Fail(kCloseAbnormal, "WebSocket opening handshake timed out");
    self->Finish(conn);
  }

  void OnResolved(Connection* conn, std::vector<std::string> addresses) {
    if (!conn->resolving_)
      return;
    conn->resolving_ = false;
    lws_sul_cancel(&conn->dns_timer_.sul);
    if (addresses.empty()) {
      conn->engine_.Fail(kCloseAbnormal, "could not resolve host '" + conn->request_.host + "'");
      Finish(conn);
      return;
    }
    conn->addresses_ = std::move(addresses);
    ConnectNext(conn);
  }

  // Tries the next address; with none left, the connection fails.
  void ConnectNext(Connection* conn) {
    ConnectionId id = conn->id_;
    while (conn->next_address_ < conn->addresses_.size()) {
      const std::string& address = conn->addresses_[conn->next_address_++];
      uint64_t attempt = ++conn->attempt_;
      lws_client_connect_info info;
      std::memset(&info, 0, sizeof(info));
      info.context = context_;
      info.address = address.c_str();
      info.port = conn->request_.port;
      info.host = conn->request_.host.c_str();
      info.origin = conn->request_.host.c_str();
      info.path = "/";
      info.method = "RAW";
      info.local_protocol_name = "v8ws-raw";
      info.opaque_user_data = conn;
      info.pwsi = &conn->wsi_;
      lws* wsi = lws_client_connect_via_info(&info);
      if (wsi) {
        conn->ApplyHandshakeTimeout(wsi);
        return;
      }
      // Failed at once. If lws reported it through the callback, that already moved on
      // (or finished the connection).
      if (!connections_.count(id) || conn->attempt_ != attempt)
        return;
    }
    conn->engine_.Fail(kCloseAbnormal,
                       "could not connect to any address of '" + conn->request_.host + "'");
    Finish(conn);
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
    lws_sul_cancel(&conn->dns_timer_.sul);
    conn->resolving_ = false;
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
        conn->ApplyHandshakeTimeout(wsi);
        if (conn->tls_ && !conn->tls_->Start())
          conn->engine_.Fail(kCloseAbnormal, "TLS error: " + conn->tls_->error());
        else
          conn->engine_.Start();
        conn->AfterEngineStep(self->options_);
        return 0;
      }
      case LWS_CALLBACK_RAW_RX:
        conn->Receive(static_cast<const uint8_t*>(in), len);
        conn->ApplyReceiveCredit();
        conn->AfterEngineStep(self->options_);
        return 0;
      case LWS_CALLBACK_RAW_WRITEABLE:
        return conn->Write() ? 0 : -1;
      case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
        lws_set_opaque_user_data(wsi, nullptr);
        conn->wsi_ = nullptr;
        // Before any byte was exchanged: the next address may answer.
        if (conn->next_address_ < conn->addresses_.size() && !conn->released_without_close_ &&
            conn->engine_.state() == WebSocketEngine::State::kHandshake &&
            std::chrono::steady_clock::now() < conn->handshake_deadline_) {
          self->ConnectNext(conn);
          return 0;
        }
        conn->engine_.Fail(kCloseAbnormal,
                           std::string("could not connect: ") +
                               (in ? static_cast<const char*>(in) : "connection error"));
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
  std::optional<Resolver> resolver_;
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
