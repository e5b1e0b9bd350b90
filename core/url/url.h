// The WHATWG URL Standard (https://url.spec.whatwg.org/): the basic URL parser with its
// state overrides (for URL's setters), hosts (domains through IDNA, IPv4, IPv6, opaque
// hosts), the serializers, origins and application/x-www-form-urlencoded.
#ifndef V8WS_CORE_URL_URL_H_
#define V8WS_CORE_URL_URL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace v8ws {

// A URL record (§4.1). Strings are UTF-8, already percent-encoded where the Standard says.
struct Url {
  std::string scheme;  // lowercase, without ':'
  std::string username;
  std::string password;
  std::optional<std::string> host;  // serialized host; nullopt is null, "" the empty host
  std::optional<uint16_t> port;     // null when absent or the scheme's default
  std::vector<std::string> path;    // segments, when the path is not opaque
  std::optional<std::string> opaque_path;
  std::optional<std::string> query;     // without '?'
  std::optional<std::string> fragment;  // without '#'

  bool IsSpecial() const;
  bool IncludesCredentials() const { return !username.empty() || !password.empty(); }
  // §4.2: null host, empty host, or "file".
  bool CannotHaveUsernamePasswordPort() const;

  // URL serializer (§4.5).
  std::string Serialize(bool exclude_fragment = false) const;
  // URL path serializer.
  std::string SerializePath() const;
  // Serialization of the URL's origin (§4.6): "ws://host:port", or "null" when opaque.
  std::string SerializeOrigin() const;
  // The port, or the scheme's default port.
  uint16_t EffectivePort() const;
  // The host without IPv6 brackets, for name resolution.
  std::string HostForConnect() const;
};

// The states a setter may start the basic URL parser in (§4.4).
enum class UrlState {
  kNone,
  kSchemeStart,
  kHost,
  kHostname,
  kPort,
  kPathStart,
  kQuery,
  kFragment,
};

// Parses `input` against `base` (which may be null). std::nullopt means failure.
std::optional<Url> ParseUrl(std::string_view input, const Url* base = nullptr);
// The basic URL parser with a state override, modifying `url` in place. False on failure
// (the setters ignore it; `url` may then be partly changed only where the Standard says).
bool ParseUrlWithOverride(std::string_view input, Url& url, UrlState state_override);

// Percent-decodes `input` (URL Standard §1.3); other bytes pass through.
std::string PercentDecode(std::string_view input);
// The userinfo percent-encode set applied to `input` (for the username/password setters).
std::string PercentEncodeUserinfo(std::string_view input);

// application/x-www-form-urlencoded (§5): the parser and the serializer.
std::vector<std::pair<std::string, std::string>> ParseFormUrlencoded(std::string_view input);
std::string SerializeFormUrlencoded(const std::vector<std::pair<std::string, std::string>>& list);

// The default port of a special scheme, or -1.
int DefaultPort(std::string_view scheme);

}  // namespace v8ws

#endif  // V8WS_CORE_URL_URL_H_
