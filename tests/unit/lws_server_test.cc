// NetworkService against a libwebsockets server in this process (a second independent
// implementation next to Python's): echo of text, binary and large messages, close codes in
// both directions, and an lws server that sends what it must not (invalid UTF-8, a message
// over the client's limit), with the Close code the client answered recorded server-side.
#include <libwebsockets.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "net/network_service.h"

namespace v8ws::net {
namespace {

using namespace std::chrono_literals;

// An lws echo server on a free loopback port, served on its own thread. Text commands:
// "close:CODE:REASON" closes with CODE and REASON; "bad-utf8" answers with a text frame
// holding 0xFF; "big:N" answers with an N-byte binary message.
class LwsServer {
 public:
  LwsServer() {
    static const lws_protocols kProtocols[] = {
        {"v8ws-test", &LwsServer::Callback, 0, 1 << 16, 0, nullptr, 0},
        {nullptr, nullptr, 0, 0, 0, nullptr, 0},
    };
    lws_set_log_level(0, nullptr);
    lws_context_creation_info info{};
    info.port = 0;  // the kernel picks one
    info.iface = "127.0.0.1";
    info.protocols = kProtocols;
    info.user = this;
    context_ = lws_create_context(&info);
    if (context_)
      port_ = lws_get_vhost_listen_port(lws_get_vhost_by_name(context_, "default"));
    thread_ = std::thread([this] {
      while (!stop_)
        lws_service(context_, 0);
    });
  }
  ~LwsServer() {
    stop_ = true;
    lws_cancel_service(context_);
    thread_.join();
    lws_context_destroy(context_);
  }

  uint16_t port() const { return static_cast<uint16_t>(port_); }

  // The code and reason of the last Close frame a client sent ("" until one came).
  std::string WaitForPeerClose(std::chrono::milliseconds timeout = 5000ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return !peer_close_.empty(); });
    return peer_close_;
  }

 private:
  struct Session {
    std::string message;
    bool binary = false;
    std::deque<std::pair<std::string, bool>> outgoing;  // (payload, binary)
  };

  static int Callback(lws* wsi, lws_callback_reasons reason, void*, void* in, size_t len) {
    lws_context* context = lws_get_context(wsi);
    auto* self = static_cast<LwsServer*>(lws_context_user(context));
    switch (reason) {
      case LWS_CALLBACK_ESTABLISHED:
        self->sessions_[wsi] = Session();
        return 0;
      case LWS_CALLBACK_CLOSED:
        self->sessions_.erase(wsi);
        return 0;
      case LWS_CALLBACK_RECEIVE: {
        Session& session = self->sessions_[wsi];
        if (lws_is_first_fragment(wsi))
          session.message.clear();
        session.binary = lws_frame_is_binary(wsi);
        session.message.append(static_cast<const char*>(in), len);
        if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi) > 0)
          return 0;
        const std::string& m = session.message;
        if (!session.binary && m.rfind("close:", 0) == 0) {
          size_t colon = m.find(':', 6);
          int code = std::stoi(m.substr(6, colon - 6));
          std::string why = colon == std::string::npos ? "" : m.substr(colon + 1);
          lws_close_reason(wsi, static_cast<lws_close_status>(code),
                           reinterpret_cast<unsigned char*>(why.data()), why.size());
          return -1;
        }
        if (!session.binary && m == "bad-utf8")
          session.outgoing.emplace_back("\xFF", false);
        else if (!session.binary && m.rfind("big:", 0) == 0)
          session.outgoing.emplace_back(std::string(std::stoul(m.substr(4)), 'b'), true);
        else
          session.outgoing.emplace_back(m, session.binary);
        lws_callback_on_writable(wsi);
        return 0;
      }
      case LWS_CALLBACK_SERVER_WRITEABLE: {
        Session& session = self->sessions_[wsi];
        if (session.outgoing.empty())
          return 0;
        auto [payload, binary] = std::move(session.outgoing.front());
        session.outgoing.pop_front();
        std::vector<unsigned char> frame(LWS_PRE + payload.size());
        std::memcpy(frame.data() + LWS_PRE, payload.data(), payload.size());
        if (lws_write(wsi, frame.data() + LWS_PRE, payload.size(),
                      binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT) <
            static_cast<int>(payload.size()))
          return -1;
        if (!session.outgoing.empty())
          lws_callback_on_writable(wsi);
        return 0;
      }
      case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE: {
        auto* p = static_cast<const unsigned char*>(in);
        std::string record = len >= 2
                                 ? std::to_string((p[0] << 8) | p[1]) + " " +
                                       std::string(reinterpret_cast<const char*>(p) + 2, len - 2)
                                 : "1005 ";
        std::lock_guard<std::mutex> lock(self->mutex_);
        self->peer_close_ = record;
        self->cv_.notify_all();
        return 0;
      }
      default:
        return 0;
    }
  }

  lws_context* context_ = nullptr;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::map<lws*, Session> sessions_;  // the lws thread's only
  std::mutex mutex_;
  std::condition_variable cv_;
  std::string peer_close_;
};

