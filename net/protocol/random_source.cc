// The default RandomSource: OpenSSL's CSPRNG, buffered per thread.
#include "net/protocol/random_source.h"

#include <openssl/rand.h>

#include <cstring>

namespace v8ws::net {

void RandomBytes(uint8_t* out, size_t size) {
  thread_local uint8_t pool[4096];
  thread_local size_t available = 0;
  while (size > 0) {
    if (available == 0) {
      RAND_bytes(pool, sizeof(pool));
      available = sizeof(pool);
    }
    size_t n = size < available ? size : available;
    std::memcpy(out, pool + sizeof(pool) - available, n);
    available -= n;
    out += n;
    size -= n;
  }
}

}  // namespace v8ws::net
