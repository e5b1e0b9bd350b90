// WebSocketEngine driven with byte strings: the RFC 6455 §5.7 and RFC 7692 §7.2.3 examples,
// fragmentation, control frames, the closing handshake, permessage-deflate, and each
// protocol violation with the Close code the client puts on the wire.
#include "net/protocol/websocket_engine.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "tests/support/websocket_wire.h"

namespace v8ws::net {
namespace {

struct Received {
  MessageType type;
  std::string data;
};

using v8ws::testing::WireFrame;

class EngineTest : public ::testing::Test, public WebSocketEngineDelegate {
 protected:
  void OnEngineOpen(const std::string& protocol, const std::string& extensions) override {
    opened_ = true;
    protocol_ = protocol;
    extensions_ = extensions;
  }
  void OnEngineMessage(MessageType type, Buffer payload) override {
    messages_.push_back(
        {type, std::string(reinterpret_cast<const char*>(payload.data()), payload.size())});
  }
  void OnEngineClosingHandshakeStarted() override { closing_started_ = true; }

  // Creates and starts an engine; returns the 101 response that accepts its request (with
  // `extensions` as its Sec-WebSocket-Extensions when not empty).
  std::string Start(size_t max_message_size = 1 << 20, const std::string& extensions = "") {
    engine_ = std::make_unique<WebSocketEngine>(
        HandshakeRequest{"example.com", "/chat", "http://example.com", {}, {}}, max_message_size,
        this);
    engine_->Start();
    std::string request(reinterpret_cast<const char*>(engine_->output().data()),
                        engine_->output().size());
    engine_->output().Clear();
    request_ = request;
    return v8ws::testing::AcceptingResponse(request, extensions);
  }

  // Opens with permessage-deflate accepted with `params` (e.g. "; server_no_context_takeover").
  void OpenDeflate(const std::string& params = "", size_t max_message_size = 1 << 20) {
    Feed(Start(max_message_size, "permessage-deflate" + params));
    ASSERT_TRUE(opened_);
    ASSERT_EQ(extensions_, "permessage-deflate" + params);
  }

  // Creates the engine and completes the handshake with a valid 101.
  void Open(size_t max_message_size = 1 << 20) {
    Feed(Start(max_message_size));
    ASSERT_TRUE(opened_);
    ASSERT_EQ(engine_->state(), WebSocketEngine::State::kOpen);
  }

