// The test side of the wire, shared by unit tests and fuzzers: the 101 that accepts an
// engine's request, frames as a server writes them (never masked), and the frames the
// client wrote, unmasked.
#ifndef V8WS_TESTS_SUPPORT_WEBSOCKET_WIRE_H_
#define V8WS_TESTS_SUPPORT_WEBSOCKET_WIRE_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "net/buffer.h"
#include "net/protocol/handshake.h"

namespace v8ws::testing {

// The Sec-WebSocket-Key of a request.
inline std::string KeyOfRequest(const std::string& request) {
  size_t k = request.find("Sec-WebSocket-Key: ") + 19;
  return request.substr(k, request.find("\r\n", k) - k);
}

// A 101 that accepts `request`, with `extensions` as its Sec-WebSocket-Extensions when set.
inline std::string AcceptingResponse(const std::string& request,
                                     const std::string& extensions = "") {
  return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Accept: " +
         net::ComputeAcceptKey(KeyOfRequest(request)) + "\r\n" +
         (extensions.empty() ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n";
}

// A frame as a server sends it: unmasked, the shortest length encoding.
inline std::string ServerFrame(bool fin, bool rsv1, uint8_t opcode, const std::string& payload) {
  std::string f;
  f += static_cast<char>((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
  if (payload.size() < 126) {
    f += static_cast<char>(payload.size());
  } else if (payload.size() <= 0xFFFF) {
    f += static_cast<char>(126);
    f += static_cast<char>(payload.size() >> 8);
    f += static_cast<char>(payload.size() & 0xFF);
  } else {
    f += static_cast<char>(127);
    for (int shift = 56; shift >= 0; shift -= 8)
      f += static_cast<char>((static_cast<uint64_t>(payload.size()) >> shift) & 0xFF);
  }
  return f + payload;
}

struct WireFrame {
  bool fin;
  bool rsv1;
  uint8_t opcode;
  bool masked;
  std::string payload;  // unmasked
};

// Parses, unmasks and consumes the frames in `output` (what the client wrote).
inline std::vector<WireFrame> TakeClientFrames(net::Buffer& output) {
  std::vector<WireFrame> frames;
  const uint8_t* p = output.data();
  size_t n = output.size(), i = 0;
  while (i + 2 <= n) {
    WireFrame f;
    f.fin = p[i] & 0x80;
    f.rsv1 = p[i] & 0x40;
    f.opcode = p[i] & 0x0F;
    f.masked = p[i + 1] & 0x80;
    uint64_t len = p[i + 1] & 0x7F;
    i += 2;
    if (len == 126) {
      len = (uint64_t{p[i]} << 8) | p[i + 1];
      i += 2;
    } else if (len == 127) {
      len = 0;
      for (int j = 0; j < 8; ++j)
        len = (len << 8) | p[i + j];
      i += 8;
    }
    uint8_t key[4] = {0, 0, 0, 0};
    if (f.masked) {
      std::memcpy(key, p + i, 4);
      i += 4;
    }
    f.payload.resize(len);
    for (uint64_t j = 0; j < len; ++j)
      f.payload[j] = static_cast<char>(p[i + j] ^ key[j % 4]);
    i += len;
    frames.push_back(std::move(f));
  }
  output.Clear();
  return frames;
}

}  // namespace v8ws::testing

#endif  // V8WS_TESTS_SUPPORT_WEBSOCKET_WIRE_H_
