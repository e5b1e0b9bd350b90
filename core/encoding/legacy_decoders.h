// The Encoding Standard's legacy decoders: single-byte (§9), gb18030 and GBK (§10),
// Big5 (§11), EUC-JP, ISO-2022-JP and Shift_JIS (§12), EUC-KR (§13), replacement and
// x-user-defined (§14). Each is the Standard's handler, run over an I/O queue of bytes
// where "prepend" hands bytes back to the front, with its state kept across calls so a
// stream may split anywhere.
#ifndef V8WS_CORE_ENCODING_LEGACY_DECODERS_H_
#define V8WS_CORE_ENCODING_LEGACY_DECODERS_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace v8ws::encoding {

enum class Encoding;
class Utf16Writer;

class LegacyDecoder {
 public:
  explicit LegacyDecoder(Encoding encoding);
  // As Decoder::Decode (encoding.h): appends UTF-16, errors as U+FFFD; false on an error.
  bool Decode(const uint8_t* data, size_t size, bool flush, std::u16string* out);
  // True when the next ASCII byte decodes to itself with no change of state.
  bool PassesAscii() const;

 private:
  // What a handler returns (§4.1): the item was used (code points, if any, already
  // appended), an error, or finished (end of queue reached with nothing pending).
  enum class Step { kNext, kError, kFinished };
  // An item of the I/O queue: a byte, or the end of the queue.
  static constexpr int kEndOfQueue = -1;

  Step Handle(int item, Utf16Writer& out);
  bool DecodeSingleByte(const uint8_t* data, size_t size, std::u16string* out);
  Step Gb18030(int item, Utf16Writer& out);
  Step Big5(int item, Utf16Writer& out);
  Step EucJp(int item, Utf16Writer& out);
  Step Iso2022Jp(int item, Utf16Writer& out);
  Step ShiftJis(int item, Utf16Writer& out);
  Step EucKr(int item, Utf16Writer& out);
  static Step Emit(Utf16Writer& out, uint32_t code_point);
  Step EndOfQueue();
  Step CodePointOrError(uint32_t code_point, int item, Utf16Writer& out);
  // "Prepend" (§4.1): the items go back to the front of the queue, first one next.
  void Prepend(int item) { pending_[pending_count_++] = item; }
  void Prepend(int first, int second) {
    Prepend(second);
    Prepend(first);
  }
  void Prepend(int first, int second, int third) {
    Prepend(third);
    Prepend(first, second);
  }

  enum class Iso2022JpState : uint8_t {
    kAscii,
    kRoman,
    kKatakana,
    kLeadByte,
    kTrailByte,
    kEscapeStart,
    kEscape
  };

  Encoding encoding_;
  const uint16_t* single_byte_ = nullptr;  // the index of a single-byte encoding
  // The lead byte of Big5, EUC-JP, Shift_JIS, EUC-KR and ISO-2022-JP; gb18030 first.
  uint8_t lead_ = 0;
  uint8_t second_ = 0;    // gb18030 second
  uint8_t third_ = 0;     // gb18030 third
  bool jis0212_ = false;  // EUC-JP jis0212 flag
  bool replacement_error_returned_ = false;
  Iso2022JpState state_ = Iso2022JpState::kAscii;
  Iso2022JpState output_state_ = Iso2022JpState::kAscii;
  bool output_flag_ = false;
  // Prepended items, a stack whose top is the queue's front; never more than three (the
  // gb18030 decoder's second, third and byte), and always empty between calls.
  int pending_[4];
  int pending_count_ = 0;
};

}  // namespace v8ws::encoding

#endif  // V8WS_CORE_ENCODING_LEGACY_DECODERS_H_