  void Feed(const std::string& bytes) {
    engine_->Receive(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
  void FeedByteByByte(const std::string& bytes) {
    for (char c : bytes)
      Feed(std::string(1, c));
  }

  // Parses (and consumes) what the client wrote.
  std::vector<WireFrame> Written() { return v8ws::testing::TakeClientFrames(engine_->output()); }

  // The code of the single Close frame the client wrote.
  int WrittenCloseCode() {
    auto frames = Written();
    if (frames.size() != 1 || frames[0].opcode != 0x8)
      return -1;
    if (frames[0].payload.size() < 2)
      return 1005;
    return (static_cast<uint8_t>(frames[0].payload[0]) << 8) |
           static_cast<uint8_t>(frames[0].payload[1]);
  }

  // Expects the connection to fail, having sent Close with `code`.
  void ExpectFailure(const std::string& bytes, int code) {
    Open();
    Feed(bytes);
    EXPECT_EQ(engine_->state(), WebSocketEngine::State::kFailed);
    EXPECT_TRUE(engine_->ShouldCloseTransport());
    EXPECT_EQ(WrittenCloseCode(), code);
    EXPECT_FALSE(engine_->Outcome().was_clean);
    EXPECT_EQ(engine_->Outcome().code, 1006) << "script sees 1006: no Close frame came";
    EXPECT_TRUE(messages_.empty());
  }

  std::unique_ptr<WebSocketEngine> engine_;
  bool opened_ = false;
  bool closing_started_ = false;
  std::string protocol_;
  std::string extensions_;
  std::string request_;
  std::vector<Received> messages_;
};

TEST_F(EngineTest, SingleFrameUnmaskedTextOfRfcExample) {
  Open();
  Feed("\x81\x05Hello");
  ASSERT_EQ(messages_.size(), 1u);
  EXPECT_EQ(messages_[0].type, MessageType::kText);
  EXPECT_EQ(messages_[0].data, "Hello");
}

TEST_F(EngineTest, FragmentedTextOfRfcExample) {
  Open();
  Feed(std::string("\x01\x03Hel", 5));
  EXPECT_TRUE(messages_.empty());
  Feed(std::string("\x80\x02lo", 4));
  ASSERT_EQ(messages_.size(), 1u);
  EXPECT_EQ(messages_[0].data, "Hello");
}

TEST_F(EngineTest, FramesSplitAtEveryByte) {
  Open();
  std::string frames = std::string("\x01\x03Hel", 5) + std::string("\x89\x02hi", 4) +
                       std::string("\x80\x02lo", 4) + std::string("\x82\x7E\x01\x00", 4) +
                       std::string(256, 'b');
  FeedByteByByte(frames);
  ASSERT_EQ(messages_.size(), 2u);
  EXPECT_EQ(messages_[0].data, "Hello") << "a ping between fragments";
  EXPECT_EQ(messages_[1].type, MessageType::kBinary);
  EXPECT_EQ(messages_[1].data, std::string(256, 'b'));
  auto written = Written();
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].opcode, 0xA);
  EXPECT_EQ(written[0].payload, "hi");
}

TEST_F(EngineTest, SixtyFourBitLength) {
  Open();
  std::string header("\x82\x7F\x00\x00\x00\x00\x00\x01\x00\x00", 10);  // 65536 bytes
  Feed(header + std::string(65536, 'z'));
  ASSERT_EQ(messages_.size(), 1u);
  EXPECT_EQ(messages_[0].data.size(), 65536u);
}

TEST_F(EngineTest, FramesInTheSameReadAsTheHandshake) {
  Feed(Start() + "\x81\x02hi");
  ASSERT_EQ(messages_.size(), 1u);
  EXPECT_EQ(messages_[0].data, "hi");
}

TEST_F(EngineTest, PingIsAnsweredWithTheSamePayloadMasked) {
  Open();
  Feed("\x89\x05Hello");
  auto written = Written();
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].opcode, 0xA);
  EXPECT_TRUE(written[0].masked) << "a client masks every frame";
  EXPECT_EQ(written[0].payload, "Hello");
}

TEST_F(EngineTest, ThousandsOfPingsGetThousandsOfPongs) {
  Open();
  std::string burst;
  for (int i = 0; i < 5000; ++i)
    burst += std::string("\x89\x04", 2) + std::to_string(1000 + i);
  Feed(burst);
  auto written = Written();
  ASSERT_EQ(written.size(), 5000u);
  EXPECT_EQ(written[4999].payload, "5999");
}

TEST_F(EngineTest, SentMessagesAreMaskedFrames) {
  Open();
  engine_->SendMessage(MessageType::kText, reinterpret_cast<const uint8_t*>("abc"), 3);
  std::string big(70000, 'q');
  engine_->SendMessage(MessageType::kBinary, reinterpret_cast<const uint8_t*>(big.data()),
                       big.size());
  auto written = Written();
  ASSERT_EQ(written.size(), 2u);
  EXPECT_TRUE(written[0].fin && written[0].masked);
  EXPECT_EQ(written[0].opcode, 0x1);
  EXPECT_EQ(written[0].payload, "abc");
  EXPECT_EQ(written[1].opcode, 0x2);
  EXPECT_EQ(written[1].payload, big);
}

TEST_F(EngineTest, MaskKeysDiffer) {
  Open();
  engine_->SendMessage(MessageType::kText, reinterpret_cast<const uint8_t*>("aaaa"), 4);
  engine_->SendMessage(MessageType::kText, reinterpret_cast<const uint8_t*>("aaaa"), 4);
  const uint8_t* p = engine_->output().data();
  EXPECT_NE(std::string(reinterpret_cast<const char*>(p + 2), 8),
            std::string(reinterpret_cast<const char*>(p + 12), 8));
}

