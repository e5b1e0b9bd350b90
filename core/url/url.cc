// The WHATWG URL parser for special schemes: scheme, authority, host (domain with IDNA,
// IPv4, IPv6), port, path with dot segments, query and fragment, each percent-encoded
// with its own set (URL Standard §1.3).
#include "core/url/url.h"

#include <unicode/uidna.h>

#include <cctype>
#include <cstring>
#include <vector>

namespace v8ws {
namespace {

bool IsSpecialScheme(std::string_view s) {
  return s == "http" || s == "https" || s == "ws" || s == "wss" || s == "ftp" || s == "file";
}

bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAsciiHex(char c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int HexValue(char c) {
  if (IsAsciiDigit(c))
    return c - '0';
  return (c | 0x20) - 'a' + 10;
}

// The percent-encode sets of URL Standard §1.3, as predicates over one byte.
bool InC0ControlSet(uint8_t c) {
  return c < 0x20 || c > 0x7E;
}
bool InFragmentSet(uint8_t c) {
  return InC0ControlSet(c) || c == ' ' || c == '"' || c == '<' || c == '>' || c == '`';
}
bool InQuerySet(uint8_t c) {
  return InC0ControlSet(c) || c == ' ' || c == '"' || c == '#' || c == '<' || c == '>';
}
bool InSpecialQuerySet(uint8_t c) {
  return InQuerySet(c) || c == '\'';
}
bool InPathSet(uint8_t c) {
  return InQuerySet(c) || c == '?' || c == '^' || c == '`' || c == '{' || c == '}';
}
bool InUserinfoSet(uint8_t c) {
  return InPathSet(c) || c == '/' || c == ':' || c == ';' || c == '=' || c == '@' ||
         (c >= '[' && c <= '^') || c == '|';
}

template <typename InSet>
void PercentEncode(std::string& out, std::string_view in, InSet in_set) {
  static const char kHex[] = "0123456789ABCDEF";
  for (char ch : in) {
    auto c = static_cast<uint8_t>(ch);
    if (in_set(c)) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
}

}  // namespace

std::string PercentDecode(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && IsAsciiHex(in[i + 1]) && IsAsciiHex(in[i + 2])) {
      out += static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

namespace {

// ---- hosts (§3.5) ----

std::optional<std::string> ParseIPv6(std::string_view in) {
  uint16_t address[8] = {0};
  int piece = 0;
  int compress = -1;
  size_t p = 0;
  if (p < in.size() && in[p] == ':') {
    if (in.size() < 2 || in[1] != ':')
      return std::nullopt;
    p += 2;
    compress = ++piece;
  }
  while (p < in.size()) {
    if (piece == 8)
      return std::nullopt;
    if (in[p] == ':') {
      if (compress != -1)
        return std::nullopt;
      ++p;
      compress = ++piece;
      continue;
    }
    uint32_t value = 0;
    int length = 0;
    while (length < 4 && p < in.size() && IsAsciiHex(in[p])) {
      value = value * 16 + static_cast<uint32_t>(HexValue(in[p]));
      ++p;
      ++length;
    }
    if (p < in.size() && in[p] == '.') {
      // An IPv4 address in the last two pieces.
      if (length == 0)
        return std::nullopt;
      p -= static_cast<size_t>(length);
      if (piece > 6)
        return std::nullopt;
      int numbers_seen = 0;
      while (p < in.size()) {
        int ipv4_piece = -1;
        if (numbers_seen > 0) {
          if (in[p] == '.' && numbers_seen < 4)
            ++p;
          else
            return std::nullopt;
        }
        if (p >= in.size() || !IsAsciiDigit(in[p]))
          return std::nullopt;
        while (p < in.size() && IsAsciiDigit(in[p])) {
          int number = in[p] - '0';
          if (ipv4_piece == -1)
            ipv4_piece = number;
          else if (ipv4_piece == 0)
            return std::nullopt;
          else
            ipv4_piece = ipv4_piece * 10 + number;
          if (ipv4_piece > 255)
            return std::nullopt;
          ++p;
        }
        address[piece] = static_cast<uint16_t>(address[piece] * 0x100 + ipv4_piece);
        ++numbers_seen;
        if (numbers_seen == 2 || numbers_seen == 4)
          ++piece;
      }
      if (numbers_seen != 4)
        return std::nullopt;
      break;
    }
    if (p < in.size() && in[p] == ':') {
      ++p;
      if (p >= in.size())
        return std::nullopt;
    } else if (p < in.size()) {
      return std::nullopt;
    }
    address[piece++] = static_cast<uint16_t>(value);
  }
  if (compress != -1) {
    int swaps = piece - compress;
    piece = 7;
    while (piece != 0 && swaps > 0) {
      std::swap(address[piece], address[compress + swaps - 1]);
      --piece;
      --swaps;
    }
  } else if (piece != 8) {
    return std::nullopt;
  }
  // Serializer (§3.6): compress the first longest run of two or more zero pieces.
  int best = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && address[j] == 0)
      ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  std::string out = "[";
  bool ignore0 = false;
  for (int i = 0; i < 8; ++i) {
    if (ignore0 && address[i] == 0)
      continue;
    ignore0 = false;
    if (best == i) {
      out += i == 0 ? "::" : ":";
      ignore0 = true;
      continue;
    }
    char buf[8];
    std::snprintf(buf, sizeof(buf), "%x", address[i]);
    out += buf;
    if (i != 7)
      out += ':';
  }
  out += ']';
  return out;
}

// IPv4 number parser: decimal, 0x hex, 0 octal. nullopt = not a number.
std::optional<uint64_t> ParseIPv4Number(std::string_view in) {
  if (in.empty())
    return std::nullopt;
  int radix = 10;
  if (in.size() >= 2 && in[0] == '0' && (in[1] == 'x' || in[1] == 'X')) {
    in.remove_prefix(2);
    radix = 16;
  } else if (in.size() >= 2 && in[0] == '0') {
    in.remove_prefix(1);
    radix = 8;
  }
  if (in.empty())
    return 0;
  uint64_t value = 0;
  for (char c : in) {
    int digit;
    if (radix == 16 && IsAsciiHex(c))
      digit = HexValue(c);
    else if (IsAsciiDigit(c) && c - '0' < radix)
      digit = c - '0';
    else
      return std::nullopt;
    value = value * static_cast<uint64_t>(radix) + static_cast<uint64_t>(digit);
    if (value > 0xFFFFFFFFFFull)
      value = 0xFFFFFFFFFFull;  // saturate: anything this large fails below
  }
  return value;
}

// The labels of a host, split on '.' (an empty last label when it ends in one).
std::vector<std::string_view> SplitOnDots(std::string_view host) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      parts.push_back(host.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

bool EndsInANumber(std::string_view host) {
  std::vector<std::string_view> parts = SplitOnDots(host);
  if (parts.back().empty()) {
    if (parts.size() == 1)
      return false;
    parts.pop_back();
  }
  std::string_view last = parts.back();
  if (!last.empty()) {
    bool digits = true;
    for (char c : last)
      digits &= IsAsciiDigit(c);
    if (digits)
      return true;
  }
  return ParseIPv4Number(last).has_value();
}

// §3.5 IPv4 parser. nullopt is failure.
std::optional<std::string> ParseIPv4(std::string_view host) {
  std::vector<std::string_view> parts = SplitOnDots(host);
  if (parts.back().empty() && parts.size() > 1)
    parts.pop_back();
  if (parts.size() > 4)
    return std::nullopt;
  std::vector<uint64_t> numbers;
  for (auto part : parts) {
    auto n = ParseIPv4Number(part);
    if (!n)
      return std::nullopt;
    numbers.push_back(*n);
  }
  for (size_t i = 0; i + 1 < numbers.size(); ++i) {
    if (numbers[i] > 255)
      return std::nullopt;
  }
  uint64_t limit = uint64_t{1} << (8 * (5 - numbers.size()));
  if (numbers.back() >= limit)
    return std::nullopt;
  uint64_t ipv4 = numbers.back();
  for (size_t i = 0; i + 1 < numbers.size(); ++i)
    ipv4 += numbers[i] << (8 * (3 - i));
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%u.%u.%u.%u", static_cast<unsigned>((ipv4 >> 24) & 255),
                static_cast<unsigned>((ipv4 >> 16) & 255), static_cast<unsigned>((ipv4 >> 8) & 255),
                static_cast<unsigned>(ipv4 & 255));
  return std::string(buf);
}

bool IsForbiddenDomainCodePoint(uint8_t c) {
  return c <= 0x20 || c == '#' || c == '/' || c == ':' || c == '<' || c == '>' || c == '?' ||
         c == '@' || c == '[' || c == '\\' || c == ']' || c == '^' || c == '|' || c == '%' ||
         c == 0x7F;
}

// UTS #46 ToASCII with the URL Standard's flags (CheckHyphens false, CheckBidi and
// CheckJoiners true, Transitional_Processing false, VerifyDnsLength false).
std::optional<std::string> DomainToAscii(const std::string& domain) {
  UErrorCode status = U_ZERO_ERROR;
  static UIDNA* idna = uidna_openUTS46(
      UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ | UIDNA_NONTRANSITIONAL_TO_ASCII, &status);
  if (!idna)
    return std::nullopt;
  status = U_ZERO_ERROR;
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  std::string out(domain.size() * 4 + 64, '\0');
  int32_t length =
      uidna_nameToASCII_UTF8(idna, domain.data(), static_cast<int32_t>(domain.size()), out.data(),
                             static_cast<int32_t>(out.size()), &info, &status);
  // Hyphen and DNS-length errors are not failures for the URL Standard.
  uint32_t errors = info.errors & ~(UIDNA_ERROR_LEADING_HYPHEN | UIDNA_ERROR_TRAILING_HYPHEN |
                                    UIDNA_ERROR_HYPHEN_3_4 | UIDNA_ERROR_EMPTY_LABEL |
                                    UIDNA_ERROR_LABEL_TOO_LONG | UIDNA_ERROR_DOMAIN_NAME_TOO_LONG);
  if (U_FAILURE(status) || errors)
    return std::nullopt;
  out.resize(static_cast<size_t>(length));
  if (out.empty())
    return std::nullopt;
  return out;
}

// §3.5 host parser for special schemes.
std::optional<std::string> ParseHost(std::string_view input) {
  if (!input.empty() && input[0] == '[') {
    if (input.back() != ']')
      return std::nullopt;
    return ParseIPv6(input.substr(1, input.size() - 2));
  }
  std::string domain = PercentDecode(input);
  bool ascii = true;
  for (char c : domain)
    ascii &= static_cast<uint8_t>(c) < 0x80;
  std::string ascii_domain;
  if (ascii) {
    ascii_domain = domain;
    for (char& c : ascii_domain)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // Punycode labels still go through ToASCII, which validates them.
    if (ascii_domain.find("xn--") != std::string::npos) {
      auto checked = DomainToAscii(ascii_domain);
      if (!checked)
        return std::nullopt;
      ascii_domain = *checked;
    }
  } else {
    auto converted = DomainToAscii(domain);
    if (!converted)
      return std::nullopt;
    ascii_domain = *converted;
  }
  if (ascii_domain.empty())
    return std::nullopt;
  for (char c : ascii_domain) {
    if (IsForbiddenDomainCodePoint(static_cast<uint8_t>(c)))
      return std::nullopt;
  }
  if (EndsInANumber(ascii_domain))
    return ParseIPv4(ascii_domain);
  return ascii_domain;
}

bool IsSingleDot(std::string_view s) {
  return s == "." || s == "%2e" || s == "%2E";
}
bool IsDoubleDot(std::string_view s) {
  if (s == "..")
    return true;
  if (s.size() == 4 || s.size() == 6) {
    std::string lower(s);
    for (char& c : lower)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == ".%2e" || lower == "%2e." || lower == "%2e%2e";
  }
  return false;
}

// Appends the segments of `input` (a path without query or fragment) to `segments`,
// resolving "." and "..".
void ParsePath(std::string_view input, std::vector<std::string>& segments) {
  size_t start = 0;
  for (size_t i = 0; i <= input.size(); ++i) {
    if (i < input.size() && input[i] != '/' && input[i] != '\\')
      continue;
    std::string_view segment = input.substr(start, i - start);
    bool last = i == input.size();
    if (IsDoubleDot(segment)) {
      if (!segments.empty())
        segments.pop_back();
      if (last)
        segments.emplace_back();
    } else if (IsSingleDot(segment)) {
      if (last)
        segments.emplace_back();
    } else {
      std::string encoded;
      PercentEncode(encoded, segment, InPathSet);
      segments.push_back(std::move(encoded));
    }
    start = i + 1;
  }
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> segments;
  if (path.empty())
    return segments;
  size_t start = 1;
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      segments.push_back(path.substr(start, i - start));
      start = i + 1;
    }
  }
  return segments;
}

std::string JoinPath(const std::vector<std::string>& segments) {
  std::string out;
  for (const auto& s : segments)
    out += "/" + s;
  return out.empty() ? "/" : out;
}

}  // namespace

int DefaultPort(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws")
    return 80;
  if (scheme == "https" || scheme == "wss")
    return 443;
  if (scheme == "ftp")
    return 21;
  return -1;
}

std::optional<Url> ParseUrl(std::string_view raw, const Url* base) {
  // Basic URL parser, preliminary steps: trim C0 controls and spaces, drop tabs/newlines.
  size_t b = 0, e = raw.size();
  while (b < e && static_cast<uint8_t>(raw[b]) <= 0x20)
    ++b;
  while (e > b && static_cast<uint8_t>(raw[e - 1]) <= 0x20)
    --e;
  std::string input;
  for (size_t i = b; i < e; ++i) {
    if (raw[i] != '\t' && raw[i] != '\n' && raw[i] != '\r')
      input += raw[i];
  }

  Url url;
  std::string_view rest = input;
  // Scheme state.
  size_t colon = std::string_view::npos;
  if (!input.empty() && IsAsciiAlpha(input[0])) {
    for (size_t i = 1; i < input.size(); ++i) {
      char c = input[i];
      if (c == ':') {
        colon = i;
        break;
      }
      if (!(IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '+' || c == '-' || c == '.'))
        break;
    }
  }
  bool has_scheme = colon != std::string_view::npos;
  if (has_scheme) {
    url.scheme = input.substr(0, colon);
    for (char& c : url.scheme)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    rest = rest.substr(colon + 1);
  } else {
    if (!base)
      return std::nullopt;
    url.scheme = base->scheme;
  }
  url.special = IsSpecialScheme(url.scheme) && url.scheme != "file" && url.scheme != "ftp";
  if (!url.special) {
    // Only the scheme matters to callers of non-special URLs (WebSocket rejects them).
    if (!has_scheme && base && !base->special)
      return std::nullopt;
    if (!has_scheme)
      return std::nullopt;
    url.path = std::string(rest);
    return url;
  }

  auto is_slash = [](char c) { return c == '/' || c == '\\'; };
  bool authority = false;
  if (has_scheme) {
    // Special relative-or-authority state: against a base of the same scheme, only two
    // slashes start an authority ("http:/x" and "ws:foo" are relative).
    bool two_slashes = rest.size() >= 2 && is_slash(rest[0]) && is_slash(rest[1]);
    if (base && base->scheme == url.scheme && !two_slashes) {
      authority = false;
    } else {
      authority = true;
      while (!rest.empty() && is_slash(rest[0]))
        rest.remove_prefix(1);
    }
  } else if (rest.size() >= 2 && is_slash(rest[0]) && is_slash(rest[1])) {
    authority = true;
    while (!rest.empty() && is_slash(rest[0]))
      rest.remove_prefix(1);
  }

  // Split off fragment and query.
  std::string_view fragment_part, query_part;
  bool has_fragment = false, has_query = false;
  size_t hash = rest.find('#');
  if (hash != std::string_view::npos) {
    has_fragment = true;
    fragment_part = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
  }
  size_t question = rest.find('?');
  if (question != std::string_view::npos) {
    has_query = true;
    query_part = rest.substr(question + 1);
    rest = rest.substr(0, question);
  }

  std::vector<std::string> segments;
  if (authority) {
    size_t end = 0;
    while (end < rest.size() && !is_slash(rest[end]))
      ++end;
    std::string_view auth = rest.substr(0, end);
    std::string_view path = rest.substr(end);
    size_t at = auth.rfind('@');
    if (at != std::string_view::npos) {
      std::string_view userinfo = auth.substr(0, at);
      size_t pw = userinfo.find(':');
      PercentEncode(url.username, userinfo.substr(0, pw), InUserinfoSet);
      if (pw != std::string_view::npos)
        PercentEncode(url.password, userinfo.substr(pw + 1), InUserinfoSet);
      auth = auth.substr(at + 1);
    }
    // Port: after the last ':' outside brackets.
    std::string_view host_part = auth;
    size_t port_colon = std::string_view::npos;
    bool in_brackets = false;
    for (size_t i = 0; i < auth.size(); ++i) {
      if (auth[i] == '[')
        in_brackets = true;
      else if (auth[i] == ']')
        in_brackets = false;
      else if (auth[i] == ':' && !in_brackets) {
        port_colon = i;
        break;
      }
    }
    if (port_colon != std::string_view::npos) {
      host_part = auth.substr(0, port_colon);
      std::string_view port = auth.substr(port_colon + 1);
      if (!port.empty()) {
        uint32_t value = 0;
        for (char c : port) {
          if (!IsAsciiDigit(c))
            return std::nullopt;
          value = value * 10 + static_cast<uint32_t>(c - '0');
          if (value > 65535)
            return std::nullopt;
        }
        if (static_cast<int>(value) != DefaultPort(url.scheme))
          url.port = static_cast<uint16_t>(value);
      }
    }
    if (host_part.empty())
      return std::nullopt;
    auto host = ParseHost(host_part);
    if (!host)
      return std::nullopt;
    url.host = *host;
    ParsePath(path.empty() ? std::string_view() : path.substr(1), segments);
  } else {
    // Relative to base: same authority.
    url.username = base->username;
    url.password = base->password;
    url.host = base->host;
    url.port = base->port;
    if (rest.empty()) {
      segments = SplitPath(base->path);
      if (!has_query) {
        has_query = base->query.has_value();
        url.query = base->query;
      }
    } else if (is_slash(rest[0])) {
      ParsePath(rest.substr(1), segments);
    } else {
      segments = SplitPath(base->path);
      if (!segments.empty())
        segments.pop_back();
      ParsePath(rest, segments);
    }
  }
  url.path = JoinPath(segments);
  if (has_query) {
    url.query = std::string();
    PercentEncode(*url.query, query_part, InSpecialQuerySet);
  }
  if (has_fragment) {
    url.fragment = std::string();
    PercentEncode(*url.fragment, fragment_part, InFragmentSet);
  }
  return url;
}

std::string Url::Serialize(bool exclude_fragment) const {
  std::string out = scheme + ":";
  if (!special)
    return out + path;
  out += "//";
  if (!username.empty() || !password.empty()) {
    out += username;
    if (!password.empty())
      out += ":" + password;
    out += "@";
  }
  out += host;
  if (port)
    out += ":" + std::to_string(*port);
  out += path;
  if (query)
    out += "?" + *query;
  if (!exclude_fragment && fragment)
    out += "#" + *fragment;
  return out;
}

std::string Url::SerializeOrigin() const {
  if (!special)
    return "null";
  std::string out = scheme + "://" + host;
  if (port)
    out += ":" + std::to_string(*port);
  return out;
}

uint16_t Url::EffectivePort() const {
  if (port)
    return *port;
  int d = DefaultPort(scheme);
  return d < 0 ? 0 : static_cast<uint16_t>(d);
}

std::string Url::HostForConnect() const {
  if (!host.empty() && host.front() == '[')
    return host.substr(1, host.size() - 2);
  return host;
}

}  // namespace v8ws
