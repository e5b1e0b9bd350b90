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

class Buffer {
 public:
  Buffer() = default;
  Buffer(const void* data, size_t size) { Append(data, size); }
  Buffer(Buffer&& other) noexcept { *this = std::move(other); }
  Buffer& operator=(Buffer&& other) noexcept {
    if (this != &other) {
      std::free(data_);
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
      capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
  }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { std::free(data_); }

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  void Reserve(size_t capacity) {
    if (capacity <= capacity_)
      return;
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
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace v8ws::net

#endif  // V8WS_NET_BUFFER_H_
