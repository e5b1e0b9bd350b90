// WebSocketEngine: handshake, framing (RFC 6455 §5), the closing handshake (§7), failures.
#include "net/protocol/websocket_engine.h"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace v8ws::net {
namespace {

enum Opcode : uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

bool IsControl(uint8_t opcode) {
  return opcode & 0x8;
}
bool IsKnownOpcode(uint8_t opcode) {
  return opcode <= kBinary || (opcode >= kClose && opcode <= kPong);
}

// RFC 6455 §7.4: the codes a Close frame may carry on the wire.
bool IsValidWireCloseCode(uint16_t code) {
  if (code >= 3000 && code <= 4999)
    return true;
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014);
}

// The whole 32-bit key repeats every 4 bytes, so any block that starts at a multiple of 4
// XORs with the same key word: vector widths of 16 and 32 bytes keep that alignment.
size_t MaskBlocksPortable(uint8_t* out, const uint8_t* in, size_t size, uint64_t key64) {
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, in + i, 8);
    word ^= key64;
    std::memcpy(out + i, &word, 8);
  }
  return i;
}

#if defined(__x86_64__)
// Masking is the client's one pass over every byte it sends: with AVX2 it costs a sixth of
// the 8-byte loop's instructions (a 1 MiB send went from 0.87 to 0.14 instructions a byte).
__attribute__((target("avx2"))) size_t MaskBlocksAvx2(uint8_t* out,
                                                      const uint8_t* in,
                                                      size_t size,
                                                      uint32_t key32) {
  const __m256i key = _mm256_set1_epi32(static_cast<int>(key32));
  size_t i = 0;
  for (; i + 64 <= size; i += 64) {
    __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i));
    __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i + 32));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), _mm256_xor_si256(a, key));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i + 32), _mm256_xor_si256(b, key));
  }
  for (; i + 32 <= size; i += 32) {
    __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), _mm256_xor_si256(a, key));
  }
  return i;
}

size_t MaskBlocksSse2(uint8_t* out, const uint8_t* in, size_t size, uint32_t key32) {
  const __m128i key = _mm_set1_epi32(static_cast<int>(key32));
  size_t i = 0;
  for (; i + 16 <= size; i += 16) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm_xor_si128(a, key));
  }
  return i;
}

const bool kHasAvx2 = [] {
  __builtin_cpu_init();  // static initialisers may run before libgcc's own
  return __builtin_cpu_supports("avx2") != 0;
}();
#endif

}  // namespace

void MaskCopy(uint8_t* out, const uint8_t* in, size_t size, const uint8_t key[4]) {
  uint32_t key32;
  std::memcpy(&key32, key, 4);
  size_t i = 0;
#if defined(__x86_64__)
  if (size >= 64)
    i = kHasAvx2 ? MaskBlocksAvx2(out, in, size, key32) : MaskBlocksSse2(out, in, size, key32);
#endif
  uint64_t key64 = (static_cast<uint64_t>(key32) << 32) | key32;
  i += MaskBlocksPortable(out + i, in + i, size - i, key64);
  for (; i < size; ++i)
    out[i] = in[i] ^ key[i & 3];
}

WebSocketEngine::WebSocketEngine(HandshakeRequest request,
                                 size_t max_message_size,
                                 WebSocketEngineDelegate* delegate,
                                 RandomSource random)
    : request_(std::move(request)),
      max_message_size_(max_message_size),
      delegate_(delegate),
      random_(std::move(random)) {}

void WebSocketEngine::Start() {
  key_ = GenerateHandshakeKey(random_);
  std::string bytes = BuildHandshakeRequest(request_, key_);
  output_.Append(bytes.data(), bytes.size());
}

void WebSocketEngine::Receive(const uint8_t* data, size_t size) {
  if (state_ == State::kHandshake)
    ReceiveHandshake(data, size);
  else
    ReceiveFrames(data, size);
}

