// SHA-1 as FIPS 180-4 §5.1.1 (padding), §6.1.2 (the computation) state it.
#include "net/protocol/sha1.h"

#include <cstring>

namespace v8ws::net {
namespace {

uint32_t Rotl(uint32_t x, int n) {
  return (x << n) | (x >> (32 - n));
}

void Block(uint32_t h[5], const uint8_t* block) {
  uint32_t w[80];
  for (int t = 0; t < 16; ++t)
    w[t] = uint32_t{block[4 * t]} << 24 | uint32_t{block[4 * t + 1]} << 16 |
           uint32_t{block[4 * t + 2]} << 8 | uint32_t{block[4 * t + 3]};
  for (int t = 16; t < 80; ++t)
    w[t] = Rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
  // One loop per function of §4.1.1 and constant of §4.2.1: with no test of t in the
  // rounds, a block costs half the instructions.
  auto round = [&](uint32_t f, uint32_t k, uint32_t wt) {
    uint32_t temp = Rotl(a, 5) + f + e + k + wt;
    e = d;
    d = c;
    c = Rotl(b, 30);
    b = a;
    a = temp;
  };
#pragma GCC unroll 20
  for (int t = 0; t < 20; ++t)
    round((b & c) | (~b & d), 0x5a827999, w[t]);  // Ch
#pragma GCC unroll 20
  for (int t = 20; t < 40; ++t)
    round(b ^ c ^ d, 0x6ed9eba1, w[t]);  // Parity
#pragma GCC unroll 20
  for (int t = 40; t < 60; ++t)
    round((b & c) | (b & d) | (c & d), 0x8f1bbcdc, w[t]);  // Maj
#pragma GCC unroll 20
  for (int t = 60; t < 80; ++t)
    round(b ^ c ^ d, 0xca62c1d6, w[t]);  // Parity
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
}

}  // namespace

std::array<uint8_t, 20> Sha1(const uint8_t* data, size_t size) {
  uint32_t h[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};  // §5.3.1
  size_t whole = size - size % 64;
  for (size_t i = 0; i < whole; i += 64)
    Block(h, data + i);
  // §5.1.1: a 1 bit, zeros, then the length in bits as 64 bits, to a multiple of 512 bits.
  uint8_t tail[128] = {0};
  size_t rest = size - whole;
  if (rest)
    std::memcpy(tail, data + whole, rest);
  tail[rest] = 0x80;
  size_t tail_size = rest < 56 ? 64 : 128;
  uint64_t bits = static_cast<uint64_t>(size) * 8;
  for (int i = 0; i < 8; ++i)
    tail[tail_size - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
  for (size_t i = 0; i < tail_size; i += 64)
    Block(h, tail + i);
  std::array<uint8_t, 20> digest;
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 4; ++j)
      digest[4 * i + j] = static_cast<uint8_t>(h[i] >> (24 - 8 * j));
  return digest;
}

}  // namespace v8ws::net
