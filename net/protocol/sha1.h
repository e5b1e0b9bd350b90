// SHA-1 (FIPS 180-4 §6.1), for Sec-WebSocket-Accept (RFC 6455 §4.2.2 step 5.4) alone: the
// handshake needs no security from it, and OpenSSL 3 would initialise its providers and
// read its configuration for this one digest, 2.3 MiB of RSS in every ws: process.
#ifndef V8WS_NET_PROTOCOL_SHA1_H_
#define V8WS_NET_PROTOCOL_SHA1_H_

#include <array>
#include <cstddef>
#include <cstdint>

namespace v8ws::net {

std::array<uint8_t, 20> Sha1(const uint8_t* data, size_t size);

}  // namespace v8ws::net

#endif  // V8WS_NET_PROTOCOL_SHA1_H_
