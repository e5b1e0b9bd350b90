// permessage-deflate against plain zlib, both ways, over message sequences a seeded
// generator picks (empty, tiny and large messages, text and binary, every window size, with
// and without context takeover), through the engine's frames and reads split at random.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "net/protocol/permessage_deflate.h"
#include "net/protocol/websocket_engine.h"
#include "tests/support/websocket_wire.h"
#include "tests/support/zlib_peer.h"

namespace v8ws::net {
namespace {

using v8ws::testing::ZlibDeflater;
using v8ws::testing::ZlibInflater;

std::string AsString(const Buffer& b) {
  return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

// A message of a size and kind that real traffic has, empty ones often.
struct Message {
  MessageType type;
  std::string data;
};
Message RandomMessage(std::mt19937& rng) {
  static const size_t kSizes[] = {0, 0, 1, 2, 5, 17, 125, 126, 1000, 65535, 65536, 200000};
  size_t size = kSizes[rng() % (sizeof(kSizes) / sizeof(kSizes[0]))];
  Message m{rng() % 2 ? MessageType::kText : MessageType::kBinary, std::string()};
  // Repetitive text compresses; random bytes do not: both paths of zlib.
  bool repetitive = rng() % 2;
  for (size_t i = 0; i < size; ++i)
    m.data += repetitive ? static_cast<char>('a' + (i / 7) % 5) : static_cast<char>(rng() % 128);
  return m;
}

DeflateParams RandomParams(std::mt19937& rng) {
  DeflateParams p;
  p.server_no_context_takeover = rng() % 2;
  p.client_no_context_takeover = rng() % 2;
  p.server_max_window_bits = 8 + static_cast<int>(rng() % 8);
  p.client_max_window_bits = 8 + static_cast<int>(rng() % 8);
  return p;
}

std::string DescribeParams(const DeflateParams& p) {
  return "server_max_window_bits=" + std::to_string(p.server_max_window_bits) +
         " client_max_window_bits=" + std::to_string(p.client_max_window_bits) +
         (p.server_no_context_takeover ? " server_no_context_takeover" : "") +
         (p.client_no_context_takeover ? " client_no_context_takeover" : "");
}

TEST(PerMessageDeflateTest, AnEmptyMessageAfterAnotherIsStillADeflateBlock) {
  // The bug real servers hit: "plain", "", "plain" on one stream. zlib's sync flush with no
  // new input writes nothing, yet §7.2.1 needs a block: the byte 0x00 (§7.2.3.6).
  PerMessageDeflate ours(DeflateParams{});
  ZlibInflater server(15, false);
  for (const std::string text : {"plain", "", "", "plain", ""}) {
    Buffer payload;
    ASSERT_TRUE(
        ours.Compress(reinterpret_cast<const uint8_t*>(text.data()), text.size(), &payload));
    EXPECT_FALSE(payload.empty()) << "an empty payload is not a DEFLATE block";
    auto inflated = server.Decompress(AsString(payload));
    ASSERT_TRUE(inflated) << "zlib rejected our payload for \"" << text << "\"";
    EXPECT_EQ(*inflated, text);
  }
}

TEST(PerMessageDeflateTest, AZeroLengthCompressedPayloadFails) {
  PerMessageDeflate ours(DeflateParams{});
  Buffer out;
  EXPECT_EQ(ours.Decompress(nullptr, 0, &out, 1 << 20), PerMessageDeflate::Result::kOk);
  EXPECT_EQ(ours.FinishMessage(&out, 1 << 20), PerMessageDeflate::Result::kError)
      << "the tail alone opens a stored block of 65280 bytes: the next message would be read "
         "as its data";
}

TEST(PerMessageDeflateTest, AMessageThatEndsInsideABlockFails) {
  // §7.2.3.1's "Hello" cut after its first fragment: a valid prefix, not a message.
  const uint8_t prefix[] = {0xF2, 0x48, 0xCD};
  PerMessageDeflate ours(DeflateParams{});
  Buffer out;
  ASSERT_EQ(ours.Decompress(prefix, sizeof(prefix), &out, 1 << 20), PerMessageDeflate::Result::kOk);
  EXPECT_EQ(ours.FinishMessage(&out, 1 << 20), PerMessageDeflate::Result::kError);
}

TEST(PerMessageDeflateTest, OurCompressionInflatesWithZlib) {
  for (uint32_t seed = 1; seed <= 120; ++seed) {
    std::mt19937 rng(seed);
    DeflateParams params = RandomParams(rng);
    if (params.client_max_window_bits == 8)
      params.client_max_window_bits = 9;  // 8 is sent uncompressed: see WindowBitsEight...
    SCOPED_TRACE("seed " + std::to_string(seed) + ": " + DescribeParams(params));
    PerMessageDeflate ours(params);
    ZlibInflater server(params.client_max_window_bits, params.client_no_context_takeover);
    int count = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < count; ++i) {
      Message m = RandomMessage(rng);
      Buffer payload;
      ASSERT_TRUE(
          ours.Compress(reinterpret_cast<const uint8_t*>(m.data.data()), m.data.size(), &payload));
      auto inflated = server.Decompress(AsString(payload));
      ASSERT_TRUE(inflated) << "message " << i << " of " << m.data.size() << " bytes";
      ASSERT_EQ(*inflated, m.data) << "message " << i;
    }
  }
}

TEST(PerMessageDeflateTest, ZlibCompressionInflatesWithOurs) {
  for (uint32_t seed = 1; seed <= 120; ++seed) {
    std::mt19937 rng(seed);
    DeflateParams params = RandomParams(rng);
    SCOPED_TRACE("seed " + std::to_string(seed) + ": " + DescribeParams(params));
    PerMessageDeflate ours(params);
    ZlibDeflater server(params.server_max_window_bits, params.server_no_context_takeover);
    int count = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < count; ++i) {
      Message m = RandomMessage(rng);
      std::string payload = server.Compress(m.data);
      // The payload arrives in pieces, as reads and fragments deliver it.
      Buffer out;
      size_t at = 0;
      while (at < payload.size()) {
        size_t n = 1 + rng() % (payload.size() - at);
        ASSERT_EQ(ours.Decompress(reinterpret_cast<const uint8_t*>(payload.data()) + at, n, &out,
                                  1 << 20),
                  PerMessageDeflate::Result::kOk);
        at += n;
      }
      ASSERT_EQ(ours.FinishMessage(&out, 1 << 20), PerMessageDeflate::Result::kOk)
          << "message " << i << " of " << m.data.size() << " bytes";
      ASSERT_EQ(AsString(out), m.data) << "message " << i;
    }
  }
}

TEST(PerMessageDeflateTest, InputLargerThanOneZlibStepGoesInInSteps) {
  // zlib counts in 32 bits: buffers of 4 GiB and more must go in in steps. The steps are
  // made 1 to 7 bytes here so that every message crosses many of them.
  for (size_t step : {1, 3, 7}) {
    PerMessageDeflate::SetZlibStepForTesting(step);
    SCOPED_TRACE("step " + std::to_string(step));
    std::mt19937 rng(static_cast<uint32_t>(step));
    PerMessageDeflate ours_send(DeflateParams{}), ours_receive(DeflateParams{});
    ZlibInflater zlib_receive(15, false);
    ZlibDeflater zlib_send(15, false);
    for (int i = 0; i < 20; ++i) {
      Message m = RandomMessage(rng);
      Buffer payload;
      ASSERT_TRUE(ours_send.Compress(reinterpret_cast<const uint8_t*>(m.data.data()), m.data.size(),
                                     &payload));
      auto inflated = zlib_receive.Decompress(AsString(payload));
      ASSERT_TRUE(inflated);
      ASSERT_EQ(*inflated, m.data);
      std::string compressed = zlib_send.Compress(m.data);
      Buffer out;
      ASSERT_EQ(ours_receive.Decompress(reinterpret_cast<const uint8_t*>(compressed.data()),
                                        compressed.size(), &out, 1 << 20),
                PerMessageDeflate::Result::kOk);
      ASSERT_EQ(ours_receive.FinishMessage(&out, 1 << 20), PerMessageDeflate::Result::kOk);
      ASSERT_EQ(AsString(out), m.data);
    }
  }
  PerMessageDeflate::SetZlibStepForTesting(0);
}

// ---- through the engine: frames, fragmentation, reads ----

// A deterministic RandomSource for replayable runs.
RandomSource SeededRandom(uint32_t seed) {
  auto rng = std::make_shared<std::mt19937>(seed);
  return [rng](uint8_t* out, size_t size) {
    for (size_t i = 0; i < size; ++i)
      out[i] = static_cast<uint8_t>((*rng)());
  };
}

class Recorder : public WebSocketEngineDelegate {
 public:
  void OnEngineOpen(const std::string&, const std::string& extensions) override {
    opened = true;
    this->extensions = extensions;
  }
  void OnEngineMessage(MessageType type, Buffer payload) override {
    messages.push_back({type, AsString(payload)});
  }
  void OnEngineClosingHandshakeStarted() override {}
  bool opened = false;
  std::string extensions;
  std::vector<Message> messages;
};

std::string ExtensionsHeader(const DeflateParams& p) {
  std::string h = "permessage-deflate";
  if (p.server_no_context_takeover)
    h += "; server_no_context_takeover";
  if (p.client_no_context_takeover)
    h += "; client_no_context_takeover";
  h += "; server_max_window_bits=" + std::to_string(p.server_max_window_bits);
  h += "; client_max_window_bits=" + std::to_string(p.client_max_window_bits);
  return h;
}

// Opens `engine` with permessage-deflate accepted with `params`.
void OpenWith(WebSocketEngine& engine, const DeflateParams& params) {
  engine.Start();
  std::string response =
      v8ws::testing::AcceptingResponse(AsString(engine.output()), ExtensionsHeader(params));
  engine.output().Clear();
  engine.Receive(reinterpret_cast<const uint8_t*>(response.data()), response.size());
}

TEST(EngineDeflateTest, EveryMessageSentReachesAZlibServerIntact) {
  for (uint32_t seed = 1; seed <= 100; ++seed) {
    std::mt19937 rng(seed);
    DeflateParams params = RandomParams(rng);
    SCOPED_TRACE("seed " + std::to_string(seed) + ": " + DescribeParams(params));
    Recorder recorder;
    WebSocketEngine engine(HandshakeRequest{"h", "/", "null", {}, {}}, 1 << 20, &recorder,
                           SeededRandom(seed));
    OpenWith(engine, params);
    ASSERT_TRUE(recorder.opened);
    ZlibInflater server(params.client_max_window_bits < 9 ? 9 : params.client_max_window_bits,
                        params.client_no_context_takeover);
    int count = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < count; ++i) {
      Message m = RandomMessage(rng);
      engine.SendMessage(m.type, reinterpret_cast<const uint8_t*>(m.data.data()), m.data.size());
      auto frames = v8ws::testing::TakeClientFrames(engine.output());
      ASSERT_EQ(frames.size(), 1u);
      EXPECT_EQ(frames[0].opcode, m.type == MessageType::kText ? 1 : 2);
      std::string data = frames[0].payload;
      if (params.client_max_window_bits == 8) {
        EXPECT_FALSE(frames[0].rsv1) << "zlib has no raw 256-byte window: sent uncompressed";
      } else {
        ASSERT_TRUE(frames[0].rsv1);
        auto inflated = server.Decompress(data);
        ASSERT_TRUE(inflated) << "message " << i;
        data = *inflated;
      }
      ASSERT_EQ(data, m.data) << "message " << i;
    }
  }
}

