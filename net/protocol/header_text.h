// Small helpers for HTTP header text (RFC 7230): optional whitespace and ASCII case.
#ifndef V8WS_NET_PROTOCOL_HEADER_TEXT_H_
#define V8WS_NET_PROTOCOL_HEADER_TEXT_H_

#include <cctype>
#include <string>

namespace v8ws::net {

// Without leading and trailing spaces and tabs (OWS).
inline std::string TrimOws(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos)
    return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

inline std::string AsciiLower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace v8ws::net

#endif  // V8WS_NET_PROTOCOL_HEADER_TEXT_H_
