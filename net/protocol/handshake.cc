// The opening handshake: request building and response validation (RFC 6455 §4.1, §4.2.2).
#include "net/protocol/handshake.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "net/protocol/header_text.h"
#include "net/protocol/sha1.h"

namespace v8ws::net {
namespace {

constexpr char kGuid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// RFC 4648 §4, with padding.
std::string Base64(const unsigned char* data, size_t size) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve(4 * ((size + 2) / 3));
  for (size_t i = 0; i < size; i += 3) {
    uint32_t group = uint32_t{data[i]} << 16;
    if (i + 1 < size)
      group |= uint32_t{data[i + 1]} << 8;
    if (i + 2 < size)
      group |= data[i + 2];
    out += kAlphabet[(group >> 18) & 63];
    out += kAlphabet[(group >> 12) & 63];
    out += i + 1 < size ? kAlphabet[(group >> 6) & 63] : '=';
    out += i + 2 < size ? kAlphabet[group & 63] : '=';
  }
  return out;
}

// Splits a comma-separated header value into trimmed, non-empty elements.
std::vector<std::string> SplitList(const std::string& value) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    if (comma == std::string::npos)
      comma = value.size();
    std::string item = TrimOws(value.substr(start, comma - start));
    if (!item.empty())
      out.push_back(item);
    start = comma + 1;
  }
  return out;
}

}  // namespace

