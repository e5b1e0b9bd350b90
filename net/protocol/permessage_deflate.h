// permessage-deflate (RFC 7692): the offer, the validation of the server's answer, and the
// per-connection compressor and decompressor on zlib (raw DEFLATE, the 0x00 0x00 0xFF 0xFF
// tail removed on sending and restored on receiving).
#ifndef V8WS_NET_PROTOCOL_PERMESSAGE_DEFLATE_H_
#define V8WS_NET_PROTOCOL_PERMESSAGE_DEFLATE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "net/buffer.h"

namespace v8ws::net {

// The negotiated parameters (RFC 7692 §7.1).
struct DeflateParams {
  bool server_no_context_takeover = false;
  bool client_no_context_takeover = false;
  int server_max_window_bits = 15;
  int client_max_window_bits = 15;
};

// What the client offers, as browsers do: "permessage-deflate; client_max_window_bits".
const char* DeflateOffer();

// Validates one extension element of the server's Sec-WebSocket-Extensions (its name
// "permessage-deflate" already matched) against our offer (§7.1.1-7.1.2). On failure,
// std::nullopt and `error` says why.
std::optional<DeflateParams> ParseDeflateResponse(const std::string& element, std::string* error);

class PerMessageDeflate {
 public:
  explicit PerMessageDeflate(const DeflateParams& params);
  ~PerMessageDeflate();
  PerMessageDeflate(const PerMessageDeflate&) = delete;
  PerMessageDeflate& operator=(const PerMessageDeflate&) = delete;

  // False when messages go out uncompressed: zlib cannot make raw DEFLATE with the 256-byte
  // window a server may demand (client_max_window_bits=8), and an uncompressed message is
  // always allowed (§6).
  bool compresses() const { return params_.client_max_window_bits > 8; }
  // §7.2.1: one whole message, compressed, its trailing empty block removed.
  bool Compress(const uint8_t* data, size_t size, Buffer* out);

  enum class Result { kOk, kTooBig, kError };
  // §7.2.2: the payload of one frame of a compressed message, decompressed into `out`,
  // which may not grow past `max_size` (a message that inflates beyond it is kTooBig,
  // found before that much is allocated).
  Result Decompress(const uint8_t* data, size_t size, Buffer* out, size_t max_size);
  // Input goes to zlib in steps of at most 1 GiB (its counters are 32-bit); tests set a
  // small step to run that path without 4 GiB messages. 0 restores the default.
  static void SetZlibStepForTesting(size_t step);

  // The message's last frame was decompressed: the empty block's tail finishes it. kError
  // unless the message then ends between two DEFLATE blocks (§7.2.2).
  Result FinishMessage(Buffer* out, size_t max_size);

 private:
  struct Streams;

  DeflateParams params_;
  std::unique_ptr<Streams> streams_;  // made on first use: most connections use one way
  // The inflater is between DEFLATE blocks (or streams), where a message must end.
  bool at_block_boundary_ = true;
};

}  // namespace v8ws::net

#endif  // V8WS_NET_PROTOCOL_PERMESSAGE_DEFLATE_H_
