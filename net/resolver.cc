// The resolver pool: getaddrinfo() on detached workers.
#include "net/resolver.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <algorithm>
#include <thread>

namespace v8ws::net {

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

Resolver::Resolver(std::function<std::vector<std::string>(const std::string&)> resolve, Done done)
    : state_(std::make_shared<State>()) {
  state_->resolve = resolve ? std::move(resolve) : ResolveWithGetaddrinfo;
  state_->done = std::move(done);
}
Resolver::~Resolver() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->done = nullptr;  // late answers go nowhere
  state_->stopping = true;
  state_->wake.notify_all();
}

void Resolver::Resolve(ConnectionId id, const std::string& host) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->jobs.emplace_back(id, host);
  if (state_->idle == 0 && state_->threads < kMaxThreads) {
    ++state_->threads;
    std::thread([state = state_] { Work(state); }).detach();
  } else {
    state_->wake.notify_one();
  }
}

void Resolver::Work(std::shared_ptr<State> state) {
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

}  // namespace v8ws::net