TEST(EngineDeflateTest, EveryMessageFromAZlibServerArrivesIntact) {
  for (uint32_t seed = 1; seed <= 100; ++seed) {
    std::mt19937 rng(seed);
    DeflateParams params = RandomParams(rng);
    SCOPED_TRACE("seed " + std::to_string(seed) + ": " + DescribeParams(params));
    ZlibDeflater server(params.server_max_window_bits, params.server_no_context_takeover);
    std::vector<Message> sent;
    std::string wire;
    int count = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < count; ++i) {
      Message m = RandomMessage(rng);
      // Some messages go uncompressed (§6 allows it), some in several fragments.
      bool compress = rng() % 4 != 0;
      std::string payload = compress ? server.Compress(m.data) : m.data;
      size_t fragments = 1 + rng() % 3;
      size_t at = 0;
      for (size_t f = 0; f < fragments; ++f) {
        size_t n = f + 1 == fragments ? payload.size() - at : rng() % (payload.size() - at + 1);
        wire += v8ws::testing::ServerFrame(f + 1 == fragments, compress && f == 0,
                            f ? 0 : (m.type == MessageType::kText ? 1 : 2), payload.substr(at, n));
        at += n;
      }
      sent.push_back(m);
    }
    Recorder recorder;
    WebSocketEngine engine(HandshakeRequest{"h", "/", "null", {}, {}}, 1 << 20, &recorder,
                           SeededRandom(seed));
    OpenWith(engine, params);
    ASSERT_TRUE(recorder.opened);
    size_t at = 0;
    while (at < wire.size()) {
      size_t n = 1 + rng() % std::min<size_t>(wire.size() - at, 3000);
      engine.Receive(reinterpret_cast<const uint8_t*>(wire.data()) + at, n);
      at += n;
    }
    EXPECT_EQ(engine.state(), WebSocketEngine::State::kOpen) << engine.failure_reason();
    ASSERT_EQ(recorder.messages.size(), sent.size());
    for (size_t i = 0; i < sent.size(); ++i) {
      EXPECT_EQ(recorder.messages[i].type, sent[i].type) << "message " << i;
      ASSERT_EQ(recorder.messages[i].data, sent[i].data) << "message " << i;
    }
  }
}

}  // namespace
}  // namespace v8ws::net
