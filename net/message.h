// The message types that cross the border between core/ and net/.
#ifndef V8WS_NET_MESSAGE_H_
#define V8WS_NET_MESSAGE_H_

#include <cstdint>

namespace v8ws::net {

enum class MessageType : uint8_t { kText, kBinary };

}  // namespace v8ws::net

#endif  // V8WS_NET_MESSAGE_H_
