// The opening handshake: RFC 6455 §1.3's example key, the request, and every rule the
// client applies to the server's response (§4.1 and the WHATWG Fetch additions).
#include "net/protocol/handshake.h"

#include <gtest/gtest.h>

namespace v8ws::net {
namespace {

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

}  // namespace
}  // namespace v8ws::net
