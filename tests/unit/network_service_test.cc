// NetworkService over real sockets: against the bundled Python server (an independent
// implementation), and against a scripted server in this process that sends exact bytes
// and records what the client wrote.
#include "net/network_service.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "include/v8ws/v8ws.h"
#include "net/protocol/handshake.h"
#include "tests/unit/loop_service.h"
#include "tests/unit/test_servers.h"
#include "tests/unit/v8_test_support.h"

namespace v8ws::net {
namespace {

using namespace std::chrono_literals;
using test::PythonServer;

// Each NetworkServiceTest runs twice: the service on a thread of its own, and on a libuv
// loop (the shell's default) through LoopService.
enum class ServiceMode { kOwnThread, kUvLoop };
ServiceMode g_mode = ServiceMode::kOwnThread;

std::shared_ptr<NetworkService> MakeService(
    NetworkService::Options options = NetworkService::Options()) {
  if (g_mode == ServiceMode::kUvLoop)
    return std::make_shared<LoopService>(std::move(options));
  return NetworkService::Create(std::move(options));
}

class NetworkServiceTest : public ::testing::TestWithParam<ServiceMode> {
 protected:
  void SetUp() override { g_mode = GetParam(); }
  void TearDown() override { g_mode = ServiceMode::kOwnThread; }
};

INSTANTIATE_TEST_SUITE_P(Modes,
                         NetworkServiceTest,
                         ::testing::Values(ServiceMode::kOwnThread, ServiceMode::kUvLoop),
                         [](const ::testing::TestParamInfo<ServiceMode>& info) {
                           return info.param == ServiceMode::kUvLoop ? "UvLoop" : "OwnThread";
                         });

// Records a connection's events; tests wait on it.
class RecordingClient : public ConnectionClient {
 public:
  void OnOpen(std::string protocol, std::string) override { Add("open " + protocol); }
  void OnMessage(MessageType type, Buffer payload) override {
    Add(std::string(type == MessageType::kText ? "text " : "binary ") +
        std::string(reinterpret_cast<const char*>(payload.data()), payload.size()));
  }
  void OnBytesSent(uint64_t bytes) override {
    std::lock_guard<std::mutex> lock(mutex_);
    bytes_sent_ += bytes;
  }
  void OnClosingHandshakeStarted() override { Add("closing"); }
  void OnClosed(bool was_clean,
                uint16_t code,
                std::string reason,
                bool failed,
                std::string why) override {
    Add("closed " + std::to_string(code) + " " + reason + (was_clean ? " clean" : " unclean") +
        (failed ? " failed" : ""));
  }

  // Waits until an event starting with `prefix` arrived; returns it ("" on timeout).
  std::string WaitFor(const std::string& prefix, std::chrono::milliseconds timeout = 5000ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    std::string found;
    cv_.wait_for(lock, timeout, [&] {
      for (const auto& e : events_) {
        if (e.rfind(prefix, 0) == 0) {
          found = e;
          return true;
        }
      }
      return false;
    });
    return found;
  }
  std::vector<std::string> events() {
    std::lock_guard<std::mutex> lock(mutex_);
    return events_;
  }
  uint64_t bytes_sent() {
    std::lock_guard<std::mutex> lock(mutex_);
    return bytes_sent_;
  }