void WebSocketEngine::ReceiveHandshake(const uint8_t* data, size_t size) {
  size_t before = response_head_.size();
  response_head_.append(reinterpret_cast<const char*>(data), size);
  // Search from just before the new bytes: the terminator may straddle two reads.
  size_t from = before >= 3 ? before - 3 : 0;
  size_t end = response_head_.find("\r\n\r\n", from);
  if (end == std::string::npos) {
    // Too large once no terminator can start within the limit any more: the same verdict
    // as when the whole response arrives in one read.
    if (response_head_.size() > max_response_head_ + 3)
      Fail(kCloseAbnormal, "handshake response headers too large");
    return;
  }
  if (end > max_response_head_) {
    Fail(kCloseAbnormal, "handshake response headers too large");
    return;
  }
  HandshakeResult result = ValidateHandshakeResponse(response_head_.substr(0, end), key_,
                                                     request_.protocols, request_.offer_deflate);
  if (!result.ok) {
    Fail(kCloseAbnormal, "Error during WebSocket handshake: " + result.error);
    return;
  }
  state_ = State::kOpen;
  if (result.deflate)
    deflate_ = std::make_unique<PerMessageDeflate>(*result.deflate);
  // Frames may follow the response in the same read.
  size_t consumed_in_this_read = end + 4 - before;
  std::string().swap(response_head_);
  delegate_->OnEngineOpen(result.protocol, result.extensions);
  if (consumed_in_this_read < size)
    ReceiveFrames(data + consumed_in_this_read, size - consumed_in_this_read);
}

void WebSocketEngine::ReceiveFrames(const uint8_t* data, size_t size) {
  while (size > 0) {
    if (state_ == State::kFailed || state_ == State::kCloseReceived)
      return;  // nothing after a failure or the server's Close frame is processed
    if (in_frame_) {
      size_t n = frame_remaining_ < size ? static_cast<size_t>(frame_remaining_) : size;
      if (IsControl(frame_opcode_)) {
        pending_.Append(data, n);
      } else if (!AppendMessageData(data, n)) {
        return;
      }
      data += n;
      size -= n;
      frame_remaining_ -= n;
      if (frame_remaining_ > 0)
        return;
      in_frame_ = false;
      if (IsControl(frame_opcode_)) {
        Buffer payload = std::move(pending_);
        HandleControl(frame_opcode_, payload.data(), payload.size());
        continue;
      }
      if (frame_fin_ && !FinishMessage())
        return;
      continue;
    }

    // Frame header: 2 bytes, then 0, 2 or 8 bytes of extended length (no mask from a server).
    size_t have = pending_.size();
    size_t want = 2;
    if (have >= 2) {
      uint8_t len7 = pending_.data()[1] & 0x7F;
      want += len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
    }
    while (have < want && size > 0) {
      pending_.Append(data, 1);
      ++data;
      --size;
      ++have;
      if (have == 2) {
        const uint8_t b0 = pending_.data()[0], b1 = pending_.data()[1];
        const uint8_t opcode = b0 & 0x0F;
        const bool fin = b0 & 0x80;
        const uint8_t len7 = b1 & 0x7F;
        // RFC 6455 §5.2: RSV bits only as an extension defines them. RFC 7692 §6: RSV1
        // marks a compressed message, on its first frame only, never on control frames.
        const bool rsv1_allowed = deflate_ && (opcode == kText || opcode == kBinary);
        if ((b0 & 0x30) || ((b0 & 0x40) && !rsv1_allowed))
          return FailFrame(kCloseProtocolError, "One or more reserved bits are on.");
        if (!IsKnownOpcode(opcode))
          return FailFrame(kCloseProtocolError, "Unrecognized frame opcode.");
        // §5.1: a server must not mask the frames it sends.
        if (b1 & 0x80)
          return FailFrame(kCloseProtocolError, "A server must not mask any frames.");
        if (IsControl(opcode)) {
          if (!fin)
            return FailFrame(kCloseProtocolError, "Received fragmented control frame.");
          if (len7 > 125)
            return FailFrame(kCloseProtocolError,
                             "Received control frame having too long payload.");
        } else if (opcode == kContinuation && !in_message_) {
          return FailFrame(kCloseProtocolError, "Received unexpected continuation frame.");
        } else if (opcode != kContinuation && in_message_) {
          return FailFrame(kCloseProtocolError,
                           "Received start of new message but previous message is unfinished.");
        }
        want += len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
      }
    }
    if (have < want)
      return;  // the rest of the header comes with the next read

    const uint8_t* h = pending_.data();
    const uint8_t opcode = h[0] & 0x0F;
    frame_fin_ = h[0] & 0x80;
    uint64_t length = h[1] & 0x7F;
    if (length == 126) {
      length = (uint64_t{h[2]} << 8) | h[3];
    } else if (length == 127) {
      if (h[2] & 0x80)
        return FailFrame(kCloseProtocolError,
                         "The most significant bit of a 64-bit length is set.");
      length = 0;
      for (int i = 2; i < 10; ++i)
        length = (length << 8) | h[i];
    }
    pending_.Clear();
    frame_opcode_ = opcode;
    frame_remaining_ = length;
    if (!IsControl(opcode)) {
      if (opcode != kContinuation) {
        in_message_ = true;
        message_type_ = opcode == kText ? MessageType::kText : MessageType::kBinary;
        message_compressed_ = h[0] & 0x40;
        utf8_.Reset();
      }
      // The cap is checked against the announced length: nothing that large is allocated.
      // A compressed message is checked as it inflates instead.
      if (!message_compressed_) {
        if (length > max_message_size_ || message_.size() + length > max_message_size_)
          return FailFrame(kCloseMessageTooBig, "Message is too big.");
        size_t hint = static_cast<size_t>(length) < (size_t{1} << 20) ? static_cast<size_t>(length)
                                                                      : (size_t{1} << 20);
        message_.Reserve(message_.size() + hint);
      }
    }
    in_frame_ = true;
    if (length == 0) {
      // Zero-length payload: finish the frame without waiting for more bytes.
      in_frame_ = false;
      if (IsControl(opcode)) {
        HandleControl(opcode, nullptr, 0);
      } else if (frame_fin_ && !FinishMessage()) {
        return;
      }
    }
  }
}

