// The Encoding Standard's encodings that v8ws decodes: UTF-8 (§9.1) and UTF-16LE/BE (§14),
// their labels (§4.2 "get an encoding"), and their decoders, as state machines that keep
// what a stream split between calls.
#ifndef V8WS_CORE_ENCODING_ENCODING_H_
#define V8WS_CORE_ENCODING_ENCODING_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace v8ws::encoding {

enum class Encoding { kUtf8, kUtf16Le, kUtf16Be };

// §4.2 "get an encoding" from a label (ASCII whitespace trimmed, ASCII case-insensitive);
// nullopt for a label of no encoding, or of one v8ws does not decode yet.
std::optional<Encoding> GetEncoding(std::string_view label);
// The encoding's name, as TextDecoder.encoding gives it.
const char* Name(Encoding encoding);

// A decoder instance: Decode() takes the next bytes of a stream and appends what they
// complete to `out` as UTF-8 (every error as U+FFFD); with `flush`, the end of the stream
// follows them. Returns false if an error occurred (the caller decides whether that is
// fatal; the U+FFFD was written either way).
class Decoder {
 public:
  explicit Decoder(Encoding encoding) : encoding_(encoding) {}
  bool Decode(const uint8_t* data, size_t size, bool flush, std::string* out);

 private:
  bool DecodeUtf8(const uint8_t* data, size_t size, bool flush, std::string* out);
  void ResetUtf8();  // after a sequence ends in error
  bool DecodeUtf16(const uint8_t* data, size_t size, bool flush, bool big_endian, std::string* out);

  Encoding encoding_;
  // UTF-8 (§9.1.1): the code point so far and the bounds for the next byte.
  uint32_t code_point_ = 0;
  int bytes_seen_ = 0;
  int bytes_needed_ = 0;
  uint8_t lower_ = 0x80;
  uint8_t upper_ = 0xBF;
  // UTF-16 (§14.2.1): a byte waiting for its pair, a lead surrogate waiting for its trail.
  std::optional<uint8_t> lead_byte_;
  std::optional<uint16_t> lead_surrogate_;
};

// What a TextDecoder and a TextDecoderStream decode with (§7.2, §7.4): a decoder across
// calls, "serialize I/O queue"'s BOM step (the stream's first code point, if U+FEFF, goes
// unless ignoreBOM) and the error mode.
class Decoding {
 public:
  Decoding(Encoding encoding, bool fatal, bool ignore_bom)
      : encoding_(encoding), fatal_(fatal), ignore_bom_(ignore_bom), decoder_(encoding) {}
  // A new stream (a decode() call after one that did not stream).
  void Reset();
  // As Decoder::Decode, then the BOM step; false on an error when fatal (see ErrorMessage()).
  bool Decode(const uint8_t* data, size_t size, bool flush, std::string* out);
  std::string ErrorMessage() const;
  Encoding encoding() const { return encoding_; }
  bool fatal() const { return fatal_; }
  bool ignore_bom() const { return ignore_bom_; }

 private:
  Encoding encoding_;
  bool fatal_;
  bool ignore_bom_;
  Decoder decoder_;
  bool bom_seen_ = false;
};

// The RangeError message for a label GetEncoding() does not resolve.
std::string UnknownLabelMessage(std::string_view label);

// Appends `code_point` (a scalar value) to `out` as UTF-8.
void AppendUtf8(uint32_t code_point, std::string* out);

}  // namespace v8ws::encoding

#endif  // V8WS_CORE_ENCODING_ENCODING_H_