 private:
  void Add(std::string e) {
    std::lock_guard<std::mutex> lock(mutex_);
    events_.push_back(std::move(e));
    cv_.notify_all();
  }
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::string> events_;
  uint64_t bytes_sent_ = 0;
};

ConnectRequest Request(uint16_t port, const std::string& resource = "/echo") {
  ConnectRequest r;
  r.host = "127.0.0.1";
  r.port = port;
  r.host_header = "127.0.0.1:" + std::to_string(port);
  r.resource = resource;
  r.origin = "http://test.example";
  return r;
}

TEST_P(NetworkServiceTest, EchoesTextAndBinaryAndClosesCleanly) {
  ASSERT_NE(PythonServer::Port(), 0) << "run from the repository root";
  auto service = MakeService();
  auto client = std::make_shared<RecordingClient>();
  ConnectionId id = service->Connect(Request(PythonServer::Port()), client);
  ASSERT_EQ(client->WaitFor("open"), "open ");
  service->Send(id, MessageType::kText, Buffer("hello", 5));
  service->Send(id, MessageType::kBinary, Buffer("\x00\x01", 2));
  EXPECT_EQ(client->WaitFor("text"), "text hello");
  EXPECT_EQ(client->WaitFor("binary"), std::string("binary \x00\x01", 9));
  EXPECT_EQ(client->bytes_sent(), 7u) << "every application byte reported as sent";
  service->Close(id, uint16_t{1000}, "done");
  EXPECT_EQ(client->WaitFor("closed"), "closed 1000 done clean");
  EXPECT_EQ(client->events().size(), 4u);
}

TEST_P(NetworkServiceTest, MessagesLargerThanTheSocketBuffersAllArrive) {
  // 1 MiB messages, eight in flight, each echo answered by the next message, against a
  // server as fast as the client: the kernel refuses most bytes, lws keeps them, and
  // everything must still go out and come back in order. (The service on its own thread
  // once stopped reading in the middle of this, when it wrote from its command queue.)
  ASSERT_NE(PythonServer::FastPort(), 0);
  auto service = MakeService();
  auto client = std::make_shared<RecordingClient>();
  ConnectionId id = service->Connect(Request(PythonServer::FastPort()), client);
  ASSERT_EQ(client->WaitFor("open"), "open ");
  std::string big(1 << 20, 'b');
  constexpr int kMessages = 64, kWindow = 8;
  int sent = 0;
  auto send = [&] {
    big[0] = static_cast<char>('0' + sent % 64);
    service->Send(id, MessageType::kBinary, Buffer(big.data(), big.size()));
    ++sent;
  };
  for (int i = 0; i < kWindow; ++i)
    send();
  // A guard against a hang, not a speed target: under TSan on a busy 2-core machine 20 s
  // carried 51 of the 64 MiB.
  auto deadline = std::chrono::steady_clock::now() + 90s;
  size_t echoes = 0;
  while (echoes < kMessages && std::chrono::steady_clock::now() < deadline) {
    auto events = client->events();
    echoes = std::count_if(events.begin(), events.end(),
                           [](const std::string& e) { return e.rfind("binary ", 0) == 0; });
    while (sent < kMessages && static_cast<size_t>(sent) < echoes + kWindow)
      send();
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_EQ(echoes, size_t{kMessages}) << "the echoes stopped coming";
  auto events = client->events();
  for (int i = 0; i < kMessages; ++i) {
    EXPECT_EQ(events[1 + i].size(), 7u + (1 << 20));
    EXPECT_EQ(events[1 + i][7], '0' + i % 64) << "in order";
  }
  EXPECT_EQ(client->bytes_sent(), uint64_t{kMessages} << 20);
  service->Close(id, uint16_t{1000}, "");
  EXPECT_EQ(client->WaitFor("closed"), "closed 1000  clean");
}

TEST_P(NetworkServiceTest, ServerCloseCodeAndReasonAreReported) {
  auto service = MakeService();
  auto client = std::make_shared<RecordingClient>();
  service->Connect(Request(PythonServer::Port(), "/close/4321/why"), client);
  EXPECT_EQ(client->WaitFor("closed"), "closed 4321 why clean");
  auto events = client->events();
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[1], "closing") << "the server started the closing handshake";
}

TEST_P(NetworkServiceTest, RefusedConnectionFails) {
  auto service = MakeService();
  auto client = std::make_shared<RecordingClient>();
  service->Connect(Request(1), client);
  EXPECT_EQ(client->WaitFor("closed"), "closed 1006  unclean failed");
}

ConnectRequest TlsRequest(const std::string& cert, const std::string& host) {
  ConnectRequest r = Request(PythonServer::TlsPort(cert));
  r.secure = true;
  r.host = host;
  r.host_header = host + ":" + std::to_string(r.port);
  r.ca_file = PythonServer::CertDir() + "/ca.pem";
  if (host == "localhost")
    r.host = "localhost";
  return r;
}

TEST_P(NetworkServiceTest, TlsEchoByNameAndByAddress) {
  ASSERT_FALSE(PythonServer::CertDir().empty()) << "openssl could not make test certificates";
  for (const char* host : {"localhost", "127.0.0.1"}) {
    auto service = MakeService();
    auto client = std::make_shared<RecordingClient>();
    ConnectionId id = service->Connect(TlsRequest("server", host), client);
    ASSERT_EQ(client->WaitFor("open"), "open ") << host;
    std::string big(100000, 'z');
    service->Send(id, MessageType::kText, Buffer("over tls", 8));
    service->Send(id, MessageType::kBinary, Buffer(big.data(), big.size()));
    EXPECT_EQ(client->WaitFor("text"), "text over tls");
    EXPECT_EQ(client->WaitFor("binary"), "binary " + big);
    service->Close(id, uint16_t{1000}, "tls bye");
    EXPECT_EQ(client->WaitFor("closed"), "closed 1000 tls bye clean") << host;
  }
}

TEST_P(NetworkServiceTest, ATlsServerThatWaitsForOurCloseNotifyClosesWithoutTheTimeout) {
  // After the closing handshake Python's asyncio server sends close_notify and waits for
  // ours before closing TCP; a client that waits for TCP's close instead (RFC 6455 §7.1.1)
  // would sit out its close timeout, here longer than WaitFor's.
  NetworkService::Options options;
  options.close_timeout_s = 30;
  auto service = MakeService(options);
  auto client = std::make_shared<RecordingClient>();
  ConnectionId id = service->Connect(TlsRequest("server", "localhost"), client);
  ASSERT_EQ(client->WaitFor("open"), "open ");
  service->Close(id, uint16_t{1000}, "");
  EXPECT_EQ(client->WaitFor("closed"), "closed 1000  clean");
}

TEST_P(NetworkServiceTest, TlsCertificateProblemsFailTheConnection) {
  struct Case {
    const char* cert;
    const char* host;
    bool trust_ca;
  } cases[] = {
      {"server", "localhost", false},  // the test CA is not trusted
      {"self", "localhost", true},     // self-signed
      {"other", "localhost", true},    // a trusted certificate for another name
      {"other", "127.0.0.1", true},    // ... and not for this address
  };
  for (const Case& c : cases) {
    auto service = MakeService();
    auto client = std::make_shared<RecordingClient>();
    ConnectRequest r = TlsRequest(c.cert, c.host);
    if (!c.trust_ca)
      r.ca_file.clear();
    service->Connect(r, client);
    EXPECT_EQ(client->WaitFor("closed"), "closed 1006  unclean failed") << c.cert << " " << c.host;
    EXPECT_EQ(client->WaitFor("open", 10ms), "");
  }
}

TEST_P(NetworkServiceTest, PlainServerBehindWssFails) {
  auto service = MakeService();
  auto client = std::make_shared<RecordingClient>();
  ConnectRequest r = Request(PythonServer::Port());
  r.secure = true;
  service->Connect(r, client);
  EXPECT_EQ(client->WaitFor("closed"), "closed 1006  unclean failed");
}

TEST_P(NetworkServiceTest, MissingCaFileFailsClearly) {
  auto service = MakeService();
  auto client = std::make_shared<RecordingClient>();
  ConnectRequest r = TlsRequest("server", "localhost");
  r.ca_file = "/nonexistent/ca.pem";
  service->Connect(r, client);
  EXPECT_EQ(client->WaitFor("closed"), "closed 1006  unclean failed");
}

TEST_P(NetworkServiceTest, ManyConcurrentConnections) {
  auto service = MakeService();
  std::vector<std::shared_ptr<RecordingClient>> clients;
  std::vector<ConnectionId> ids;
  for (int i = 0; i < 100; ++i) {
    clients.push_back(std::make_shared<RecordingClient>());
    ids.push_back(service->Connect(Request(PythonServer::Port()), clients.back()));
  }
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(clients[i]->WaitFor("open"), "open ") << i;
    std::string text = "n" + std::to_string(i);
    service->Send(ids[i], MessageType::kText, Buffer(text.data(), text.size()));
  }
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(clients[i]->WaitFor("text"), "text n" + std::to_string(i));
    service->Close(ids[i], std::nullopt, "");
  }
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(clients[i]->WaitFor("closed"), "closed 1005  clean");
  for (int i = 0; i < 200 && service->ConnectionCount() > 0; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(service->ConnectionCount(), 0u);
}

// A one-connection TCP server on loopback, driven by a script run on its own thread.
class ScriptedServer {
 public:
  using Script = std::function<void(ScriptedServer&)>;
  explicit ScriptedServer(Script script) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t len = sizeof(addr);
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen(listen_fd_, 1);
    thread_ = std::thread([this, script] {
      fd_ = accept(listen_fd_, nullptr, nullptr);
      timeval tv{5, 0};
      setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
      script(*this);
      if (fd_ >= 0)
        close(fd_);
    });
  }
  ~ScriptedServer() {
    Join();
    close(listen_fd_);
  }
  // Waits for the script to finish.
  void Join() {
    if (thread_.joinable())
      thread_.join();
  }
  uint16_t port() const { return port_; }