bool WebSocketEngine::AppendMessageData(const uint8_t* data, size_t size) {
  size_t before = message_.size();
  if (message_compressed_) {
    // RFC 7692 §7.2.2: decompress as the payload arrives; the limit applies to the output.
    // The bytes inflated before a failure are judged first, so that the verdict is the same
    // however the payload was split into reads.
    PerMessageDeflate::Result result =
        deflate_->Decompress(data, size, &message_, max_message_size_);
    return CheckUtf8(before) && InflateSucceeded(result);
  }
  message_.Append(data, size);
  return CheckUtf8(before);
}

bool WebSocketEngine::InflateSucceeded(PerMessageDeflate::Result result) {
  if (result == PerMessageDeflate::Result::kTooBig)
    Fail(kCloseMessageTooBig, "Message is too big.");
  else if (result == PerMessageDeflate::Result::kError)
    Fail(kCloseInvalidData, "Could not decompress a message.");
  return result == PerMessageDeflate::Result::kOk;
}

bool WebSocketEngine::CheckUtf8(size_t from) {
  size_t to = message_.size() < max_message_size_ ? message_.size() : max_message_size_;
  if (message_type_ == MessageType::kText && to > from &&
      !utf8_.Feed(message_.data() + from, to - from)) {
    Fail(kCloseInvalidData, "Could not decode a text frame as UTF-8.");
    return false;
  }
  return true;
}

bool WebSocketEngine::FinishMessage() {
  if (message_compressed_) {
    size_t before = message_.size();
    PerMessageDeflate::Result result = deflate_->FinishMessage(&message_, max_message_size_);
    if (!CheckUtf8(before) || !InflateSucceeded(result))
      return false;
  }
  if (message_type_ == MessageType::kText && !utf8_.Complete()) {
    Fail(kCloseInvalidData, "Could not decode a text frame as UTF-8.");
    return false;
  }
  in_message_ = false;
  message_compressed_ = false;
  utf8_.Reset();
  Buffer message = std::move(message_);
  delegate_->OnEngineMessage(message_type_, std::move(message));
  return true;
}

