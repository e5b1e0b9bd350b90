// Where the protocol engine takes its random bytes: masking keys (RFC 6455 §5.3) and the
// Sec-WebSocket-Key nonce (§4.1). The default is the kernel's CSPRNG through a buffer; tests
// and fuzzers pass a seeded generator, so that a run can be replayed byte for byte.
#ifndef V8WS_NET_PROTOCOL_RANDOM_SOURCE_H_
#define V8WS_NET_PROTOCOL_RANDOM_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <functional>

namespace v8ws::net {

using RandomSource = std::function<void(uint8_t* out, size_t size)>;

// Fills `out` from a per-thread buffer of CSPRNG bytes: one getrandom() call per 4 KiB,
// never a syscall per frame.
void RandomBytes(uint8_t* out, size_t size);

}  // namespace v8ws::net

#endif  // V8WS_NET_PROTOCOL_RANDOM_SOURCE_H_
