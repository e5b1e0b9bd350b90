// Utf8Validator: the byte ranges of RFC 3629 §4 as a small state machine.
#include "net/protocol/utf8_validator.h"

#include <cstring>

namespace v8ws::net {

bool Utf8Validator::Feed(const uint8_t* data, size_t size) {
  if (!valid_)
    return false;
  size_t i = 0;
  while (i < size) {
    if (need_ == 0) {
      // ASCII fast path, eight bytes at a time.
      while (i + 8 <= size) {
        uint64_t word;
        std::memcpy(&word, data + i, 8);
        if (word & 0x8080808080808080ull)
          break;
        i += 8;
      }
      if (i >= size)
        break;
      uint8_t c = data[i++];
      if (c < 0x80)
        continue;
      lower_ = 0x80;
      upper_ = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        need_ = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need_ = 2;
        if (c == 0xE0)
          lower_ = 0xA0;  // no overlong forms
        if (c == 0xED)
          upper_ = 0x9F;  // no surrogates
      } else if (c >= 0xF0 && c <= 0xF4) {
        need_ = 3;
        if (c == 0xF0)
          lower_ = 0x90;
        if (c == 0xF4)
          upper_ = 0x8F;  // nothing above U+10FFFF
      } else {
        valid_ = false;
        return false;
      }
    } else {
      uint8_t c = data[i++];
      if (c < lower_ || c > upper_) {
        valid_ = false;
        return false;
      }
      lower_ = 0x80;
      upper_ = 0xBF;
      --need_;
    }
  }
  return true;
}

}  // namespace v8ws::net
