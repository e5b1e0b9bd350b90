// Utf8Validator: incremental UTF-8 validation (RFC 3629), so a text message split across
// frames or reads is checked as it arrives (RFC 6455 §8.1).
#ifndef V8WS_NET_PROTOCOL_UTF8_VALIDATOR_H_
#define V8WS_NET_PROTOCOL_UTF8_VALIDATOR_H_

#include <cstddef>
#include <cstdint>

namespace v8ws::net {

class Utf8Validator {
 public:
  // False as soon as the bytes so far cannot start a valid UTF-8 string.
  bool Feed(const uint8_t* data, size_t size);
  // True when the bytes so far are complete, valid UTF-8 (no sequence cut short).
  bool Complete() const { return valid_ && need_ == 0; }
  void Reset() { *this = Utf8Validator(); }

  static bool IsValid(const uint8_t* data, size_t size) {
    Utf8Validator v;
    return v.Feed(data, size) && v.Complete();
  }

 private:
  bool valid_ = true;
  uint8_t need_ = 0;                     // continuation bytes still expected
  uint8_t lower_ = 0x80, upper_ = 0xBF;  // bounds of the next continuation byte
};

}  // namespace v8ws::net

#endif  // V8WS_NET_PROTOCOL_UTF8_VALIDATOR_H_
