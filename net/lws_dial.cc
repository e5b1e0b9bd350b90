// NetworkServiceLws: how a connection is made: the per-host queue (RFC 6455 §4.1), name
// resolution, each address in turn, a TLS context per CA file, and the end of it all.
#include "net/network_service_lws.h"

#include <cstring>

#include "net/protocol/websocket_engine.h"

namespace v8ws::net {

void NetworkServiceLws::StartConnect(Command& c) {
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

void NetworkServiceLws::LeaveConnecting(Connection* conn) {
  conn->leave_connecting_ = nullptr;
  // Nothing new starts while the service stops.
  std::optional<ConnectionId> next =
      endpoints_.Release(EndpointLock::KeyFor(conn->request_.host, conn->request_.port),
                         [this](ConnectionId id) { return !stopping_ && connections_.count(id); });
  if (next)
    Dial(connections_[*next].get());
}

void NetworkServiceLws::Dial(Connection* conn) {
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

void NetworkServiceLws::OnResolved(Connection* conn, std::vector<std::string> addresses) {
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

void NetworkServiceLws::ConnectNext(Connection* conn) {
  ConnectionId id = conn->id_;
  while (conn->next_address_ < conn->addresses_.size()) {
    const std::string& address = conn->addresses_[conn->next_address_++];
    uint64_t attempt = ++conn->attempt_;
    MakeRoomForSocket();
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

TlsContext* NetworkServiceLws::TlsContextFor(const std::string& ca_file, std::string* error) {
  auto it = tls_contexts_.find(ca_file);
  if (it != tls_contexts_.end())
    return it->second.get();
  std::unique_ptr<TlsContext> context = TlsContext::Create(ca_file, error);
  if (!context)
    return nullptr;
  return (tls_contexts_[ca_file] = std::move(context)).get();
}

void NetworkServiceLws::Finish(Connection* conn) {
  deadlines_.Clear(conn->id_);
  conn->resolving_ = false;
  conn->wsi_ = nullptr;
  conn->ReportClosed();
  if (conn->leave_connecting_)
    LeaveConnecting(conn);
  connections_.erase(conn->id_);
  live_.fetch_sub(1);
}

}  // namespace v8ws::net