TEST_F(EngineTest, ClientInitiatedClosingHandshake) {
  Open();
  engine_->StartClose(uint16_t{3000}, "bye");
  auto written = Written();
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].opcode, 0x8);
  EXPECT_EQ(written[0].payload, std::string("\x0B\xB8", 2) + "bye");
  EXPECT_EQ(engine_->state(), WebSocketEngine::State::kClosing);
  engine_->SendMessage(MessageType::kText, reinterpret_cast<const uint8_t*>("x"), 1);
  EXPECT_TRUE(Written().empty()) << "nothing after our Close frame";
  Feed(
      std::string("\x88\x05\x0B\xB8"
                  "bye",
                  7));
  EXPECT_EQ(engine_->state(), WebSocketEngine::State::kCloseReceived);
  EXPECT_TRUE(engine_->Outcome().was_clean);
  EXPECT_EQ(engine_->Outcome().code, 3000);
  EXPECT_EQ(engine_->Outcome().reason, "bye");
  EXPECT_FALSE(closing_started_) << "we started it";
}

TEST_F(EngineTest, CloseWithoutCodeHasNoBody) {
  Open();
  engine_->StartClose(std::nullopt, "");
  EXPECT_EQ(WrittenCloseCode(), 1005);
  Feed(std::string("\x88\x00", 2));
  EXPECT_EQ(engine_->Outcome().code, 1005) << "no status code received";
}

TEST_F(EngineTest, ServerInitiatedCloseIsEchoedWithTheSameCode) {
  Open();
  Feed(
      std::string("\x88\x04\x0F\xA1"
                  "ok",
                  6));  // 4001
  EXPECT_TRUE(closing_started_);
  EXPECT_EQ(WrittenCloseCode(), 4001);
  EXPECT_EQ(engine_->Outcome().code, 4001);
  EXPECT_EQ(engine_->Outcome().reason, "ok");
  EXPECT_TRUE(engine_->Outcome().was_clean);
  Feed("\x81\x05later");
  EXPECT_TRUE(messages_.empty()) << "data after the server's Close frame is dropped";
}

TEST_F(EngineTest, MaskedFrameFromServerFails) {
  ExpectFailure(std::string("\x81\x85\x01\x02\x03\x04", 6) + "abcde", 1002);
}
TEST_F(EngineTest, ReservedOpcodeFails) {
  ExpectFailure(std::string("\x83\x00", 2), 1002);
}
TEST_F(EngineTest, ReservedControlOpcodeFails) {
  ExpectFailure(std::string("\x8B\x00", 2), 1002);
}
TEST_F(EngineTest, RsvBitWithoutExtensionFails) {
  ExpectFailure("\xC1\x01x", 1002);
}
TEST_F(EngineTest, FragmentedControlFrameFails) {
  ExpectFailure("\x09\x01x", 1002);
}
TEST_F(EngineTest, OversizedControlFrameFails) {
  ExpectFailure(std::string("\x89\x7E\x00\x7E", 4) + std::string(126, 'p'), 1002);
}
TEST_F(EngineTest, ContinuationWithoutStartFails) {
  ExpectFailure("\x80\x01x", 1002);
}
TEST_F(EngineTest, NewMessageInsideUnfinishedMessageFails) {
  ExpectFailure(std::string("\x01\x01"
                            "a\x81\x01"
                            "b",
                            6),
                1002);
}
TEST_F(EngineTest, SixtyFourBitLengthWithTopBitFails) {
  ExpectFailure(std::string("\x82\x7F\x80\x00\x00\x00\x00\x00\x00\x01", 10), 1002);
}
TEST_F(EngineTest, InvalidUtf8TextFails) {
  ExpectFailure("\x81\x02\xC3\x28", 1007);
}
TEST_F(EngineTest, InvalidUtf8AcrossFragmentsFails) {
  ExpectFailure(std::string("\x01\x01\xED\x80\x02\xA0\x80", 7), 1007);
}
TEST_F(EngineTest, TruncatedUtf8AtTheEndFails) {
  ExpectFailure(std::string("\x01\x01\xE4\x80\x01\xB8", 6), 1007);
}
TEST_F(EngineTest, OneByteClosePayloadFails) {
  ExpectFailure(std::string("\x88\x01\x03", 3), 1002);
}
TEST_F(EngineTest, CloseReasonInvalidUtf8Fails) {
  ExpectFailure(std::string("\x88\x04\x03\xE8\xC3\x28", 6), 1007);
}

