// The Encoding Standard's encodings (§4.2 "names and labels"), their labels ("get an
// encoding"), and their decoders, as state machines that keep what a stream split
// between calls. UTF-8 and UTF-16 decode here; the legacy encodings in
// legacy_decoders.h, with the Standard's indexes.
#ifndef V8WS_CORE_ENCODING_ENCODING_H_
#define V8WS_CORE_ENCODING_ENCODING_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/encoding/legacy_decoders.h"

namespace v8ws::encoding {

// Every encoding of §4.2's table, in its order.
enum class Encoding {
  kUtf8,
  // Legacy single-byte encodings (§9).
  kIbm866,
  kIso8859_2,
  kIso8859_3,
  kIso8859_4,
  kIso8859_5,
  kIso8859_6,
  kIso8859_7,
  kIso8859_8,
  kIso8859_8I,
  kIso8859_10,
  kIso8859_13,
  kIso8859_14,
  kIso8859_15,
  kIso8859_16,
  kKoi8R,
  kKoi8U,
  kMacintosh,
  kWindows874,
  kWindows1250,
  kWindows1251,
  kWindows1252,
  kWindows1253,
  kWindows1254,
  kWindows1255,
  kWindows1256,
  kWindows1257,
  kWindows1258,
  kXMacCyrillic,
  // Legacy multi-byte Chinese (simplified), (traditional), Japanese and Korean (§10-13).
  kGbk,
  kGb18030,
  kBig5,
  kEucJp,
  kIso2022Jp,
  kShiftJis,
  kEucKr,
  // Legacy miscellaneous (§14).
  kReplacement,
  kUtf16Be,
  kUtf16Le,
  kXUserDefined,
};

// §4.2 "get an encoding" from a label (ASCII whitespace trimmed, ASCII case-insensitive);
// nullopt (failure) for a label of no encoding.
std::optional<Encoding> GetEncoding(std::string_view label);
// TextDecoder's and TextDecoderStream's constructor steps 1-2 (§7.2, §7.4): as
// GetEncoding, but replacement is a failure too.
std::optional<Encoding> GetDecoderEncoding(std::string_view label);
// The encoding's name, ASCII lowercased, as TextDecoder.encoding gives it.
const char* Name(Encoding encoding);

// A decoder instance: Decode() takes the next bytes of a stream and appends what they
// complete to `out` as UTF-16 (every error as U+FFFD); with `flush`, the end of the stream
// follows them. Returns false if an error occurred (the caller decides whether that is
// fatal; the U+FFFD was written either way).
class Decoder {
 public:
  explicit Decoder(Encoding encoding) : encoding_(encoding), legacy_(encoding) {}
  bool Decode(const uint8_t* data, size_t size, bool flush, std::u16string* out);
  // True when ASCII bytes would decode to themselves now, changing no state (not so for
  // UTF-16 and ISO-2022-JP, nor inside a sequence).
  bool PassesAscii() const;

 private:
  bool DecodeUtf8(const uint8_t* data, size_t size, bool flush, std::u16string* out);
  void ResetUtf8();  // after a sequence ends in error
  bool DecodeUtf16(const uint8_t* data,
                   size_t size,
                   bool flush,
                   bool big_endian,
                   std::u16string* out);

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
  // Every other encoding.
  LegacyDecoder legacy_;
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
  bool Decode(const uint8_t* data, size_t size, bool flush, std::u16string* out);
  // The common case, without a copy: if every byte is ASCII and the decoder would decode
  // each to itself, takes them as decoded (the output is the bytes) and returns true;
  // otherwise does nothing and returns false.
  bool DecodeAsciiOnly(const uint8_t* data, size_t size);
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

// True when every byte is below 0x80.
bool IsAscii(const uint8_t* data, size_t size);

// Appends `code_point` (a scalar value) to `out` as UTF-8.
void AppendUtf8(uint32_t code_point, std::string* out);

}  // namespace v8ws::encoding

#endif  // V8WS_CORE_ENCODING_ENCODING_H_
