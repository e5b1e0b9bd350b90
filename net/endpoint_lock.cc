// One CONNECTING connection per endpoint, the rest in order (RFC 6455 §4.1).
#include "net/endpoint_lock.h"

#include <cctype>

namespace v8ws::net {

std::string EndpointLock::KeyFor(const std::string& host, uint16_t port) {
  std::string key = host;
  for (char& c : key)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key + "|" + std::to_string(port);
}

bool EndpointLock::AcquireOrWait(const std::string& endpoint, ConnectionId id) {
  size_t& held = held_[endpoint];
  if (held < slots_) {
    ++held;
    return true;
  }
  waiting_[endpoint].push_back(id);
  return false;
}

std::optional<ConnectionId> EndpointLock::Release(const std::string& endpoint,
                                                  const std::function<bool(ConnectionId)>& alive) {
  auto queue = waiting_.find(endpoint);
  while (queue != waiting_.end() && !queue->second.empty()) {
    ConnectionId next = queue->second.front();
    queue->second.pop_front();
    if (!alive(next))
      continue;  // failed or released while it waited
    if (queue->second.empty())
      waiting_.erase(queue);
    return next;  // it holds the endpoint now
  }
  if (queue != waiting_.end())
    waiting_.erase(queue);
  auto held = held_.find(endpoint);
  if (held != held_.end() && --held->second == 0)
    held_.erase(held);
  return std::nullopt;
}

}  // namespace v8ws::net