class InvalidCloseCodeTest : public EngineTest, public ::testing::WithParamInterface<int> {};
TEST_P(InvalidCloseCodeTest, FailsWith1002) {
  int code = GetParam();
  std::string frame("\x88\x02", 2);
  frame += static_cast<char>(code >> 8);
  frame += static_cast<char>(code & 0xFF);
  ExpectFailure(frame, 1002);
}
INSTANTIATE_TEST_SUITE_P(
    CodesNeverOnTheWire,
    InvalidCloseCodeTest,
    ::testing::Values(0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535));

class ValidCloseCodeTest : public EngineTest, public ::testing::WithParamInterface<int> {};
TEST_P(ValidCloseCodeTest, IsReportedAndEchoed) {
  int code = GetParam();
  Open();
  std::string frame("\x88\x02", 2);
  frame += static_cast<char>(code >> 8);
  frame += static_cast<char>(code & 0xFF);
  Feed(frame);
  EXPECT_EQ(engine_->Outcome().code, code);
  EXPECT_EQ(WrittenCloseCode(), code);
}
INSTANTIATE_TEST_SUITE_P(
    CodesAllowed,
    ValidCloseCodeTest,
    ::testing::
        Values(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999));

TEST_F(EngineTest, MessageOverTheLimitFailsWith1009BeforeAllocating) {
  Open(1024);
  // Announces 2^40 bytes: failing must not depend on ever receiving (or allocating) them.
  Feed(std::string("\x82\x7F\x00\x00\x01\x00\x00\x00\x00\x00", 10));
  EXPECT_EQ(engine_->state(), WebSocketEngine::State::kFailed);
  EXPECT_EQ(WrittenCloseCode(), 1009);
}

TEST_F(EngineTest, FragmentsAddingUpOverTheLimitFail) {
  Open(8);
  Feed(
      std::string("\x02\x05"
                  "abcde",
                  7));
  EXPECT_NE(engine_->state(), WebSocketEngine::State::kFailed);
  Feed(
      std::string("\x80\x05"
                  "fghij",
                  7));
  EXPECT_EQ(engine_->state(), WebSocketEngine::State::kFailed);
  EXPECT_EQ(WrittenCloseCode(), 1009);
}

