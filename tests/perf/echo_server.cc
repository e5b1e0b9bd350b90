// The benchmarks' echo server: one thread, epoll, level-triggered, every message echoed with
// its opcode (no extensions, so nothing is compressed). With --cert/--key it serves wss:
// through OpenSSL. Built by the project so that tests/perf/run needs nothing from outside;
// it is written for speed, and trusts its client (the workloads) far more than a real server
// should. Prints "READY <port>" once listening on 127.0.0.1.
//
//   echo_server [--port N] [--cert server.pem --key server.key]
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "net/protocol/handshake.h"

namespace {

struct Client {
  int fd = -1;
  SSL* ssl = nullptr;
  bool upgraded = false;
  bool closing = false;  // our Close is queued: close TCP once it is written
  std::string in;        // plaintext received, not yet parsed
  std::string out;       // plaintext to send (TLS: not yet encrypted)
  std::string wire;      // bytes for the socket (TLS records, or `out` itself)
  std::string message;   // a fragmented message being assembled
  uint8_t message_opcode = 0;
  bool want_out = false;  // EPOLLOUT is armed
};

int g_epoll = -1;
SSL_CTX* g_tls = nullptr;
std::unordered_map<int, std::unique_ptr<Client>> g_clients;

void Frame(Client* c, uint8_t opcode, const char* data, size_t size) {
  char head[10];
  size_t n = 0;
  head[n++] = static_cast<char>(0x80 | opcode);
  if (size < 126) {
    head[n++] = static_cast<char>(size);
  } else if (size < 65536) {
    head[n++] = 126;
    head[n++] = static_cast<char>(size >> 8);
    head[n++] = static_cast<char>(size);
  } else {
    head[n++] = 127;
    for (int i = 7; i >= 0; --i)
      head[n++] = static_cast<char>(static_cast<uint64_t>(size) >> (8 * i));
  }
  c->out.append(head, n);
  c->out.append(data, size);
}

void Drop(Client* c) {
  epoll_ctl(g_epoll, EPOLL_CTL_DEL, c->fd, nullptr);
  if (c->ssl)
    SSL_free(c->ssl);
  close(c->fd);
  g_clients.erase(c->fd);
}

// The HTTP head is complete: answer the upgrade.
bool Upgrade(Client* c) {
  size_t end = c->in.find("\r\n\r\n");
  if (end == std::string::npos)
    return c->in.size() < 65536;
  std::string head = c->in.substr(0, end);
  c->in.erase(0, end + 4);
  std::string key;
  size_t pos = 0;
  while ((pos = head.find("\r\n", pos)) != std::string::npos) {
    pos += 2;
    size_t colon = head.find(':', pos);
    size_t eol = head.find("\r\n", pos);
    if (colon == std::string::npos || (eol != std::string::npos && colon > eol))
      continue;
    std::string name = head.substr(pos, colon - pos);
    for (char& ch : name)
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (name == "sec-websocket-key") {
      size_t v = head.find_first_not_of(' ', colon + 1);
      key = head.substr(v, (eol == std::string::npos ? head.size() : eol) - v);
    }
  }
  if (key.empty())
    return false;
  c->out += "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Accept: " +
            v8ws::net::ComputeAcceptKey(key) + "\r\n\r\n";
  c->upgraded = true;
  return true;
}

// Parses whole frames from `in`; false when the connection must go.
bool Parse(Client* c) {
  if (!c->upgraded && !Upgrade(c))
    return false;
  for (;;) {
    const auto* p = reinterpret_cast<const uint8_t*>(c->in.data());
    size_t have = c->in.size();
    if (have < 2)
      return true;
    bool fin = p[0] & 0x80;
    uint8_t opcode = p[0] & 0x0F;
    bool masked = p[1] & 0x80;
    uint64_t len = p[1] & 0x7F;
    size_t at = 2;
    if (len == 126) {
      if (have < 4)
        return true;
      len = (uint64_t{p[2]} << 8) | p[3];
      at = 4;
    } else if (len == 127) {
      if (have < 10)
        return true;
      len = 0;
      for (int i = 0; i < 8; ++i)
        len = (len << 8) | p[2 + i];
      at = 10;
    }
    if (!masked || len > (uint64_t{1} << 30))
      return false;
    if (have < at + 4 + len)
      return true;
    const uint8_t* mask = p + at;
    std::string payload(c->in.data() + at + 4, len);
    for (size_t i = 0; i < len; ++i)
      payload[i] = static_cast<char>(payload[i] ^ mask[i & 3]);
    c->in.erase(0, at + 4 + len);
    if (opcode == 0x8) {  // echo the Close, then close TCP once it is written
      Frame(c, 0x8, payload.data(), payload.size() >= 2 ? 2 : 0);
      c->closing = true;
      return true;
    }
    if (opcode == 0x9) {
      Frame(c, 0xA, payload.data(), payload.size());
      continue;
    }
    if (opcode == 0xA)
      continue;
    if (opcode != 0) {
      c->message_opcode = opcode;
      c->message.clear();
    }
    if (fin && opcode != 0) {
      Frame(c, opcode, payload.data(), payload.size());
    } else {
      c->message += payload;
      if (fin)
        Frame(c, c->message_opcode, c->message.data(), c->message.size());
    }
  }
}

void Arm(Client* c, bool out) {
  if (c->want_out == out)
    return;
  c->want_out = out;
  epoll_event ev{};
  ev.events = out ? EPOLLIN | EPOLLOUT : EPOLLIN;
  ev.data.fd = c->fd;
  epoll_ctl(g_epoll, EPOLL_CTL_MOD, c->fd, &ev);
}

// Encrypts what is queued and writes what the socket takes; false when it must go.
bool Flush(Client* c) {
  if (c->ssl) {
    while (!c->out.empty()) {
      int n = SSL_write(c->ssl, c->out.data(), static_cast<int>(c->out.size()));
      if (n <= 0)
        break;
      c->out.erase(0, n);
    }
  } else {
    c->wire += c->out;
    c->out.clear();
  }
  if (c->ssl) {
    BIO* wbio = SSL_get_wbio(c->ssl);
    char buf[65536];
    int n;
    while ((n = BIO_read(wbio, buf, sizeof buf)) > 0)
      c->wire.append(buf, n);
  }
  while (!c->wire.empty()) {
    ssize_t n = send(c->fd, c->wire.data(), c->wire.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN)
        break;
      return false;
    }
    c->wire.erase(0, n);
  }
  Arm(c, !c->wire.empty());
  return !(c->closing && c->wire.empty() && c->out.empty());
}

