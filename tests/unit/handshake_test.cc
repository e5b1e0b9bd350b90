// The opening handshake: RFC 6455 §1.3's example key, the request, and every rule the
// client applies to the server's response (§4.1 and the WHATWG Fetch additions).
#include "net/protocol/handshake.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <random>

#include "net/protocol/sha1.h"

namespace v8ws::net {
namespace {

using namespace std::string_literals;

const char kKey[] = "dGhlIHNhbXBsZSBub25jZQ==";

std::string Response(const std::string& extra,
                     const std::string& accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                     const std::string& status = "HTTP/1.1 101 Switching Protocols") {
  return status +
         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + extra;
}

TEST(HandshakeTest, AcceptKeyOfTheRfcExample) {
  EXPECT_EQ(ComputeAcceptKey(kKey), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(HandshakeTest, GeneratedKeysAreSixteenRandomBytes) {
  std::string a = GenerateHandshakeKey(), b = GenerateHandshakeKey();
  EXPECT_EQ(a.size(), 24u);  // base64 of 16 bytes
  EXPECT_EQ(a.substr(22), "==");
  EXPECT_NE(a, b);
}

TEST(HandshakeTest, RequestCarriesTheRequiredHeaders) {
  HandshakeRequest request{"example.com:8080",
                           "/chat?x=1",
                           "http://example.com",
                           {"chat", "superchat"},
                           {{"X-Extra", "1"}}};
  std::string text = BuildHandshakeRequest(request, kKey);
  EXPECT_EQ(text.rfind("GET /chat?x=1 HTTP/1.1\r\n", 0), 0u);
  EXPECT_NE(text.find("\r\nHost: example.com:8080\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nUpgrade: websocket\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nConnection: Upgrade\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nSec-WebSocket-Version: 13\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nOrigin: http://example.com\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nSec-WebSocket-Protocol: chat, superchat\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nX-Extra: 1\r\n"), std::string::npos);
  EXPECT_EQ(text.substr(text.size() - 4), "\r\n\r\n");
}

TEST(HandshakeTest, RequestWithoutProtocolsHasNoProtocolHeader) {
  std::string text = BuildHandshakeRequest(HandshakeRequest{"h", "/", "null", {}, {}}, kKey);
  EXPECT_EQ(text.find("Sec-WebSocket-Protocol"), std::string::npos);
}

TEST(HandshakeTest, AcceptsAValidResponse) {
  HandshakeResult r = ValidateHandshakeResponse(Response(""), kKey, {});
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.protocol, "");
  EXPECT_EQ(r.extensions, "");
}

TEST(HandshakeTest, HeaderNamesAndTokensAreCaseInsensitive) {
  std::string head =
      "HTTP/1.1 101 OK\r\nUPGRADE: WebSocket\r\nconnection: keep-alive, UPGRADE\r\n"
      "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
  EXPECT_TRUE(ValidateHandshakeResponse(head, kKey, {}).ok);
}

TEST(HandshakeTest, RejectsWhatRfc6455Rejects) {
  EXPECT_FALSE(ValidateHandshakeResponse(
                   Response("", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "HTTP/1.1 200 OK"), kKey, {})
                   .ok);
  EXPECT_FALSE(ValidateHandshakeResponse(
                   Response("", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "HTTP/1.1 302 Found"), kKey, {})
                   .ok)
      << "redirects are not followed";
  EXPECT_FALSE(ValidateHandshakeResponse(Response("", "wrong="), kKey, {}).ok);
  EXPECT_FALSE(
      ValidateHandshakeResponse("HTTP/1.1 101 OK\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                                "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                                kKey, {})
          .ok)
      << "no Upgrade header";
  EXPECT_FALSE(
      ValidateHandshakeResponse("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: close\r\n"
                                "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                                kKey, {})
          .ok)
      << "Connection without the upgrade token";
  EXPECT_FALSE(ValidateHandshakeResponse(
                   Response("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), kKey, {})
                   .ok)
      << "Accept repeated";
  EXPECT_FALSE(ValidateHandshakeResponse("garbage", kKey, {}).ok);
}

TEST(HandshakeTest, HeaderLinesFollowRfc7230) {
  // §3.2.6: a field name is a token; §3.2: a value is VCHAR, obs-text, SP and HTAB only.
  struct Case {
    const char* name;
    std::string extra;
  } bad[] = {
      {"NUL in a name", "\r\nX-A\0b: 1"s},
      {"slash in a name", "\r\nX/Y: 1"},
      {"parenthesis in a name", "\r\nX(Y): 1"},
      {"space before the colon", "\r\nX-Y : 1"},
      {"non-ASCII in a name", "\r\nX-\xc3\xa9: 1"},
      {"NUL in a value", "\r\nX-Y: a\0b"s},
      {"bare CR in a value", "\r\nX-Y: a\rb"},
      {"bare LF in a value", "\r\nX-Y: a\nb"},
      {"a control byte in a value", "\r\nX-Y: a\x01b"},
      {"DEL in a value", "\r\nX-Y: a\x7f"},
      {"a bare LF ending a line", "\r\nX-Y: 1\nX-Z: 2"},
  };
  for (const Case& c : bad)
    EXPECT_FALSE(ValidateHandshakeResponse(Response(c.extra), kKey, {}).ok) << c.name;
  // And what the grammar allows: obs-text, tabs, every tchar, an empty value.
  HandshakeResult ok = ValidateHandshakeResponse(
      Response("\r\nX-Text: caf\xc3\xa9\tand more\r\n!#$%&'*+-.^_`|~09az: x\r\nX-Empty:"), kKey,
      {});
  EXPECT_TRUE(ok.ok) << ok.error;
}

TEST(HandshakeTest, TheReasonPhraseIsText) {
  std::string accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
  EXPECT_TRUE(ValidateHandshakeResponse(Response("", accept, "HTTP/1.1 101"), kKey, {}).ok);
  EXPECT_TRUE(ValidateHandshakeResponse(Response("", accept, "HTTP/1.1 101 Switching \xe2\x9c\x93"),
                                        kKey, {})
                  .ok)
      << "obs-text";
  for (std::string status : {"HTTP/1.1 101 OK\0"s, std::string("HTTP/1.1 101 O\rK"),
                             std::string("HTTP/1.1 101 O\nK"), std::string("HTTP/1.1 101 \x1b[0m"),
                             std::string("HTTP/1.1 101x"), std::string("HTTP/1.1 1O1 OK")}) {
    EXPECT_FALSE(ValidateHandshakeResponse(Response("", accept, status), kKey, {}).ok) << status;
  }
}

TEST(HandshakeTest, FoldedHeaderLinesBecomeOneValue) {
  // RFC 7230 §3.2.4: a user agent replaces obs-fold with a space before reading the value.
  HandshakeResult r = ValidateHandshakeResponse(
      "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: keep-alive,\r\n Upgrade\r\n"
      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
      kKey, {});
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(
      ValidateHandshakeResponse("HTTP/1.1 101 OK\r\n Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                                kKey, {})
          .ok)
      << "whitespace before the first header";
}

TEST(HandshakeTest, ExtensionsMustHaveBeenOffered) {
  EXPECT_FALSE(ValidateHandshakeResponse(
                   Response("\r\nSec-WebSocket-Extensions: permessage-deflate"), kKey, {})
                   .ok);
}

TEST(HandshakeTest, SubprotocolRules) {
  HandshakeResult chosen =
      ValidateHandshakeResponse(Response("\r\nSec-WebSocket-Protocol: b"), kKey, {"a", "b"});
  EXPECT_TRUE(chosen.ok) << chosen.error;
  EXPECT_EQ(chosen.protocol, "b");
  EXPECT_FALSE(ValidateHandshakeResponse(Response("\r\nSec-WebSocket-Protocol: c"), kKey, {"a"}).ok)
      << "not one we offered";
  EXPECT_FALSE(ValidateHandshakeResponse(Response("\r\nSec-WebSocket-Protocol: B"), kKey, {"b"}).ok)
      << "compared case-sensitively";
  EXPECT_FALSE(ValidateHandshakeResponse(Response("\r\nSec-WebSocket-Protocol: a"), kKey, {}).ok)
      << "none was offered";
  EXPECT_FALSE(ValidateHandshakeResponse(Response(""), kKey, {"a"}).ok)
      << "offered but none selected";
}

// FIPS 180-4's examples (as in FIPS 180-2 Appendix A), then OpenSSL as an implementation
// we did not write, over every length across the padding boundaries.
TEST(Sha1Test, MatchesTheStandardsExamplesAndOpenSsl) {
  auto hex = [](const std::array<uint8_t, 20>& d) {
    std::string out;
    for (uint8_t b : d) {
      static const char kDigits[] = "0123456789abcdef";
      out += kDigits[b >> 4];
      out += kDigits[b & 15];
    }
    return out;
  };
  auto of = [&](const std::string& s) {
    return hex(Sha1(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
  };
  EXPECT_EQ(of("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(of(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(of(std::string(1000000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  std::mt19937 random(20261202);
  for (size_t size = 0; size < 300; ++size) {
    std::string data(size, '\0');
    for (char& c : data)
      c = static_cast<char>(random());
    unsigned char expected[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(), expected);
    std::array<uint8_t, 20> theirs;
    std::copy(expected, expected + 20, theirs.begin());
    ASSERT_EQ(of(data), hex(theirs)) << size;
    std::string encoded(4 * ((size + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                            reinterpret_cast<const unsigned char*>(data.data()),
                            static_cast<int>(size));
    encoded.resize(static_cast<size_t>(n));
    ASSERT_EQ(Base64Encode(data), encoded) << size;
  }
}

}  // namespace
}  // namespace v8ws::net