class Client : public ConnectionClient {
 public:
  void OnOpen(std::string, std::string extensions) override { Add("open " + extensions); }
  void OnMessage(MessageType type, Buffer payload) override {
    std::string data(reinterpret_cast<const char*>(payload.data()), payload.size());
    Add(std::string(type == MessageType::kText ? "text " : "binary ") +
        (data.size() > 64 ? std::to_string(data.size()) + " bytes" : data));
  }
  void OnBytesSent(uint64_t) override {}
  void OnClosingHandshakeStarted() override {}
  void OnClosed(bool clean, uint16_t code, std::string reason, bool failed, std::string) override {
    Add("closed " + std::to_string(code) + " " + reason + (clean ? " clean" : " unclean") +
        (failed ? " failed" : ""));
  }
  std::string WaitFor(const std::string& prefix) {
    std::unique_lock<std::mutex> lock(mutex_);
    std::string found;
    cv_.wait_for(lock, 5000ms, [&] {
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

 private:
  void Add(std::string e) {
    std::lock_guard<std::mutex> lock(mutex_);
    events_.push_back(std::move(e));
    cv_.notify_all();
  }
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::string> events_;
};

ConnectRequest Request(uint16_t port, size_t max_message_size = 256u << 20) {
  ConnectRequest r;
  r.host = "127.0.0.1";
  r.port = port;
  r.host_header = "127.0.0.1:" + std::to_string(port);
  r.resource = "/";
  r.origin = "http://test.example";
  r.protocols = {"v8ws-test"};
  r.max_message_size = max_message_size;
  return r;
}

void Send(NetworkService& service, ConnectionId id, MessageType type, const std::string& data) {
  service.Send(id, type, Buffer(data.data(), data.size()));
}

TEST(LwsServerTest, EchoesTextBinaryAndLargeMessages) {
  LwsServer server;
  ASSERT_NE(server.port(), 0);
  auto service = NetworkService::Create();
  auto client = std::make_shared<Client>();
  ConnectionId id = service->Connect(Request(server.port()), client);
  // lws declines permessage-deflate unless configured to offer it.
  ASSERT_EQ(client->WaitFor("open"), "open ");
  Send(*service, id, MessageType::kText, "h\xC3\xA9llo");
  EXPECT_EQ(client->WaitFor("text"), "text h\xC3\xA9llo");
  Send(*service, id, MessageType::kBinary, std::string("\x00\xFF", 2));
  EXPECT_EQ(client->WaitFor("binary"), std::string("binary \x00\xFF", 9));
  Send(*service, id, MessageType::kBinary, std::string(3 << 20, 'x'));
  EXPECT_EQ(client->WaitFor("binary 3"), "binary 3145728 bytes");
  service->Close(id, uint16_t{1000}, "done");
  EXPECT_EQ(client->WaitFor("closed"), "closed 1000 done clean");
  EXPECT_EQ(server.WaitForPeerClose(), "1000 done");
}

TEST(LwsServerTest, ServerCloseCodeAndReasonAreReportedAndEchoed) {
  LwsServer server;
  auto service = NetworkService::Create();
  auto client = std::make_shared<Client>();
  ConnectionId id = service->Connect(Request(server.port()), client);
  ASSERT_EQ(client->WaitFor("open"), "open ");
  Send(*service, id, MessageType::kText, "close:4001:bye");
  EXPECT_EQ(client->WaitFor("closed"), "closed 4001 bye clean");
}

TEST(LwsServerTest, InvalidUtf8FromTheServerFailsWith1007) {
  LwsServer server;
  auto service = NetworkService::Create();
  auto client = std::make_shared<Client>();
  ConnectionId id = service->Connect(Request(server.port()), client);
  ASSERT_EQ(client->WaitFor("open"), "open ");
  Send(*service, id, MessageType::kText, "bad-utf8");
  EXPECT_EQ(client->WaitFor("closed"), "closed 1006  unclean failed");
  EXPECT_EQ(server.WaitForPeerClose(), "1007 ") << "the client told the server why";
}

TEST(LwsServerTest, AMessageOverTheLimitFailsWith1009) {
  LwsServer server;
  auto service = NetworkService::Create();
  auto client = std::make_shared<Client>();
  ConnectionId id = service->Connect(Request(server.port(), 1000), client);
  ASSERT_EQ(client->WaitFor("open"), "open ");
  Send(*service, id, MessageType::kText, "big:1000");
  EXPECT_EQ(client->WaitFor("binary"), "binary 1000 bytes") << "the limit itself is fine";
  Send(*service, id, MessageType::kText, "big:1001");
  EXPECT_EQ(client->WaitFor("closed"), "closed 1006  unclean failed");
  EXPECT_EQ(server.WaitForPeerClose(), "1009 ");
}

}  // namespace
}  // namespace v8ws::net