TEST_F(EngineTest, HandshakeFailureWritesNoCloseFrame) {
  engine_ =
      std::make_unique<WebSocketEngine>(HandshakeRequest{"h", "/", "null", {}, {}}, 1 << 20, this);
  engine_->Start();
  engine_->output().Clear();
  Feed("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(engine_->state(), WebSocketEngine::State::kFailed);
  EXPECT_FALSE(opened_);
  EXPECT_TRUE(Written().empty());
  EXPECT_NE(engine_->failure_reason().find("404"), std::string::npos);
}

TEST_F(EngineTest, EndlessResponseHeadersFail) {
  engine_ =
      std::make_unique<WebSocketEngine>(HandshakeRequest{"h", "/", "null", {}, {}}, 1 << 20, this);
  engine_->Start();
  Feed("HTTP/1.1 101 Switching Protocols\r\n");
  for (int i = 0; i < 10000 && engine_->state() == WebSocketEngine::State::kHandshake; ++i)
    Feed("X-Filler: 0123456789012345678901234567890123456789\r\n");
  EXPECT_EQ(engine_->state(), WebSocketEngine::State::kFailed);
}

// ---- permessage-deflate (RFC 7692) ----

std::string Bytes(std::initializer_list<uint8_t> bytes) {
  return std::string(bytes.begin(), bytes.end());
}

// Raw-inflates what the client sent (with the 00 00 FF FF tail restored).
std::string Inflate(const std::string& compressed) {
  z_stream z{};
  inflateInit2(&z, -15);
  std::string input = compressed + Bytes({0x00, 0x00, 0xFF, 0xFF});
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(input.data());
  z.avail_in = static_cast<uInt>(input.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  inflate(&z, Z_SYNC_FLUSH);
  out.resize(out.size() - z.avail_out);
  inflateEnd(&z);
  return out;
}

TEST_F(EngineTest, OffersPermessageDeflateAsBrowsersDo) {
  Start();
  EXPECT_NE(
      request_.find("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"),
      std::string::npos);
}

TEST_F(EngineTest, DeflateRfcExamples) {
  OpenDeflate();
  // §7.2.3.1: "Hello" in one compressed frame, then in two fragments.
  Feed(Bytes({0xC1, 0x07, 0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00}));
  Feed(Bytes({0x41, 0x03, 0xF2, 0x48, 0xCD}));
  Feed(Bytes({0x80, 0x04, 0xC9, 0xC9, 0x07, 0x00}));
  // §7.2.3.3: a stored (uncompressed) DEFLATE block.
  Feed(Bytes({0xC1, 0x0B, 0x00, 0x05, 0x00, 0xFA, 0xFF, 0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x00}));
  // §7.2.3.4: a block with BFINAL set.
  Feed(Bytes({0xC1, 0x08, 0xF3, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00, 0x00}));
  // §6: an uncompressed message (RSV1 clear) is still allowed.
  Feed(Bytes({0x81, 0x05, 'H', 'e', 'l', 'l', 'o'}));
  ASSERT_EQ(messages_.size(), 5u);
  for (const auto& m : messages_)
    EXPECT_EQ(m.data, "Hello");
}

TEST_F(EngineTest, DeflateSharesTheWindowAcrossMessages) {
  OpenDeflate();
  // §7.2.3.2: the second "Hello" refers back into the first message.
  Feed(Bytes({0xC1, 0x07, 0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00}));
  Feed(Bytes({0xC1, 0x05, 0xF2, 0x00, 0x11, 0x00, 0x00}));
  ASSERT_EQ(messages_.size(), 2u);
  EXPECT_EQ(messages_[1].data, "Hello");
}

TEST_F(EngineTest, DeflateSplitAtEveryByte) {
  OpenDeflate();
  FeedByteByByte(Bytes({0x41, 0x03, 0xF2, 0x48, 0xCD}) + Bytes({0x89, 0x01, 'p'}) +
                 Bytes({0x80, 0x04, 0xC9, 0xC9, 0x07, 0x00}));
  ASSERT_EQ(messages_.size(), 1u);
  EXPECT_EQ(messages_[0].data, "Hello");
  EXPECT_EQ(Written()[0].opcode, 0xA) << "the ping between the fragments is answered";
}

TEST_F(EngineTest, SentMessagesAreCompressedWithRsv1) {
  OpenDeflate();
  std::string text(10000, 'a');
  engine_->SendMessage(MessageType::kText, reinterpret_cast<const uint8_t*>(text.data()),
                       text.size());
  const uint8_t first = engine_->output().data()[0];
  EXPECT_EQ(first, 0xC1) << "FIN, RSV1 and text";
  auto frames = Written();
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_TRUE(frames[0].masked);
  EXPECT_LT(frames[0].payload.size(), 100u);
  EXPECT_EQ(Inflate(frames[0].payload), text);
}

TEST_F(EngineTest, ClientNoContextTakeoverCompressesEachMessageAlone) {
  OpenDeflate("; client_no_context_takeover");
  std::string text = "the same words, twice";
  for (int i = 0; i < 2; ++i) {
    engine_->SendMessage(MessageType::kText, reinterpret_cast<const uint8_t*>(text.data()),
                         text.size());
  }
  auto frames = Written();
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].payload, frames[1].payload) << "no reference into the first message";
  EXPECT_EQ(Inflate(frames[1].payload), text);
}

TEST_F(EngineTest, ServerNoContextTakeoverResetsTheInflater) {
  OpenDeflate("; server_no_context_takeover");
  Feed(Bytes({0xC1, 0x07, 0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00}));
  ASSERT_EQ(messages_.size(), 1u);
  // §7.2.3.2's second message refers back into the first: with the window reset between
  // messages that reference points nowhere, and the connection fails.
  Feed(Bytes({0xC1, 0x05, 0xF2, 0x00, 0x11, 0x00, 0x00}));
  EXPECT_EQ(messages_.size(), 1u);
  EXPECT_EQ(engine_->state(), WebSocketEngine::State::kFailed);
  EXPECT_EQ(WrittenCloseCode(), 1007);
}

TEST_F(EngineTest, WindowBitsEightSendsUncompressed) {
  OpenDeflate("; client_max_window_bits=8");
  engine_->SendMessage(MessageType::kBinary, reinterpret_cast<const uint8_t*>("abc"), 3);
  EXPECT_EQ(engine_->output().data()[0], 0x82) << "RSV1 clear: zlib has no raw 256-byte window";
}

