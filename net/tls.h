// TlsSession: TLS on OpenSSL memory BIOs over a raw connection (libwebsockets 4.1 cannot
// start TLS on a RAW client connection). Like the protocol engine it never touches a socket:
// ciphertext goes in and out as bytes.
#ifndef V8WS_NET_TLS_H_
#define V8WS_NET_TLS_H_

#include <deque>
#include <map>
#include <memory>
#include <string>

#include "net/buffer.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;
typedef struct bio_st BIO;
typedef struct ssl_session_st SSL_SESSION;

namespace v8ws::net {

// Where trusted CAs come from: a directory of certificates named by subject hash (`openssl
// rehash`), looked up one at a time, and a PEM bundle, read only if the directory lacks an
// issuer a chain needs. Either may be empty.
struct TrustStore {
  std::string dir;
  std::string file;
  static TrustStore System();  // OpenSSL's compiled-in locations
};

// The TLS 1.3 cipher suites a client offers, best first, as OpenSSL's ciphersuites string.
const char* PreferredTls13Suites();

// What every TLS connection of a service trusts, and the sessions it may resume: a full
// handshake (the server's signature, our check of its chain) costs milliseconds, a resumed
// one a fraction of that, as browsers know. Used on the service's thread only.
class TlsContext {
 public:
  // The system's trust store, plus the PEM file named by SSL_CERT_FILE, plus `extra_ca_file`
  // (these two read at once).
  static std::unique_ptr<TlsContext> Create(const std::string& extra_ca_file,
                                            std::string* error,
                                            const TrustStore& system = TrustStore::System());
  ~TlsContext();
  SSL_CTX* get() const { return ctx_; }

  // A session (TLS 1.3 ticket) the server gave for `peer` (host and port), taken: each is
  // used once (RFC 8446 §C.4: a reused ticket links connections). Null when there is none.
  SSL_SESSION* TakeSession(const std::string& peer);
  void AddSession(const std::string& peer, SSL_SESSION* session);  // takes the reference

 private:
  explicit TlsContext(SSL_CTX* ctx);
  SSL_CTX* ctx_;
  std::map<std::string, std::deque<SSL_SESSION*>> sessions_;  // newest last
};

class TlsSession {
 public:
  // A client session for `host` (a domain, or an IP literal: no SNI, checked as an IP) and
  // `port`, resuming an earlier session with that peer when the context has one.
  TlsSession(TlsContext& context, const std::string& host, uint16_t port);
  // The handshake resumed a session instead of a full one.
  bool resumed() const;
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  // Starts the handshake: the ClientHello lands in ciphertext().
  bool Start();
  // Ciphertext from the network; the plaintext it yields is appended to `plaintext`.
  // False on a fatal error (bad certificate, protocol error): see error().
  bool Receive(const uint8_t* data, size_t size, Buffer* plaintext);
  // Plaintext to send. Before the handshake completes it is held and sent after it.
  bool Send(const uint8_t* data, size_t size);
  bool handshake_done() const { return handshake_done_; }
  // The server sent close_notify: it is closing the connection (RFC 8446 §6.1), as a TCP
  // close would say, and sends nothing more.
  bool peer_closed() const { return peer_closed_; }
  // Our close_notify, into ciphertext(): a server that waits for it before closing TCP
  // (Python's asyncio does) then closes at once instead of at its timeout.
  void Shutdown();
  // Ciphertext waiting to be written to the network.
  Buffer& ciphertext() { return ciphertext_; }
  const std::string& error() const { return error_; }

  // For the BIO: up to `size` bytes of received ciphertext, and how many are waiting.
  size_t ReadInput(uint8_t* out, size_t size);
  size_t input_pending() const { return input_rest_.size() - rest_read_ + input_size_; }

 private:
  bool Advance();  // drives the handshake and flushes held plaintext
  bool Decrypt(Buffer* plaintext);
  bool Fail(const std::string& why);

  std::string peer_;  // host:port, the key of the sessions it may resume
  SSL* ssl_ = nullptr;
  // Ciphertext from the network: the span Receive was given, after what an earlier call left.
  const uint8_t* input_ = nullptr;
  size_t input_size_ = 0;
  Buffer input_rest_;
  size_t rest_read_ = 0;
  bool handshake_done_ = false;
  bool peer_closed_ = false;
  Buffer held_;  // plaintext sent before the handshake finished
  Buffer ciphertext_;
  std::string error_;
};

}  // namespace v8ws::net

#endif  // V8WS_NET_TLS_H_
