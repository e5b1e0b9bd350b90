// The Encoding Standard's UTF-8 and UTF-16 decoders (core/encoding/encoding.h) against a
// decoder we did not write, V8's own (its UTF-8 decoder replaces maximal subparts, as
// the Standard's does; a two-byte string's lone surrogates become U+FFFD), over inputs a
// seeded generator picks; and a stream split anywhere decodes as the whole.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/encoding/encoding.h"
#include "tests/unit/v8_test_support.h"

namespace v8ws {
namespace {

using encoding::Decoder;
using encoding::Encoding;

// Bytes that exercise every branch: ASCII, continuation bytes, each lead byte class,
// the bounds (E0, ED, F0, F4) and bytes never valid (C0, C1, F5-FF).
std::vector<uint8_t> RandomBytes(std::mt19937& rng, size_t max_size) {
  static const uint8_t kInteresting[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                         0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF,
                                         0xF0, 0xF1, 0xF4, 0xF5, 0xFE, 0xFF, 0xD8, 0xDC, 0xDB};
  std::vector<uint8_t> bytes(std::uniform_int_distribution<size_t>(0, max_size)(rng));
  for (uint8_t& b : bytes) {
    b = rng() % 3 == 0 ? static_cast<uint8_t>(rng()) : kInteresting[rng() % sizeof(kInteresting)];
  }
  return bytes;
}

std::u16string DecodeWhole(Encoding encoding, const std::vector<uint8_t>& bytes) {
  Decoder decoder(encoding);
  std::u16string out;
  decoder.Decode(bytes.data(), bytes.size(), true, &out);
  return out;
}

std::u16string DecodeInPieces(Encoding encoding,
                              const std::vector<uint8_t>& bytes,
                              std::mt19937& rng) {
  Decoder decoder(encoding);
  std::u16string out;
  size_t at = 0;
  while (at < bytes.size()) {
    size_t n = std::min(bytes.size() - at, static_cast<size_t>(rng() % 4));
    decoder.Decode(bytes.data() + at, n, false, &out);
    at += n;
  }
  decoder.Decode(nullptr, 0, true, &out);
  return out;
}

// A V8 string's code units, each lone surrogate as U+FFFD (what a decoder writes for one).
std::u16string UnitsOf(v8::Isolate* isolate, v8::Local<v8::String> string) {
  std::u16string units(static_cast<size_t>(string->Length()), u'\0');
  string->Write(isolate, reinterpret_cast<uint16_t*>(units.data()), 0, string->Length(),
                v8::String::NO_NULL_TERMINATION);
  for (size_t i = 0; i < units.size(); ++i) {
    bool lead = units[i] >= 0xD800 && units[i] <= 0xDBFF;
    bool trail = units[i] >= 0xDC00 && units[i] <= 0xDFFF;
    if (lead && i + 1 < units.size() && units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF)
      ++i;
    else if (lead || trail)
      units[i] = 0xFFFD;
  }
  return units;
}

// No lone surrogate: every lead surrogate has its trail.
bool IsWellFormed(const std::u16string& units) {
  for (size_t i = 0; i < units.size(); ++i) {
    if (units[i] >= 0xD800 && units[i] <= 0xDBFF) {
      if (i + 1 == units.size() || units[i + 1] < 0xDC00 || units[i + 1] > 0xDFFF)
        return false;
      ++i;
    } else if (units[i] >= 0xDC00 && units[i] <= 0xDFFF) {
      return false;
    }
  }
  return true;
}

TEST(EncodingTest, Utf8AgreesWithV8OnRandomBytesAndAnySplit) {
  test::V8Scope v8;
  v8::Isolate* isolate = v8.isolate();
  v8::HandleScope scope(isolate);
  std::mt19937 rng(20261202);
  for (int round = 0; round < 20000; ++round) {
    std::vector<uint8_t> bytes = RandomBytes(rng, 12);
    std::u16string ours = DecodeWhole(Encoding::kUtf8, bytes);
    v8::Local<v8::String> theirs =
        v8::String::NewFromUtf8(isolate, reinterpret_cast<const char*>(bytes.data()),
                                v8::NewStringType::kNormal, static_cast<int>(bytes.size()))
            .ToLocalChecked();
    ASSERT_EQ(ours, UnitsOf(isolate, theirs)) << "round " << round;
    ASSERT_EQ(DecodeInPieces(Encoding::kUtf8, bytes, rng), ours) << "round " << round;
  }
}

TEST(EncodingTest, Utf16AgreesWithV8OnRandomCodeUnitsAndAnySplit) {
  test::V8Scope v8;
  v8::Isolate* isolate = v8.isolate();
  v8::HandleScope scope(isolate);
  std::mt19937 rng(7);
  for (int round = 0; round < 20000; ++round) {
    std::vector<uint8_t> bytes = RandomBytes(rng, 12);
    bytes.resize(bytes.size() & ~size_t{1});  // whole code units: V8 takes no odd byte
    for (bool big_endian : {false, true}) {
      std::vector<uint16_t> units;
      for (size_t i = 0; i < bytes.size(); i += 2) {
        units.push_back(big_endian ? static_cast<uint16_t>(bytes[i] << 8 | bytes[i + 1])
                                   : static_cast<uint16_t>(bytes[i + 1] << 8 | bytes[i]));
      }
      Encoding e = big_endian ? Encoding::kUtf16Be : Encoding::kUtf16Le;
      std::u16string ours = DecodeWhole(e, bytes);
      v8::Local<v8::String> theirs =
          v8::String::NewFromTwoByte(isolate, units.data(), v8::NewStringType::kNormal,
                                     static_cast<int>(units.size()))
              .ToLocalChecked();
      ASSERT_EQ(ours, UnitsOf(isolate, theirs))
          << "round " << round << (big_endian ? " BE" : " LE");
      ASSERT_EQ(DecodeInPieces(e, bytes, rng), ours) << "round " << round;
    }
  }
}

TEST(EncodingTest, EndOfStreamInsideASequenceIsOneReplacement) {
  for (auto [encoding, bytes] : std::vector<std::pair<Encoding, std::vector<uint8_t>>>{
           {Encoding::kUtf8, {0xF0, 0x9F, 0x98}},
           {Encoding::kUtf16Le, {0x41}},
           {Encoding::kUtf16Le, {0x3D, 0xD8}},
           {Encoding::kUtf16Be, {0xD8, 0x3D, 0xDE}}}) {
    Decoder decoder(encoding);
    std::u16string out;
    EXPECT_TRUE(decoder.Decode(bytes.data(), bytes.size(), false, &out));
    EXPECT_EQ(out, u"") << "nothing is complete yet";
    EXPECT_FALSE(decoder.Decode(nullptr, 0, true, &out));
    EXPECT_EQ(out, u"\uFFFD");
  }
}

TEST(EncodingTest, LabelsAreTrimmedAndCaseInsensitive) {
  EXPECT_EQ(encoding::GetEncoding(" \t UTF8\n"), Encoding::kUtf8);
  EXPECT_EQ(encoding::GetEncoding("Unicode-1-1-UTF-8"), Encoding::kUtf8);
  EXPECT_EQ(encoding::GetEncoding("utf-16"), Encoding::kUtf16Le);
  EXPECT_EQ(encoding::GetEncoding("UnicodeFFFE"), Encoding::kUtf16Be);
  EXPECT_FALSE(encoding::GetEncoding("utf-8\v"));  // VT is no ASCII whitespace
  EXPECT_FALSE(encoding::GetEncoding("utf\u00AD8"));
  EXPECT_EQ(encoding::GetEncoding("ISO-2022-KR"), Encoding::kReplacement);
  EXPECT_FALSE(encoding::GetDecoderEncoding("replacement")) << "TextDecoder refuses it";
  EXPECT_EQ(encoding::GetDecoderEncoding("Latin1"), Encoding::kWindows1252);
  EXPECT_FALSE(encoding::GetEncoding(""));
}

// Every encoding's decoder, over random bytes rich in each one's lead and trail bytes, cut
// into pieces anywhere: the pieces decode as the whole (the state a call leaves, and the
// bytes a decoder hands back to the queue, carry over), the output is well-formed UTF-16, and an
// error is reported exactly when a U+FFFD was written for one.
TEST(EncodingTest, EveryDecoderStreamsAsTheWholeAndReportsItsErrors) {
  std::mt19937 rng(20261203);
  static const uint8_t kLegacy[] = {0x0E, 0x0F, 0x1B, 0x21, 0x24, 0x28, 0x30, 0x35, 0x39,
                                    0x40, 0x41, 0x42, 0x49, 0x4A, 0x5C, 0x7E, 0x7F, 0x80,
                                    0x81, 0x84, 0x8E, 0x8F, 0x90, 0xA0, 0xA1, 0xA4, 0xDF,
                                    0xE0, 0xE3, 0xF0, 0xF4, 0xF9, 0xFC, 0xFE, 0xFF};
  for (int e = static_cast<int>(Encoding::kUtf8); e <= static_cast<int>(Encoding::kXUserDefined);
       ++e) {
    Encoding encoding = static_cast<Encoding>(e);
    for (int round = 0; round < 3000; ++round) {
      std::vector<uint8_t> bytes(rng() % 16);
      for (uint8_t& b : bytes)
        b = rng() % 4 == 0 ? static_cast<uint8_t>(rng()) : kLegacy[rng() % sizeof(kLegacy)];
      Decoder decoder(encoding);
      std::u16string whole;
      bool ok = decoder.Decode(bytes.data(), bytes.size(), true, &whole);
      ASSERT_EQ(DecodeInPieces(encoding, bytes, rng), whole)
          << encoding::Name(encoding) << " round " << round;
      ASSERT_TRUE(IsWellFormed(whole)) << encoding::Name(encoding) << " wrote a lone surrogate";
      // No index maps a pointer to U+FFFD, so in a legacy encoding's output a U+FFFD is
      // there exactly when the decoder reported an error (UTF-8 and UTF-16 can encode it).
      bool replaced = whole.find(u'\uFFFD') != std::u16string::npos;
      if (encoding != Encoding::kUtf16Le && encoding != Encoding::kUtf16Be &&
          encoding != Encoding::kUtf8) {
        ASSERT_EQ(!ok, replaced) << encoding::Name(encoding) << " round " << round;
      }
    }
  }
}

}  // namespace
}  // namespace v8ws
