// The Encoding Standard's labels and names, and its UTF-8 and UTF-16 decoders step for step.
#include "core/encoding/encoding.h"

#include <cstring>

#include "core/encoding/utf16_writer.h"

namespace v8ws::encoding {
namespace {

constexpr uint32_t kReplacement = 0xFFFD;

bool IsAsciiWhitespace(char c) {
  return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

}  // namespace

std::optional<Encoding> GetEncoding(std::string_view label) {
  // §4.2 step 1: strip leading and trailing ASCII whitespace.
  while (!label.empty() && IsAsciiWhitespace(label.front()))
    label.remove_prefix(1);
  while (!label.empty() && IsAsciiWhitespace(label.back()))
    label.remove_suffix(1);
  std::string lower(label);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  // Step 2: the labels of §4.2's table.
  static const struct {
    const char* label;
    Encoding encoding;
  } kLabels[] = {
      {"unicode-1-1-utf-8", Encoding::kUtf8},
      {"unicode11utf8", Encoding::kUtf8},
      {"unicode20utf8", Encoding::kUtf8},
      {"utf-8", Encoding::kUtf8},
      {"utf8", Encoding::kUtf8},
      {"x-unicode20utf8", Encoding::kUtf8},
      {"866", Encoding::kIbm866},
      {"cp866", Encoding::kIbm866},
      {"csibm866", Encoding::kIbm866},
      {"ibm866", Encoding::kIbm866},
      {"csisolatin2", Encoding::kIso8859_2},
      {"iso-8859-2", Encoding::kIso8859_2},
      {"iso-ir-101", Encoding::kIso8859_2},
      {"iso8859-2", Encoding::kIso8859_2},
      {"iso88592", Encoding::kIso8859_2},
      {"iso_8859-2", Encoding::kIso8859_2},
      {"iso_8859-2:1987", Encoding::kIso8859_2},
      {"l2", Encoding::kIso8859_2},
      {"latin2", Encoding::kIso8859_2},
      {"csisolatin3", Encoding::kIso8859_3},
      {"iso-8859-3", Encoding::kIso8859_3},
      {"iso-ir-109", Encoding::kIso8859_3},
      {"iso8859-3", Encoding::kIso8859_3},
      {"iso88593", Encoding::kIso8859_3},
      {"iso_8859-3", Encoding::kIso8859_3},
      {"iso_8859-3:1988", Encoding::kIso8859_3},
      {"l3", Encoding::kIso8859_3},
      {"latin3", Encoding::kIso8859_3},
      {"csisolatin4", Encoding::kIso8859_4},
      {"iso-8859-4", Encoding::kIso8859_4},
      {"iso-ir-110", Encoding::kIso8859_4},
      {"iso8859-4", Encoding::kIso8859_4},
      {"iso88594", Encoding::kIso8859_4},
      {"iso_8859-4", Encoding::kIso8859_4},
      {"iso_8859-4:1988", Encoding::kIso8859_4},
      {"l4", Encoding::kIso8859_4},
      {"latin4", Encoding::kIso8859_4},
      {"csisolatincyrillic", Encoding::kIso8859_5},
      {"cyrillic", Encoding::kIso8859_5},
      {"iso-8859-5", Encoding::kIso8859_5},
      {"iso-ir-144", Encoding::kIso8859_5},
      {"iso8859-5", Encoding::kIso8859_5},
      {"iso88595", Encoding::kIso8859_5},
      {"iso_8859-5", Encoding::kIso8859_5},
      {"iso_8859-5:1988", Encoding::kIso8859_5},
      {"arabic", Encoding::kIso8859_6},
      {"asmo-708", Encoding::kIso8859_6},
      {"csiso88596e", Encoding::kIso8859_6},
      {"csiso88596i", Encoding::kIso8859_6},
      {"csisolatinarabic", Encoding::kIso8859_6},
      {"ecma-114", Encoding::kIso8859_6},
      {"iso-8859-6", Encoding::kIso8859_6},
      {"iso-8859-6-e", Encoding::kIso8859_6},
      {"iso-8859-6-i", Encoding::kIso8859_6},
      {"iso-ir-127", Encoding::kIso8859_6},
      {"iso8859-6", Encoding::kIso8859_6},
      {"iso88596", Encoding::kIso8859_6},
      {"iso_8859-6", Encoding::kIso8859_6},
      {"iso_8859-6:1987", Encoding::kIso8859_6},
      {"csisolatingreek", Encoding::kIso8859_7},
      {"ecma-118", Encoding::kIso8859_7},
      {"elot_928", Encoding::kIso8859_7},
      {"greek", Encoding::kIso8859_7},
      {"greek8", Encoding::kIso8859_7},
      {"iso-8859-7", Encoding::kIso8859_7},
      {"iso-ir-126", Encoding::kIso8859_7},
      {"iso8859-7", Encoding::kIso8859_7},
      {"iso88597", Encoding::kIso8859_7},
      {"iso_8859-7", Encoding::kIso8859_7},
      {"iso_8859-7:1987", Encoding::kIso8859_7},
      {"sun_eu_greek", Encoding::kIso8859_7},
      {"csiso88598e", Encoding::kIso8859_8},
      {"csisolatinhebrew", Encoding::kIso8859_8},
      {"hebrew", Encoding::kIso8859_8},
      {"iso-8859-8", Encoding::kIso8859_8},
      {"iso-8859-8-e", Encoding::kIso8859_8},
      {"iso-ir-138", Encoding::kIso8859_8},
      {"iso8859-8", Encoding::kIso8859_8},
      {"iso88598", Encoding::kIso8859_8},
      {"iso_8859-8", Encoding::kIso8859_8},
      {"iso_8859-8:1988", Encoding::kIso8859_8},
      {"visual", Encoding::kIso8859_8},
      {"csiso88598i", Encoding::kIso8859_8I},
      {"iso-8859-8-i", Encoding::kIso8859_8I},
      {"logical", Encoding::kIso8859_8I},
      {"csisolatin6", Encoding::kIso8859_10},
      {"iso-8859-10", Encoding::kIso8859_10},
      {"iso-ir-157", Encoding::kIso8859_10},
      {"iso8859-10", Encoding::kIso8859_10},
      {"iso885910", Encoding::kIso8859_10},
      {"l6", Encoding::kIso8859_10},
      {"latin6", Encoding::kIso8859_10},
      {"iso-8859-13", Encoding::kIso8859_13},
      {"iso8859-13", Encoding::kIso8859_13},
      {"iso885913", Encoding::kIso8859_13},
      {"iso-8859-14", Encoding::kIso8859_14},
      {"iso8859-14", Encoding::kIso8859_14},
      {"iso885914", Encoding::kIso8859_14},
      {"csisolatin9", Encoding::kIso8859_15},
      {"iso-8859-15", Encoding::kIso8859_15},
      {"iso8859-15", Encoding::kIso8859_15},
      {"iso885915", Encoding::kIso8859_15},
      {"iso_8859-15", Encoding::kIso8859_15},
      {"l9", Encoding::kIso8859_15},
      {"iso-8859-16", Encoding::kIso8859_16},
      {"cskoi8r", Encoding::kKoi8R},
      {"koi", Encoding::kKoi8R},
      {"koi8", Encoding::kKoi8R},
      {"koi8-r", Encoding::kKoi8R},
      {"koi8_r", Encoding::kKoi8R},
      {"koi8-ru", Encoding::kKoi8U},
      {"koi8-u", Encoding::kKoi8U},
      {"csmacintosh", Encoding::kMacintosh},
      {"mac", Encoding::kMacintosh},
      {"macintosh", Encoding::kMacintosh},
      {"x-mac-roman", Encoding::kMacintosh},
      {"dos-874", Encoding::kWindows874},
      {"iso-8859-11", Encoding::kWindows874},
      {"iso8859-11", Encoding::kWindows874},
      {"iso885911", Encoding::kWindows874},
      {"tis-620", Encoding::kWindows874},
      {"windows-874", Encoding::kWindows874},
      {"cp1250", Encoding::kWindows1250},
      {"windows-1250", Encoding::kWindows1250},
      {"x-cp1250", Encoding::kWindows1250},
      {"cp1251", Encoding::kWindows1251},
      {"windows-1251", Encoding::kWindows1251},
      {"x-cp1251", Encoding::kWindows1251},
      {"ansi_x3.4-1968", Encoding::kWindows1252},
      {"ascii", Encoding::kWindows1252},
      {"cp1252", Encoding::kWindows1252},
      {"cp819", Encoding::kWindows1252},
      {"csisolatin1", Encoding::kWindows1252},
      {"ibm819", Encoding::kWindows1252},
      {"iso-8859-1", Encoding::kWindows1252},
      {"iso-ir-100", Encoding::kWindows1252},
      {"iso8859-1", Encoding::kWindows1252},
      {"iso88591", Encoding::kWindows1252},
      {"iso_8859-1", Encoding::kWindows1252},
      {"iso_8859-1:1987", Encoding::kWindows1252},
      {"l1", Encoding::kWindows1252},
      {"latin1", Encoding::kWindows1252},
      {"us-ascii", Encoding::kWindows1252},
      {"windows-1252", Encoding::kWindows1252},
      {"x-cp1252", Encoding::kWindows1252},
      {"cp1253", Encoding::kWindows1253},
      {"windows-1253", Encoding::kWindows1253},
      {"x-cp1253", Encoding::kWindows1253},
      {"cp1254", Encoding::kWindows1254},
      {"csisolatin5", Encoding::kWindows1254},
      {"iso-8859-9", Encoding::kWindows1254},
      {"iso-ir-148", Encoding::kWindows1254},
      {"iso8859-9", Encoding::kWindows1254},
      {"iso88599", Encoding::kWindows1254},
      {"iso_8859-9", Encoding::kWindows1254},
      {"iso_8859-9:1989", Encoding::kWindows1254},
      {"l5", Encoding::kWindows1254},
      {"latin5", Encoding::kWindows1254},
      {"windows-1254", Encoding::kWindows1254},
      {"x-cp1254", Encoding::kWindows1254},
      {"cp1255", Encoding::kWindows1255},
      {"windows-1255", Encoding::kWindows1255},
      {"x-cp1255", Encoding::kWindows1255},
      {"cp1256", Encoding::kWindows1256},
      {"windows-1256", Encoding::kWindows1256},
      {"x-cp1256", Encoding::kWindows1256},
      {"cp1257", Encoding::kWindows1257},
      {"windows-1257", Encoding::kWindows1257},
      {"x-cp1257", Encoding::kWindows1257},
      {"cp1258", Encoding::kWindows1258},
      {"windows-1258", Encoding::kWindows1258},
      {"x-cp1258", Encoding::kWindows1258},
      {"x-mac-cyrillic", Encoding::kXMacCyrillic},
      {"x-mac-ukrainian", Encoding::kXMacCyrillic},
      {"chinese", Encoding::kGbk},
      {"csgb2312", Encoding::kGbk},
      {"csiso58gb231280", Encoding::kGbk},
      {"gb2312", Encoding::kGbk},
      {"gb_2312", Encoding::kGbk},
      {"gb_2312-80", Encoding::kGbk},
      {"gbk", Encoding::kGbk},
      {"iso-ir-58", Encoding::kGbk},
      {"x-gbk", Encoding::kGbk},
      {"gb18030", Encoding::kGb18030},
      {"big5", Encoding::kBig5},
      {"big5-hkscs", Encoding::kBig5},
      {"cn-big5", Encoding::kBig5},
      {"csbig5", Encoding::kBig5},
      {"x-x-big5", Encoding::kBig5},
      {"cseucpkdfmtjapanese", Encoding::kEucJp},
      {"euc-jp", Encoding::kEucJp},
      {"x-euc-jp", Encoding::kEucJp},
      {"csiso2022jp", Encoding::kIso2022Jp},
      {"iso-2022-jp", Encoding::kIso2022Jp},
      {"csshiftjis", Encoding::kShiftJis},
      {"ms932", Encoding::kShiftJis},
      {"ms_kanji", Encoding::kShiftJis},
      {"shift-jis", Encoding::kShiftJis},
      {"shift_jis", Encoding::kShiftJis},
      {"sjis", Encoding::kShiftJis},
      {"windows-31j", Encoding::kShiftJis},
      {"x-sjis", Encoding::kShiftJis},
      {"cseuckr", Encoding::kEucKr},
      {"csksc56011987", Encoding::kEucKr},
      {"euc-kr", Encoding::kEucKr},
      {"iso-ir-149", Encoding::kEucKr},
      {"korean", Encoding::kEucKr},
      {"ks_c_5601-1987", Encoding::kEucKr},
      {"ks_c_5601-1989", Encoding::kEucKr},
      {"ksc5601", Encoding::kEucKr},
      {"ksc_5601", Encoding::kEucKr},
      {"windows-949", Encoding::kEucKr},
      {"csiso2022kr", Encoding::kReplacement},
      {"hz-gb-2312", Encoding::kReplacement},
      {"iso-2022-cn", Encoding::kReplacement},
      {"iso-2022-cn-ext", Encoding::kReplacement},
      {"iso-2022-kr", Encoding::kReplacement},
      {"replacement", Encoding::kReplacement},
      {"unicodefffe", Encoding::kUtf16Be},
      {"utf-16be", Encoding::kUtf16Be},
      {"csunicode", Encoding::kUtf16Le},
      {"iso-10646-ucs-2", Encoding::kUtf16Le},
      {"ucs-2", Encoding::kUtf16Le},
      {"unicode", Encoding::kUtf16Le},
      {"unicodefeff", Encoding::kUtf16Le},
      {"utf-16", Encoding::kUtf16Le},
      {"utf-16le", Encoding::kUtf16Le},
      {"x-user-defined", Encoding::kXUserDefined},
  };
  for (const auto& entry : kLabels) {
    if (lower == entry.label)
      return entry.encoding;
  }
  return std::nullopt;
}

std::optional<Encoding> GetDecoderEncoding(std::string_view label) {
  std::optional<Encoding> encoding = GetEncoding(label);
  if (encoding == Encoding::kReplacement)
    return std::nullopt;
  return encoding;
}

const char* Name(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kIbm866:
      return "ibm866";
    case Encoding::kIso8859_2:
      return "iso-8859-2";
    case Encoding::kIso8859_3:
      return "iso-8859-3";
    case Encoding::kIso8859_4:
      return "iso-8859-4";
    case Encoding::kIso8859_5:
      return "iso-8859-5";
    case Encoding::kIso8859_6:
      return "iso-8859-6";
    case Encoding::kIso8859_7:
      return "iso-8859-7";
    case Encoding::kIso8859_8:
      return "iso-8859-8";
    case Encoding::kIso8859_8I:
      return "iso-8859-8-i";
    case Encoding::kIso8859_10:
      return "iso-8859-10";
    case Encoding::kIso8859_13:
      return "iso-8859-13";
    case Encoding::kIso8859_14:
      return "iso-8859-14";
    case Encoding::kIso8859_15:
      return "iso-8859-15";
    case Encoding::kIso8859_16:
      return "iso-8859-16";
    case Encoding::kKoi8R:
      return "koi8-r";
    case Encoding::kKoi8U:
      return "koi8-u";
    case Encoding::kMacintosh:
      return "macintosh";
    case Encoding::kWindows874:
      return "windows-874";
    case Encoding::kWindows1250:
      return "windows-1250";
    case Encoding::kWindows1251:
      return "windows-1251";
    case Encoding::kWindows1252:
      return "windows-1252";
    case Encoding::kWindows1253:
      return "windows-1253";
    case Encoding::kWindows1254:
      return "windows-1254";
    case Encoding::kWindows1255:
      return "windows-1255";
    case Encoding::kWindows1256:
      return "windows-1256";
    case Encoding::kWindows1257:
      return "windows-1257";
    case Encoding::kWindows1258:
      return "windows-1258";
    case Encoding::kXMacCyrillic:
      return "x-mac-cyrillic";
    case Encoding::kGbk:
      return "gbk";
    case Encoding::kGb18030:
      return "gb18030";
    case Encoding::kBig5:
      return "big5";
    case Encoding::kEucJp:
      return "euc-jp";
    case Encoding::kIso2022Jp:
      return "iso-2022-jp";
    case Encoding::kShiftJis:
      return "shift_jis";
    case Encoding::kEucKr:
      return "euc-kr";
    case Encoding::kReplacement:
      return "replacement";
    case Encoding::kUtf16Be:
      return "utf-16be";
    case Encoding::kUtf16Le:
      return "utf-16le";
    case Encoding::kXUserDefined:
      return "x-user-defined";
  }
  return "utf-8";
}

bool IsAscii(const uint8_t* data, size_t size) {
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t block;
    std::memcpy(&block, data + i, 8);
    if (block & 0x8080808080808080u)
      return false;
  }
  for (; i < size; ++i) {
    if (data[i] >= 0x80)
      return false;
  }
  return true;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool Decoder::Decode(const uint8_t* data, size_t size, bool flush, std::u16string* out) {
  switch (encoding_) {
    case Encoding::kUtf8:
      return DecodeUtf8(data, size, flush, out);
    case Encoding::kUtf16Le:
      return DecodeUtf16(data, size, flush, false, out);
    case Encoding::kUtf16Be:
      return DecodeUtf16(data, size, flush, true, out);
    default:
      return legacy_.Decode(data, size, flush, out);
  }
}

bool Decoder::PassesAscii() const {
  switch (encoding_) {
    case Encoding::kUtf8:
      return bytes_needed_ == 0;
    case Encoding::kUtf16Le:
    case Encoding::kUtf16Be:
      return false;
    default:
      return legacy_.PassesAscii();
  }
}

void Decoder::ResetUtf8() {
  code_point_ = 0;
  bytes_needed_ = bytes_seen_ = 0;
  lower_ = 0x80;
  upper_ = 0xBF;
}

// §9.1.1 UTF-8 decoder.
bool Decoder::DecodeUtf8(const uint8_t* data, size_t size, bool flush, std::u16string* to) {
  Utf16Writer out(to, size);  // never more units than bytes, but for a sequence left over
  bool ok = true;
  for (size_t i = 0; i < size;) {
    uint8_t byte = data[i];
    if (bytes_needed_ == 0) {
      // A run of ASCII needs no state: copy it whole.
      if (byte < 0x80) {
        i += out.PutAsciiPrefix(data + i, size - i);
        continue;
      }
      ++i;
      if (byte >= 0xC2 && byte <= 0xDF) {
        bytes_needed_ = 1;
        code_point_ = byte & 0x1F;
      } else if (byte >= 0xE0 && byte <= 0xEF) {
        if (byte == 0xE0)
          lower_ = 0xA0;  // no overlong three-byte forms
        if (byte == 0xED)
          upper_ = 0x9F;  // no surrogates
        bytes_needed_ = 2;
        code_point_ = byte & 0xF;
      } else if (byte >= 0xF0 && byte <= 0xF4) {
        if (byte == 0xF0)
          lower_ = 0x90;  // no overlong four-byte forms
        if (byte == 0xF4)
          upper_ = 0x8F;  // nothing past U+10FFFF
        bytes_needed_ = 3;
        code_point_ = byte & 0x7;
      } else {
        out.PutCodePoint(kReplacement);
        ok = false;
      }
      continue;
    }
    if (byte < lower_ || byte > upper_) {
      // Step 4: the sequence ends in error and this byte is read again ("prepended").
      ResetUtf8();
      out.PutCodePoint(kReplacement);
      ok = false;
      continue;
    }
    ++i;
    lower_ = 0x80;
    upper_ = 0xBF;
    code_point_ = (code_point_ << 6) | (byte & 0x3F);
    if (++bytes_seen_ == bytes_needed_) {
      out.PutCodePoint(code_point_);
      code_point_ = 0;
      bytes_needed_ = bytes_seen_ = 0;
    }
  }
  // Step 1: end of queue inside a sequence is an error.
  if (flush && bytes_needed_ != 0) {
    ResetUtf8();
    out.PutCodePoint(kReplacement);
    ok = false;
  }
  return ok;
}

// §14.2.1 shared UTF-16 decoder.
bool Decoder::DecodeUtf16(const uint8_t* data,
                          size_t size,
                          bool flush,
                          bool big_endian,
                          std::u16string* to) {
  Utf16Writer out(to, size / 2 + 1);
  bool ok = true;
  for (size_t i = 0; i < size; ++i) {
    // With nothing held, whole code units that are no surrogates go straight through.
    if (!lead_byte_ && !lead_surrogate_) {
      i += out.PutUnitsBeforeSurrogate(data + i, size - i, big_endian);
      if (i == size)
        break;
    }
    if (!lead_byte_) {
      lead_byte_ = data[i];
      continue;
    }
    uint16_t unit = big_endian ? static_cast<uint16_t>((*lead_byte_ << 8) | data[i])
                               : static_cast<uint16_t>((data[i] << 8) | *lead_byte_);
    lead_byte_.reset();
    if (lead_surrogate_) {
      uint16_t lead = *lead_surrogate_;
      lead_surrogate_.reset();
      if (unit >= 0xDC00 && unit <= 0xDFFF) {
        out.PutCodePoint(0x10000 + ((lead - 0xD800) << 10) + (unit - 0xDC00));
        continue;
      }
      // Step 5.4: an error, and this code unit's bytes are read again, as below.
      out.PutCodePoint(kReplacement);
      ok = false;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      lead_surrogate_ = unit;
      continue;
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      out.PutCodePoint(kReplacement);
      ok = false;
      continue;
    }
    out.PutCodePoint(unit);
  }
  // Step 1: a byte or a lead surrogate left at the end of the queue is an error.
  if (flush && (lead_byte_ || lead_surrogate_)) {
    lead_byte_.reset();
    lead_surrogate_.reset();
    out.PutCodePoint(kReplacement);
    ok = false;
  }
  return ok;
}

void Decoding::Reset() {
  decoder_ = Decoder(encoding_);
  bom_seen_ = false;
}

bool Decoding::Decode(const uint8_t* data, size_t size, bool flush, std::u16string* out) {
  size_t start = out->size();
  if (!decoder_.Decode(data, size, flush, out) && fatal_)
    return false;
  // "Serialize I/O queue": only the UTF-8 and UTF-16 decoders drop a leading BOM.
  bool unicode = encoding_ == Encoding::kUtf8 || encoding_ == Encoding::kUtf16Le ||
                 encoding_ == Encoding::kUtf16Be;
  if (unicode && !ignore_bom_ && !bom_seen_ && out->size() > start) {
    bom_seen_ = true;
    if ((*out)[start] == 0xFEFF)
      out->erase(start, 1);
  }
  return true;
}

bool Decoding::DecodeAsciiOnly(const uint8_t* data, size_t size) {
  if (!decoder_.PassesAscii() || !IsAscii(data, size))
    return false;
  if (size > 0)
    bom_seen_ = true;  // the BOM step saw a first code point, and it was not U+FEFF
  return true;
}

std::string Decoding::ErrorMessage() const {
  return std::string("The encoded data was not valid for encoding ") + Name(encoding_);
}

std::string UnknownLabelMessage(std::string_view label) {
  return "The encoding label provided ('" + std::string(label) + "') is invalid.";
}

}  // namespace v8ws::encoding
