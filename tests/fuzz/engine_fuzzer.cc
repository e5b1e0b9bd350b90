// The protocol engine fed server bytes after a valid 101: the bytes whole, then split at
// points the input chooses, then (for short inputs) byte by byte. Every run must give the
// same events, the same bytes written and the same close outcome, as RFC 6455 judges a byte
// stream, not the reads that carried it; every message delivered must respect the limits.
//
// Input: byte 0 chooses the connection (bit 0 permessage-deflate; bits 1-2 its
// no_context_takeover flags; bits 3-5 the message size limit; bits 6-7 the client window),
// byte 1 seeds the split points, the rest is what the server sends.
#include <cstring>

#include "net/protocol/utf8_validator.h"
#include "net/protocol/websocket_engine.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/support/websocket_wire.h"

namespace v8ws::fuzz {
namespace {

class Trace : public net::WebSocketEngineDelegate {
 public:
  void OnEngineOpen(const std::string& protocol, const std::string& extensions) override {
    events.push_back("open " + protocol + " | " + extensions);
  }
  void OnEngineMessage(net::MessageType type, net::Buffer payload) override {
    std::string data(reinterpret_cast<const char*>(payload.data()), payload.size());
    FUZZ_CHECK(payload.size() <= max_message_size, "a %zu-byte message passed a %zu-byte limit",
               payload.size(), max_message_size);
    if (type == net::MessageType::kText) {
      FUZZ_CHECK(net::Utf8Validator::IsValid(payload.data(), payload.size()),
                 "a text message that is not UTF-8 was delivered: %s", Printable(data).c_str());
    }
    events.push_back((type == net::MessageType::kText ? "text " : "binary ") + data);
  }
  void OnEngineClosingHandshakeStarted() override { events.push_back("closing"); }

  size_t max_message_size = 0;
  std::vector<std::string> events;
};

struct Run {
  std::vector<std::string> events;
  std::string written;
  std::string outcome;
};

Run Drive(uint8_t config, const uint8_t* data, size_t size, const std::vector<size_t>& pieces) {
  static const size_t kLimits[] = {0, 1, 125, 1000, 4096, 65536, 1 << 20, 16 << 20};
  static const int kClientBits[] = {15, 8, 9, 12};
  Trace trace;
  trace.max_message_size = kLimits[(config >> 3) & 7];
  net::WebSocketEngine engine(net::HandshakeRequest{"h", "/", "null", {}, {}},
                              trace.max_message_size, &trace, SeededRandom(1));
  engine.Start();
  std::string request(reinterpret_cast<const char*>(engine.output().data()),
                      engine.output().size());
  engine.output().Clear();
  std::string extensions;
  if (config & 1) {
    extensions = "permessage-deflate";
    if (config & 2)
      extensions += "; server_no_context_takeover";
    if (config & 4)
      extensions += "; client_no_context_takeover";
    extensions += "; client_max_window_bits=" + std::to_string(kClientBits[config >> 6]);
  }
  std::string response = testing::AcceptingResponse(request, extensions);
  engine.Receive(reinterpret_cast<const uint8_t*>(response.data()), response.size());
  FUZZ_CHECK(engine.state() == net::WebSocketEngine::State::kOpen, "the 101 was refused: %s",
             engine.failure_reason().c_str());

  size_t at = 0;
  for (size_t n : pieces) {
    engine.Receive(data + at, n);
    at += n;
  }
  // After a failure or the server's Close the transport closes: the outcome is final.
  Run run;
  run.events = std::move(trace.events);
  run.written.assign(reinterpret_cast<const char*>(engine.output().data()), engine.output().size());
  net::CloseOutcome outcome = engine.Outcome();
  run.outcome =
      std::to_string(static_cast<int>(engine.state())) +
      " failed=" + std::to_string(outcome.failed) + " clean=" + std::to_string(outcome.was_clean) +
      " code=" + std::to_string(outcome.code) + " reason=" + outcome.reason + " why=" + outcome.why;
  return run;
}

void ExpectSame(const Run& a, const Run& b, const char* how) {
  FUZZ_CHECK(a.outcome == b.outcome, "%s: outcome \"%s\" whole, \"%s\" split", how,
             a.outcome.c_str(), b.outcome.c_str());
  FUZZ_CHECK(a.events.size() == b.events.size(), "%s: %zu events whole, %zu split", how,
             a.events.size(), b.events.size());
  for (size_t i = 0; i < a.events.size(); ++i) {
    FUZZ_CHECK(a.events[i] == b.events[i], "%s: event %zu is \"%s\" whole, \"%s\" split", how, i,
               Printable(a.events[i]).c_str(), Printable(b.events[i]).c_str());
  }
  FUZZ_CHECK(a.written == b.written, "%s: the client wrote different bytes (%zu vs %zu)", how,
             a.written.size(), b.written.size());
}

}  // namespace
}  // namespace v8ws::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace v8ws::fuzz;
  if (size < 2)
    return 0;
  const uint8_t config = data[0];
  const uint32_t seed = data[1];
  data += 2;
  size -= 2;
  std::vector<size_t> whole;
  if (size)
    whole.push_back(size);
  Run reference = Drive(config, data, size, whole);
  ExpectSame(reference, Drive(config, data, size, RandomSplits(size, seed ^ Hash(data, size))),
             "split at random");
  if (size <= 4096)
    ExpectSame(reference, Drive(config, data, size, std::vector<size_t>(size, 1)), "byte by byte");
  return 0;
}
