// The NetworkService on libwebsockets: RAW client connections carry bytes; the protocol is
// WebSocketEngine's. One lws context, served on one of two loops:
// - a thread of its own running lws's loop: commands arrive through a locked queue and
//   lws_cancel_service(), the only lws call that is safe from another thread;
// - the embedder's libuv loop (lws's evlib_uv plugin, the loop as a "foreign" one):
//   commands from that loop's thread run at once, with no queue and no hop.
// Only the resolver's answers cross threads in both modes.
#include <libwebsockets.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <uv.h>

#include "net/deadlines.h"
#include "net/endpoint_lock.h"
#include "net/lws_connection.h"
#include "net/network_service.h"
#include "net/protocol/websocket_engine.h"
#include "net/resolver.h"
#include "net/tls.h"

namespace v8ws::net {
namespace {

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

// Raises the soft file descriptor limit to what `connections` sockets need, with room
// for the host's own descriptors, within the hard limit. Not to the hard limit itself: lws
// sizes (and clears) two tables by the limit, 18 bytes a descriptor, which at a hard limit
// of 2^20 would be 18 MiB of RSS for sockets never opened.
void RaiseFileLimit(size_t connections) {
  rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
    return;
  rlim_t wanted = static_cast<rlim_t>(connections) + 1024;
  if (limit.rlim_max != RLIM_INFINITY && wanted > limit.rlim_max)
    wanted = limit.rlim_max;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    limit.rlim_cur = wanted;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

class NetworkServiceLws : public NetworkService, public ConnectionHost {
 public:
  // Without RFC 6455's one-at-a-time rule: how many connect to one endpoint at once.
  static constexpr size_t kParallelConnects = 128;

  explicit NetworkServiceLws(Options options)
      : options_(options), deadlines_([this](Deadlines::Clock::duration d) { ArmTimer(d); }) {
    resolver_.emplace(options_.resolve,
                      [this](ConnectionId id, std::vector<std::string> addresses) {
                        Command c;
                        c.kind = Command::kResolved;
                        c.id = id;
                        c.addresses = std::move(addresses);
                        Post(std::move(c));
                      });
    RaiseFileLimit(options_.max_connections);
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
    // lws's own timeout covers only a TCP connect; ours (Deadlines) ends it first.
    info.timeout_secs = 24 * 3600;
    // lws reads a RAW socket into this per-thread buffer: the 4 KiB default meant 256
    // callbacks per 1 MiB message.
    info.pt_serv_buf_size = 256 * 1024;
    if (options_.uv_loop) {
      // lws joins the loop (its evlib_uv plugin): its handles live on it, beside the
      // embedder's, and each turn costs O(events) (epoll) instead of poll() over every socket.
      loop_thread_ = std::this_thread::get_id();
      foreign_loops_[0] = options_.uv_loop;
      info.options |= LWS_SERVER_OPTION_LIBUV;
      info.foreign_loops = foreign_loops_;
    }
    context_ = lws_create_context(&info);
    deadline_sul_.self = this;
    if (!options_.uv_loop) {
      thread_ = std::thread([this] { Run(); });
      return;
    }
    uv_timer_init(static_cast<uv_loop_t*>(options_.uv_loop), &deadline_timer_);
    deadline_timer_.data = this;
    uv_unref(reinterpret_cast<uv_handle_t*>(&deadline_timer_));
    // Writes wait for this handle, which runs just before the loop would block: everything
    // script sent in that turn goes out in one write per socket, with no writable
    // notification (two epoll_ctl calls) unless the kernel refuses bytes.
    uv_prepare_init(static_cast<uv_loop_t*>(options_.uv_loop), &flusher_);
    flusher_.data = this;
    uv_unref(reinterpret_cast<uv_handle_t*>(&flusher_));
  }

  ~NetworkServiceLws() override {
    resolver_.reset();  // no answer may reach a service that is going away
    Command stop;
    stop.kind = Command::kStop;
    Post(std::move(stop));
    if (options_.uv_loop)
      LeaveLoop();
    else
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
  // On the loop's thread the bytes go straight into the frame, with no copy on the way.
  void SendBytes(ConnectionId id, MessageType type, const uint8_t* data, size_t size) override {
    if (!options_.uv_loop || std::this_thread::get_id() != loop_thread_) {
      Send(id, type, Buffer(data, size));
      return;
    }
    auto it = connections_.find(id);
    if (it == connections_.end())
      return;
    it->second->Send(type, data, size);
    it->second->AfterEngineStep(options_);
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
    if (options_.uv_loop && std::this_thread::get_id() == loop_thread_) {
      Execute(command);
      return;
    }
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

  // On the embedder's loop, at destruction: the loop runs until every connection has
  // flushed and closed (the stop gave each at most a second), then lws leaves it. lws closes
  // its handles through the loop, so the context is destroyed from inside a callback of the
  // loop, the loop turns until those closes are done, and a second call frees what is left.
  void LeaveLoop() {
    auto* loop = static_cast<uv_loop_t*>(options_.uv_loop);
    while (!connections_.empty())
      uv_run(loop, UV_RUN_ONCE);
    uv_close(reinterpret_cast<uv_handle_t*>(&flusher_), nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&deadline_timer_), nullptr);
    if (!context_) {
      uv_run(loop, UV_RUN_NOWAIT);
      return;
    }
    struct Destroyer {
      uv_idle_t idle;
      lws_context* context;
      bool done = false;
    } destroyer{{}, context_};
    uv_idle_init(loop, &destroyer.idle);
    destroyer.idle.data = &destroyer;
    uv_idle_start(&destroyer.idle, [](uv_idle_t* handle) {
      auto* d = static_cast<Destroyer*>(handle->data);
      lws_context_destroy(d->context);
      d->done = true;
      uv_close(reinterpret_cast<uv_handle_t*>(handle), nullptr);
    });
    while (!destroyer.done)
      uv_run(loop, UV_RUN_NOWAIT);
    // The handle closes, and lws's with it, over the next turns of the loop.
    for (int turn = 0; turn < 4; ++turn)
      uv_run(loop, UV_RUN_NOWAIT);
    lws_context_destroy(context_);
    context_ = nullptr;
  }

  void Drain() {
    std::vector<Command> batch;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      batch.swap(commands_);
    }
    for (Command& c : batch)
      Execute(c);
    Flush();
  }

  void Execute(Command& c) {
    if (c.kind == Command::kStop) {
      // The service is going away: what each connection has queued (the Close frame its
      // Release just wrote, above all) is still written; no connection gets more than a
      // second for the rest. Nothing more is reported.
      stopping_ = true;
      std::vector<Connection*> idle;
      for (auto& [id, conn] : connections_) {
        conn->client_.reset();
        if (!conn->wsi_) {
          idle.push_back(conn.get());
          continue;
        }
        SetDeadline(conn.get(), Deadlines::Clock::now() + std::chrono::seconds(1));
        WebSocketEngine::State state = conn->engine_.state();
        if ((state == WebSocketEngine::State::kClosing ||
             state == WebSocketEngine::State::kCloseReceived) &&
            !conn->released_without_close_) {
          // Mid closing handshake: let it finish (the server's Close, then its TCP close,
          // RFC 6455 §7.1.1), reading and dropping what is still in flight. Closing TCP
          // with unread bytes would send a reset, and the server's stack would discard our
          // Close frame with it: the server would see 1006, not the code we sent.
          conn->ResumeReading();
          WantWrite(conn.get());
          continue;
        }
        conn->close_after_flush_ = true;
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
        conn->Send(c.type, c.payload.data(), c.payload.size());
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
        // Nothing is delivered any more, so nothing would give read credit back: read on,
        // or the server's Close frame would wait behind a paused socket.
        conn->ResumeReading();
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

  // A connection has bytes to write, or must close once written. Writes go straight to the
  // socket, batched: at the end of the lws callback that produced them, of a batch of
  // commands (own thread), or of a turn of script (on a loop, just before it blocks). A
  // writable notification (on a loop, two epoll_ctl calls) is asked for only before the
  // connection is up, while the kernel refuses bytes, or to close.
  void WantWrite(Connection* conn) override {
    if (!conn->connected_) {
      lws_callback_on_writable(conn->wsi_);
      return;
    }
    if (conn->flush_pending_)
      return;
    conn->flush_pending_ = true;
    to_flush_.push_back(conn->id_);
    if (options_.uv_loop)
      StartFlusher();
  }

  void SetDeadline(Connection* conn, std::optional<Deadlines::Clock::time_point> when) override {
    if (when)
      deadlines_.Set(conn->id_, *when);
    else
      deadlines_.Clear(conn->id_);
  }

  // One timer for every deadline: a uv timer on a loop, an lws one on the own thread.
  void ArmTimer(Deadlines::Clock::duration delay) {
    if (options_.uv_loop) {
      // Rounded up: a timer that fires early only re-arms.
      auto ms = std::chrono::ceil<std::chrono::milliseconds>(delay).count();
      uv_timer_start(
          &deadline_timer_,
          [](uv_timer_t* t) { static_cast<NetworkServiceLws*>(t->data)->OnDeadlines(); },
          static_cast<uint64_t>(ms), 0);
      return;
    }
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(delay).count();
    lws_sul_schedule(
        context_, 0, &deadline_sul_.sul,
        [](lws_sorted_usec_list_t* sul) {
          reinterpret_cast<DeadlineSul*>(sul)->self->OnDeadlines();
        },
        us > 0 ? us : 1);
  }

  void OnDeadlines() {
    for (ConnectionId id : deadlines_.Expire(Deadlines::Clock::now())) {
      auto it = connections_.find(id);
      if (it != connections_.end())
        OnDeadline(it->second.get());
    }
  }

  // The opening handshake took too long, or a wait of the closing handshake or of the
  // shut-down flush ran out: the connection ends without waiting more.
  void OnDeadline(Connection* conn) {
    if (conn->engine_.state() == WebSocketEngine::State::kHandshake)
      conn->engine_.Fail(kCloseAbnormal, "WebSocket opening handshake timed out");
    if (conn->resolving_ || !conn->wsi_) {
      conn->resolving_ = false;
      Finish(conn);
      return;
    }
    lws_set_timeout(conn->wsi_, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
    // lws re-arms its own timer only after its own I/O; from inside its timer callback the
    // next wait would otherwise not see the kill (a socket with no traffic stayed open).
    if (options_.uv_loop) {
      rearm_ = true;  // the flusher makes some
      StartFlusher();
    } else {
      lws_cancel_service(context_);  // one more turn of the loop on this thread
    }
  }

  void StartFlusher() {
    if (!uv_is_active(reinterpret_cast<uv_handle_t*>(&flusher_)))
      uv_prepare_start(&flusher_, [](uv_prepare_t* handle) {
        auto* self = static_cast<NetworkServiceLws*>(handle->data);
        uv_prepare_stop(handle);
        self->Flush();
        if (self->rearm_) {
          self->rearm_ = false;
          lws_cancel_service(self->context_);
        }
      });
  }

  void Flush() {
    std::vector<ConnectionId> ids;
    ids.swap(to_flush_);
    for (ConnectionId id : ids) {
      auto it = connections_.find(id);
      if (it != connections_.end())
        FlushOne(it->second.get());
    }
  }

  void FlushOne(Connection* conn) {
    if (!conn->flush_pending_)
      return;  // written already, from its own callback
    conn->flush_pending_ = false;
    if (!conn->wsi_)
      return;
    // Closing: lws's writable callback takes over (Write() also asks for it when the
    // kernel refused bytes).
    if (conn->close_after_flush_ || !conn->Write())
      lws_callback_on_writable(conn->wsi_);
  }

  void StartConnect(Command& c) {
    auto owned = std::make_unique<Connection>(this, c.id, *c.request, std::move(c.client));
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
      conn->tls_context_ = TlsContextFor(conn->request_.ca_file, &error);
      if (!conn->tls_context_) {
        conn->engine_.Fail(kCloseAbnormal, error);
        Finish(conn);
        return;
      }
    }
    // RFC 6455 §4.1: one CONNECTING connection per host and port; the others wait in order.
    if (endpoints_.AcquireOrWait(EndpointLock::KeyFor(conn->request_.host, conn->request_.port),
                                 conn->id_))
      Dial(conn);
  }

  // Frees the endpoint `conn` held while connecting and dials the next one waiting for it.
  void LeaveConnecting(Connection* conn) {
    conn->leave_connecting_ = nullptr;
    // Nothing new starts while the service stops.
    std::optional<ConnectionId> next = endpoints_.Release(
        EndpointLock::KeyFor(conn->request_.host, conn->request_.port),
        [this](ConnectionId id) { return !stopping_ && connections_.count(id); });
    if (next)
      Dial(connections_[*next].get());
  }

  // `conn` becomes its endpoint's CONNECTING connection: its name is resolved off this
  // thread (an IP literal needs no lookup), then each address is tried in turn.
  void Dial(Connection* conn) {
    conn->leave_connecting_ = [this](Connection* c) { LeaveConnecting(c); };
    conn->StartHandshakeClock();
    if (IsIpLiteral(conn->request_.host)) {
      conn->addresses_ = {conn->request_.host};
      ConnectNext(conn);
      return;
    }
    conn->resolving_ = true;
    resolver_->Resolve(conn->id_, conn->request_.host);
  }

  void OnResolved(Connection* conn, std::vector<std::string> addresses) {
    if (!conn->resolving_)
      return;
    conn->resolving_ = false;
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
      if (wsi)
        return;
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
  TlsContext* TlsContextFor(const std::string& ca_file, std::string* error) {
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
    deadlines_.Clear(conn->id_);
    conn->resolving_ = false;
    conn->wsi_ = nullptr;
    conn->ReportClosed();
    if (conn->leave_connecting_)
      LeaveConnecting(conn);
    connections_.erase(conn->id_);
    live_.fetch_sub(1);
    // The last connection of a stopping service, closed from a timer: the thread's loop
    // must look at its condition again now, not after lws's next wait.
    if (stopping_ && connections_.empty() && !options_.uv_loop && context_)
      lws_cancel_service(context_);
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
        conn->connected_ = true;
        if (conn->released_without_close_ ||
            conn->engine_.state() == WebSocketEngine::State::kFailed)
          return -1;
        if (conn->tls_context_)
          conn->tls_ = std::make_unique<TlsSession>(*conn->tls_context_, conn->request_.host,
                                                    conn->request_.port);
        if (conn->tls_ && !conn->tls_->Start())
          conn->engine_.Fail(kCloseAbnormal, "TLS error: " + conn->tls_->error());
        else
          conn->engine_.Start();
        conn->AfterEngineStep(self->options_);
        self->FlushOne(conn);  // the handshake (or TLS hello) leaves at once
        return 0;
      }
      case LWS_CALLBACK_RAW_RX:
        conn->Receive(static_cast<const uint8_t*>(in), len);
        conn->ApplyReceiveCredit();
        conn->AfterEngineStep(self->options_);
        self->FlushOne(conn);  // a Pong, a Close reply, TLS records
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
  void* foreign_loops_[1] = {nullptr};
  uv_prepare_t flusher_;                // on a loop: runs Flush() before the loop blocks
  std::vector<ConnectionId> to_flush_;  // connections with bytes for Flush()
  bool rearm_ = false;                  // on a loop: lws's timer needs its I/O
  Deadlines deadlines_;
  uv_timer_t deadline_timer_;  // on a loop
  struct DeadlineSul {
    lws_sorted_usec_list_t sul;  // first: lws hands its address to the callback
    NetworkServiceLws* self;
  } deadline_sul_{};  // on the own thread
  std::thread::id loop_thread_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<Command> commands_;
  std::atomic<ConnectionId> next_id_{1};
  std::atomic<size_t> live_{0};
  bool stopping_ = false;
  std::unordered_map<ConnectionId, std::unique_ptr<Connection>> connections_;
  std::map<std::string, std::unique_ptr<TlsContext>> tls_contexts_;
  EndpointLock endpoints_{options_.one_connecting_per_endpoint ? 1u : kParallelConnects};
};

std::shared_ptr<NetworkService> NetworkService::Create(Options options) {
  return std::make_shared<NetworkServiceLws>(options);
}

}  // namespace v8ws::net
