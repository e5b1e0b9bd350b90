// The server's half of permessage-deflate on plain zlib, written the way independent servers
// do it (Python websockets, Node's ws: write, then a sync flush, then drop the tail), so that
// tests and fuzzers check our engine against an implementation that is not ours.
#ifndef V8WS_TESTS_SUPPORT_ZLIB_PEER_H_
#define V8WS_TESTS_SUPPORT_ZLIB_PEER_H_

#include <zlib.h>

#include <cstdint>
#include <optional>
#include <string>

namespace v8ws::testing {

// Compresses whole messages into permessage-deflate payloads (RFC 7692 §7.2.1).
class ZlibDeflater {
 public:
  // zlib has no raw DEFLATE with an 8-bit window: a peer held to 8 compresses with 9 here,
  // which a receiver that inflates with 15 (as ours does) still follows.
  ZlibDeflater(int window_bits, bool no_context_takeover)
      : no_context_takeover_(no_context_takeover) {
    deflateInit2(&z_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -(window_bits < 9 ? 9 : window_bits), 8,
                 Z_DEFAULT_STRATEGY);
  }
  ~ZlibDeflater() { deflateEnd(&z_); }
  ZlibDeflater(const ZlibDeflater&) = delete;
  ZlibDeflater& operator=(const ZlibDeflater&) = delete;

  std::string Compress(const std::string& message) {
    std::string out;
    Run(message, Z_NO_FLUSH, &out);
    Run("", Z_SYNC_FLUSH, &out);
    if (out.size() >= 4 && out.compare(out.size() - 4, 4, std::string("\0\0\xff\xff", 4)) == 0)
      out.resize(out.size() - 4);
    if (no_context_takeover_)
      deflateReset(&z_);
    return out;
  }

 private:
  void Run(const std::string& in, int flush, std::string* out) {
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(in.size());
    do {
      char chunk[16384];
      z_.next_out = reinterpret_cast<Bytef*>(chunk);
      z_.avail_out = sizeof(chunk);
      deflate(&z_, flush);
      out->append(chunk, sizeof(chunk) - z_.avail_out);
    } while (z_.avail_out == 0 || z_.avail_in != 0);
  }

  z_stream z_{};
  bool no_context_takeover_;
};

// Decompresses permessage-deflate payloads (RFC 7692 §7.2.2): the tail restored, the
// window kept across messages unless the sender resets it.
class ZlibInflater {
 public:
  explicit ZlibInflater(int window_bits, bool no_context_takeover)
      : no_context_takeover_(no_context_takeover) {
    inflateInit2(&z_, -window_bits);
  }
  ~ZlibInflater() { inflateEnd(&z_); }
  ZlibInflater(const ZlibInflater&) = delete;
  ZlibInflater& operator=(const ZlibInflater&) = delete;

  // The message, or nothing when zlib rejects the payload or it ends inside a block.
  std::optional<std::string> Decompress(const std::string& payload) {
    std::string in = payload + std::string("\0\0\xff\xff", 4);
    z_.next_in = reinterpret_cast<Bytef*>(in.data());
    z_.avail_in = static_cast<uInt>(in.size());
    std::string out;
    bool at_boundary = false;
    for (;;) {
      char chunk[16384];
      z_.next_out = reinterpret_cast<Bytef*>(chunk);
      z_.avail_out = sizeof(chunk);
      uInt in_before = z_.avail_in;
      int rc = inflate(&z_, Z_SYNC_FLUSH);
      out.append(chunk, sizeof(chunk) - z_.avail_out);
      if (rc == Z_STREAM_END) {
        inflateReset(&z_);
        at_boundary = true;
        if (z_.avail_in == 0)
          break;
        continue;
      }
      if (rc != Z_OK && rc != Z_BUF_ERROR)
        return std::nullopt;
      // A correct payload leaves zlib waiting for the next block header (data_type 128)
      // with no bits of a byte left over (the tail is a byte-aligned stored block), as the
      // last call that consumed or produced anything reports it.
      if (z_.avail_in != in_before || z_.avail_out != sizeof(chunk))
        at_boundary = (z_.data_type & 128) != 0 && (z_.data_type & 63) == 0;
      if (z_.avail_in == 0 && z_.avail_out != 0)
        break;
      if (rc == Z_BUF_ERROR && z_.avail_out != 0)
        return std::nullopt;
    }
    if (!at_boundary)
      return std::nullopt;
    if (no_context_takeover_)
      inflateReset(&z_);
    return out;
  }

 private:
  z_stream z_{};
  bool no_context_takeover_;
};

}  // namespace v8ws::testing

#endif  // V8WS_TESTS_SUPPORT_ZLIB_PEER_H_