  // Reads the request and answers 101 (with `extra` headers).
  void Handshake(const std::string& extra = "") {
    std::string request = ReadUntil("\r\n\r\n");
    size_t k = request.find("Sec-WebSocket-Key: ") + 19;
    std::string key = request.substr(k, request.find("\r\n", k) - k);
    Write(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: " +
        ComputeAcceptKey(key) + "\r\n" + extra + "\r\n");
  }
  std::string ReadUntil(const std::string& end) {
    std::string data;
    char c;
    while (data.find(end) == std::string::npos && read(fd_, &c, 1) == 1)
      data += c;
    request_ = data;
    return data;
  }
  void Write(const std::string& bytes) {
    size_t off = 0;
    while (off < bytes.size()) {
      ssize_t n = write(fd_, bytes.data() + off, bytes.size() - off);
      if (n <= 0)
        return;
      off += static_cast<size_t>(n);
    }
  }
  // Reads one client frame; returns opcode and unmasked payload (opcode -1 at EOF).
  std::pair<int, std::string> ReadFrame() {
    uint8_t h[2];
    if (!ReadExact(h, 2))
      return {-1, ""};
    uint64_t len = h[1] & 0x7F;
    if (len == 126) {
      uint8_t e[2];
      ReadExact(e, 2);
      len = (e[0] << 8) | e[1];
    } else if (len == 127) {
      uint8_t e[8];
      ReadExact(e, 8);
      len = 0;
      for (uint8_t b : e)
        len = (len << 8) | b;
    }
    uint8_t key[4] = {0, 0, 0, 0};
    if (h[1] & 0x80)
      ReadExact(key, 4);
    std::string payload(len, '\0');
    ReadExact(reinterpret_cast<uint8_t*>(payload.data()), len);
    for (size_t i = 0; i < len; ++i)
      payload[i] ^= key[i % 4];
    return {h[0] & 0x0F, payload};
  }
  // Reads until EOF; true when the client closed the connection.
  bool WaitForEof() {
    char c;
    while (true) {
      ssize_t n = read(fd_, &c, 1);
      if (n == 0)
        return true;
      if (n < 0)
        return false;
    }
  }
  // Writes `frame` again and again until a write blocks for `block_ms` or `max_bytes` went
  // out; returns the bytes written.
  size_t FloodUntilBlocked(const std::string& frame, size_t max_bytes, int block_ms) {
    timeval tv{block_ms / 1000, (block_ms % 1000) * 1000};
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    size_t total = 0;
    while (total < max_bytes) {
      // flood_offset_ carries over between calls, so the stream stays frame-aligned.
      ssize_t n = write(fd_, frame.data() + flood_offset_, frame.size() - flood_offset_);
      if (n <= 0)
        break;
      total += static_cast<size_t>(n);
      flood_offset_ = (flood_offset_ + static_cast<size_t>(n)) % frame.size();
    }
    return total;
  }
  void CloseSocket() {
    close(fd_);
    fd_ = -1;
  }
  const std::string& request() const { return request_; }

 private:
  bool ReadExact(uint8_t* out, size_t n) {
    size_t got = 0;
    while (got < n) {
      ssize_t r = read(fd_, out + got, n - got);
      if (r <= 0)
        return false;
      got += static_cast<size_t>(r);
    }
    return true;
  }
  int listen_fd_ = -1;
  int fd_ = -1;
  size_t flood_offset_ = 0;
  uint16_t port_ = 0;
  std::string request_;
  std::thread thread_;
};

int CloseCodeOf(const std::string& payload) {
  if (payload.size() < 2)
    return 1005;
  return (static_cast<uint8_t>(payload[0]) << 8) | static_cast<uint8_t>(payload[1]);
}

TEST_P(NetworkServiceTest, RequestCarriesOriginHostAndExtraHeaders) {
  std::string request;
  ScriptedServer server([&](ScriptedServer& s) {
    s.Handshake();
    request = s.request();
    s.Write(std::string("\x88\x02\x03\xE8", 4));
    s.ReadFrame();
  });
  auto service = MakeService();
  auto client = std::make_shared<RecordingClient>();
  ConnectRequest r = Request(server.port(), "/path?q=1");
  r.extra_headers = {{"X-Test", "yes"}};
  r.username = "user";
  r.password = "p w";
  service->Connect(r, client);
  EXPECT_EQ(client->WaitFor("closed"), "closed 1000  clean");
  EXPECT_EQ(request.rfind("GET /path?q=1 HTTP/1.1\r\n", 0), 0u);
  EXPECT_NE(request.find("Host: 127.0.0.1:" + std::to_string(server.port())), std::string::npos);
  EXPECT_NE(request.find("Origin: http://test.example\r\n"), std::string::npos);
  EXPECT_NE(request.find("X-Test: yes\r\n"), std::string::npos);
  EXPECT_NE(request.find("Authorization: Basic dXNlcjpwIHc=\r\n"), std::string::npos);
}