TEST_F(EngineTest, DeflateViolationsFail) {
  struct Case {
    std::string name;
    std::string bytes;
    int code;
  } cases[] = {
      {"RSV1 on a continuation frame",
       Bytes({0x41, 0x03, 0xF2, 0x48, 0xCD, 0xC0, 0x04, 0xC9, 0xC9, 0x07, 0x00}), 1002},
      {"RSV1 on a control frame", Bytes({0xC9, 0x00}), 1002},
      {"RSV2 with deflate", Bytes({0xA1, 0x01, 'x'}), 1002},
      {"corrupt DEFLATE data", Bytes({0xC1, 0x03, 0xFF, 0xFF, 0xFF}), 1007},
      {"invalid UTF-8 after inflating",
       Bytes({0x41, 0x05, 0x00, 0x01, 0x00, 0xFE, 0xFF}) + Bytes({0x80, 0x01, 0xFF}), 1007},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    messages_.clear();
    opened_ = false;
    OpenDeflate();
    Feed(c.bytes);
    EXPECT_EQ(engine_->state(), WebSocketEngine::State::kFailed);
    EXPECT_EQ(WrittenCloseCode(), c.code);
    EXPECT_TRUE(messages_.empty());
  }
}

TEST_F(EngineTest, DeflateBombFailsWith1009AtTheLimit) {
  // 1 MiB of zeros compresses to about a kilobyte; the limit is 64 KiB of output.
  std::string zeros(1 << 20, '\0');
  z_stream z{};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::string compressed(1 << 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(zeros.data());
  z.avail_in = static_cast<uInt>(zeros.size());
  z.next_out = reinterpret_cast<Bytef*>(compressed.data());
  z.avail_out = static_cast<uInt>(compressed.size());
  deflate(&z, Z_SYNC_FLUSH);
  compressed.resize(compressed.size() - z.avail_out - 4);
  deflateEnd(&z);
  ASSERT_LT(compressed.size(), 2000u);
  OpenDeflate("", 64 * 1024);
  Feed(Bytes({0xC2, 126, static_cast<uint8_t>(compressed.size() >> 8),
              static_cast<uint8_t>(compressed.size())}) +
       compressed);
  EXPECT_EQ(engine_->state(), WebSocketEngine::State::kFailed);
  EXPECT_EQ(WrittenCloseCode(), 1009);
  EXPECT_TRUE(messages_.empty());
}

// Raw-deflates `text` the way servers do, the tail removed.
std::string Deflate(const std::string& text) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::string out(text.size() + 1024, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_SYNC_FLUSH);
  out.resize(out.size() - z.avail_out - 4);
  deflateEnd(&z);
  return out;
}

std::string CompressedTextFrame(const std::string& payload) {
  std::string f = Bytes({0xC1});
  if (payload.size() < 126) {
    f += static_cast<char>(payload.size());
  } else {
    f += static_cast<char>(126);
    f += static_cast<char>(payload.size() >> 8);
    f += static_cast<char>(payload.size() & 0xFF);
  }
  return f + payload;
}

TEST_F(EngineTest, AnEmptyCompressedPayloadFailsInsteadOfCorruptingTheNext) {
  OpenDeflate();
  Feed(CompressedTextFrame(Deflate("plain")));
  Feed(Bytes({0xC1, 0x00}));  // RSV1, no payload: not a DEFLATE block
  Feed(CompressedTextFrame(Deflate("plain")));
  ASSERT_EQ(messages_.size(), 1u);
  EXPECT_EQ(engine_->state(), WebSocketEngine::State::kFailed);
  EXPECT_EQ(WrittenCloseCode(), 1007);
}

TEST_F(EngineTest, AnEmptyMessageIsSentAsOneDeflateBlock) {
  OpenDeflate();
  for (const char* text : {"plain", "", "", "plain"})
    engine_->SendMessage(MessageType::kText, reinterpret_cast<const uint8_t*>(text), strlen(text));
  auto frames = Written();
  ASSERT_EQ(frames.size(), 4u);
  EXPECT_EQ(frames[1].payload, Bytes({0x00})) << "RFC 7692 §7.2.3.6";
  EXPECT_EQ(frames[2].payload, Bytes({0x00}));
}

