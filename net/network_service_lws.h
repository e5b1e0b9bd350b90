// NetworkServiceLws: the NetworkService on libwebsockets. RAW client connections carry bytes;
// the protocol is WebSocketEngine's. lws contexts (a few, with growing descriptor tables:
// lws_contexts.cc) on a libuv loop (lws's evlib_uv plugin, the loop as a "foreign" one):
// - the embedder's: commands from that loop's thread run at once, with no queue and no hop;
// - or the service's own, on a thread of its own: commands from other threads arrive
//   through a locked queue and lws_cancel_service(), the only lws call that is safe from
//   another thread.
// The resolver's answers cross threads in both modes.
//
// One file per part: network_service_lws.cc the loops and the commands, lws_dial.cc how a
// connection is made (endpoint queue, resolution, address fallback, TLS contexts), lws_io.cc
// writes, deadlines and lws's callback, lws_contexts.cc the lws contexts.
#ifndef V8WS_NET_NETWORK_SERVICE_LWS_H_
#define V8WS_NET_NETWORK_SERVICE_LWS_H_

#include <libwebsockets.h>
#include <uv.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "net/deadlines.h"
#include "net/endpoint_lock.h"
#include "net/lws_connection.h"
#include "net/network_service.h"
#include "net/resolver.h"
#include "net/tls.h"

namespace v8ws::net {

class NetworkServiceLws : public NetworkService, public ConnectionHost {
 public:
  // What crosses from any thread to the service's: a Send, the common one, stays small.
  struct Command {
    enum Kind { kConnect, kSend, kClose, kFail, kRelease, kResume, kResolved, kStop } kind;
    ConnectionId id = 0;
    std::unique_ptr<ConnectRequest> request;   // kConnect
    std::shared_ptr<ConnectionClient> client;  // kConnect
    MessageType type = MessageType::kText;
    Buffer payload;
    std::optional<uint16_t> code;
    std::string reason;
    std::vector<std::string> addresses;  // kResolved
  };

  // Without RFC 6455's one-at-a-time rule: how many connect to one endpoint at once.
  static constexpr size_t kParallelConnects = 128;

  explicit NetworkServiceLws(Options options);
  ~NetworkServiceLws() override;
  ConnectionId Connect(ConnectRequest request, std::shared_ptr<ConnectionClient> client) override;
  void Send(ConnectionId id, MessageType type, Buffer payload) override;
  // On the loop's thread the bytes go straight into the frame, with no copy on the way.
  void SendBytes(ConnectionId id, MessageType type, const uint8_t* data, size_t size) override;
  void Close(ConnectionId id, std::optional<uint16_t> code, std::string reason) override;
  void Fail(ConnectionId id, std::string why) override;
  void Resume(ConnectionId id) override { Post(Command::kResume, id); }
  void Release(ConnectionId id, std::optional<uint16_t> code) override;
  size_t ConnectionCount() const override { return live_.load(); }

 private:
  // network_service_lws.cc: commands, and the two loops.
  void Post(Command::Kind kind, ConnectionId id);
  void Post(Command command);
  // On the loop's thread: the lws context, the deadline timer and the flusher.
  void JoinLoop();

  // On the embedder's loop, at destruction: the loop runs until every connection has
  // flushed and closed (the stop gave each at most a second), then lws leaves it. lws closes
  // its handles through the loop, so the context is destroyed from inside a callback of the
  // loop, the loop turns until those closes are done, and a second call frees what is left.
  void LeaveLoop();
  void Drain();
  void Execute(Command& c);

  // lws_io.cc: writes, deadlines, lws's callback.
  // A connection has bytes to write, or must close once written. Writes go straight to the
  // socket, batched: at the end of the lws callback that produced them, of a batch of
  // commands (own thread), or of a turn of script (on a loop, just before it blocks). A
  // writable notification (on a loop, two epoll_ctl calls) is asked for only before the
  // connection is up, while the kernel refuses bytes, or to close.
  void WantWrite(Connection* conn) override;
  void SetDeadline(Connection* conn, std::optional<Deadlines::Clock::time_point> when) override;

  // One timer for every deadline: a uv timer on a loop, an lws one on the own thread.
  void ArmTimer(Deadlines::Clock::duration delay);
  void OnDeadlines();

  // The opening handshake took too long, or a wait of the closing handshake or of the
  // shut-down flush ran out: the connection ends without waiting more.
  void OnDeadline(Connection* conn);
  void StartFlusher();
  void Flush();
  void FlushOne(Connection* conn);
  static int Callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len);

  // lws_dial.cc: making a connection, and its end.
  void StartConnect(Command& c);

  // Frees the endpoint `conn` held while connecting and dials the next one waiting for it.
  void LeaveConnecting(Connection* conn);

  // `conn` becomes its endpoint's CONNECTING connection: its name is resolved off this
  // thread (an IP literal needs no lookup), then each address is tried in turn.
  void Dial(Connection* conn);
  void OnResolved(Connection* conn, std::vector<std::string> addresses);

  // Tries the next address; with none left, the connection fails.
  void ConnectNext(Connection* conn);

  // One TLS context per CA file, made on first use (loading trust stores is slow).
  TlsContext* TlsContextFor(const std::string& ca_file, std::string* error);

  // The transport is gone: report, forget the connection.
  void Finish(Connection* conn);

  // lws_contexts.cc. Makes an lws context whose descriptor table has `fd_table` entries,
  // and dials on it from now on.
  void CreateContext(size_t fd_table);
  void CreateFirstContext();
  // Before a socket is made: a context whose table will hold it.
  void MakeRoomForSocket();
  // Each twice, as lws's foreign-loop tear-down wants (network_service_lws.cc).
  void DestroyContexts();

  Options options_;
  std::optional<Resolver> resolver_;
  lws_context* context_ = nullptr;       // the newest: connections are dialled on it
  lws_context* wake_context_ = nullptr;  // the first: set once, so other threads may wake it
  std::vector<lws_context*> contexts_;   // all, oldest first
  size_t fd_table_ = 0;                  // the size of context_'s descriptor table
  size_t file_limit_ = 0;                // the soft descriptor limit, once raised
  void* foreign_loops_[1] = {nullptr};
  uv_prepare_t flusher_;                // on a loop: runs Flush() before the loop blocks
  std::vector<ConnectionId> to_flush_;  // connections with bytes for Flush()
  bool rearm_ = false;                  // on a loop: lws's timer needs its I/O
  Deadlines deadlines_;
  uv_timer_t deadline_timer_;  // on a loop
  std::thread::id loop_thread_;
  // Without an embedder's loop: the service's own thread and loop.
  std::thread thread_;
  uv_loop_t own_loop_;
  uv_async_t stop_async_;           // the destructor's word to leave own_loop_
  bool own_loop_stopping_ = false;  // own_loop_'s thread only
  std::mutex mutex_;
  std::vector<Command> commands_;
  std::atomic<ConnectionId> next_id_{1};
  std::atomic<size_t> live_{0};
  bool stopping_ = false;
  std::unordered_map<ConnectionId, std::unique_ptr<Connection>> connections_;
  std::map<std::string, std::unique_ptr<TlsContext>> tls_contexts_;
  EndpointLock endpoints_{options_.one_connecting_per_endpoint ? 1u : kParallelConnects};
};

}  // namespace v8ws::net

#endif  // V8WS_NET_NETWORK_SERVICE_LWS_H_