TEST_P(NetworkServiceTest, BadPortsFailWithoutConnecting) {
  EXPECT_TRUE(IsBadPort(1));
  EXPECT_TRUE(IsBadPort(6697));
  EXPECT_TRUE(IsBadPort(10080));
  EXPECT_FALSE(IsBadPort(80));
  EXPECT_FALSE(IsBadPort(443));
  EXPECT_FALSE(IsBadPort(8080));
  auto service = MakeService();
  auto client = std::make_shared<RecordingClient>();
  service->Connect(Request(6666), client);
  EXPECT_EQ(client->WaitFor("closed"), "closed 1006  unclean failed");
}

// Each violation: the client sends Close with the right code, then script sees 1006.
struct Violation {
  const char* name;
  std::string bytes;
  int code;
};

class HostileServerTest : public ::testing::TestWithParam<std::tuple<Violation, ServiceMode>> {
 protected:
  void SetUp() override { g_mode = std::get<1>(GetParam()); }
  void TearDown() override { g_mode = ServiceMode::kOwnThread; }
};

TEST_P(HostileServerTest, FailsAndSendsTheRightCode) {
  const Violation& v = std::get<0>(GetParam());
  int sent_code = 0;
  bool client_closed_tcp = false;
  auto server = std::make_unique<ScriptedServer>([&](ScriptedServer& s) {
    s.Handshake();
    s.Write(v.bytes);
    auto [opcode, payload] = s.ReadFrame();
    if (opcode == 0x8)
      sent_code = CloseCodeOf(payload);
    client_closed_tcp = s.WaitForEof();
  });
  auto service = MakeService();
  auto client = std::make_shared<RecordingClient>();
  service->Connect(Request(server->port()), client);
  EXPECT_EQ(client->WaitFor("closed"), "closed 1006  unclean failed");
  server.reset();  // joins the server's thread: what it saw is complete
  EXPECT_EQ(sent_code, v.code);
  EXPECT_TRUE(client_closed_tcp) << "the client closes TCP after failing";
}

INSTANTIATE_TEST_SUITE_P(
    Rfc6455,
    HostileServerTest,
    ::testing::Combine(
        ::testing::Values(Violation{"MaskedFrame", std::string("\x81\x81\x00\x00\x00\x00x", 7),
                                    1002},
                          Violation{"ReservedOpcode", std::string("\x83\x00", 2), 1002},
                          Violation{"RsvBit", std::string("\xA1\x01x", 3), 1002},
                          Violation{"FragmentedPing", std::string("\x09\x00", 2), 1002},
                          Violation{"ContinuationFirst", std::string("\x80\x01x", 3), 1002},
                          Violation{"InvalidUtf8", std::string("\x81\x01\xFF", 3), 1007},
                          Violation{"CloseOneByte", std::string("\x88\x01\x03", 3), 1002},
                          Violation{"CloseCode1005", std::string("\x88\x02\x03\xED", 4), 1002}),
        ::testing::Values(ServiceMode::kOwnThread, ServiceMode::kUvLoop)),
    [](const ::testing::TestParamInfo<std::tuple<Violation, ServiceMode>>& info) {
      return std::string(std::get<0>(info.param).name) +
             (std::get<1>(info.param) == ServiceMode::kUvLoop ? "_UvLoop" : "_OwnThread");
    });

TEST_P(NetworkServiceTest, SendsEveryQueuedMessageBeforeTheCloseFrame) {
  std::vector<std::pair<int, std::string>> frames;
  ScriptedServer server([&](ScriptedServer& s) {
    s.Handshake();
    for (;;) {
      auto frame = s.ReadFrame();
      if (frame.first < 0)
        break;
      frames.push_back(frame);
      if (frame.first == 0x8) {
        s.Write(std::string("\x88\x02", 2) + frame.second.substr(0, 2));
        break;
      }
    }
  });
  auto service = MakeService();
  auto client = std::make_shared<RecordingClient>();
  ConnectionId id = service->Connect(Request(server.port()), client);
  ASSERT_EQ(client->WaitFor("open"), "open ");
  for (int i = 0; i < 50; ++i) {
    std::string text = "m" + std::to_string(i);
    service->Send(id, MessageType::kText, Buffer(text.data(), text.size()));
  }
  service->Close(id, uint16_t{3000}, "bye");
  EXPECT_EQ(client->WaitFor("closed"), "closed 3000  clean");
  ASSERT_EQ(frames.size(), 51u);
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(frames[i].second, "m" + std::to_string(i));
  EXPECT_EQ(frames[50].first, 0x8);
  EXPECT_EQ(frames[50].second, std::string("\x0B\xB8"
                                           "bye",
                                           5));
}

