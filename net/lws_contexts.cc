// NetworkServiceLws: its lws contexts, and the size of their descriptor tables.
//
// lws 4.1 sizes a context's descriptor table by the soft RLIMIT_NOFILE at the moment the
// context is made, and on every socket it closes, a sanity check that Debian's build keeps
// scans the whole table. At the limit a service raises itself to (16,384 connections and
// room, 17,408 here) that scan was 120k of the 220k instructions a sequential handshake
// cost. So the service starts with a small table and, when the next socket would not fit
// in it, makes a context with a larger one for the connections that follow; the older
// contexts keep serving theirs.
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "net/network_service_lws.h"

namespace v8ws::net {
namespace {

// Each close scans the table: at 512 that is ~3k instructions, at 2,048 it was 12.8k of a
// sequential handshake's ~110k. A new context costs about 1M, once per doubling.
constexpr size_t kFirstFdTable = 512;
// Descriptors that other threads (a resolver's lookup, the embedder's) may open between
// the probe and lws's socket().
constexpr size_t kFdTableMargin = 64;

size_t SoftFileLimit() {
  rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return 1 << 20;
  return static_cast<size_t>(limit.rlim_cur);
}

// Where the next socket() lands: the kernel hands out the lowest free descriptor.
size_t LowestFreeFd(int open_fd) {
  int fd = fcntl(open_fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0)
    return 0;
  close(fd);
  return static_cast<size_t>(fd);
}

}  // namespace

void NetworkServiceLws::CreateContext(size_t fd_table) {
  static const lws_protocols kProtocols[] = {
      {"v8ws-raw", &NetworkServiceLws::Callback, 0, 0, 0, nullptr, 0},
      {nullptr, nullptr, 0, 0, 0, nullptr, 0},
  };
  lws_context_creation_info info;
  std::memset(&info, 0, sizeof(info));
  info.port = CONTEXT_PORT_NO_LISTEN;
  info.protocols = kProtocols;
  info.user = this;
  // lws's own timeout covers only a TCP connect; ours (Deadlines) ends it first.
  info.timeout_secs = 24 * 3600;
  // lws reads a RAW socket into this per-thread buffer: the 4 KiB default meant 256
  // callbacks per 1 MiB message.
  info.pt_serv_buf_size = 256 * 1024;
  // lws joins the loop (its evlib_uv plugin): its handles live on it, beside the
  // embedder's, and each turn costs O(events) (epoll) instead of poll() over every socket.
  foreign_loops_[0] = options_.uv_loop;
  info.options |= LWS_SERVER_OPTION_LIBUV;
  info.foreign_loops = foreign_loops_;
  // lws reads the table's size from the soft limit (its other way, fd_limit_per_thread,
  // turns every descriptor lookup into a scan): lower it for the moment lws reads it. No
  // descriptor this process could open meanwhile comes near the lowered limit.
  rlimit limit;
  bool lowered = false;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur > fd_table) {
    rlimit small = limit;
    small.rlim_cur = fd_table;
    lowered = setrlimit(RLIMIT_NOFILE, &small) == 0;
  }
  lws_context* context = lws_create_context(&info);
  if (lowered)
    setrlimit(RLIMIT_NOFILE, &limit);
  if (!context)
    return;  // the current context, if any, stays: its sockets fail as they did before
  contexts_.push_back(context);
  context_ = context;
  fd_table_ = fd_table;
}

void NetworkServiceLws::CreateFirstContext() {
  file_limit_ = SoftFileLimit();
  size_t next = LowestFreeFd(uv_backend_fd(static_cast<uv_loop_t*>(options_.uv_loop)));
  CreateContext(std::min(file_limit_, std::max(kFirstFdTable, 2 * (next + kFdTableMargin))));
  // Wake-ups may come from other threads, so they go through this one, which never changes.
  wake_context_ = context_;
}

void NetworkServiceLws::MakeRoomForSocket() {
  if (!context_ || fd_table_ >= file_limit_)
    return;
  size_t next = LowestFreeFd(uv_backend_fd(static_cast<uv_loop_t*>(options_.uv_loop)));
  if (next + kFdTableMargin < fd_table_)
    return;
  CreateContext(std::min(file_limit_, std::max(2 * fd_table_, 2 * (next + kFdTableMargin))));
}

void NetworkServiceLws::DestroyContexts() {
  for (lws_context* context : contexts_)
    lws_context_destroy(context);
}

}  // namespace v8ws::net