// Each failure, fed in one read and again byte by byte: the same code and the same reason,
// as RFC 6455 judges a byte stream, not the reads that carried it.
TEST_F(EngineTest, VerdictsDoNotDependOnHowBytesArrive) {
  // Each stripped payload ends inside the empty stored block: restore its tail, then a block
  // header of type 3, which does not exist.
  const std::string kBadBlock = Bytes({0x00, 0x00, 0xFF, 0xFF, 0xFF});
  std::string bad_utf8_then_bad_deflate = Deflate("ok \xff then") + kBadBlock;
  std::string long_text(5000, 'a');
  std::string bad_utf8_before_limit = long_text;
  bad_utf8_before_limit[10] = '\xff';
  struct Case {
    const char* name;
    std::string bytes;
    size_t limit;
    int code;
    const char* reason;
  } cases[] = {
      {"invalid UTF-8, then corrupt DEFLATE", CompressedTextFrame(bad_utf8_then_bad_deflate),
       1 << 20, 1007, "Could not decode a text frame as UTF-8."},
      {"corrupt DEFLATE only", CompressedTextFrame(Deflate("fine") + kBadBlock), 1 << 20, 1007,
       "Could not decompress a message."},
      {"invalid UTF-8 before the size limit", CompressedTextFrame(Deflate(bad_utf8_before_limit)),
       1000, 1007, "Could not decode a text frame as UTF-8."},
      {"valid text past the size limit", CompressedTextFrame(Deflate(long_text)), 1000, 1009,
       "Message is too big."},
  };
  for (const Case& c : cases) {
    for (bool byte_by_byte : {false, true}) {
      SCOPED_TRACE(std::string(c.name) + (byte_by_byte ? ", byte by byte" : ", in one read"));
      messages_.clear();
      opened_ = false;
      OpenDeflate("", c.limit);
      byte_by_byte ? FeedByteByByte(c.bytes) : Feed(c.bytes);
      EXPECT_EQ(engine_->state(), WebSocketEngine::State::kFailed);
      EXPECT_EQ(WrittenCloseCode(), c.code);
      EXPECT_EQ(engine_->failure_reason(), c.reason);
      EXPECT_TRUE(messages_.empty());
    }
  }
}

TEST_F(EngineTest, TheHandshakeSizeLimitDoesNotDependOnReads) {
  // The empty line at exactly the limit is accepted, one byte later it is not: the same in
  // one read and byte by byte, for the default limit and for one set smaller.
  for (size_t limit : {kMaxHandshakeResponseSize, size_t{300}}) {
    for (size_t extra : {0, 1}) {
      for (bool byte_by_byte : {false, true}) {
        SCOPED_TRACE("limit " + std::to_string(limit) + ", " + std::to_string(extra) +
                     (byte_by_byte ? " byte by byte" : " in one read"));
        opened_ = false;
        std::string response = Start();
        if (limit != kMaxHandshakeResponseSize)
          engine_->set_max_handshake_response_size(limit);
        std::string head = response.substr(0, response.size() - 2);  // ends with one CRLF
        size_t filler = limit + extra - head.size() - 10;
        head += "X-Filler: " + std::string(filler, 'f') + "\r\n";
        ASSERT_EQ(head.size() - 2, limit + extra);
        byte_by_byte ? FeedByteByByte(head + "\r\n") : Feed(head + "\r\n");
        EXPECT_EQ(opened_, extra == 0);
        if (extra) {
          EXPECT_EQ(engine_->failure_reason(), "handshake response headers too large");
        }
      }
    }
  }
}