TEST_P(NetworkServiceTest, StoppingTheServiceStillSendsTheCloseFrameOfARelease) {
  // A context going away releases its sockets with 1001, and the service may be destroyed
  // straight after (the shell does both in one tear-down): the Close frame and everything
  // queued before it still reach the server, then TCP closes. Repeated, because the Release
  // and the stop may or may not arrive in one batch. The server answers the Close as
  // servers do, and the client waits for its TCP close (RFC 6455 §7.1.1); in round 0 it
  // never answers, and the client gives up after a second.
  for (int round = 0; round < 20; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    std::vector<std::pair<int, std::string>> frames;
    bool tcp_closed = false;
    ScriptedServer server([&](ScriptedServer& s) {
      s.Handshake();
      for (;;) {
        auto frame = s.ReadFrame();
        if (frame.first < 0) {
          tcp_closed = true;
          break;
        }
        frames.push_back(frame);
        if (frame.first == 0x8 && round > 0) {
          s.Write(std::string("\x88\x02\x03\xe9", 4));
          s.CloseSocket();
          tcp_closed = true;
          break;
        }
      }
    });
    auto service = MakeService();
    auto client = std::make_shared<RecordingClient>();
    ConnectionId id = service->Connect(Request(server.port()), client);
    ASSERT_EQ(client->WaitFor("open"), "open ");
    service->Send(id, MessageType::kText, Buffer("last words", 10));
    service->Release(id, uint16_t{1001});
    service.reset();  // joins the network thread
    server.Join();
    ASSERT_EQ(frames.size(), 2u);
    EXPECT_EQ(frames[0].second, "last words");
    EXPECT_EQ(frames[1].first, 0x8);
    EXPECT_EQ(CloseCodeOf(frames[1].second), 1001);
    EXPECT_TRUE(tcp_closed);
  }
}

