// WebSocketEngine: the client side of RFC 6455 as a sans-I/O state machine. It takes bytes
// read from the transport and commands from the channel, appends bytes to write to an
// output buffer, and reports events to its delegate. It never touches a socket, so tests
// drive it with byte strings.
#ifndef V8WS_NET_PROTOCOL_WEBSOCKET_ENGINE_H_
#define V8WS_NET_PROTOCOL_WEBSOCKET_ENGINE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "net/buffer.h"
#include "net/message.h"
#include "net/protocol/handshake.h"
#include "net/protocol/permessage_deflate.h"
#include "net/protocol/random_source.h"
#include "net/protocol/utf8_validator.h"

namespace v8ws::net {

// Close codes of RFC 6455 §7.4.1 that this engine sends or reports.
enum CloseCode : uint16_t {
  kCloseNormal = 1000,
  kCloseGoingAway = 1001,
  kCloseProtocolError = 1002,
  kCloseNoStatus = 1005,
  kCloseAbnormal = 1006,
  kCloseInvalidData = 1007,
  kCloseMessageTooBig = 1009,
  kCloseInternalError = 1011,
};

// How a connection ended, once its transport has closed: what the close event carries, and
// whether the WebSocket connection was failed (which fires error first).
struct CloseOutcome {
  // "Fail the WebSocket connection" happened (RFC 6455 §7.1.7), or TCP went away before a
  // Close frame while open (§7.2.1). Not after our own Close: a closing handshake that
  // timed out is only unclean.
  bool failed = false;
  bool was_clean = false;  // §7.1.4: both Close frames seen, then the transport closed
  uint16_t code = 1006;    // §7.1.5: the server's code, 1005 without one, 1006 without Close
  std::string reason;      // §7.1.6: the server's reason; empty when failed
  std::string why;         // for the console: why the connection failed
};

class WebSocketEngineDelegate {
 public:
  virtual ~WebSocketEngineDelegate() = default;
  virtual void OnEngineOpen(const std::string& protocol, const std::string& extensions) = 0;
  virtual void OnEngineMessage(MessageType type, Buffer payload) = 0;
  // The server sent a Close frame first: the closing handshake has started.
  virtual void OnEngineClosingHandshakeStarted() = 0;
};

class WebSocketEngine {
 public:
  enum class State {
    kHandshake,  // request sent (or to be sent), waiting for the 101
    kOpen,
    kClosing,        // we sent a Close frame, waiting for the server's
    kCloseReceived,  // both Close frames seen; waiting for the server to close TCP
    kFailed,         // "fail the WebSocket connection": close the transport now
  };

  WebSocketEngine(HandshakeRequest request,
                  size_t max_message_size,
                  WebSocketEngineDelegate* delegate,
                  RandomSource random = RandomBytes);

  // A response head longer than this fails the connection (default:
  // kMaxHandshakeResponseSize).
  void set_max_handshake_response_size(size_t size) { max_response_head_ = size; }
  // Appends the handshake request to the output.
  void Start();
  // Bytes from the transport.
  void Receive(const uint8_t* data, size_t size);
  // A message from script. Ignored unless open (the channel keeps the spec's ledger).
  void SendMessage(MessageType type, const uint8_t* data, size_t size);
  // Starts the closing handshake (RFC 6455 §7.1.2). No code: a Close frame without body.
  void StartClose(std::optional<uint16_t> code, const std::string& reason);
  // "Fail the WebSocket connection" (RFC 6455 §7.1.7): send `code` if open, then close.
  void Fail(uint16_t code, const std::string& why);

  State state() const { return state_; }
  bool ShouldCloseTransport() const { return state_ == State::kFailed; }
  bool closing_handshake_complete() const { return close_sent_ && close_received_; }
  bool close_sent() const { return close_sent_; }
  // Bytes waiting to be written to the transport.
  Buffer& output() { return output_; }
  const std::string& failure_reason() const { return failure_reason_; }

  // The close event's values once the transport closed.
  CloseOutcome Outcome() const;

 private:
  void ReceiveHandshake(const uint8_t* data, size_t size);
  void ReceiveFrames(const uint8_t* data, size_t size);
  // Handles one complete control frame.
  void HandleControl(uint8_t opcode, const uint8_t* payload, size_t size);
  void WriteFrame(uint8_t opcode, const uint8_t* data, size_t size, bool rsv1 = false);
  // Data of the current message: decompressed when it came compressed, UTF-8 checked
  // when text. False when the connection failed.
  bool AppendMessageData(const uint8_t* data, size_t size);
  // The message's last frame is in: finish decompression and UTF-8, hand it over.
  bool FinishMessage();
  // False (the connection failed with 1009 or 1007) unless decompression succeeded.
  bool InflateSucceeded(PerMessageDeflate::Result result);
  // Feeds the message's bytes from `from` on to the UTF-8 check of a text message.
  // Only the first `max_message_size_` bytes are checked: past them the size limit has failed
  // the message first.
  bool CheckUtf8(size_t from);
  void WriteClose(std::optional<uint16_t> code, const std::string& reason);
  void FailFrame(uint16_t code, const char* why) { Fail(code, why); }

  HandshakeRequest request_;
  size_t max_message_size_;
  WebSocketEngineDelegate* delegate_;
  RandomSource random_;
  State state_ = State::kHandshake;
  std::string key_;
  std::string response_head_;
  size_t max_response_head_ = kMaxHandshakeResponseSize;
  Buffer output_;
  std::string failure_reason_;

  // Frame parser state.
  Buffer pending_;         // bytes of an incomplete frame header or control frame
  bool in_frame_ = false;  // inside a data frame's payload
  uint8_t frame_opcode_ = 0;
  bool frame_fin_ = false;
  uint64_t frame_remaining_ = 0;
  // Message reassembly.
  bool in_message_ = false;
  MessageType message_type_ = MessageType::kText;
  Buffer message_;
  Utf8Validator utf8_;
  bool message_compressed_ = false;             // RSV1 on the message's first frame
  std::unique_ptr<PerMessageDeflate> deflate_;  // when negotiated
  Buffer compressed_;                           // scratch for outgoing messages

  bool close_sent_ = false;
  bool close_received_ = false;
  uint16_t received_code_ = kCloseNoStatus;
  std::string received_reason_;
};

// Copies `size` bytes to `out`, XORed with `key` starting at key byte `offset`.
void MaskCopy(uint8_t* out, const uint8_t* in, size_t size, const uint8_t key[4]);

}  // namespace v8ws::net

#endif  // V8WS_NET_PROTOCOL_WEBSOCKET_ENGINE_H_
