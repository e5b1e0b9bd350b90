// UTF-8 and UTF-16 decoders, step for step as the Encoding Standard writes them.
#include "core/encoding/encoding.h"

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
  // Step 2: the labels of §4.2's table for the encodings we decode.
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
      {"unicodefffe", Encoding::kUtf16Be},
      {"utf-16be", Encoding::kUtf16Be},
      {"csunicode", Encoding::kUtf16Le},
      {"iso-10646-ucs-2", Encoding::kUtf16Le},
      {"ucs-2", Encoding::kUtf16Le},
      {"unicode", Encoding::kUtf16Le},
      {"unicodefeff", Encoding::kUtf16Le},
      {"utf-16", Encoding::kUtf16Le},
      {"utf-16le", Encoding::kUtf16Le},
  };
  for (const auto& entry : kLabels) {
    if (lower == entry.label)
      return entry.encoding;
  }
  return std::nullopt;
}

const char* Name(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kUtf16Le:
      return "utf-16le";
    case Encoding::kUtf16Be:
      return "utf-16be";
  }
  return "utf-8";
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

bool Decoder::Decode(const uint8_t* data, size_t size, bool flush, std::string* out) {
  switch (encoding_) {
    case Encoding::kUtf8:
      return DecodeUtf8(data, size, flush, out);
    case Encoding::kUtf16Le:
      return DecodeUtf16(data, size, flush, false, out);
    case Encoding::kUtf16Be:
      return DecodeUtf16(data, size, flush, true, out);
  }
  return true;
}

void Decoder::ResetUtf8() {
  code_point_ = 0;
  bytes_needed_ = bytes_seen_ = 0;
  lower_ = 0x80;
  upper_ = 0xBF;
}

// §9.1.1 UTF-8 decoder.
bool Decoder::DecodeUtf8(const uint8_t* data, size_t size, bool flush, std::string* out) {
  bool ok = true;
  out->reserve(out->size() + size);
  for (size_t i = 0; i < size;) {
    uint8_t byte = data[i];
    if (bytes_needed_ == 0) {
      // A run of ASCII needs no state: copy it whole.
      if (byte < 0x80) {
        size_t start = i;
        while (i < size && data[i] < 0x80)
          ++i;
        out->append(reinterpret_cast<const char*>(data + start), i - start);
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
        AppendUtf8(kReplacement, out);
        ok = false;
      }
      continue;
    }
    if (byte < lower_ || byte > upper_) {
      // Step 4: the sequence ends in error and this byte is read again ("prepended").
      ResetUtf8();
      AppendUtf8(kReplacement, out);
      ok = false;
      continue;
    }
    ++i;
    lower_ = 0x80;
    upper_ = 0xBF;
    code_point_ = (code_point_ << 6) | (byte & 0x3F);
    if (++bytes_seen_ == bytes_needed_) {
      AppendUtf8(code_point_, out);
      code_point_ = 0;
      bytes_needed_ = bytes_seen_ = 0;
    }
  }
  // Step 1: end of queue inside a sequence is an error.
  if (flush && bytes_needed_ != 0) {
    ResetUtf8();
    AppendUtf8(kReplacement, out);
    ok = false;
  }
  return ok;
}

// §14.2.1 shared UTF-16 decoder.
bool Decoder::DecodeUtf16(const uint8_t* data,
                          size_t size,
                          bool flush,
                          bool big_endian,
                          std::string* out) {
  bool ok = true;
  for (size_t i = 0; i < size; ++i) {
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
        AppendUtf8(0x10000 + ((lead - 0xD800) << 10) + (unit - 0xDC00), out);
        continue;
      }
      // Step 5.4: an error, and this code unit's bytes are read again, as below.
      AppendUtf8(kReplacement, out);
      ok = false;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      lead_surrogate_ = unit;
      continue;
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      AppendUtf8(kReplacement, out);
      ok = false;
      continue;
    }
    AppendUtf8(unit, out);
  }
  // Step 1: a byte or a lead surrogate left at the end of the queue is an error.
  if (flush && (lead_byte_ || lead_surrogate_)) {
    lead_byte_.reset();
    lead_surrogate_.reset();
    AppendUtf8(kReplacement, out);
    ok = false;
  }
  return ok;
}

void Decoding::Reset() {
  decoder_ = Decoder(encoding_);
  bom_seen_ = false;
}

bool Decoding::Decode(const uint8_t* data, size_t size, bool flush, std::string* out) {
  size_t start = out->size();
  if (!decoder_.Decode(data, size, flush, out) && fatal_)
    return false;
  if (!ignore_bom_ && !bom_seen_ && out->size() > start) {
    bom_seen_ = true;
    if (out->compare(start, 3, "\xEF\xBB\xBF") == 0)
      out->erase(start, 3);
  }
  return true;
}

std::string Decoding::ErrorMessage() const {
  return std::string("The encoded data was not valid for encoding ") + Name(encoding_);
}

std::string UnknownLabelMessage(std::string_view label) {
  return "The encoding label provided ('" + std::string(label) +
         "') is invalid, or names an encoding v8ws does not decode yet "
         "(it decodes utf-8, utf-16le and utf-16be).";
}

}  // namespace v8ws::encoding