// A listener that holds the first handshake 300 ms and watches for a second connection:
// it comes only after, unless the queue is turned off.
void ExpectSecondConnectionWaits(bool one_connecting_per_endpoint) {
  SCOPED_TRACE(one_connecting_per_endpoint ? "queued" : "not queued");
  int listen_fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  getsockname(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
  listen(listen_fd, 8);
  uint16_t port = ntohs(addr.sin_port);
  bool second_arrived_early = true;
  bool second_arrived_after = false;
  std::thread server([&] {
    auto answer = [](int fd) {
      std::string request;
      char c;
      while (request.find("\r\n\r\n") == std::string::npos && read(fd, &c, 1) == 1)
        request += c;
      size_t k = request.find("Sec-WebSocket-Key: ") + 19;
      std::string response =
          "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Accept: " +
          ComputeAcceptKey(request.substr(k, request.find("\r\n", k) - k)) + "\r\n\r\n";
      (void)!write(fd, response.data(), response.size());
    };
    int first = accept(listen_fd, nullptr, nullptr);
    pollfd p{listen_fd, POLLIN, 0};
    second_arrived_early = poll(&p, 1, 300) > 0;
    answer(first);
    p.revents = 0;
    second_arrived_after = poll(&p, 1, 3000) > 0;
    int second = second_arrived_after ? accept(listen_fd, nullptr, nullptr) : -1;
    if (second >= 0) {
      answer(second);
      close(second);
    }
    close(first);
  });
  NetworkService::Options options;
  options.one_connecting_per_endpoint = one_connecting_per_endpoint;
  auto service = MakeService(options);
  auto a = std::make_shared<RecordingClient>();
  auto b = std::make_shared<RecordingClient>();
  service->Connect(Request(port), a);
  service->Connect(Request(port), b);
  EXPECT_EQ(a->WaitFor("open"), "open ");
  EXPECT_EQ(b->WaitFor("open"), "open ");
  server.join();
  close(listen_fd);
  if (one_connecting_per_endpoint) {
    EXPECT_FALSE(second_arrived_early) << "the second connection waited for the first";
    EXPECT_TRUE(second_arrived_after);
  } else {
    EXPECT_TRUE(second_arrived_early) << "the second connection did not wait";
  }
}

TEST_P(NetworkServiceTest, OneConnectingConnectionPerEndpoint) {
  ExpectSecondConnectionWaits(true);
}

TEST_P(NetworkServiceTest, TheQueueCanBeTurnedOff) {
  ExpectSecondConnectionWaits(false);
}

// Reading pauses past the credit's high mark (ContextOptions::max_undelivered_bytes): the
// undelivered bytes stay under it plus one read and one frame, and reading resumes.
void ExpectReadingStopsAt(int64_t high) {
  SCOPED_TRACE("high mark " + std::to_string(high));
  // 64 KiB binary frames from the server, as fast as the client takes them.
  std::string frame =
      std::string("\x82\x7F\x00\x00\x00\x00\x00\x01\x00\x00", 10) + std::string(65536, 'f');
  size_t before_resume = 0, after_resume = 0;
  std::mutex m;
  std::condition_variable cv;
  bool blocked = false, resumed = false;
  auto server = std::make_unique<ScriptedServer>([&](ScriptedServer& s) {
    s.Handshake();
    size_t n = s.FloodUntilBlocked(frame, 256u << 20, 1000);
    {
      std::unique_lock<std::mutex> lock(m);
      before_resume = n;
      blocked = true;
      cv.notify_all();
      cv.wait_for(lock, 5s, [&] { return resumed; });
    }
    after_resume = s.FloodUntilBlocked(frame, 4u << 20, 1000);
    s.CloseSocket();
  });
  auto service = MakeService();
  auto client = std::make_shared<RecordingClient>();
  ConnectRequest r = Request(server->port());
  r.credit = std::make_shared<ReceiveCredit>(high);
  ConnectionId id = service->Connect(r, client);
  {
    std::unique_lock<std::mutex> lock(m);
    cv.wait_for(lock, 20s, [&] { return blocked; });
  }
  // The client read at most the high mark (plus what was in flight): the rest sits in
  // socket buffers, and the server's writes blocked.
  EXPECT_GT(before_resume, static_cast<size_t>(high));
  EXPECT_LT(before_resume, size_t{40} << 20) << "reading did not stop";
  EXPECT_TRUE(r.credit->paused.load());
  int64_t undelivered = r.credit->undelivered.load();
  EXPECT_LE(undelivered, high + 2 * int64_t{1 << 20});
  // The consumer catches up, and keeps up: reading resumes whenever it fell behind.
  {
    std::lock_guard<std::mutex> lock(m);
    resumed = true;
    cv.notify_all();
  }
  auto deadline = std::chrono::steady_clock::now() + 15s;
  while (client->WaitFor("closed", 1ms).empty() && std::chrono::steady_clock::now() < deadline) {
    int64_t pending = r.credit->undelivered.load();
    if (pending > 0 && r.credit->Consume(pending - ReceiveCredit::kPerMessage))
      service->Resume(id);
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(client->WaitFor("closed", 1000ms).rfind("closed 1006", 0), 0u);
  server.reset();  // joins the server's thread before reading what it measured
  EXPECT_GT(after_resume, size_t{1} << 20) << "reading resumed";
}

TEST_P(NetworkServiceTest, ReadingStopsWhileTheConsumerIsBehind) {
  ExpectReadingStopsAt(ReceiveCredit::kDefaultHigh);
  ExpectReadingStopsAt(1 << 20);
}

std::shared_ptr<NetworkService> ServiceWithCloseTimeoutOfOneSecond() {
  NetworkService::Options options;
  options.closing_handshake_timeout_s = 1;
  options.close_timeout_s = 1;
  return MakeService(options);
}

TEST_P(NetworkServiceTest, AServerThatNeverAnswersOurCloseIsDroppedAfterTheTimeout) {
  ScriptedServer server([&](ScriptedServer& s) {
    s.Handshake();
    s.ReadFrame();   // our Close frame; never answered
    s.WaitForEof();  // until the client gives up
  });
  auto service = ServiceWithCloseTimeoutOfOneSecond();
  auto client = std::make_shared<RecordingClient>();
  ConnectionId id = service->Connect(Request(server.port()), client);
  ASSERT_EQ(client->WaitFor("open"), "open ");
  auto start = std::chrono::steady_clock::now();
  service->Close(id, uint16_t{1000}, "");
  EXPECT_EQ(client->WaitFor("closed", 5000ms), "closed 1006  unclean")
      << "unclean, but not a failure: no error event";
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
}

TEST_P(NetworkServiceTest, AServerThatKeepsTcpOpenAfterTheHandshakeIsDropped) {
  ScriptedServer server([&](ScriptedServer& s) {
    s.Handshake();
    auto frame = s.ReadFrame();
    s.Write(std::string("\x88\x02", 2) + frame.second.substr(0, 2));
    s.WaitForEof();  // never closes TCP itself
  });
  auto service = ServiceWithCloseTimeoutOfOneSecond();
  auto client = std::make_shared<RecordingClient>();
  ConnectionId id = service->Connect(Request(server.port()), client);
  ASSERT_EQ(client->WaitFor("open"), "open ");
  service->Close(id, uint16_t{3000}, "");
  EXPECT_EQ(client->WaitFor("closed", 5000ms), "closed 3000  clean")
      << "the closing handshake completed: still clean";
}

TEST_P(NetworkServiceTest, PingsAreAnswered) {
  std::vector<std::string> pongs;
  ScriptedServer server([&](ScriptedServer& s) {
    s.Handshake();
    std::string burst;
    for (int i = 0; i < 1000; ++i)
      burst += std::string("\x89\x04", 2) + std::to_string(1000 + i);
    s.Write(burst);
    for (int i = 0; i < 1000; ++i) {
      auto frame = s.ReadFrame();
      if (frame.first != 0xA)
        break;
      pongs.push_back(frame.second);
    }
    s.Write(std::string("\x88\x00", 2));
    s.ReadFrame();
  });
  auto service = MakeService();
  auto client = std::make_shared<RecordingClient>();
  service->Connect(Request(server.port()), client);
  EXPECT_EQ(client->WaitFor("closed"), "closed 1005  clean");
  ASSERT_EQ(pongs.size(), 1000u);
  EXPECT_EQ(pongs.front(), "1000");
  EXPECT_EQ(pongs.back(), "1999");
}

TEST_P(NetworkServiceTest, TcpLossWithoutCloseFrameIs1006) {
  ScriptedServer server([&](ScriptedServer& s) {
    s.Handshake();
    s.Write("\x81\x02hi");
    s.CloseSocket();
  });
  auto service = MakeService();
  auto client = std::make_shared<RecordingClient>();
  service->Connect(Request(server.port()), client);
  EXPECT_EQ(client->WaitFor("closed"), "closed 1006  unclean failed");
  EXPECT_EQ(client->events()[1], "text hi");
}

TEST_P(NetworkServiceTest, BadHandshakeResponsesFail) {
  for (std::string response :
       {std::string("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
        std::string("HTTP/1.1 301 Moved\r\nLocation: ws://elsewhere/\r\n\r\n"),
        std::string("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    "Connection: Upgrade\r\nSec-WebSocket-Accept: AAAA\r\n\r\n")}) {
    ScriptedServer server([&](ScriptedServer& s) {
      s.ReadUntil("\r\n\r\n");
      s.Write(response);
      s.WaitForEof();
    });
    auto service = MakeService();
    auto client = std::make_shared<RecordingClient>();
    service->Connect(Request(server.port()), client);
    EXPECT_EQ(client->WaitFor("closed"), "closed 1006  unclean failed") << response;
    EXPECT_EQ(client->WaitFor("open", 10ms), "") << "never open";
  }
}

// Name resolution runs off the network thread, through Options::resolve in these tests.
NetworkService::Options WithResolver(
    std::function<std::vector<std::string>(const std::string&)> resolve) {
  NetworkService::Options options;
  options.resolve = std::move(resolve);
  return options;
}

ConnectRequest NamedRequest(const std::string& host, uint16_t port) {
  ConnectRequest r = Request(port);
  r.host = host;
  r.host_header = host + ":" + std::to_string(port);
  return r;
}

TEST_P(NetworkServiceTest, ANameFallsBackToItsNextAddress) {
  std::mutex mutex;
  std::vector<std::string> asked;
  auto service = MakeService(WithResolver([&](const std::string& host) {
    std::lock_guard<std::mutex> lock(mutex);
    asked.push_back(host);
    // The server listens on 127.0.0.1 only: 127.0.0.2 refuses, as ::1 does for a server
    // on IPv4 when "localhost" resolves to both.
    return std::vector<std::string>{"127.0.0.2", "127.0.0.1"};
  }));
  auto client = std::make_shared<RecordingClient>();
  ConnectionId id =
      service->Connect(NamedRequest("two-addresses.test", PythonServer::Port()), client);
  ASSERT_EQ(client->WaitFor("open"), "open ");
  service->Send(id, MessageType::kText, Buffer("hi", 2));
  EXPECT_EQ(client->WaitFor("text"), "text hi");
  service->Close(id, uint16_t{1000}, "");
  EXPECT_EQ(client->WaitFor("closed"), "closed 1000  clean");
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(asked, std::vector<std::string>{"two-addresses.test"});
}

TEST_P(NetworkServiceTest, EveryAddressRefusingOrNoneFails) {
  auto service = MakeService(WithResolver([](const std::string& host) {
    if (host == "nowhere.test")
      return std::vector<std::string>{};
    return std::vector<std::string>{"127.0.0.2", "127.0.0.3"};
  }));
  auto unresolved = std::make_shared<RecordingClient>();
  service->Connect(NamedRequest("nowhere.test", PythonServer::Port()), unresolved);
  EXPECT_EQ(unresolved->WaitFor("closed"), "closed 1006  unclean failed");
  auto refused = std::make_shared<RecordingClient>();
  service->Connect(NamedRequest("refuses.test", PythonServer::Port()), refused);
  EXPECT_EQ(refused->WaitFor("closed"), "closed 1006  unclean failed");
}

TEST_P(NetworkServiceTest, ASlowLookupStallsNothingAndTimesOut) {
  auto service = MakeService(WithResolver([](const std::string&) {
    std::this_thread::sleep_for(1500ms);  // a DNS server that takes its time
    return std::vector<std::string>{"127.0.0.1"};
  }));
  auto slow = std::make_shared<RecordingClient>();
  ConnectRequest r = NamedRequest("slow.test", PythonServer::Port());
  r.handshake_timeout_ms = 300;
  auto start = std::chrono::steady_clock::now();
  service->Connect(r, slow);
  // An address needs no lookup: it opens while the name is still being resolved.
  auto fast = std::make_shared<RecordingClient>();
  ConnectionId id = service->Connect(Request(PythonServer::Port()), fast);
  EXPECT_EQ(fast->WaitFor("open", 1000ms), "open ");
  EXPECT_EQ(slow->WaitFor("closed", 1000ms), "closed 1006  unclean failed")
      << "the handshake timeout covers the lookup";
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1200ms);
  service->Close(id, std::nullopt, "");
  EXPECT_EQ(fast->WaitFor("closed"), "closed 1005  clean");
}

TEST_P(NetworkServiceTest, ConnectionsOverTheProcessCapFail) {
  NetworkService::Options options;
  options.max_connections = 2;
  auto service = MakeService(options);
  std::vector<std::shared_ptr<RecordingClient>> clients;
  std::vector<ConnectionId> ids;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_shared<RecordingClient>());
    ids.push_back(service->Connect(Request(PythonServer::Port()), clients.back()));
  }
  EXPECT_EQ(clients[0]->WaitFor("open"), "open ");
  EXPECT_EQ(clients[1]->WaitFor("open"), "open ");
  EXPECT_EQ(clients[2]->WaitFor("closed"), "closed 1006  unclean failed");
  service->Close(ids[0], uint16_t{1000}, "");
  EXPECT_EQ(clients[0]->WaitFor("closed"), "closed 1000  clean");
  for (int i = 0; i < 200 && service->ConnectionCount() > 1; ++i)
    std::this_thread::sleep_for(10ms);
  auto later = std::make_shared<RecordingClient>();
  ConnectionId id = service->Connect(Request(PythonServer::Port()), later);
  EXPECT_EQ(later->WaitFor("open"), "open ") << "a freed place can be taken again";
  service->Close(id, std::nullopt, "");
  service->Close(ids[1], std::nullopt, "");
  EXPECT_EQ(later->WaitFor("closed"), "closed 1005  clean");
}

TEST_P(NetworkServiceTest, TwoThousandConcurrentConnections) {
  // Each connection is a descriptor here and one in the server; both raise their soft limit
  // to the hard one, which a CI machine may set low.
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  const int kCount = static_cast<int>(std::min<rlim_t>(2000, limit.rlim_max - 200));
  if (kCount < 500)
    GTEST_SKIP() << "the descriptor limit (" << limit.rlim_max << ") is too low";
  auto service = MakeService();
  std::vector<std::shared_ptr<RecordingClient>> clients;
  std::vector<ConnectionId> ids;
  for (int i = 0; i < kCount; ++i) {
    clients.push_back(std::make_shared<RecordingClient>());
    ids.push_back(service->Connect(Request(PythonServer::Port()), clients.back()));
  }
  for (int i = 0; i < kCount; ++i)
    ASSERT_EQ(clients[i]->WaitFor("open", 60000ms), "open ") << i;
  EXPECT_EQ(service->ConnectionCount(), static_cast<size_t>(kCount)) << "all open at once";
  if (kCount < 2000)
    std::printf("TwoThousandConcurrentConnections: %d connections (descriptor limit)\n", kCount);
  for (int i = 0; i < kCount; ++i) {
    std::string text = "n" + std::to_string(i);
    service->Send(ids[i], MessageType::kText, Buffer(text.data(), text.size()));
  }
  for (int i = 0; i < kCount; ++i) {
    ASSERT_EQ(clients[i]->WaitFor("text", 30000ms), "text n" + std::to_string(i));
    service->Close(ids[i], std::nullopt, "");
  }
  for (int i = 0; i < kCount; ++i)
    ASSERT_EQ(clients[i]->WaitFor("closed", 30000ms), "closed 1005  clean") << i;
}

// On a loop, lws contexts start with a small descriptor table (a close scans all of it) and
// the service makes larger ones as sockets need them: connections opened before each growth
// keep working beside those after it, and the soft limit is as it was.
TEST(NetworkServiceGrowthTest, ConnectionsOutgrowingTheFirstDescriptorTables) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  constexpr int kWave = 1500;
  const int waves = static_cast<int>(std::min<rlim_t>(3, (limit.rlim_max - 300) / kWave));
  if (waves < 2)
    GTEST_SKIP() << "the descriptor limit (" << limit.rlim_max << ") is too low";
  auto service = std::make_shared<LoopService>(NetworkService::Options());
  rlimit raised{};
  getrlimit(RLIMIT_NOFILE, &raised);
  std::vector<std::shared_ptr<RecordingClient>> clients;
  std::vector<ConnectionId> ids;
  for (int wave = 0; wave < waves; ++wave) {
    // Each wave waits for the last: its sockets hold their descriptors when the next
    // wave's need a larger table (past 512, 1,024, 2,048 and 4,096 descriptors).
    for (int i = 0; i < kWave; ++i) {
      clients.push_back(std::make_shared<RecordingClient>());
      ids.push_back(service->Connect(Request(PythonServer::Port()), clients.back()));
    }
    for (size_t i = clients.size() - kWave; i < clients.size(); ++i)
      ASSERT_EQ(clients[i]->WaitFor("open", 60000ms), "open ") << i;
  }
  EXPECT_EQ(service->ConnectionCount(), static_cast<size_t>(waves * kWave));
  rlimit now{};
  getrlimit(RLIMIT_NOFILE, &now);
  EXPECT_EQ(now.rlim_cur, raised.rlim_cur) << "the soft limit is restored after each table";
  for (size_t i = 0; i < ids.size(); ++i) {
    std::string text = "m" + std::to_string(i);
    service->Send(ids[i], MessageType::kText, Buffer(text.data(), text.size()));
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    ASSERT_EQ(clients[i]->WaitFor("text", 30000ms), "text m" + std::to_string(i));
    service->Close(ids[i], 1000, "bye");
  }
  for (size_t i = 0; i < ids.size(); ++i)
    ASSERT_EQ(clients[i]->WaitFor("closed", 30000ms), "closed 1000 bye clean") << i;
  // Descriptors are low again; the newest context takes the next connection.
  auto later = std::make_shared<RecordingClient>();
  ConnectionId id = service->Connect(Request(PythonServer::Port()), later);
  ASSERT_EQ(later->WaitFor("open"), "open ");
  service->Close(id, std::nullopt, "");
  EXPECT_EQ(later->WaitFor("closed"), "closed 1005  clean");
}

// Several isolates, each on its own thread with its own context, share one Network (as
// renderers share a network service): every socket gets its own messages, no race (TSan).
TEST(NetworkServiceThreadsTest, IsolatesOnSeveralThreadsShareOneService) {
  const uint16_t port = PythonServer::Port();
  auto network = v8ws::Network::Create();
  constexpr int kThreads = 4;
  std::vector<std::string> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      test::V8Scope v8(ContextOptions(), network);
      v8.Eval(
          "globalThis.log = []; for (let i = 0; i < 5; i++) {"
          "  const ws = new WebSocket('ws://127.0.0.1:" +
          std::to_string(port) +
          "/echo');"
          "  ws.onopen = () => ws.send('t" +
          std::to_string(t) +
          "m' + i);"
          "  ws.onmessage = e => { log.push(e.data); ws.close(); };"
          "  ws.onclose = e => log.push('close ' + e.code + ' ' + e.wasClean);"
          "}");
      v8.RunUntil([&] { return v8.Eval("log.length") == "10"; }, 20000);
      results[t] = v8.Eval(
          "log.filter(x => x[0] === 't').sort().join() + '|' +"
          "log.filter(x => x[0] === 'c').join()");
    });
  }
  for (auto& thread : threads)
    thread.join();
  for (int t = 0; t < kThreads; ++t) {
    std::string id = "t" + std::to_string(t) + "m";
    EXPECT_EQ(results[t], id + "0," + id + "1," + id + "2," + id + "3," + id + "4|" +
                              "close 1005 true,close 1005 true,close 1005 true,"
                              "close 1005 true,close 1005 true");
  }
}

