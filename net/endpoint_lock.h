// RFC 6455 §4.1, client requirement 2: at most one connection per host and port may be
// CONNECTING; the others wait, in the order they were made. With more slots (the RFC's
// rule turned off) it bounds how many connect at once instead, so a burst of thousands
// neither overflows the server's accept queue nor waits on one long list inside lws.
// Kept apart from the connections, as Chromium keeps its WebSocketEndpointLockManager
// apart from the channel.
#ifndef V8WS_NET_ENDPOINT_LOCK_H_
#define V8WS_NET_ENDPOINT_LOCK_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "net/network_service.h"

namespace v8ws::net {

class EndpointLock {
 public:
  explicit EndpointLock(size_t slots = 1) : slots_(slots) {}

  // The endpoint a connection counts against: the host (ASCII case-insensitive) and port.
  static std::string KeyFor(const std::string& host, uint16_t port);

  // True when `endpoint` had a free slot: the caller's connection now holds it. Otherwise `id`
  // waits for its turn and false is returned.
  bool AcquireOrWait(const std::string& endpoint, ConnectionId id);

  // The holder of `endpoint` is no longer CONNECTING (open, failed or gone). The first
  // waiting connection for which `alive` is true now holds it and is returned, for the
  // caller to dial; the ones before it are forgotten. With none, the endpoint is free.
  std::optional<ConnectionId> Release(const std::string& endpoint,
                                      const std::function<bool(ConnectionId)>& alive);

 private:
  size_t slots_;
  std::map<std::string, size_t> held_;  // slots taken, per endpoint
  std::map<std::string, std::deque<ConnectionId>> waiting_;
};

}  // namespace v8ws::net

#endif  // V8WS_NET_ENDPOINT_LOCK_H_