void WebSocketEngine::HandleControl(uint8_t opcode, const uint8_t* payload, size_t size) {
  switch (opcode) {
    case kPing:
      // §5.5.2: answer with a Pong carrying the same payload, unless we already sent Close.
      if (!close_sent_)
        WriteFrame(kPong, payload, size);
      return;
    case kPong:
      return;
    case kClose: {
      if (size == 1)
        return Fail(kCloseProtocolError, "Received a broken close frame.");
      std::optional<uint16_t> code;
      std::string reason;
      if (size >= 2) {
        code = static_cast<uint16_t>((payload[0] << 8) | payload[1]);
        if (!IsValidWireCloseCode(*code))
          return Fail(kCloseProtocolError, "Received a close frame with an invalid code.");
        if (!Utf8Validator::IsValid(payload + 2, size - 2))
          return Fail(kCloseInvalidData, "Received a close frame with an invalid reason.");
        reason.assign(reinterpret_cast<const char*>(payload + 2), size - 2);
      }
      close_received_ = true;
      received_code_ = code ? *code : static_cast<uint16_t>(kCloseNoStatus);
      received_reason_ = std::move(reason);
      if (!close_sent_) {
        // §5.5.1: answer with a Close frame carrying the same code.
        delegate_->OnEngineClosingHandshakeStarted();
        WriteClose(code, std::string());
      }
      state_ = State::kCloseReceived;
      return;
    }
  }
}

void WebSocketEngine::WriteFrame(uint8_t opcode, const uint8_t* data, size_t size, bool rsv1) {
  uint8_t header[14];
  size_t n = 0;
  header[n++] = static_cast<uint8_t>(0x80 | (rsv1 ? 0x40 : 0) | opcode);
  if (size < 126) {
    header[n++] = static_cast<uint8_t>(0x80 | size);
  } else if (size <= 0xFFFF) {
    header[n++] = 0x80 | 126;
    header[n++] = static_cast<uint8_t>(size >> 8);
    header[n++] = static_cast<uint8_t>(size);
  } else {
    header[n++] = 0x80 | 127;
    for (int shift = 56; shift >= 0; shift -= 8)
      header[n++] = static_cast<uint8_t>(static_cast<uint64_t>(size) >> shift);
  }
  uint8_t* key = header + n;
  random_(key, 4);
  n += 4;
  uint8_t* out = output_.Grow(n + size);
  std::memcpy(out, header, n);
  if (size)
    MaskCopy(out + n, data, size, key);
}

void WebSocketEngine::WriteClose(std::optional<uint16_t> code, const std::string& reason) {
  uint8_t body[125];
  size_t n = 0;
  if (code) {
    body[n++] = static_cast<uint8_t>(*code >> 8);
    body[n++] = static_cast<uint8_t>(*code);
    size_t r = reason.size() > 123 ? 123 : reason.size();
    std::memcpy(body + n, reason.data(), r);
    n += r;
  }
  WriteFrame(kClose, body, n);
  close_sent_ = true;
}

void WebSocketEngine::SendMessage(MessageType type, const uint8_t* data, size_t size) {
  if (state_ != State::kOpen)
    return;
  const uint8_t opcode = type == MessageType::kText ? kText : kBinary;
  if (deflate_ && deflate_->compresses()) {
    // RFC 7692 §7.2.1: one compressed message in one frame, RSV1 set.
    compressed_.Clear();
    if (!deflate_->Compress(data, size, &compressed_))
      return Fail(kCloseInternalError, "Could not compress a message.");
    WriteFrame(opcode, compressed_.data(), compressed_.size(), true);
    return;
  }
  WriteFrame(opcode, data, size);
}

void WebSocketEngine::StartClose(std::optional<uint16_t> code, const std::string& reason) {
  if (state_ != State::kOpen)
    return;
  WriteClose(code, reason);
  state_ = State::kClosing;
}

void WebSocketEngine::Fail(uint16_t code, const std::string& why) {
  if (state_ == State::kFailed)
    return;
  // §7.1.7: once open, tell the server why before the transport closes.
  if (state_ != State::kHandshake && !close_sent_ && code != kCloseAbnormal)
    WriteClose(code, std::string());
  failure_reason_ = why;
  state_ = State::kFailed;
}

CloseOutcome WebSocketEngine::Outcome() const {
  CloseOutcome outcome;
  outcome.code = close_received_ ? received_code_ : static_cast<uint16_t>(kCloseAbnormal);
  outcome.was_clean = closing_handshake_complete() && state_ != State::kFailed;
  outcome.failed =
      state_ == State::kFailed || state_ == State::kHandshake || (!close_received_ && !close_sent_);
  if (outcome.failed) {
    outcome.why = failure_reason_;
    if (outcome.why.empty())
      outcome.why = state_ == State::kHandshake
                        ? "Connection closed before receiving a handshake response"
                        : "Connection closed without a close frame";
  } else {
    outcome.reason = received_reason_;
  }
  return outcome;
}

}  // namespace v8ws::net