void OnReadable(Client* c) {
  char buf[256 * 1024];
  for (;;) {
    ssize_t n = recv(c->fd, buf, sizeof buf, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN)) {
      Drop(c);
      return;
    }
    if (n < 0)
      break;
    if (c->ssl) {
      BIO_write(SSL_get_rbio(c->ssl), buf, static_cast<int>(n));
      for (;;) {
        int r = SSL_read(c->ssl, buf, sizeof buf);
        if (r > 0) {
          c->in.append(buf, r);
          continue;
        }
        int err = SSL_get_error(c->ssl, r);
        if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) {
          Drop(c);
          return;
        }
        break;
      }
    } else {
      c->in.append(buf, n);
    }
    if (static_cast<size_t>(n) < sizeof buf)
      break;
  }
  if (!c->closing && !Parse(c)) {
    Drop(c);
    return;
  }
  if (!Flush(c))
    Drop(c);
}

void Accept(int listener) {
  for (;;) {
    int fd = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0)
      return;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto c = std::make_unique<Client>();
    c->fd = fd;
    if (g_tls) {
      c->ssl = SSL_new(g_tls);
      SSL_set_bio(c->ssl, BIO_new(BIO_s_mem()), BIO_new(BIO_s_mem()));
      SSL_set_accept_state(c->ssl);
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(g_epoll, EPOLL_CTL_ADD, fd, &ev);
    g_clients[fd] = std::move(c);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  const char* cert = nullptr;
  const char* key = nullptr;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string arg = argv[i];
    if (arg == "--port")
      port = std::atoi(argv[i + 1]);
    else if (arg == "--cert")
      cert = argv[i + 1];
    else if (arg == "--key")
      key = argv[i + 1];
  }
  signal(SIGPIPE, SIG_IGN);
  if (cert && key) {
    g_tls = SSL_CTX_new(TLS_server_method());
    if (SSL_CTX_use_certificate_chain_file(g_tls, cert) != 1 ||
        SSL_CTX_use_PrivateKey_file(g_tls, key, SSL_FILETYPE_PEM) != 1) {
      std::fprintf(stderr, "echo_server: cannot load %s / %s\n", cert, key);
      return 1;
    }
  }
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listener, 4096) != 0) {
    std::perror("echo_server");
    return 1;
  }
  socklen_t len = sizeof addr;
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  g_epoll = epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listener;
  epoll_ctl(g_epoll, EPOLL_CTL_ADD, listener, &ev);
  std::printf("READY %d\n", ntohs(addr.sin_port));
  std::fflush(stdout);
  std::vector<epoll_event> events(1024);
  for (;;) {
    int n = epoll_wait(g_epoll, events.data(), static_cast<int>(events.size()), -1);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == listener) {
        Accept(listener);
        continue;
      }
      auto it = g_clients.find(fd);
      if (it == g_clients.end())
        continue;
      Client* c = it->second.get();
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
        OnReadable(c);
      } else if (events[i].events & EPOLLOUT) {
        if (!Flush(c))
          Drop(c);
      }
    }
  }
}
