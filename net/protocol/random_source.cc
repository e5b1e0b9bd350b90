// The default RandomSource: the kernel's CSPRNG (getrandom), buffered per thread. Not
// OpenSSL's: its first RAND_bytes initialises providers and configuration, 2.4 MiB of RSS
// in a process that may never speak TLS.
#include "net/protocol/random_source.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace v8ws::net {

void RandomBytes(uint8_t* out, size_t size) {
  thread_local uint8_t pool[4096];
  thread_local size_t available = 0;
  while (size > 0) {
    if (available == 0) {
      size_t filled = 0;
      while (filled < sizeof(pool)) {
        ssize_t n = getrandom(pool + filled, sizeof(pool) - filled, 0);
        if (n > 0)
          filled += static_cast<size_t>(n);
        else if (errno != EINTR)
          std::abort();  // no entropy at all: a masking key must never be predictable
      }
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
