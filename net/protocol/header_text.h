// Small helpers for HTTP header text (RFC 7230): optional whitespace and ASCII case.
#ifndef V8WS_NET_PROTOCOL_HEADER_TEXT_H_
#define V8WS_NET_PROTOCOL_HEADER_TEXT_H_

#include <string>
#include <string_view>

namespace v8ws::net {

// Without leading and trailing spaces and tabs (OWS), as a view into `s`.
inline std::string_view TrimOwsView(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos)
    return std::string_view();
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// The same, copied.
inline std::string TrimOws(const std::string& s) {
  return std::string(TrimOwsView(s));
}

// RFC 7230 §3.2.6: tchar, the bytes of a token (a header field name among them).
inline bool IsTokenChar(unsigned char c) {
  if (c >= '0' && c <= '9')
    return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
    return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
  }
  return false;
}

// RFC 7230 §3.2 and §3.1.2: the bytes of a field value or a reason phrase: VCHAR,
// obs-text, SP and HTAB. No other control byte (NUL, a bare CR or LF, DEL) is allowed.
inline bool IsFieldTextChar(unsigned char c) {
  return c == ' ' || c == '\t' || (c >= 0x21 && c != 0x7F);
}

// ASCII only, as HTTP's case-insensitivity is (and whatever the C locale says).
inline std::string AsciiLower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c + ('a' - 'A'));
  }
  return s;
}

}  // namespace v8ws::net

#endif  // V8WS_NET_PROTOCOL_HEADER_TEXT_H_
