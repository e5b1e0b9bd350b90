// Utf8Validator: RFC 3629 validity, whole and split at every byte.
#include "net/protocol/utf8_validator.h"

#include <gtest/gtest.h>

#include <string>

namespace v8ws::net {
namespace {

bool Valid(const std::string& s) {
  return Utf8Validator::IsValid(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

TEST(Utf8ValidatorTest, AcceptsWellFormedText) {
  EXPECT_TRUE(Valid(""));
  EXPECT_TRUE(Valid("plain ASCII, long enough for the eight-byte fast path"));
  EXPECT_TRUE(Valid("\xC3\xA9"));          // U+00E9
  EXPECT_TRUE(Valid("\xE4\xB8\xAD"));      // U+4E2D
  EXPECT_TRUE(Valid("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(Valid("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(Valid("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
  EXPECT_TRUE(Valid("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
}

TEST(Utf8ValidatorTest, RejectsMalformedText) {
  EXPECT_FALSE(Valid("\x80"));              // lone continuation byte
  EXPECT_FALSE(Valid("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(Valid("\xC1\xBF"));          // overlong
  EXPECT_FALSE(Valid("\xE0\x80\xAF"));      // overlong three-byte form
  EXPECT_FALSE(Valid("\xF0\x80\x80\xAF"));  // overlong four-byte form
  EXPECT_FALSE(Valid("\xED\xA0\x80"));      // U+D800, a surrogate
  EXPECT_FALSE(Valid("\xED\xBF\xBF"));      // U+DFFF
  EXPECT_FALSE(Valid("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(Valid("\xF5\x80\x80\x80"));
  EXPECT_FALSE(Valid("\xFF"));
  EXPECT_FALSE(Valid("\xC3"));                // truncated
  EXPECT_FALSE(Valid("\xF0\x9F\x98"));        // truncated
  EXPECT_FALSE(Valid("ok so far \xE4\xB8"));  // truncated at the end
}

TEST(Utf8ValidatorTest, SplitsAtAnyByteGiveTheSameAnswer) {
  const std::string samples[] = {"a\xC3\xA9z\xF0\x9F\x98\x80\xE4\xB8\xAD!", "x\xED\xA0\x80y",
                                 "\xF0\x9F\x98"};
  for (const std::string& s : samples) {
    bool whole = Valid(s);
    for (size_t cut = 0; cut <= s.size(); ++cut) {
      Utf8Validator v;
      bool ok = v.Feed(reinterpret_cast<const uint8_t*>(s.data()), cut) &&
                v.Feed(reinterpret_cast<const uint8_t*>(s.data()) + cut, s.size() - cut) &&
                v.Complete();
      EXPECT_EQ(ok, whole) << "cut at " << cut;
    }
  }
}

TEST(Utf8ValidatorTest, IncompleteIsNotYetInvalid) {
  Utf8Validator v;
  EXPECT_TRUE(v.Feed(reinterpret_cast<const uint8_t*>("\xE4"), 1));
  EXPECT_FALSE(v.Complete());
  EXPECT_TRUE(v.Feed(reinterpret_cast<const uint8_t*>("\xB8\xAD"), 2));
  EXPECT_TRUE(v.Complete());
}

}  // namespace
}  // namespace v8ws::net
