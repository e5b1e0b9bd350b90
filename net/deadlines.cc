#include "net/deadlines.h"

namespace v8ws::net {

void Deadlines::Set(Id id, Clock::time_point when) {
  auto it = by_id_.find(id);
  if (it != by_id_.end()) {
    queue_.erase({it->second, id});
    it->second = when;
  } else {
    by_id_.emplace(id, when);
  }
  queue_.emplace(when, id);
  // Only a deadline earlier than the one the timer waits for moves the timer; the timer
  // firing early for a deadline that moved later is harmless (Expire re-arms).
  if (!armed_for_ || when < *armed_for_)
    Rearm(Clock::now());
}

void Deadlines::Clear(Id id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end())
    return;
  queue_.erase({it->second, id});
  by_id_.erase(it);
}

std::vector<Deadlines::Id> Deadlines::Expire(Clock::time_point now) {
  armed_for_.reset();
  std::vector<Id> expired;
  while (!queue_.empty() && queue_.begin()->first <= now) {
    expired.push_back(queue_.begin()->second);
    by_id_.erase(queue_.begin()->second);
    queue_.erase(queue_.begin());
  }
  if (!queue_.empty())
    Rearm(now);
  return expired;
}

void Deadlines::Rearm(Clock::time_point now) {
  Clock::time_point next = queue_.begin()->first;
  armed_for_ = next;
  arm_(next > now ? next - now : Clock::duration::zero());
}

}  // namespace v8ws::net
