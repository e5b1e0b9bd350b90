// NetworkServiceLws: writes, deadlines, and lws's callback for every socket event.
#include "net/network_service_lws.h"

#include <chrono>

#include "net/protocol/websocket_engine.h"

namespace v8ws::net {

void NetworkServiceLws::WantWrite(Connection* conn) {
  if (!conn->connected_) {
    lws_callback_on_writable(conn->wsi_);
    return;
  }
  if (conn->flush_pending_)
    return;
  conn->flush_pending_ = true;
  to_flush_.push_back(conn->id_);
  StartFlusher();
}

void NetworkServiceLws::SetDeadline(Connection* conn,
                                    std::optional<Deadlines::Clock::time_point> when) {
  if (when)
    deadlines_.Set(conn->id_, *when);
  else
    deadlines_.Clear(conn->id_);
}

void NetworkServiceLws::ArmTimer(Deadlines::Clock::duration delay) {
  // Rounded up: a timer that fires early only re-arms.
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(delay).count();
  uv_timer_start(
      &deadline_timer_,
      [](uv_timer_t* t) { static_cast<NetworkServiceLws*>(t->data)->OnDeadlines(); },
      static_cast<uint64_t>(ms), 0);
}

void NetworkServiceLws::OnDeadlines() {
  for (ConnectionId id : deadlines_.Expire(Deadlines::Clock::now())) {
    auto it = connections_.find(id);
    if (it != connections_.end())
      OnDeadline(it->second.get());
  }
}

void NetworkServiceLws::OnDeadline(Connection* conn) {
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
  rearm_ = true;  // the flusher makes some
  StartFlusher();
}

void NetworkServiceLws::StartFlusher() {
  if (!uv_is_active(reinterpret_cast<uv_handle_t*>(&flusher_)))
    uv_prepare_start(&flusher_, [](uv_prepare_t* handle) {
      auto* self = static_cast<NetworkServiceLws*>(handle->data);
      uv_prepare_stop(handle);
      self->Flush();
      if (self->rearm_) {
        self->rearm_ = false;
        for (lws_context* context : self->contexts_)  // each re-arms its own timers
          lws_cancel_service(context);
      }
    });
}

void NetworkServiceLws::Flush() {
  std::vector<ConnectionId> ids;
  ids.swap(to_flush_);
  for (ConnectionId id : ids) {
    auto it = connections_.find(id);
    if (it != connections_.end())
      FlushOne(it->second.get());
  }
}

void NetworkServiceLws::FlushOne(Connection* conn) {
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

int NetworkServiceLws::Callback(lws* wsi,
                                lws_callback_reasons reason,
                                void* user,
                                void* in,
                                size_t len) {
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
      if (conn->released_without_close_ || conn->engine_.state() == WebSocketEngine::State::kFailed)
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

}  // namespace v8ws::net
