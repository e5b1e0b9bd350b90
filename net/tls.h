// TlsSession: TLS on OpenSSL memory BIOs over a raw connection (libwebsockets 4.1 cannot
// start TLS on a RAW client connection). Like the protocol engine it never touches a socket:
// ciphertext goes in and out as bytes.
#ifndef V8WS_NET_TLS_H_
#define V8WS_NET_TLS_H_

#include <memory>
#include <string>

#include "net/buffer.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;
typedef struct bio_st BIO;

namespace v8ws::net {

// What every TLS connection of a service trusts.
class TlsContext {
 public:
  // The system's trust store, plus the PEM file named by SSL_CERT_FILE, plus `extra_ca_file`.
  static std::unique_ptr<TlsContext> Create(const std::string& extra_ca_file, std::string* error);
  ~TlsContext();
  SSL_CTX* get() const { return ctx_; }

 private:
  explicit TlsContext(SSL_CTX* ctx) : ctx_(ctx) {}
  SSL_CTX* ctx_;
};

class TlsSession {
 public:
  // A client session for `host` (a domain, or an IP literal: no SNI, checked as an IP).
  TlsSession(const TlsContext& context, const std::string& host);
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
  // Ciphertext waiting to be written to the network.
  Buffer& ciphertext() { return ciphertext_; }
  const std::string& error() const { return error_; }

 private:
  bool Advance();  // drives the handshake and flushes held plaintext
  void DrainOutput();
  bool Fail(const std::string& why);

  SSL* ssl_ = nullptr;
  BIO* in_ = nullptr;   // network -> OpenSSL
  BIO* out_ = nullptr;  // OpenSSL -> network
  bool handshake_done_ = false;
  Buffer held_;  // plaintext sent before the handshake finished
  Buffer ciphertext_;
  std::string error_;
};

}  // namespace v8ws::net

#endif  // V8WS_NET_TLS_H_
