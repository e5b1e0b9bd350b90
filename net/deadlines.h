// Deadlines: at most one per connection (its opening handshake, a wait of the closing
// handshake, the flush at shut-down), kept in order so that one timer serves them all.
// Setting, moving and clearing cost O(log n) whatever the number of connections: lws's own
// timeouts sit in one sorted list that every insertion walks, which made opening 10,000
// connections at once quadratic.
#ifndef V8WS_NET_DEADLINES_H_
#define V8WS_NET_DEADLINES_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

namespace v8ws::net {

class Deadlines {
 public:
  using Clock = std::chrono::steady_clock;
  using Id = uint64_t;

  // `arm(delay)`: call Expire() once `delay` has passed, replacing any earlier request.
  explicit Deadlines(std::function<void(Clock::duration delay)> arm) : arm_(std::move(arm)) {}

  // Replaces the deadline of `id`.
  void Set(Id id, Clock::time_point when);
  void Clear(Id id);
  bool Has(Id id) const { return by_id_.count(id) != 0; }
  size_t size() const { return by_id_.size(); }

  // The deadlines at or before `now`, cleared, in order; the timer is armed for the next.
  std::vector<Id> Expire(Clock::time_point now);

 private:
  void Rearm(Clock::time_point now);

  std::function<void(Clock::duration)> arm_;
  std::set<std::pair<Clock::time_point, Id>> queue_;
  std::unordered_map<Id, Clock::time_point> by_id_;
  std::optional<Clock::time_point> armed_for_;  // what the timer will wake up for
};

}  // namespace v8ws::net

#endif  // V8WS_NET_DEADLINES_H_
