// The opening handshake's response validator, alone and through the engine. The input is
// a response head; "{ACCEPT}" in it becomes the right Sec-WebSocket-Accept, so the fuzzer
// gets past that check and into the headers after it. Properties: no crash; what it accepts
// keeps RFC 6455 §4.1's promises; the engine reaches the same verdict whether the response
// arrives whole or split at points the input chooses.
#include <algorithm>

#include "net/protocol/handshake.h"
#include "net/protocol/websocket_engine.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/support/websocket_wire.h"

namespace v8ws::fuzz {
namespace {

const std::vector<std::string> kProtocols = {"chat", "superchat"};

class Opened : public net::WebSocketEngineDelegate {
 public:
  void OnEngineOpen(const std::string& protocol, const std::string& extensions) override {
    result = "open " + protocol + " | " + extensions;
  }
  void OnEngineMessage(net::MessageType, net::Buffer payload) override {
    result += " message " + std::to_string(payload.size());
  }
  void OnEngineClosingHandshakeStarted() override { result += " closing"; }
  std::string result;
};

std::string WithAccept(std::string head, const std::string& key) {
  const std::string accept = net::ComputeAcceptKey(key);
  for (size_t at = head.find("{ACCEPT}"); at != std::string::npos; at = head.find("{ACCEPT}", at))
    head.replace(at, 8, accept);
  return head;
}

std::string Drive(const std::string& input, const std::vector<size_t>& pieces) {
  Opened opened;
  net::WebSocketEngine engine(net::HandshakeRequest{"h", "/", "null", kProtocols, {}}, 1 << 20,
                              &opened, SeededRandom(7));
  engine.Start();
  std::string request(reinterpret_cast<const char*>(engine.output().data()),
                      engine.output().size());
  std::string bytes = WithAccept(input, testing::KeyOfRequest(request));
  size_t at = 0;
  for (size_t n : pieces) {
    if (at >= bytes.size())
      break;
    n = std::min(n, bytes.size() - at);
    engine.Receive(reinterpret_cast<const uint8_t*>(bytes.data()) + at, n);
    at += n;
  }
  if (at < bytes.size())
    engine.Receive(reinterpret_cast<const uint8_t*>(bytes.data()) + at, bytes.size() - at);
  return opened.result + " state " + std::to_string(static_cast<int>(engine.state())) + " " +
         engine.failure_reason();
}

}  // namespace
}  // namespace v8ws::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace v8ws::fuzz;
  using namespace v8ws::net;
  std::string input(reinterpret_cast<const char*>(data), size);

  const std::string key = "dGhlIHNhbXBsZSBub25jZQ==";
  HandshakeResult result = ValidateHandshakeResponse(WithAccept(input, key), key, kProtocols, true);
  if (result.ok) {
    FUZZ_CHECK(result.protocol.empty() || std::find(kProtocols.begin(), kProtocols.end(),
                                                    result.protocol) != kProtocols.end(),
               "accepted a subprotocol never offered: %s", Printable(result.protocol).c_str());
    FUZZ_CHECK(!result.protocol.empty(), "accepted a response that selected no subprotocol");
    if (result.deflate) {
      FUZZ_CHECK(result.deflate->client_max_window_bits >= 8 &&
                     result.deflate->client_max_window_bits <= 15 &&
                     result.deflate->server_max_window_bits >= 8 &&
                     result.deflate->server_max_window_bits <= 15,
                 "window bits out of range");
    }
    for (char c : result.extensions + result.protocol)
      FUZZ_CHECK(c != '\r' && c != '\n' && c != '\0', "a control byte in an accepted value");
  }

  std::string whole = Drive(input, {size});
  std::string split = Drive(input, RandomSplits(size ? size : 1, Hash(data, size)));
  FUZZ_CHECK(whole == split, "whole: %s\n  split: %s", Printable(whole).c_str(),
             Printable(split).c_str());
  return 0;
}