std::string Base64Encode(const std::string& bytes) {
  return Base64(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string GenerateHandshakeKey(const RandomSource& random) {
  unsigned char nonce[16];
  random(nonce, sizeof(nonce));
  return Base64(nonce, sizeof(nonce));
}

std::string ComputeAcceptKey(const std::string& key) {
  std::string input = key + kGuid;
  std::array<uint8_t, 20> digest =
      Sha1(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  return Base64(digest.data(), digest.size());
}

std::string BuildHandshakeRequest(const HandshakeRequest& request, const std::string& key) {
  // Appended piece by piece into one buffer: concatenated temporaries cost an allocation
  // per header line.
  std::string out;
  out.reserve(256);
  out.append("GET ").append(request.resource.empty() ? "/" : request.resource);
  out.append(" HTTP/1.1\r\nHost: ").append(request.host_header).append("\r\n");
  out.append(
      "Upgrade: websocket\r\n"
      "Connection: Upgrade\r\n"
      "Pragma: no-cache\r\n"
      "Cache-Control: no-cache\r\n");
  if (!request.origin.empty())
    out.append("Origin: ").append(request.origin).append("\r\n");
  out.append("Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ").append(key).append("\r\n");
  if (!request.protocols.empty()) {
    out.append("Sec-WebSocket-Protocol: ");
    for (size_t i = 0; i < request.protocols.size(); ++i)
      out.append(i ? ", " : "").append(request.protocols[i]);
    out.append("\r\n");
  }
  if (request.offer_deflate)
    out.append("Sec-WebSocket-Extensions: ").append(DeflateOffer()).append("\r\n");
  for (const auto& [name, value] : request.extra_headers)
    out.append(name).append(": ").append(value).append("\r\n");
  out.append("\r\n");
  return out;
}

HandshakeResult ValidateHandshakeResponse(const std::string& head,
                                          const std::string& key,
                                          const std::vector<std::string>& offered_protocols,
                                          bool offered_deflate) {
  HandshakeResult result;
  auto fail = [&](std::string why) {
    result.ok = false;
    result.error = std::move(why);
    return result;
  };
  auto all_field_text = [](std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return IsFieldTextChar(static_cast<unsigned char>(c)); });
  };
  size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  // RFC 7230 §3.1.2: HTTP-version SP status-code SP reason-phrase (the reason may be
  // left out, as servers do). RFC 6455 §4.1, step 1 of the client's checks: anything but
  // 101 fails (no redirects).
  if (status_line.compare(0, 9, "HTTP/1.1 ") != 0 || status_line.size() < 12 ||
      !std::all_of(status_line.begin() + 9, status_line.begin() + 12,
                   [](char c) { return c >= '0' && c <= '9'; }))
    return fail("malformed status line");
  if (status_line.size() > 12 && (status_line[12] != ' ' || !all_field_text(status_line)))
    return fail("malformed status line");
  if (status_line.compare(9, 3, "101") != 0)
    return fail("unexpected response code: " + status_line.substr(9, 3));

  // RFC 7230 §3.2: header-field = field-name ":" OWS field-value OWS, the name a token.
  // Lines and names are views into `head`; only the stored name and value are copied.
  std::vector<std::pair<std::string, std::string>> headers;
  const std::string_view text(head);
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t end = head.find("\r\n", pos);
    if (end == std::string::npos)
      end = head.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 2;
    if (!all_field_text(line))
      return fail("invalid character in a header line");
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      // §3.2.4: a user agent replaces obs-fold (CRLF then whitespace) with a space; before
      // the first header it is whitespace after the start line, which §3 lets us reject.
      if (headers.empty())
        return fail("malformed header line");
      std::string& value = headers.back().second;
      std::string_view more = TrimOwsView(line);
      if (!more.empty()) {
        if (!value.empty())
          value += ' ';
        value += more;
      }
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return fail("malformed header line");
    std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(),
                     [](char c) { return IsTokenChar(static_cast<unsigned char>(c)); }))
      return fail("malformed header name");
    headers.emplace_back(AsciiLower(std::string(name)),
                         std::string(TrimOwsView(line.substr(colon + 1))));
  }
  // Views of the values of every `name` field, in order.
  auto all = [&](const char* name) {
    std::vector<std::string_view> values;
    for (const auto& [n, v] : headers) {
      if (n == name)
        values.push_back(v);
    }
    return values;
  };

  // Step 2: Upgrade is "websocket", case-insensitively.
  auto upgrade = all("upgrade");
  if (upgrade.size() != 1 || AsciiLower(std::string(upgrade[0])) != "websocket")
    return fail("'Upgrade' header must be 'websocket'");
  // Step 3: Connection is a token list that holds "Upgrade", case-insensitively.
  bool has_upgrade_token = false;
  for (std::string_view value : all("connection")) {
    for (const std::string& token : SplitList(std::string(value)))
      has_upgrade_token |= AsciiLower(token) == "upgrade";
  }
  if (!has_upgrade_token)
    return fail("'Connection' header must contain 'Upgrade'");
  // Step 4: exactly one Sec-WebSocket-Accept, equal to the expected value.
  auto accept = all("sec-websocket-accept");
  if (accept.size() != 1)
    return fail("'Sec-WebSocket-Accept' header missing or repeated");
  if (accept[0] != ComputeAcceptKey(key))
    return fail("incorrect 'Sec-WebSocket-Accept' header value");
  // Step 5: only extensions we offered, each once, with parameters our offer allows
  // (RFC 7692 §7.1 for permessage-deflate).
  auto extensions = all("sec-websocket-extensions");
  std::string in_use;
  for (std::string_view value : extensions) {
    for (const std::string& element : SplitList(std::string(value))) {
      std::string name = AsciiLower(TrimOws(element.substr(0, element.find(';'))));
      if (name != "permessage-deflate" || !offered_deflate)
        return fail("the server accepted an extension that was not offered: '" + name + "'");
      if (result.deflate)
        return fail("the server accepted permessage-deflate twice");
      std::string error;
      result.deflate = ParseDeflateResponse(element, &error);
      if (!result.deflate)
        return fail(error);
      in_use += (in_use.empty() ? "" : ", ") + element;
    }
  }
  result.extensions = in_use;
  // Step 6: at most one subprotocol, and it must be one we offered.
  auto protocol = all("sec-websocket-protocol");
  if (protocol.size() > 1)
    return fail("'Sec-WebSocket-Protocol' header repeated");
  if (protocol.size() == 1) {
    if (offered_protocols.empty())
      return fail("the server selected a subprotocol but none was requested");
    if (std::find(offered_protocols.begin(), offered_protocols.end(), protocol[0]) ==
        offered_protocols.end())
      return fail("the server selected a subprotocol that was not requested");
    result.protocol = std::string(protocol[0]);
  } else if (!offered_protocols.empty()) {
    // WHATWG: a response without the header when protocols were requested fails.
    return fail("the server did not select any of the requested subprotocols");
  }
  result.ok = true;
  return result;
}

}  // namespace v8ws::net
