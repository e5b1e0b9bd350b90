// The WHATWG URL parser (https://url.spec.whatwg.org/) for the special schemes a WebSocket
// can use: ws, wss, http, https. Other schemes parse only as far as their scheme.
#ifndef V8WS_CORE_URL_URL_H_
#define V8WS_CORE_URL_URL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace v8ws {

struct Url {
  std::string scheme;  // lowercase, without ':'
  std::string username;
  std::string password;
  std::string host;                     // serialized host: domain, dotted IPv4, or [IPv6]
  std::optional<uint16_t> port;         // null when absent or the scheme's default
  std::string path;                     // serialized path, starting with '/' for special schemes
  std::optional<std::string> query;     // without '?'
  std::optional<std::string> fragment;  // without '#'
  bool special = false;                 // scheme is one the parser fully understands

  // URL serializer (§4.5).
  std::string Serialize(bool exclude_fragment = false) const;
  // Serialization of the URL's origin (§4 "origin"): "ws://host:port".
  std::string SerializeOrigin() const;
  // The port, or the scheme's default port.
  uint16_t EffectivePort() const;
  // The host without IPv6 brackets, for name resolution.
  std::string HostForConnect() const;
};

// Parses `input` against `base` (which may be null). std::nullopt means failure.
std::optional<Url> ParseUrl(std::string_view input, const Url* base = nullptr);

// Percent-decodes `input` (URL Standard §1.3); other bytes pass through.
std::string PercentDecode(std::string_view input);

// The default port of a special scheme, or -1.
int DefaultPort(std::string_view scheme);

}  // namespace v8ws

#endif  // V8WS_CORE_URL_URL_H_
