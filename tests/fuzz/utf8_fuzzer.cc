// The incremental UTF-8 validator against a plain reference decoder (the well-formed byte
// sequences of Unicode's Table 3-7): the same verdict, found at the same byte, however the
// input is split.
#include "net/protocol/utf8_validator.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

// The index of the first byte that no valid UTF-8 string can have there, or `size` when
// there is none; `complete` says whether the input ends between characters.
size_t FirstInvalid(const uint8_t* s, size_t size, bool* complete) {
  size_t i = 0;
  *complete = true;
  while (i < size) {
    uint8_t c = s[i];
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0)
        lo = 0xA0;
      if (c == 0xED)
        hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0)
        lo = 0x90;
      if (c == 0xF4)
        hi = 0x8F;
    } else {
      return i;
    }
    ++i;
    for (size_t k = 0; k < need; ++k, ++i) {
      if (i == size) {
        *complete = false;
        return size;
      }
      uint8_t lower = k == 0 ? lo : 0x80, upper = k == 0 ? hi : 0xBF;
      if (s[i] < lower || s[i] > upper)
        return i;
    }
  }
  return size;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace v8ws::fuzz;
  bool complete;
  size_t bad = FirstInvalid(data, size, &complete);
  const bool valid = bad == size && complete;
  FUZZ_CHECK(v8ws::net::Utf8Validator::IsValid(data, size) == valid, "whole input: expected %s",
             valid ? "valid" : "invalid");

  // Byte by byte: Feed must fail exactly at the first impossible byte.
  v8ws::net::Utf8Validator one;
  for (size_t i = 0; i < size; ++i) {
    bool fed = one.Feed(data + i, 1);
    FUZZ_CHECK(fed == (i < bad), "byte %zu: Feed said %d, the first invalid byte is %zu", i, fed,
               bad);
    if (!fed)
      break;
  }
  if (bad == size)
    FUZZ_CHECK(one.Complete() == complete, "Complete() is %d at the end", one.Complete());

  // Random pieces: the same verdict.
  v8ws::net::Utf8Validator pieces;
  bool ok = true;
  size_t at = 0;
  for (size_t n : RandomSplits(size, Hash(data, size))) {
    ok = pieces.Feed(data + at, n) && ok;
    at += n;
  }
  FUZZ_CHECK((ok && pieces.Complete()) == valid, "split: expected %s", valid ? "valid" : "invalid");
  return 0;
}