TEST(DeflateNegotiationTest, ResponsesAreCheckedAgainstTheOffer) {
  std::string error;
  auto params = ParseDeflateResponse(
      "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
      "server_max_window_bits=10; client_max_window_bits=\"9\"",
      &error);
  ASSERT_TRUE(params) << error;
  EXPECT_TRUE(params->server_no_context_takeover);
  EXPECT_TRUE(params->client_no_context_takeover);
  EXPECT_EQ(params->server_max_window_bits, 10);
  EXPECT_EQ(params->client_max_window_bits, 9);
  for (const char* bad : {
           "permessage-deflate; server_max_window_bits=7",
           "permessage-deflate; server_max_window_bits=16",
           "permessage-deflate; server_max_window_bits=010",
           "permessage-deflate; server_max_window_bits",
           "permessage-deflate; client_max_window_bits",
           "permessage-deflate; server_no_context_takeover=1",
           "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
           "permessage-deflate; unknown_parameter",
       }) {
    EXPECT_FALSE(ParseDeflateResponse(bad, &error)) << bad;
  }
}

TEST(DeflateNegotiationTest, HandshakeAcceptsOnlyWhatWasOffered) {
  const std::string key = "dGhlIHNhbXBsZSBub25jZQ==";
  auto response = [&](const std::string& extensions) {
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Accept: " +
           ComputeAcceptKey(key) + "\r\nSec-WebSocket-Extensions: " + extensions;
  };
  auto ok = ValidateHandshakeResponse(response("permessage-deflate; server_max_window_bits=12"),
                                      key, {}, true);
  EXPECT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(ok.extensions, "permessage-deflate; server_max_window_bits=12");
  ASSERT_TRUE(ok.deflate);
  EXPECT_EQ(ok.deflate->server_max_window_bits, 12);
  EXPECT_FALSE(ValidateHandshakeResponse(response("permessage-deflate"), key, {}, false).ok)
      << "not offered";
  EXPECT_FALSE(ValidateHandshakeResponse(response("x-webkit-deflate-frame"), key, {}, true).ok);
  EXPECT_FALSE(
      ValidateHandshakeResponse(response("permessage-deflate, permessage-deflate"), key, {}, true)
          .ok)
      << "accepted twice";
  EXPECT_FALSE(ValidateHandshakeResponse(response("permessage-deflate; server_max_window_bits=99"),
                                         key, {}, true)
                   .ok);
}

TEST(MaskTest, MaskCopyXorsWithTheRepeatingKey) {
  const uint8_t key[4] = {0x37, 0xfa, 0x21, 0x3d};
  // RFC 6455 §5.7: "Hello" masked with this key.
  const uint8_t expected[5] = {0x7f, 0x9f, 0x4d, 0x51, 0x58};
  uint8_t out[5];
  MaskCopy(out, reinterpret_cast<const uint8_t*>("Hello"), 5, key);
  EXPECT_EQ(0, std::memcmp(out, expected, 5));
  std::string long_input(1001, 'x');
  std::vector<uint8_t> masked(1001), unmasked(1001);
  MaskCopy(masked.data(), reinterpret_cast<const uint8_t*>(long_input.data()), 1001, key);
  MaskCopy(unmasked.data(), masked.data(), 1001, key);
  EXPECT_EQ(std::string(unmasked.begin(), unmasked.end()), long_input);
}

// The vector paths against RFC 6455 §5.3's definition, byte by byte: every length up to a few
// vector widths, from every misalignment of input and output, with random keys and bytes.
TEST(MaskTest, MaskCopyMatchesTheBytewiseDefinitionAtEveryLengthAndAlignment) {
  std::mt19937 random(6455);
  std::vector<uint8_t> in(300 + 8), out(300 + 8);
  for (int round = 0; round < 4; ++round) {
    uint8_t key[4];
    for (uint8_t& k : key)
      k = static_cast<uint8_t>(random());
    for (uint8_t& b : in)
      b = static_cast<uint8_t>(random());
    for (size_t in_offset = 0; in_offset < 4; ++in_offset) {
      for (size_t out_offset = 0; out_offset < 4; ++out_offset) {
        for (size_t size = 0; size <= 300; ++size) {
          std::fill(out.begin(), out.end(), 0xEE);
          MaskCopy(out.data() + out_offset, in.data() + in_offset, size, key);
          for (size_t i = 0; i < size; ++i)
            ASSERT_EQ(out[out_offset + i], in[in_offset + i] ^ key[i % 4])
                << "byte " << i << " of " << size << ", offsets " << in_offset << "/" << out_offset;
          ASSERT_EQ(out[out_offset + size], 0xEE) << "wrote past " << size << " bytes";
        }
      }
    }
  }
}

}  // namespace
}  // namespace v8ws::net
