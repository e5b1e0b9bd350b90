// The legacy decoders, step for step as the Encoding Standard writes them; the step
// numbers in comments are the Standard's.
#include "core/encoding/legacy_decoders.h"

#include <algorithm>

#include "core/encoding/encoding.h"
#include "core/encoding/encoding_indexes.h"
#include "core/encoding/utf16_writer.h"

namespace v8ws::encoding {
namespace {

bool InRange(int item, int low, int high) {
  return item >= low && item <= high;
}
bool IsAsciiByte(int item) {
  return InRange(item, 0x00, 0x7F);
}

// §5 "index code point": null (0) for a pointer past the index.
template <typename T>
uint32_t IndexCodePoint(const T* index, size_t size, uint32_t pointer) {
  return pointer < size ? index[pointer] : 0;
}

// §5 "index gb18030 ranges code point".
uint32_t Gb18030RangesCodePoint(uint32_t pointer) {
  // Step 1.
  if ((pointer > 39419 && pointer < 189000) || pointer > 1237575)
    return 0;
  // Step 2.
  if (pointer == 7457)
    return 0xE7C7;
  // Step 3: the last range that starts at or before pointer.
  const uint32_t(*begin)[2] = indexes::kGb18030Ranges;
  const uint32_t(*end)[2] = begin + indexes::kGb18030RangesSize;
  const uint32_t(*range)[2] =
      std::upper_bound(begin, end, pointer,
                       [](uint32_t p, const uint32_t(&entry)[2]) { return p < entry[0]; }) -
      1;
  // Step 4.
  return (*range)[1] + pointer - (*range)[0];
}

// The position of a single-byte encoding's index in indexes::kSingleByte; ISO-8859-8-I
// decodes with ISO-8859-8's.
int SingleByteIndexOf(Encoding encoding) {
  switch (encoding) {
    case Encoding::kIbm866:
      return 0;
    case Encoding::kIso8859_2:
      return 1;
    case Encoding::kIso8859_3:
      return 2;
    case Encoding::kIso8859_4:
      return 3;
    case Encoding::kIso8859_5:
      return 4;
    case Encoding::kIso8859_6:
      return 5;
    case Encoding::kIso8859_7:
      return 6;
    case Encoding::kIso8859_8:
    case Encoding::kIso8859_8I:
      return 7;
    case Encoding::kIso8859_10:
      return 8;
    case Encoding::kIso8859_13:
      return 9;
    case Encoding::kIso8859_14:
      return 10;
    case Encoding::kIso8859_15:
      return 11;
    case Encoding::kIso8859_16:
      return 12;
    case Encoding::kKoi8R:
      return 13;
    case Encoding::kKoi8U:
      return 14;
    case Encoding::kMacintosh:
      return 15;
    case Encoding::kWindows874:
      return 16;
    case Encoding::kWindows1250:
      return 17;
    case Encoding::kWindows1251:
      return 18;
    case Encoding::kWindows1252:
      return 19;
    case Encoding::kWindows1253:
      return 20;
    case Encoding::kWindows1254:
      return 21;
    case Encoding::kWindows1255:
      return 22;
    case Encoding::kWindows1256:
      return 23;
    case Encoding::kWindows1257:
      return 24;
    case Encoding::kWindows1258:
      return 25;
    case Encoding::kXMacCyrillic:
      return 26;
    default:
      return -1;
  }
}

}  // namespace

LegacyDecoder::Step LegacyDecoder::Emit(Utf16Writer& out, uint32_t code_point) {
  out.PutCodePoint(code_point);
  return Step::kNext;
}

// The end of the queue in the decoders with a lead byte: an error if one is held.
LegacyDecoder::Step LegacyDecoder::EndOfQueue() {
  if (lead_ == 0)
    return Step::kFinished;
  lead_ = 0;
  return Step::kError;
}

// How the two-byte decoders end: the code point, or an error that hands an ASCII byte
// back to the queue, so that a broken sequence never swallows one.
LegacyDecoder::Step LegacyDecoder::CodePointOrError(uint32_t code_point,
                                                    int item,
                                                    Utf16Writer& out) {
  if (code_point != 0)
    return Emit(out, code_point);
  if (IsAsciiByte(item))
    Prepend(item);
  return Step::kError;
}

LegacyDecoder::LegacyDecoder(Encoding encoding) : encoding_(encoding) {
  int index = SingleByteIndexOf(encoding);
  if (index >= 0)
    single_byte_ = indexes::kSingleByte[index];
}

bool LegacyDecoder::PassesAscii() const {
  switch (encoding_) {
    case Encoding::kIso2022Jp:
      return false;  // ESC, SO and SI are not themselves, and Roman remaps two bytes
    case Encoding::kReplacement:
      return false;
    case Encoding::kGb18030:
    case Encoding::kGbk:
      return lead_ == 0 && second_ == 0 && third_ == 0;
    default:
      return lead_ == 0;
  }
}

// §9.1 single-byte decoder: it keeps no state (the end of the queue is always finished),
// so each byte maps on its own, in one pass.
bool LegacyDecoder::DecodeSingleByte(const uint8_t* data, size_t size, std::u16string* to) {
  Utf16Writer out(to, size);
  bool ok = true;
  for (size_t i = 0; i < size; ++i) {
    uint8_t byte = data[i];
    // Steps 2-5: an ASCII byte is itself; any other, its index code point, or an error.
    uint16_t code_point = byte < 0x80 ? byte : single_byte_[byte - 0x80];
    if (code_point == 0 && byte != 0) {
      out.Put(0xFFFD);
      ok = false;
      continue;
    }
    out.Put(code_point);
  }
  return ok;
}

bool LegacyDecoder::Decode(const uint8_t* data, size_t size, bool flush, std::u16string* to) {
  if (single_byte_)
    return DecodeSingleByte(data, size, to);
  Utf16Writer out(to, size);
  bool ok = true;
  size_t i = 0;
  for (;;) {
    int item;
    if (pending_count_ > 0) {
      item = pending_[--pending_count_];
    } else if (i < size) {
      if (data[i] < 0x80 && PassesAscii()) {
        i += out.PutAsciiPrefix(data + i, size - i);
        continue;
      }
      item = data[i++];
    } else if (flush) {
      item = kEndOfQueue;  // read again after an error, until the handler finishes
    } else {
      break;
    }
    Step step = Handle(item, out);
    if (step == Step::kError) {
      out.Put(0xFFFD);
      ok = false;
    } else if (step == Step::kFinished) {
      break;
    }
  }
  return ok;
}

LegacyDecoder::Step LegacyDecoder::Handle(int item, Utf16Writer& out) {
  switch (encoding_) {
    case Encoding::kGb18030:
    case Encoding::kGbk:  // §10.1.1: GBK's decoder is gb18030's
      return Gb18030(item, out);
    case Encoding::kBig5:
      return Big5(item, out);
    case Encoding::kEucJp:
      return EucJp(item, out);
    case Encoding::kIso2022Jp:
      return Iso2022Jp(item, out);
    case Encoding::kShiftJis:
      return ShiftJis(item, out);
    case Encoding::kEucKr:
      return EucKr(item, out);
    case Encoding::kReplacement:
      // §14.1.1.
      if (item == kEndOfQueue)
        return Step::kFinished;
      if (!replacement_error_returned_) {
        replacement_error_returned_ = true;
        return Step::kError;
      }
      return Step::kFinished;
    case Encoding::kXUserDefined:
      // §14.5.1.
      if (item == kEndOfQueue)
        return Step::kFinished;
      return Emit(out, IsAsciiByte(item) ? item : 0xF780 + item - 0x80);
    default:
      return Step::kFinished;  // the single-byte encodings: DecodeSingleByte()
  }
}

// §10.2.1 gb18030 decoder (first, second and third are lead_, second_, third_).
LegacyDecoder::Step LegacyDecoder::Gb18030(int item, Utf16Writer& out) {
  // Steps 1-2: the end of the queue; bytes still held are dropped with one error.
  if (item == kEndOfQueue) {
    if (lead_ == 0 && second_ == 0 && third_ == 0)
      return Step::kFinished;
    lead_ = second_ = third_ = 0;
    return Step::kError;
  }
  // Step 3: the fourth byte.
  if (third_ != 0) {
    if (!InRange(item, 0x30, 0x39)) {
      Prepend(second_, third_, item);
      lead_ = second_ = third_ = 0;
      return Step::kError;
    }
    uint32_t code_point = Gb18030RangesCodePoint(((lead_ - 0x81) * (10 * 126 * 10)) +
                                                 ((second_ - 0x30) * (10 * 126)) +
                                                 ((third_ - 0x81) * 10) + item - 0x30);
    lead_ = second_ = third_ = 0;
    if (code_point == 0)
      return Step::kError;
    return Emit(out, code_point);
  }
  // Step 4: the third byte.
  if (second_ != 0) {
    if (InRange(item, 0x81, 0xFE)) {
      third_ = static_cast<uint8_t>(item);
      return Step::kNext;
    }
    Prepend(second_, item);
    lead_ = second_ = 0;
    return Step::kError;
  }
  // Step 5: the second byte.
  if (lead_ != 0) {
    if (InRange(item, 0x30, 0x39)) {
      second_ = static_cast<uint8_t>(item);
      return Step::kNext;
    }
    int lead = lead_;
    lead_ = 0;
    uint32_t code_point = 0;
    int offset = item < 0x7F ? 0x40 : 0x41;
    if (InRange(item, 0x40, 0x7E) || InRange(item, 0x80, 0xFE)) {
      code_point = IndexCodePoint(indexes::kGb18030, indexes::kGb18030Size,
                                  (lead - 0x81) * 190 + (item - offset));
    }
    return CodePointOrError(code_point, item, out);
  }
  // Steps 6-9: the first byte.
  if (IsAsciiByte(item))
    return Emit(out, item);
  if (item == 0x80)
    return Emit(out, 0x20AC);
  if (InRange(item, 0x81, 0xFE)) {
    lead_ = static_cast<uint8_t>(item);
    return Step::kNext;
  }
  return Step::kError;
}

// §11.1.1 Big5 decoder.
LegacyDecoder::Step LegacyDecoder::Big5(int item, Utf16Writer& out) {
  // Steps 1-2.
  if (item == kEndOfQueue)
    return EndOfQueue();
  // Step 3.
  if (lead_ != 0) {
    int lead = lead_;
    lead_ = 0;
    int offset = item < 0x7F ? 0x40 : 0x62;
    uint32_t code_point = 0;
    if (InRange(item, 0x40, 0x7E) || InRange(item, 0xA1, 0xFE)) {
      uint32_t pointer = (lead - 0x81) * 157 + (item - offset);
      // Step 3.4: four pointers decode to a letter and a combining mark.
      switch (pointer) {
        case 1133:
          out.PutCodePoint(0x00CA);
          return Emit(out, 0x0304);
        case 1135:
          out.PutCodePoint(0x00CA);
          return Emit(out, 0x030C);
        case 1164:
          out.PutCodePoint(0x00EA);
          return Emit(out, 0x0304);
        case 1166:
          out.PutCodePoint(0x00EA);
          return Emit(out, 0x030C);
      }
      code_point = IndexCodePoint(indexes::kBig5, indexes::kBig5Size, pointer);
    }
    return CodePointOrError(code_point, item, out);
  }
  // Steps 4-6.
  if (IsAsciiByte(item))
    return Emit(out, item);
  if (InRange(item, 0x81, 0xFE)) {
    lead_ = static_cast<uint8_t>(item);
    return Step::kNext;
  }
  return Step::kError;
}

// §12.1.1 EUC-JP decoder.
LegacyDecoder::Step LegacyDecoder::EucJp(int item, Utf16Writer& out) {
  // Steps 1-2.
  if (item == kEndOfQueue)
    return EndOfQueue();
  // Step 3: half-width katakana.
  if (lead_ == 0x8E && InRange(item, 0xA1, 0xDF)) {
    lead_ = 0;
    return Emit(out, 0xFF61 - 0xA1 + item);
  }
  // Step 4: JIS X 0212 follows.
  if (lead_ == 0x8F && InRange(item, 0xA1, 0xFE)) {
    jis0212_ = true;
    lead_ = static_cast<uint8_t>(item);
    return Step::kNext;
  }
  // Step 5.
  if (lead_ != 0) {
    int lead = lead_;
    lead_ = 0;
    uint32_t code_point = 0;
    if (InRange(lead, 0xA1, 0xFE) && InRange(item, 0xA1, 0xFE)) {
      uint32_t pointer = (lead - 0xA1) * 94 + item - 0xA1;
      code_point = jis0212_ ? IndexCodePoint(indexes::kJis0212, indexes::kJis0212Size, pointer)
                            : IndexCodePoint(indexes::kJis0208, indexes::kJis0208Size, pointer);
    }
    jis0212_ = false;
    return CodePointOrError(code_point, item, out);
  }
  // Steps 6-8.
  if (IsAsciiByte(item))
    return Emit(out, item);
  if (item == 0x8E || item == 0x8F || InRange(item, 0xA1, 0xFE)) {
    lead_ = static_cast<uint8_t>(item);
    return Step::kNext;
  }
  return Step::kError;
}

// §12.2.1 ISO-2022-JP decoder.
LegacyDecoder::Step LegacyDecoder::Iso2022Jp(int item, Utf16Writer& out) {
  using State = Iso2022JpState;
  switch (state_) {
    case State::kAscii:
    case State::kRoman:
    case State::kKatakana:
    case State::kLeadByte:
      if (item == 0x1B) {
        state_ = State::kEscapeStart;
        return Step::kNext;
      }
      if (item == kEndOfQueue)
        return Step::kFinished;
      output_flag_ = false;
      if (state_ == State::kAscii) {
        if (IsAsciiByte(item) && item != 0x0E && item != 0x0F)
          return Emit(out, item);
      } else if (state_ == State::kRoman) {
        if (item == 0x5C)
          return Emit(out, 0x00A5);
        if (item == 0x7E)
          return Emit(out, 0x203E);
        if (IsAsciiByte(item) && item != 0x0E && item != 0x0F)
          return Emit(out, item);
      } else if (state_ == State::kKatakana) {
        if (InRange(item, 0x21, 0x5F))
          return Emit(out, 0xFF61 - 0x21 + item);
      } else if (InRange(item, 0x21, 0x7E)) {  // lead byte
        lead_ = static_cast<uint8_t>(item);
        state_ = State::kTrailByte;
        return Step::kNext;
      }
      return Step::kError;
    case State::kTrailByte: {
      if (item == 0x1B) {
        state_ = State::kEscapeStart;
        return Step::kError;
      }
      state_ = State::kLeadByte;
      if (InRange(item, 0x21, 0x7E)) {
        uint32_t code_point = IndexCodePoint(indexes::kJis0208, indexes::kJis0208Size,
                                             (lead_ - 0x21) * 94 + item - 0x21);
        if (code_point == 0)
          return Step::kError;
        return Emit(out, code_point);
      }
      if (item == kEndOfQueue)
        Prepend(item);
      return Step::kError;
    }
    case State::kEscapeStart:
      // Steps 1-3.
      if (item == 0x24 || item == 0x28) {
        lead_ = static_cast<uint8_t>(item);
        state_ = State::kEscape;
        return Step::kNext;
      }
      Prepend(item);  // the end of the queue too: it is read again in the output state
      output_flag_ = false;
      state_ = output_state_;
      return Step::kError;
    case State::kEscape: {
      // Steps 1-6.
      int lead = lead_;
      lead_ = 0;
      bool matched = true;
      State state = State::kAscii;
      if (lead == 0x28 && item == 0x42)
        state = State::kAscii;
      else if (lead == 0x28 && item == 0x4A)
        state = State::kRoman;
      else if (lead == 0x28 && item == 0x49)
        state = State::kKatakana;
      else if (lead == 0x24 && (item == 0x40 || item == 0x42))
        state = State::kLeadByte;
      else
        matched = false;
      // Step 7: an escape sequence; two in a row with nothing between is an error.
      if (matched) {
        state_ = output_state_ = state;
        bool output = output_flag_;
        output_flag_ = true;
        return output ? Step::kError : Step::kNext;
      }
      // Steps 8-9.
      if (item == kEndOfQueue)
        Prepend(lead);
      else
        Prepend(lead, item);
      output_flag_ = false;
      state_ = output_state_;
      return Step::kError;
    }
  }
  return Step::kError;
}

// §12.3.1 Shift_JIS decoder.
LegacyDecoder::Step LegacyDecoder::ShiftJis(int item, Utf16Writer& out) {
  // Steps 1-2.
  if (item == kEndOfQueue)
    return EndOfQueue();
  // Step 3.
  if (lead_ != 0) {
    int lead = lead_;
    lead_ = 0;
    int offset = item < 0x7F ? 0x40 : 0x41;
    int lead_offset = lead < 0xA0 ? 0x81 : 0xC1;
    uint32_t code_point = 0;
    if (InRange(item, 0x40, 0x7E) || InRange(item, 0x80, 0xFC)) {
      uint32_t pointer = (lead - lead_offset) * 188 + item - offset;
      // Step 3.5: the end-user-defined area maps to the Private Use Area.
      if (pointer >= 8836 && pointer <= 10715)
        return Emit(out, 0xE000 - 8836 + pointer);
      code_point = IndexCodePoint(indexes::kJis0208, indexes::kJis0208Size, pointer);
    }
    return CodePointOrError(code_point, item, out);
  }
  // Steps 4-7.
  if (IsAsciiByte(item) || item == 0x80)
    return Emit(out, item);
  if (InRange(item, 0xA1, 0xDF))
    return Emit(out, 0xFF61 - 0xA1 + item);
  if (InRange(item, 0x81, 0x9F) || InRange(item, 0xE0, 0xFC)) {
    lead_ = static_cast<uint8_t>(item);
    return Step::kNext;
  }
  return Step::kError;
}

// §13.1.1 EUC-KR decoder.
LegacyDecoder::Step LegacyDecoder::EucKr(int item, Utf16Writer& out) {
  // Steps 1-2.
  if (item == kEndOfQueue)
    return EndOfQueue();
  // Step 3.
  if (lead_ != 0) {
    int lead = lead_;
    lead_ = 0;
    uint32_t code_point = 0;
    if (InRange(item, 0x41, 0xFE)) {
      code_point =
          IndexCodePoint(indexes::kEucKr, indexes::kEucKrSize, (lead - 0x81) * 190 + (item - 0x41));
    }
    return CodePointOrError(code_point, item, out);
  }
  // Steps 4-6.
  if (IsAsciiByte(item))
    return Emit(out, item);
  if (InRange(item, 0x81, 0xFE)) {
    lead_ = static_cast<uint8_t>(item);
    return Step::kNext;
  }
  return Step::kError;
}

}  // namespace v8ws::encoding
