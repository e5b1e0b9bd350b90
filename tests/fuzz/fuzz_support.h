// What the fuzz targets share: a check that stops the run with a message, a seeded random
// source, and random split points derived from the input itself (so a run replays exactly).
#ifndef V8WS_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define V8WS_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "net/protocol/random_source.h"

namespace v8ws::fuzz {

// A property the target asserts: on failure, say which and crash, so libFuzzer keeps the input.
#define FUZZ_CHECK(condition, ...)                                   \
  do {                                                               \
    if (!(condition)) {                                              \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s\n  ", #condition); \
      std::fprintf(stderr, __VA_ARGS__);                             \
      std::fprintf(stderr, "\n");                                    \
      std::abort();                                                  \
    }                                                                \
  } while (0)

inline uint32_t Hash(const uint8_t* data, size_t size) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (size_t i = 0; i < size; ++i)
    h = (h ^ data[i]) * 16777619u;
  return h;
}

// Masking keys and nonces from a fixed seed: two engines fed the same bytes write the same.
inline net::RandomSource SeededRandom(uint32_t seed) {
  auto rng = std::make_shared<std::mt19937>(seed);
  return [rng](uint8_t* out, size_t size) {
    for (size_t i = 0; i < size; ++i)
      out[i] = static_cast<uint8_t>((*rng)());
  };
}

// Sizes of pieces that add up to `size`, chosen by `seed`: mostly small, some large.
inline std::vector<size_t> RandomSplits(size_t size, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<size_t> pieces;
  while (size > 0) {
    size_t n = rng() % 4 == 0 ? 1 + rng() % size : 1 + rng() % (size < 8 ? size : 8);
    pieces.push_back(n);
    size -= n;
  }
  return pieces;
}

inline std::string Printable(const std::string& s, size_t max = 200) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char hex[5];
      std::snprintf(hex, sizeof(hex), "\\x%02x", c);
      out += hex;
    }
  }
  return s.size() > max ? out + "..." : out;
}

}  // namespace v8ws::fuzz

#endif  // V8WS_TESTS_FUZZ_FUZZ_SUPPORT_H_
