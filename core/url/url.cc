// The WHATWG URL Standard: the basic URL parser as its state machine (§4.4), hosts
// (domains with IDNA, IPv4, IPv6, opaque hosts; §3), the serializers and
// application/x-www-form-urlencoded (§5). Step names follow the Standard's.
#include "core/url/url.h"

#include <unicode/uidna.h>

#include <algorithm>
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

// The host without the one empty label a trailing '.' makes (§3.5's "if the last item in
// parts is the empty string" steps), unless that label is all there is.
std::string_view WithoutTrailingDot(std::string_view host) {
  if (host.size() > 1 && host.back() == '.')
    host.remove_suffix(1);
  return host;
}

// §3.5 ends in a number checker. Without splitting into a list: a WebSocket's URL is parsed
// once per connection, and the list's allocations were most of the host parser's cost.
bool EndsInANumber(std::string_view host) {
  host = WithoutTrailingDot(host);
  size_t dot = host.rfind('.');
  std::string_view last = dot == std::string_view::npos ? host : host.substr(dot + 1);
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
  // Step 2: drop the empty last part a trailing dot makes. Steps 3-6: at most four parts,
  // each a number.
  host = WithoutTrailingDot(host);
  uint64_t numbers[4];
  size_t count = 0;
  for (size_t start = 0;;) {
    size_t dot = host.find('.', start);
    std::string_view part =
        host.substr(start, dot == std::string_view::npos ? host.npos : dot - start);
    if (count == 4)
      return std::nullopt;
    auto n = ParseIPv4Number(part);
    if (!n)
      return std::nullopt;
    numbers[count++] = *n;
    if (dot == std::string_view::npos)
      break;
    start = dot + 1;
  }
  // Steps 7-8: every part but the last fits a byte; the last fills the bytes left.
  for (size_t i = 0; i + 1 < count; ++i) {
    if (numbers[i] > 255)
      return std::nullopt;
  }
  uint64_t limit = uint64_t{1} << (8 * (5 - count));
  if (numbers[count - 1] >= limit)
    return std::nullopt;
  uint64_t ipv4 = numbers[count - 1];
  for (size_t i = 0; i + 1 < count; ++i)
    ipv4 += numbers[i] << (8 * (3 - i));
  // §3.6 IPv4 serializer.
  std::string out;
  out.reserve(15);
  for (int shift = 24; shift >= 0; shift -= 8) {
    unsigned byte = static_cast<unsigned>((ipv4 >> shift) & 255);
    if (byte >= 100)
      out.push_back(static_cast<char>('0' + byte / 100));
    if (byte >= 10)
      out.push_back(static_cast<char>('0' + byte / 10 % 10));
    out.push_back(static_cast<char>('0' + byte % 10));
    if (shift)
      out.push_back('.');
  }
  return out;
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

bool IsForbiddenHostCodePoint(uint8_t c) {
  return c == 0 || c == '\t' || c == '\n' || c == '\r' || c == ' ' || c == '#' || c == '/' ||
         c == ':' || c == '<' || c == '>' || c == '?' || c == '@' || c == '[' || c == '\\' ||
         c == ']' || c == '^' || c == '|';
}

// §3.5 host parser; `is_opaque` for URLs that are not special.
std::optional<std::string> HostParse(std::string_view input, bool is_opaque) {
  if (!input.empty() && input[0] == '[') {
    if (input.back() != ']')
      return std::nullopt;
    return ParseIPv6(input.substr(1, input.size() - 2));
  }
  if (!is_opaque)
    return ParseHost(input);
  // Opaque-host parser.
  for (char c : input) {
    if (IsForbiddenHostCodePoint(static_cast<uint8_t>(c)))
      return std::nullopt;
  }
  std::string out;
  PercentEncode(out, input, InC0ControlSet);
  return out;
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

// §4.1: two code points, an ASCII alpha then ':' or '|' (normalized: ':' only).
bool IsWindowsDriveLetter(std::string_view s, bool normalized = false) {
  return s.size() == 2 && IsAsciiAlpha(s[0]) && (s[1] == ':' || (!normalized && s[1] == '|'));
}
bool StartsWithWindowsDriveLetter(std::string_view s) {
  if (s.size() < 2 || !IsWindowsDriveLetter(s.substr(0, 2)))
    return false;
  return s.size() == 2 || s[2] == '/' || s[2] == '\\' || s[2] == '?' || s[2] == '#';
}

void ShortenPath(Url& url) {
  if (url.scheme == "file" && url.path.size() == 1 && IsWindowsDriveLetter(url.path[0], true))
    return;
  if (!url.path.empty())
    url.path.pop_back();
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

std::string PercentEncodeUserinfo(std::string_view input) {
  std::string out;
  PercentEncode(out, input, InUserinfoSet);
  return out;
}

bool Url::IsSpecial() const {
  return IsSpecialScheme(scheme);
}

bool Url::CannotHaveUsernamePasswordPort() const {
  return !host || host->empty() || scheme == "file";
}

namespace {

enum class State {
  kSchemeStart,
  kScheme,
  kNoScheme,
  kSpecialRelativeOrAuthority,
  kPathOrAuthority,
  kRelative,
  kRelativeSlash,
  kSpecialAuthoritySlashes,
  kSpecialAuthorityIgnoreSlashes,
  kAuthority,
  kHost,
  kHostname,
  kPort,
  kFile,
  kFileSlash,
  kFileHost,
  kPathStart,
  kPath,
  kOpaquePath,
  kQuery,
  kFragment,
};

State ToState(UrlState s) {
  switch (s) {
    case UrlState::kSchemeStart:
      return State::kSchemeStart;
    case UrlState::kHost:
      return State::kHost;
    case UrlState::kHostname:
      return State::kHostname;
    case UrlState::kPort:
      return State::kPort;
    case UrlState::kPathStart:
      return State::kPathStart;
    case UrlState::kQuery:
      return State::kQuery;
    case UrlState::kFragment:
      return State::kFragment;
    case UrlState::kNone:
      break;
  }
  return State::kSchemeStart;
}

// The basic URL parser (§4.4), over UTF-8 bytes: every byte of a non-ASCII code point is in
// each percent-encode set, so encoding byte by byte equals encoding by code point.
// Returns false on failure. With an override, "return" ends the parse successfully.
bool BasicParse(std::string_view raw, const Url* base, Url& url, UrlState override_state) {
  const bool has_override = override_state != UrlState::kNone;
  std::string input;
  {
    std::string_view view = raw;
    // Step 1: without a given URL, trim leading and trailing C0 controls and spaces.
    if (!has_override) {
      while (!view.empty() && static_cast<uint8_t>(view.front()) <= 0x20)
        view.remove_prefix(1);
      while (!view.empty() && static_cast<uint8_t>(view.back()) <= 0x20)
        view.remove_suffix(1);
    }
    // Step 2: drop ASCII tabs and newlines.
    input.reserve(view.size());
    for (char c : view) {
      if (c != '\t' && c != '\n' && c != '\r')
        input += c;
    }
  }
  State state = has_override ? ToState(override_state) : State::kSchemeStart;
  std::string buffer;
  bool at_sign_seen = false, inside_brackets = false, password_token_seen = false;
  const auto n = static_cast<std::ptrdiff_t>(input.size());
  constexpr int kEOF = -1;
  // Entering the query or fragment state starts that component empty.
  auto enter = [&](State next) {
    (next == State::kQuery ? url.query : url.fragment) = std::string();
    state = next;
  };
  auto remaining_starts_with = [&](std::ptrdiff_t pointer, char c) {
    return pointer + 1 < n && input[static_cast<size_t>(pointer + 1)] == c;
  };

  // "If after a run pointer points to the EOF code point, go to the next step. Otherwise,
  // increase pointer by 1": a state that steps back at EOF sees EOF again in its successor.
  for (std::ptrdiff_t pointer = 0;; ++pointer) {
    const int c = pointer < n ? static_cast<uint8_t>(input[static_cast<size_t>(pointer)]) : kEOF;
    const bool special = url.IsSpecial();
    const bool slash_like = c == '/' || (special && c == '\\');
    switch (state) {
      case State::kSchemeStart:
        if (c != kEOF && IsAsciiAlpha(static_cast<char>(c))) {
          buffer += static_cast<char>(std::tolower(c));
          state = State::kScheme;
        } else if (!has_override) {
          state = State::kNoScheme;
          --pointer;
        } else {
          return false;
        }
        break;

      case State::kScheme:
        if (c != kEOF && (std::isalnum(c) || c == '+' || c == '-' || c == '.')) {
          buffer += static_cast<char>(std::tolower(c));
        } else if (c == ':') {
          if (has_override) {
            if (url.IsSpecial() != IsSpecialScheme(buffer))
              return true;
            if ((url.IncludesCredentials() || url.port) && buffer == "file")
              return true;
            if (url.scheme == "file" && url.host && url.host->empty())
              return true;
          }
          url.scheme = buffer;
          if (has_override) {
            if (url.port && *url.port == DefaultPort(url.scheme))
              url.port.reset();
            return true;
          }
          buffer.clear();
          if (url.scheme == "file") {
            state = State::kFile;
          } else if (url.IsSpecial() && base && base->scheme == url.scheme) {
            state = State::kSpecialRelativeOrAuthority;
          } else if (url.IsSpecial()) {
            state = State::kSpecialAuthoritySlashes;
          } else if (remaining_starts_with(pointer, '/')) {
            state = State::kPathOrAuthority;
            ++pointer;
          } else {
            url.opaque_path = std::string();
            state = State::kOpaquePath;
          }
        } else if (!has_override) {
          buffer.clear();
          state = State::kNoScheme;
          pointer = -1;  // start over from the first code point
        } else {
          return false;
        }
        break;

      case State::kNoScheme:
        if (!base || (base->opaque_path && c != '#')) {
          return false;
        } else if (base->opaque_path && c == '#') {
          url.scheme = base->scheme;
          url.opaque_path = base->opaque_path;
          url.path = base->path;
          url.query = base->query;
          enter(State::kFragment);
        } else if (base->scheme != "file") {
          state = State::kRelative;
          --pointer;
        } else {
          state = State::kFile;
          --pointer;
        }
        break;

      case State::kSpecialRelativeOrAuthority:
        if (c == '/' && remaining_starts_with(pointer, '/')) {
          state = State::kSpecialAuthorityIgnoreSlashes;
          ++pointer;
        } else {
          state = State::kRelative;
          --pointer;
        }
        break;

      case State::kPathOrAuthority:
        if (c == '/') {
          state = State::kAuthority;
        } else {
          state = State::kPath;
          --pointer;
        }
        break;

      case State::kRelative:
        url.scheme = base->scheme;
        if (c == '/' || (url.IsSpecial() && c == '\\')) {
          state = State::kRelativeSlash;
        } else {
          url.username = base->username;
          url.password = base->password;
          url.host = base->host;
          url.port = base->port;
          url.path = base->path;
          url.query = base->query;
          if (c == '?') {
            enter(State::kQuery);
          } else if (c == '#') {
            enter(State::kFragment);
          } else if (c != kEOF) {
            url.query.reset();
            ShortenPath(url);
            state = State::kPath;
            --pointer;
          }
        }
        break;

      case State::kRelativeSlash:
        if (url.IsSpecial() && (c == '/' || c == '\\')) {
          state = State::kSpecialAuthorityIgnoreSlashes;
        } else if (c == '/') {
          state = State::kAuthority;
        } else {
          url.username = base->username;
          url.password = base->password;
          url.host = base->host;
          url.port = base->port;
          state = State::kPath;
          --pointer;
        }
        break;

      case State::kSpecialAuthoritySlashes:
        state = State::kSpecialAuthorityIgnoreSlashes;
        if (c == '/' && remaining_starts_with(pointer, '/'))
          ++pointer;
        else
          --pointer;
        break;

      case State::kSpecialAuthorityIgnoreSlashes:
        if (c != '/' && c != '\\') {
          state = State::kAuthority;
          --pointer;
        }
        break;

      case State::kAuthority:
        if (c == '@') {
          if (at_sign_seen)
            buffer = "%40" + buffer;
          at_sign_seen = true;
          for (char b : buffer) {
            if (b == ':' && !password_token_seen) {
              password_token_seen = true;
              continue;
            }
            PercentEncode(password_token_seen ? url.password : url.username,
                          std::string_view(&b, 1), InUserinfoSet);
          }
          buffer.clear();
        } else if (c == kEOF || slash_like || c == '?' || c == '#') {
          if (at_sign_seen && buffer.empty())
            return false;
          pointer -= static_cast<std::ptrdiff_t>(buffer.size()) + 1;
          buffer.clear();
          state = State::kHost;
        } else {
          buffer += static_cast<char>(c);
        }
        break;

      case State::kHost:
      case State::kHostname:
        if (has_override && url.scheme == "file") {
          --pointer;
          state = State::kFileHost;
        } else if (c == ':' && !inside_brackets) {
          if (buffer.empty())
            return false;
          if (override_state == UrlState::kHostname)
            return false;
          auto host = HostParse(buffer, !special);
          if (!host)
            return false;
          url.host = std::move(*host);
          buffer.clear();
          state = State::kPort;
        } else if (c == kEOF || slash_like || c == '?' || c == '#') {
          --pointer;
          if (special && buffer.empty())
            return false;
          if (has_override && buffer.empty() && (url.IncludesCredentials() || url.port))
            return false;
          auto host = HostParse(buffer, !special);
          if (!host)
            return false;
          url.host = std::move(*host);
          buffer.clear();
          state = State::kPathStart;
          if (has_override)
            return true;
        } else {
          if (c == '[')
            inside_brackets = true;
          if (c == ']')
            inside_brackets = false;
          buffer += static_cast<char>(c);
        }
        break;

      case State::kPort:
        if (c != kEOF && IsAsciiDigit(static_cast<char>(c))) {
          buffer += static_cast<char>(c);
        } else if (c == kEOF || slash_like || c == '?' || c == '#' || has_override) {
          if (!buffer.empty()) {
            unsigned long port = 0;  // saturates: leading zeros are fine, length is not
            for (char d : buffer)
              port = std::min(port * 10 + static_cast<unsigned long>(d - '0'), 100000ul);
            if (port > 65535)
              return false;
            if (static_cast<int>(port) == DefaultPort(url.scheme))
              url.port.reset();
            else
              url.port = static_cast<uint16_t>(port);
            buffer.clear();
            if (has_override)
              return true;
          }
          if (has_override)
            return false;
          state = State::kPathStart;
          --pointer;
        } else {
          return false;
        }
        break;

      case State::kFile:
        url.scheme = "file";
        url.host = std::string();
        if (c == '/' || c == '\\') {
          state = State::kFileSlash;
        } else if (base && base->scheme == "file") {
          url.host = base->host;
          url.path = base->path;
          url.query = base->query;
          if (c == '?') {
            enter(State::kQuery);
          } else if (c == '#') {
            enter(State::kFragment);
          } else if (c != kEOF) {
            url.query.reset();
            if (!StartsWithWindowsDriveLetter(
                    std::string_view(input).substr(static_cast<size_t>(pointer))))
              ShortenPath(url);
            else
              url.path.clear();
            state = State::kPath;
            --pointer;
          }
        } else {
          state = State::kPath;
          --pointer;
        }
        break;

      case State::kFileSlash:
        if (c == '/' || c == '\\') {
          state = State::kFileHost;
        } else {
          if (base && base->scheme == "file") {
            url.host = base->host;
            if (!StartsWithWindowsDriveLetter(
                    std::string_view(input).substr(static_cast<size_t>(pointer))) &&
                !base->path.empty() && IsWindowsDriveLetter(base->path[0], true))
              url.path.push_back(base->path[0]);
          }
          state = State::kPath;
          --pointer;
        }
        break;

      case State::kFileHost:
        if (c == kEOF || c == '/' || c == '\\' || c == '?' || c == '#') {
          --pointer;
          if (!has_override && IsWindowsDriveLetter(buffer)) {
            state = State::kPath;  // the buffer becomes the first path segment
          } else if (buffer.empty()) {
            url.host = std::string();
            if (has_override)
              return true;
            state = State::kPathStart;
          } else {
            auto host = HostParse(buffer, false);
            if (!host)
              return false;
            if (*host == "localhost")
              host->clear();
            url.host = std::move(*host);
            if (has_override)
              return true;
            buffer.clear();
            state = State::kPathStart;
          }
        } else {
          buffer += static_cast<char>(c);
        }
        break;

      case State::kPathStart:
        if (special) {
          state = State::kPath;
          if (c != '/' && c != '\\')
            --pointer;
        } else if (!has_override && c == '?') {
          enter(State::kQuery);
        } else if (!has_override && c == '#') {
          enter(State::kFragment);
        } else if (c != kEOF) {
          state = State::kPath;
          if (c != '/')
            --pointer;
        } else if (has_override && !url.host) {
          url.path.emplace_back();
        }
        break;

      case State::kPath:
        if (c == kEOF || slash_like || (!has_override && (c == '?' || c == '#'))) {
          if (IsDoubleDot(buffer)) {
            ShortenPath(url);
            if (!slash_like)
              url.path.emplace_back();
          } else if (IsSingleDot(buffer) && !slash_like) {
            url.path.emplace_back();
          } else if (!IsSingleDot(buffer)) {
            if (url.scheme == "file" && url.path.empty() && IsWindowsDriveLetter(buffer))
              buffer[1] = ':';
            url.path.push_back(buffer);
          }
          buffer.clear();
          if (c == '?') {
            enter(State::kQuery);
          }
          if (c == '#') {
            enter(State::kFragment);
          }
        } else {
          char b = static_cast<char>(c);
          PercentEncode(buffer, std::string_view(&b, 1), InPathSet);
        }
        break;

      case State::kOpaquePath:
        if (c == '?') {
          enter(State::kQuery);
        } else if (c == '#') {
          enter(State::kFragment);
        } else if (c == ' ') {
          // A space before a query or fragment is encoded, so that it survives serializing.
          bool before = remaining_starts_with(pointer, '?') || remaining_starts_with(pointer, '#');
          *url.opaque_path += before ? "%20" : " ";
        } else if (c != kEOF) {
          char b = static_cast<char>(c);
          PercentEncode(*url.opaque_path, std::string_view(&b, 1), InC0ControlSet);
        }
        break;

      case State::kQuery:
        if ((!has_override && c == '#') || c == kEOF) {
          if (!url.query)
            url.query = std::string();
          if (special)
            PercentEncode(*url.query, buffer, InSpecialQuerySet);
          else
            PercentEncode(*url.query, buffer, InQuerySet);
          buffer.clear();
          if (c == '#') {
            enter(State::kFragment);
          }
        } else if (c != kEOF) {
          buffer += static_cast<char>(c);
        }
        break;

      case State::kFragment:
        if (c != kEOF) {
          if (!url.fragment)
            url.fragment = std::string();
          char b = static_cast<char>(c);
          PercentEncode(*url.fragment, std::string_view(&b, 1), InFragmentSet);
        }
        break;
    }
    if (pointer >= n)
      break;
  }
  return true;
}

}  // namespace

std::optional<Url> ParseUrl(std::string_view input, const Url* base) {
  Url url;
  if (!BasicParse(input, base, url, UrlState::kNone))
    return std::nullopt;
  return url;
}

bool ParseUrlWithOverride(std::string_view input, Url& url, UrlState state_override) {
  return BasicParse(input, nullptr, url, state_override);
}

std::string Url::SerializePath() const {
  if (opaque_path)
    return *opaque_path;
  std::string out;
  for (const auto& segment : path)
    out += "/" + segment;
  return out;
}

std::string Url::Serialize(bool exclude_fragment) const {
  std::string out = scheme + ":";
  if (host) {
    out += "//";
    if (IncludesCredentials()) {
      out += username;
      if (!password.empty())
        out += ":" + password;
      out += "@";
    }
    out += *host;
    if (port)
      out += ":" + std::to_string(*port);
  } else if (!opaque_path && path.size() > 1 && path[0].empty()) {
    out += "/.";  // keeps "//" at the start of the path from reading as an authority
  }
  out += SerializePath();
  if (query)
    out += "?" + *query;
  if (!exclude_fragment && fragment)
    out += "#" + *fragment;
  return out;
}

std::string Url::SerializeOrigin() const {
  if (scheme == "blob") {
    // §6: a blob: URL's origin is that of the URL in its path, for http(s) only.
    std::optional<Url> inner = ParseUrl(SerializePath());
    if (inner && (inner->scheme == "http" || inner->scheme == "https"))
      return inner->SerializeOrigin();
    return "null";
  }
  if (!IsSpecial() || scheme == "file")
    return "null";
  std::string out = scheme + "://" + host.value_or("");
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
  std::string h = host.value_or("");
  if (!h.empty() && h.front() == '[')
    return h.substr(1, h.size() - 2);
  return h;
}

// ---- application/x-www-form-urlencoded (§5) ----

namespace {

// Encoding Standard "UTF-8 decode without BOM": each invalid sequence becomes U+FFFD.
std::string ReplaceInvalidUtf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    auto c = static_cast<uint8_t>(in[i]);
    size_t need = 0;
    uint8_t lower = 0x80, upper = 0xBF;
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0)
        lower = 0xA0;
      if (c == 0xED)
        upper = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0)
        lower = 0x90;
      if (c == 0xF4)
        upper = 0x8F;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    size_t j = 1;
    for (; j <= need && i + j < in.size(); ++j) {
      auto b = static_cast<uint8_t>(in[i + j]);
      if (b < lower || b > upper)
        break;
      lower = 0x80;
      upper = 0xBF;
    }
    if (j == need + 1) {
      out.append(in.substr(i, need + 1));
      i += need + 1;
    } else {
      // The maximal valid prefix is replaced by one U+FFFD; the byte that broke it is
      // read again.
      out += "\xEF\xBF\xBD";
      i += j;
    }
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ParseFormUrlencoded(std::string_view input) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t start = 0;
  while (start <= input.size()) {
    size_t end = input.find('&', start);
    if (end == std::string_view::npos)
      end = input.size();
    std::string_view sequence = input.substr(start, end - start);
    if (!sequence.empty()) {
      size_t eq = sequence.find('=');
      std::string name(sequence.substr(0, eq));
      std::string value(eq == std::string_view::npos ? std::string_view()
                                                     : sequence.substr(eq + 1));
      for (char& ch : name)
        if (ch == '+')
          ch = ' ';
      for (char& ch : value)
        if (ch == '+')
          ch = ' ';
      out.emplace_back(ReplaceInvalidUtf8(PercentDecode(name)),
                       ReplaceInvalidUtf8(PercentDecode(value)));
    }
    start = end + 1;
  }
  return out;
}

std::string SerializeFormUrlencoded(const std::vector<std::pair<std::string, std::string>>& list) {
  static const char kHex[] = "0123456789ABCDEF";
  auto encode = [](std::string& out, const std::string& s) {
    for (char ch : s) {
      auto c = static_cast<uint8_t>(ch);
      if (c == ' ') {
        out += '+';
      } else if (IsAsciiAlpha(ch) || IsAsciiDigit(ch) || c == '*' || c == '-' || c == '.' ||
                 c == '_') {
        out += ch;
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
  };
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i)
      out += '&';
    encode(out, list[i].first);
    out += '=';
    encode(out, list[i].second);
  }
  return out;
}

}  // namespace v8ws
