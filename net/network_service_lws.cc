// NetworkServiceLws: its two loops, and the commands that reach it from any thread.
#include "net/network_service_lws.h"

#include <sys/resource.h>

#include <chrono>
#include <cstring>
#include <future>

#include "net/protocol/websocket_engine.h"

namespace v8ws::net {
namespace {

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

NetworkServiceLws::NetworkServiceLws(Options options)
    : options_(options), deadlines_([this](Deadlines::Clock::duration d) { ArmTimer(d); }) {
  resolver_.emplace(options_.resolve, [this](ConnectionId id, std::vector<std::string> addresses) {
    Command c;
    c.kind = Command::kResolved;
    c.id = id;
    c.addresses = std::move(addresses);
    Post(std::move(c));
  });
  RaiseFileLimit(options_.max_connections);
  lws_set_log_level(0, nullptr);
  if (options_.uv_loop) {
    JoinLoop();
    return;
  }
  // A thread of its own, serving a libuv loop of its own exactly as an embedder's loop is
  // served (lws's own loop would poll() every socket on every turn, and its one context
  // would need a descriptor table for every connection the service may hold).
  std::promise<void> ready;
  thread_ = std::thread([this, &ready] {
    uv_loop_init(&own_loop_);
    uv_async_init(&own_loop_, &stop_async_, [](uv_async_t* handle) {
      static_cast<NetworkServiceLws*>(handle->data)->own_loop_stopping_ = true;
    });
    stop_async_.data = this;
    options_.uv_loop = &own_loop_;
    JoinLoop();
    ready.set_value();
    while (!own_loop_stopping_)
      uv_run(&own_loop_, UV_RUN_ONCE);
    Drain();  // the stop command, if its wake-up came in the same turn
    LeaveLoop();
    uv_close(reinterpret_cast<uv_handle_t*>(&stop_async_), nullptr);
    uv_run(&own_loop_, UV_RUN_DEFAULT);
    uv_loop_close(&own_loop_);
  });
  ready.get_future().wait();
}

void NetworkServiceLws::JoinLoop() {
  loop_thread_ = std::this_thread::get_id();
  CreateFirstContext();
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

NetworkServiceLws::~NetworkServiceLws() {
  resolver_.reset();  // no answer may reach a service that is going away
  Command stop;
  stop.kind = Command::kStop;
  Post(std::move(stop));
  if (thread_.joinable()) {
    uv_async_send(&stop_async_);
    thread_.join();
  } else {
    LeaveLoop();
  }
}

ConnectionId NetworkServiceLws::Connect(ConnectRequest request,
                                        std::shared_ptr<ConnectionClient> client) {
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

void NetworkServiceLws::Send(ConnectionId id, MessageType type, Buffer payload) {
  Command c;
  c.kind = Command::kSend;
  c.id = id;
  c.type = type;
  c.payload = std::move(payload);
  Post(std::move(c));
}

void NetworkServiceLws::SendBytes(ConnectionId id,
                                  MessageType type,
                                  const uint8_t* data,
                                  size_t size) {
  if (std::this_thread::get_id() != loop_thread_) {
    Send(id, type, Buffer(data, size));
    return;
  }
  auto it = connections_.find(id);
  if (it == connections_.end())
    return;
  it->second->Send(type, data, size);
  it->second->AfterEngineStep(options_);
}

void NetworkServiceLws::Close(ConnectionId id, std::optional<uint16_t> code, std::string reason) {
  Command c;
  c.kind = Command::kClose;
  c.id = id;
  c.code = code;
  c.reason = std::move(reason);
  Post(std::move(c));
}

void NetworkServiceLws::Fail(ConnectionId id, std::string why) {
  Command c;
  c.kind = Command::kFail;
  c.id = id;
  c.reason = std::move(why);
  Post(std::move(c));
}

void NetworkServiceLws::Release(ConnectionId id, std::optional<uint16_t> code) {
  Command c;
  c.kind = Command::kRelease;
  c.id = id;
  c.code = code;
  Post(std::move(c));
}

void NetworkServiceLws::Post(Command::Kind kind, ConnectionId id) {
  Command c;
  c.kind = kind;
  c.id = id;
  Post(std::move(c));
}

void NetworkServiceLws::Post(Command command) {
  if (std::this_thread::get_id() == loop_thread_) {
    Execute(command);
    return;
  }
  bool wake;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    wake = commands_.empty();  // one wake-up per batch, not per command
    commands_.push_back(std::move(command));
  }
  if (wake && wake_context_)
    lws_cancel_service(wake_context_);
}

void NetworkServiceLws::LeaveLoop() {
  auto* loop = static_cast<uv_loop_t*>(options_.uv_loop);
  while (!connections_.empty())
    uv_run(loop, UV_RUN_ONCE);
  uv_close(reinterpret_cast<uv_handle_t*>(&flusher_), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&deadline_timer_), nullptr);
  if (contexts_.empty()) {
    uv_run(loop, UV_RUN_NOWAIT);
    return;
  }
  struct Destroyer {
    uv_idle_t idle;
    NetworkServiceLws* self;
    bool done = false;
  } destroyer{{}, this};
  uv_idle_init(loop, &destroyer.idle);
  destroyer.idle.data = &destroyer;
  uv_idle_start(&destroyer.idle, [](uv_idle_t* handle) {
    auto* d = static_cast<Destroyer*>(handle->data);
    d->self->DestroyContexts();
    d->done = true;
    uv_close(reinterpret_cast<uv_handle_t*>(handle), nullptr);
  });
  while (!destroyer.done)
    uv_run(loop, UV_RUN_NOWAIT);
  // The handle closes, and lws's with it, over the next turns of the loop.
  for (int turn = 0; turn < 4; ++turn)
    uv_run(loop, UV_RUN_NOWAIT);
  DestroyContexts();
  contexts_.clear();
  context_ = wake_context_ = nullptr;
}

void NetworkServiceLws::Drain() {
  std::vector<Command> batch;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    batch.swap(commands_);
  }
  for (Command& c : batch)
    Execute(c);
  Flush();
}

void NetworkServiceLws::Execute(Command& c) {
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

std::shared_ptr<NetworkService> NetworkService::Create(Options options) {
  return std::make_shared<NetworkServiceLws>(options);
}

}  // namespace v8ws::net