TEST_P(NetworkServiceTest, HandshakeTimeoutFailsASilentServer) {
  ScriptedServer server([&](ScriptedServer& s) {
    s.ReadUntil("\r\n\r\n");
    s.WaitForEof();
  });
  auto service = MakeService();
  auto client = std::make_shared<RecordingClient>();
  ConnectRequest r = Request(server.port());
  r.handshake_timeout_ms = 1000;
  service->Connect(r, client);
  EXPECT_EQ(client->WaitFor("closed", 4000ms), "closed 1006  unclean failed");
}

}  // namespace
}  // namespace v8ws::net

namespace v8ws::net {
namespace {

// The service makes room for its connections, and no more: lws sizes tables by the soft
// limit, so raising it to a hard limit of 2^20 would cost 18 MiB of RSS.
TEST(NetworkServiceLimitsTest, RaisesTheSoftFileLimitToWhatItsConnectionsNeed) {
  rlimit saved;
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  if (saved.rlim_max < 2000)
    GTEST_SKIP() << "the hard limit leaves no room to test";
  auto soft_after = [&](rlim_t soft, size_t connections) {
    rlimit limit = saved;
    limit.rlim_cur = soft;
    EXPECT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
    NetworkService::Options options;
    options.max_connections = connections;
    NetworkService::Create(options).reset();
    getrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_cur;
  };
  EXPECT_EQ(soft_after(1100, 100), rlim_t{1124});
  EXPECT_EQ(soft_after(1500, 100), rlim_t{1500});                // never lowered
  EXPECT_EQ(soft_after(1100, size_t{1} << 40), saved.rlim_max);  // capped by the hard limit
  setrlimit(RLIMIT_NOFILE, &saved);
}

}  // namespace
}  // namespace v8ws::net
