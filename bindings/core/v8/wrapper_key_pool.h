// WrapperKeyPool: wrapper-value keys (ScriptWrappable::SetWrapperValue) for values an object
// holds a while and lets go: listeners, queued buffers, pending reads' resolvers.
#ifndef V8WS_BINDINGS_CORE_V8_WRAPPER_KEY_POOL_H_
#define V8WS_BINDINGS_CORE_V8_WRAPPER_KEY_POOL_H_

#include <cstdint>
#include <vector>

namespace v8ws {

// A key given back is handed out again, the last given first, so the keys in use never pass
// `first` plus the most ever held at once: few held means they sit in the wrapper's own
// slots, where counting keys up would move every value into its Map.
class WrapperKeyPool {
 public:
  explicit WrapperKeyPool(uint32_t first) : first_(first) {}

  uint32_t Take() {
    uint32_t key;
    if (free_.empty()) {
      key = first_ + static_cast<uint32_t>(live_.size());
      live_.push_back(false);
    } else {
      key = free_.back();
      free_.pop_back();
    }
    live_[key - first_] = true;
    return key;
  }

  // Frees `key` once however often it comes back; a key the pool did not hand out is ignored.
  void Give(uint32_t key) {
    if (key < first_ || key - first_ >= live_.size() || !live_[key - first_])
      return;
    live_[key - first_] = false;
    free_.push_back(key);
  }

 private:
  uint32_t first_;
  std::vector<bool> live_;  // by key - first_
  std::vector<uint32_t> free_;
};

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_WRAPPER_KEY_POOL_H_
