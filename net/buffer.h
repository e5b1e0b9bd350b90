// Buffer: a growable byte buffer that can hand its storage to another owner (a V8
// BackingStore), so a received payload is never copied after the network thread filled it.
#ifndef V8WS_NET_BUFFER_H_
#define V8WS_NET_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace v8ws::net {

// Storage for small buffers, kept per thread: a message of a few dozen bytes is received,
// handed to the script's thread and freed there, a thousand of them in flight, and glibc's
// own per-thread cache (seven blocks a size) misses for most. Blocks are plain malloc
// blocks, so any owner may still free one with std::free.
class SmallBlocks {
 public:
  static constexpr size_t kSize = 256;
  static void* Take() {
    Cache& cache = Local();
    return cache.count ? cache.blocks[--cache.count] : std::malloc(kSize);
  }
  static void Give(void* block) {
    Cache& cache = Local();
    if (cache.count < kKept && !cache.closed)
      cache.blocks[cache.count++] = block;
    else
      std::free(block);
  }

 private:
  static constexpr size_t kKept = 1024;
  // Trivially destructible, so it stays usable after its thread's destructors ran (a
  // Buffer freed by a static object at exit): `closed` then sends every block to free().
  struct Cache {
    void* blocks[kKept];
    size_t count;
    bool closed;
  };
  struct Closer {
    explicit Closer(Cache* cache) : cache(cache) {}
    ~Closer() {
      cache->closed = true;
      while (cache->count)
        std::free(cache->blocks[--cache->count]);
    }
    Cache* cache;
  };
  static Cache& Local() {
    static thread_local Cache cache;  // zero-initialized
    static thread_local Closer closer(&cache);
    return cache;
  }
};

class Buffer {
 public:
  Buffer() = default;
  Buffer(const void* data, size_t size) { Append(data, size); }
  Buffer(Buffer&& other) noexcept { *this = std::move(other); }
  Buffer& operator=(Buffer&& other) noexcept {
    if (this != &other) {
      FreeStorage();
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
      capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
  }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { FreeStorage(); }

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  void Reserve(size_t capacity) {
    if (capacity <= capacity_)
      return;
    if (!data_ && capacity <= SmallBlocks::kSize) {
      void* block = SmallBlocks::Take();
      if (!block)
        throw std::bad_alloc();
      data_ = static_cast<uint8_t*>(block);
      capacity_ = SmallBlocks::kSize;
      return;
    }
    void* grown = std::realloc(data_, capacity);
    if (!grown)
      throw std::bad_alloc();
    data_ = static_cast<uint8_t*>(grown);
    capacity_ = capacity;
  }
  // Makes room for `extra` more bytes, growing geometrically.
  uint8_t* Grow(size_t extra) {
    if (size_ + extra > capacity_)
      Reserve(max(size_ + extra, capacity_ * 2));
    uint8_t* at = data_ + size_;
    size_ += extra;
    return at;
  }
  void Append(const void* data, size_t size) {
    if (size)
      std::memcpy(Grow(size), data, size);
  }
  void Clear() { size_ = 0; }
  // Drops bytes from the end, keeping the first `size`.
  void Truncate(size_t size) {
    if (size < size_)
      size_ = size;
  }
  // Drops the first `n` bytes.
  void Consume(size_t n) {
    if (n >= size_) {
      size_ = 0;
      return;
    }
    std::memmove(data_, data_ + n, size_ - n);
    size_ -= n;
  }
  // Gives up the storage: the caller frees it with std::free.
  uint8_t* Release() {
    size_ = capacity_ = 0;
    return std::exchange(data_, nullptr);
  }

 private:
  static size_t max(size_t a, size_t b) { return a > b ? a : b; }
  void FreeStorage() {
    // A block of exactly the small size goes back to this thread's cache, whichever thread
    // took it (any malloc block that large serves).
    if (capacity_ == SmallBlocks::kSize)
      SmallBlocks::Give(data_);
    else
      std::free(data_);
  }
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace v8ws::net

#endif  // V8WS_NET_BUFFER_H_
