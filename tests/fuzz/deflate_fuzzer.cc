// permessage-deflate both ways against plain zlib, on message sequences the input spells
// out (empty messages included): what we compress, zlib inflates to the same message; what
// zlib compresses, we inflate to the same message whatever the pieces it arrives in; and
// any bytes at all, taken as a compressed payload, get the same verdict and output from us
// as from zlib.
//
// Input: byte 0 chooses the parameters (bit 0 server_no_context_takeover, bit 1
// client_no_context_takeover, bits 2-4 server window - 8, bits 5-7 client window - 8), then
// messages, each a 2-byte big-endian length and that many bytes.
#include <cstring>

#include "net/protocol/permessage_deflate.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/support/zlib_peer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace v8ws::fuzz;
  using v8ws::net::Buffer;
  using v8ws::net::PerMessageDeflate;
  if (size < 1)
    return 0;
  v8ws::net::DeflateParams params;
  params.server_no_context_takeover = data[0] & 1;
  params.client_no_context_takeover = data[0] & 2;
  params.server_max_window_bits = 8 + ((data[0] >> 2) & 7);
  params.client_max_window_bits = 8 + ((data[0] >> 5) & 7);
  constexpr size_t kMax = 8 << 20;

  // We send, zlib receives.
  PerMessageDeflate ours_send(params);
  v8ws::testing::ZlibInflater zlib_receive(
      params.client_max_window_bits < 9 ? 9 : params.client_max_window_bits,
      params.client_no_context_takeover);
  // zlib sends, we receive.
  v8ws::testing::ZlibDeflater zlib_send(params.server_max_window_bits,
                                        params.server_no_context_takeover);
  PerMessageDeflate ours_receive(params);
  // Raw bytes as payloads, to both inflaters, while both still agree the stream is good.
  PerMessageDeflate ours_raw(params);
  v8ws::testing::ZlibInflater zlib_raw(15, params.server_no_context_takeover);
  bool raw_alive = true;

  size_t at = 1;
  for (int index = 0; at < size; ++index) {
    size_t length = at + 2 <= size ? (size_t{data[at]} << 8 | data[at + 1]) : 0;
    at += 2;
    if (at > size)
      at = size;
    if (length > size - at)
      length = size - at;
    std::string message(reinterpret_cast<const char*>(data) + at, length);
    at += length;

    if (ours_send.compresses()) {
      Buffer payload;
      FUZZ_CHECK(ours_send.Compress(reinterpret_cast<const uint8_t*>(message.data()),
                                    message.size(), &payload),
                 "message %d: Compress failed", index);
      FUZZ_CHECK(!payload.empty(), "message %d: an empty payload is not a DEFLATE block", index);
      auto inflated = zlib_receive.Decompress(
          std::string(reinterpret_cast<const char*>(payload.data()), payload.size()));
      FUZZ_CHECK(inflated, "message %d (%zu bytes): zlib rejected what we compressed", index,
                 message.size());
      FUZZ_CHECK(*inflated == message, "message %d: zlib inflated %zu bytes, %zu sent", index,
                 inflated->size(), message.size());
    }

    std::string compressed = zlib_send.Compress(message);
    Buffer out;
    size_t pos = 0;
    for (size_t n : RandomSplits(compressed.size(), Hash(data, size) + index)) {
      FUZZ_CHECK(ours_receive.Decompress(reinterpret_cast<const uint8_t*>(compressed.data()) + pos,
                                         n, &out, kMax) == PerMessageDeflate::Result::kOk,
                 "message %d: we could not inflate what zlib compressed", index);
      pos += n;
    }
    FUZZ_CHECK(ours_receive.FinishMessage(&out, kMax) == PerMessageDeflate::Result::kOk,
               "message %d: the end of what zlib compressed was refused", index);
    FUZZ_CHECK(out.size() == message.size() &&
                   std::memcmp(out.data(), message.data(), message.size()) == 0,
               "message %d: we inflated %zu bytes, zlib compressed %zu", index, out.size(),
               message.size());

    if (raw_alive && message.size() <= 4096) {
      Buffer ours_out;
      PerMessageDeflate::Result result = ours_raw.Decompress(
          reinterpret_cast<const uint8_t*>(message.data()), message.size(), &ours_out, kMax);
      if (result == PerMessageDeflate::Result::kOk)
        result = ours_raw.FinishMessage(&ours_out, kMax);
      auto theirs = zlib_raw.Decompress(message);
      FUZZ_CHECK((result == PerMessageDeflate::Result::kOk) == theirs.has_value(),
                 "message %d: we say %d, zlib says %s", index, static_cast<int>(result),
                 theirs ? "ok" : "error");
      if (theirs) {
        FUZZ_CHECK(ours_out.size() == theirs->size() &&
                       std::memcmp(ours_out.data(), theirs->data(), theirs->size()) == 0,
                   "message %d: we inflated %zu bytes, zlib %zu", index, ours_out.size(),
                   theirs->size());
      } else {
        raw_alive = false;
      }
    }
  }
  return 0;
}
