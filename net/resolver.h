// Name resolution off the network thread: a few worker threads run getaddrinfo() (or a
// resolver the embedder supplies), so one slow lookup never stalls the other connections.
#ifndef V8WS_NET_RESOLVER_H_
#define V8WS_NET_RESOLVER_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "net/network_service.h"

namespace v8ws::net {

// getaddrinfo() in order, duplicates dropped: both families, as the system ranks them.
std::vector<std::string> ResolveWithGetaddrinfo(const std::string& host);
// An IPv4 or IPv6 address, which needs no lookup.
bool IsIpLiteral(const std::string& host);

// Workers are detached and share the state: a lookup can outlive the resolver, and its
// answer then goes nowhere.
class Resolver {
 public:
  using Done = std::function<void(ConnectionId, std::vector<std::string>)>;

  Resolver(std::function<std::vector<std::string>(const std::string&)> resolve, Done done);
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  // Looks `host` up on a worker; `done` gets the addresses (none when it failed).
  void Resolve(ConnectionId id, const std::string& host);

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

  static void Work(std::shared_ptr<State> state);

  std::shared_ptr<State> state_;
};

}  // namespace v8ws::net

#endif  // V8WS_NET_RESOLVER_H_
