// Where the decoders write: UTF-16 code units appended to a std::u16string, which becomes a
// V8 string by one copy (V8 keeps it in one byte per character when it can). Room is made
// in steps rather than per unit, and the string is cut to what was written at the end.
#ifndef V8WS_CORE_ENCODING_UTF16_WRITER_H_
#define V8WS_CORE_ENCODING_UTF16_WRITER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace v8ws::encoding {

class Utf16Writer {
 public:
  // `expected`: about how many units will follow (more is fine, at some cost).
  Utf16Writer(std::u16string* out, size_t expected) : out_(out), size_(out->size()) {
    out_->resize(size_ + expected + 8);
    data_ = &(*out_)[0];
  }
  ~Utf16Writer() { out_->resize(size_); }
  Utf16Writer(const Utf16Writer&) = delete;
  Utf16Writer& operator=(const Utf16Writer&) = delete;

  void Put(char16_t unit) {
    if (size_ == out_->size())
      Grow(1);
    data_[size_++] = unit;
  }
  // A scalar value: one unit, or a surrogate pair beyond the BMP.
  void PutCodePoint(uint32_t code_point) {
    if (code_point < 0x10000) {
      Put(static_cast<char16_t>(code_point));
      return;
    }
    code_point -= 0x10000;
    Put(static_cast<char16_t>(0xD800 + (code_point >> 10)));
    Put(static_cast<char16_t>(0xDC00 + (code_point & 0x3FF)));
  }
  // The bytes below 0x80 that `bytes` starts with, each as the code unit of the same value,
  // eight at a time; returns how many there were.
  size_t PutAsciiPrefix(const uint8_t* bytes, size_t n) {
    if (out_->size() - size_ < n)
      Grow(n);
    char16_t* to = data_ + size_;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t block;
      std::memcpy(&block, bytes + i, 8);
      if (block & 0x8080808080808080u)
        break;
      for (size_t k = 0; k < 8; ++k)
        to[i + k] = bytes[i + k];
    }
    while (i < n && bytes[i] < 0x80) {
      to[i] = bytes[i];
      ++i;
    }
    size_ += i;
    return i;
  }

  // Code units from byte pairs (big- or little-endian), while none is a surrogate; returns
  // how many bytes were taken (an even number).
  size_t PutUnitsBeforeSurrogate(const uint8_t* bytes, size_t n, bool big_endian) {
    size_t units = n / 2;
    if (out_->size() - size_ < units)
      Grow(units);
    char16_t* to = data_ + size_;
    size_t k = 0;
    for (; k < units; ++k) {
      uint16_t unit = big_endian ? static_cast<uint16_t>(bytes[2 * k] << 8 | bytes[2 * k + 1])
                                 : static_cast<uint16_t>(bytes[2 * k + 1] << 8 | bytes[2 * k]);
      if ((unit & 0xF800) == 0xD800)
        break;
      to[k] = unit;
    }
    size_ += k;
    return 2 * k;
  }

 private:
  void Grow(size_t at_least) {
    out_->resize(out_->size() + std::max(at_least, out_->size() / 2 + 16));
    data_ = &(*out_)[0];
  }

  std::u16string* out_;
  char16_t* data_;
  size_t size_;
};

}  // namespace v8ws::encoding

#endif  // V8WS_CORE_ENCODING_UTF16_WRITER_H_
