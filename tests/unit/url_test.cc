// The URL parser against the WHATWG URL test vectors (../shared/data/url/urltestdata.json,
// read in place, never copied): every case, every component, plus the cases below that
// WebSocket relies on.
#include "core/url/url.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/unit/v8_test_support.h"

namespace v8ws {
namespace {

std::string VectorsPath() {
  if (const char* env = std::getenv("V8WS_URL_TEST_DATA"))
    return env;
  // The shared data folder, as the web tests find it.
  if (const char* shared = std::getenv("V8WS_SHARED_DATA"))
    return std::string(shared) + "/url/urltestdata.json";
  return "../shared/data/url/urltestdata.json";
}

TEST(UrlTest, ParsesWebSocketUrls) {
  auto url = ParseUrl("WS://User:Pa%20ss@EXAMPLE.com:80/a/./b/../c?q=1 2#frag");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->Serialize(), "ws://User:Pa%20ss@example.com/a/c?q=1%202#frag");
  EXPECT_EQ(url->SerializeOrigin(), "ws://example.com");
  EXPECT_EQ(url->EffectivePort(), 80);
  auto secure = ParseUrl("wss://[::1]:8443");
  ASSERT_TRUE(secure);
  EXPECT_EQ(secure->Serialize(), "wss://[::1]:8443/");
  EXPECT_EQ(secure->HostForConnect(), "::1");
  EXPECT_EQ(*ParseUrl("ws://0x7f.1/")->host, "127.0.0.1");
  EXPECT_EQ(*ParseUrl("ws://b\xC3\xBC"
                      "cher.example/")
                 ->host,
            "xn--bcher-kva.example");
  EXPECT_FALSE(ParseUrl("ws://exa mple/"));
  EXPECT_FALSE(ParseUrl("ws://host:99999/"));
  EXPECT_FALSE(ParseUrl("/relative"));
  auto base = ParseUrl("http://example.com/dir/page");
  EXPECT_EQ(ParseUrl("sock", &*base)->Serialize(), "http://example.com/dir/sock");
  EXPECT_EQ(ParseUrl("//other:81/x", &*base)->Serialize(), "http://other:81/x");
}

TEST(UrlTest, WhatwgVectors) {
  std::ifstream in(VectorsPath());
  if (!in) {
    GTEST_SKIP() << "URL test vectors not found at " << VectorsPath()
                 << " (set V8WS_URL_TEST_DATA or V8WS_SHARED_DATA); skipped";
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  test::EnsureV8();
  test::V8Scope v8;
  v8::Isolate* isolate = v8.isolate();
  v8::HandleScope scope(isolate);
  v8::Local<v8::Context> context = v8.context();
  v8::Local<v8::Value> parsed =
      v8::JSON::Parse(
          context, v8::String::NewFromUtf8(isolate, buffer.str().data(), v8::NewStringType::kNormal,
                                           static_cast<int>(buffer.str().size()))
                       .ToLocalChecked())
          .ToLocalChecked();
  v8::Local<v8::Array> cases = parsed.As<v8::Array>();
  auto field = [&](v8::Local<v8::Object> o, const char* name) -> std::optional<std::string> {
    v8::Local<v8::Value> v =
        o->Get(context, v8::String::NewFromUtf8(isolate, name).ToLocalChecked()).ToLocalChecked();
    if (v->IsUndefined() || v->IsNull())
      return std::nullopt;
    v8::String::Utf8Value text(isolate, v);
    return std::string(*text, static_cast<size_t>(text.length()));  // may hold U+0000
  };
  int checked = 0, failed = 0;
  for (uint32_t i = 0; i < cases->Length(); ++i) {
    v8::Local<v8::Value> item = cases->Get(context, i).ToLocalChecked();
    if (!item->IsObject())
      continue;  // comments
    v8::Local<v8::Object> c = item.As<v8::Object>();
    std::string input = *field(c, "input");
    std::optional<std::string> base_text = field(c, "base");
    bool failure = c->Has(context, v8::String::NewFromUtf8Literal(isolate, "failure")).FromJust();
    std::optional<std::string> protocol = field(c, "protocol");
    std::optional<Url> base;
    if (base_text) {
      base = ParseUrl(*base_text);
      if (!base) {
        // A base that fails to parse makes the whole case a failure (URL constructor step 2).
        ++checked;
        if (!failure) {
          ++failed;
          ADD_FAILURE() << "base '" << *base_text << "' failed to parse";
        }
        continue;
      }
    }
    ++checked;
    std::optional<Url> url = ParseUrl(input, base ? &*base : nullptr);
    std::string where = "input '" + input + "' base '" + base_text.value_or("") + "'";
    if (failure) {
      if (url) {
        ++failed;
        ADD_FAILURE() << where << ": expected failure, got " << url->Serialize();
      }
      continue;
    }
    if (!url) {
      ++failed;
      ADD_FAILURE() << where << ": failed to parse, expected " << *field(c, "href");
      continue;
    }
    std::string search = url->query && !url->query->empty() ? "?" + *url->query : "";
    std::string hash = url->fragment && !url->fragment->empty() ? "#" + *url->fragment : "";
    std::string port = url->port ? std::to_string(*url->port) : "";
    std::string host = url->host.value_or("");
    std::optional<std::string> origin = field(c, "origin");
    bool ok = url->Serialize() == *field(c, "href") && url->scheme + ":" == *protocol &&
              url->username == *field(c, "username") && url->password == *field(c, "password") &&
              host + (port.empty() ? "" : ":" + port) == *field(c, "host") &&
              host == *field(c, "hostname") && port == *field(c, "port") &&
              url->SerializePath() == *field(c, "pathname") && search == *field(c, "search") &&
              hash == *field(c, "hash") && (!origin || url->SerializeOrigin() == *origin);
    if (!ok) {
      ++failed;
      ADD_FAILURE() << where << ": got " << url->Serialize() << ", expected " << *field(c, "href");
    }
  }
  std::printf("URL vectors: %d checked, %d failed\n", checked, failed);
  EXPECT_GT(checked, 800);
}

}  // namespace
}  // namespace v8ws
