// TlsSession: OpenSSL's client state machine between two memory BIOs.
#include "net/tls.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace v8ws::net {
namespace {

std::string OpenSslError(const char* what) {
  unsigned long code = ERR_get_error();
  char text[256] = {0};
  if (code)
    ERR_error_string_n(code, text, sizeof(text));
  ERR_clear_error();
  return std::string(what) + (code ? std::string(": ") + text : std::string());
}

bool IsIpLiteral(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

// The system's CA bundle, parsed only when a chain needs an issuer that neither the CAs added
// eagerly nor the hashed certificate directory has. Parsing the ~140 certificates of a bundle
// costs about 20 ms and 5 MB at the first wss: connection; Debian's directory has them all
// one file each, found by subject hash, so most processes never parse the bundle at all.
struct LazyFile {
  std::string path;
  bool loaded = false;
};

int LazyFileBySubject(X509_LOOKUP* lookup,
                      X509_LOOKUP_TYPE type,
                      const X509_NAME* name,
                      X509_OBJECT* ret) {
  auto* file = static_cast<LazyFile*>(X509_LOOKUP_get_method_data(lookup));
  if (!file || file->loaded || type != X509_LU_X509)
    return 0;  // once loaded, the store's own cache answers
  file->loaded = true;
  if (X509_load_cert_crl_file(lookup, file->path.c_str(), X509_FILETYPE_PEM) <= 0) {
    ERR_clear_error();  // no bundle: the directory was all there is
    return 0;
  }
  X509_STORE* store = X509_LOOKUP_get_store(lookup);
  X509_STORE_lock(store);
  X509_OBJECT* found = X509_OBJECT_retrieve_by_subject(X509_STORE_get0_objects(store), type,
                                                       const_cast<X509_NAME*>(name));
  // A lookup hands back a borrowed certificate, as OpenSSL's own directory lookup does: its
  // caller takes the one reference it returns. set1 takes one of ours, so give it back (the
  // store holds the certificate) or the CA and its key outlive the store.
  int ok = 0;
  if (found && X509_OBJECT_set1_X509(ret, X509_OBJECT_get0_X509(found))) {
    X509_free(X509_OBJECT_get0_X509(ret));
    ok = 1;
  }
  X509_STORE_unlock(store);
  return ok;
}

X509_LOOKUP_METHOD* LazyFileMethod() {
  static X509_LOOKUP_METHOD* method = [] {
    X509_LOOKUP_METHOD* m = X509_LOOKUP_meth_new("v8ws lazy CA file");
    X509_LOOKUP_meth_set_get_by_subject(m, LazyFileBySubject);
    X509_LOOKUP_meth_set_free(m, [](X509_LOOKUP* lookup) {
      delete static_cast<LazyFile*>(X509_LOOKUP_get_method_data(lookup));
    });
    return m;
  }();
  return method;
}

bool HasAesInstructions() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("aes");
#else
  return true;  // ARMv8 servers and phones have them; a browser there asks for AES first too
#endif
}

// A trust store: the hashed directory first, then the bundle.
bool AddTrustStore(SSL_CTX* ctx, const TrustStore& trust) {
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  X509_LOOKUP* dir = X509_STORE_add_lookup(store, X509_LOOKUP_hash_dir());
  if (!dir ||
      (!trust.dir.empty() && !X509_LOOKUP_add_dir(dir, trust.dir.c_str(), X509_FILETYPE_PEM)))
    return false;
  X509_LOOKUP* file = X509_STORE_add_lookup(store, LazyFileMethod());
  if (!file)
    return false;
  X509_LOOKUP_set_method_data(file, new LazyFile{trust.file});
  return true;
}

}  // namespace

const char* PreferredTls13Suites() {
  static const char* suites =
      HasAesInstructions()
          ? "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
          : "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384";
  return suites;
}

// One BIO for both directions, over TlsSession's own buffers: OpenSSL reads records straight
// from the bytes the socket gave and writes them straight into the ciphertext to send,
// instead of through two memory BIOs (each a copy in and a copy out).
struct BioCallbacks {
  static int Write(BIO* bio, const char* data, int size) {
    auto* session = static_cast<TlsSession*>(BIO_get_data(bio));
    session->ciphertext().Append(data, static_cast<size_t>(size));
    return size;
  }
  static int Read(BIO* bio, char* out, int size) {
    auto* session = static_cast<TlsSession*>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    size_t n = session->ReadInput(reinterpret_cast<uint8_t*>(out), static_cast<size_t>(size));
    if (n == 0) {
      BIO_set_retry_read(bio);  // "no data yet", not end of stream
      return -1;
    }
    return static_cast<int>(n);
  }
  static long Ctrl(BIO* bio, int cmd, long, void*) {
    switch (cmd) {
      case BIO_CTRL_FLUSH:
        return 1;
      case BIO_CTRL_PENDING:
        return static_cast<long>(static_cast<TlsSession*>(BIO_get_data(bio))->input_pending());
      default:
        return 0;
    }
  }
  static BIO_METHOD* Method() {
    static BIO_METHOD* method = [] {
      BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "v8ws TLS");
      BIO_meth_set_write(m, Write);
      BIO_meth_set_read(m, Read);
      BIO_meth_set_ctrl(m, Ctrl);
      BIO_meth_set_create(m, [](BIO* bio) {
        BIO_set_init(bio, 1);
        return 1;
      });
      return m;
    }();
    return method;
  }
};

// Sessions per peer, and in all: enough for a burst of reconnects, bounded against a
// script that connects to thousands of hosts.
constexpr size_t kSessionsPerPeer = 8;
constexpr size_t kPeers = 256;

int OnNewSession(SSL* ssl, SSL_SESSION* session) {
  auto* context = static_cast<TlsContext*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
  auto* peer = static_cast<const std::string*>(SSL_get_app_data(ssl));
  if (!context || !peer || !SSL_SESSION_is_resumable(session))
    return 0;
  context->AddSession(*peer, session);
  return 1;  // the reference is ours now
}

TrustStore TrustStore::System() {
  return {X509_get_default_cert_dir(), X509_get_default_cert_file()};
}

std::unique_ptr<TlsContext> TlsContext::Create(const std::string& extra_ca_file,
                                               std::string* error,
                                               const TrustStore& system) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx) {
    *error = OpenSslError("SSL_CTX_new");
    return nullptr;
  }
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  // TLS 1.3 suites in Chromium's order: AES-128-GCM first where the CPU has AES instructions,
  // ChaCha20 first where it has not. OpenSSL's own order starts with AES-256-GCM, 14 AES
  // rounds a block instead of 10, and a server that follows the client's order (most do)
  // takes it.
  SSL_CTX_set_ciphersuites(ctx, PreferredTls13Suites());
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  // SSL_CERT_FILE adds to the system store below instead of replacing it, as our convention
  // says.
  if (!AddTrustStore(ctx, system)) {
    *error = OpenSslError("cannot use the system's CA store");
    SSL_CTX_free(ctx);
    return nullptr;
  }
  const char* env_file = std::getenv("SSL_CERT_FILE");
  for (const char* file : {env_file, extra_ca_file.c_str()}) {
    if (file && *file && SSL_CTX_load_verify_locations(ctx, file, nullptr) != 1) {
      *error = OpenSslError((std::string("cannot load CA file ") + file).c_str());
      SSL_CTX_free(ctx);
      return nullptr;
    }
  }
  return std::unique_ptr<TlsContext>(new TlsContext(ctx));
}

TlsContext::TlsContext(SSL_CTX* ctx) : ctx_(ctx) {
  // Kept by us, per peer, rather than in OpenSSL's cache (which a client never looks up).
  SSL_CTX_set_session_cache_mode(ctx_, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_set_app_data(ctx_, this);
  SSL_CTX_sess_set_new_cb(ctx_, OnNewSession);
}

TlsContext::~TlsContext() {
  for (auto& [peer, sessions] : sessions_)
    for (SSL_SESSION* session : sessions)
      SSL_SESSION_free(session);
  SSL_CTX_free(ctx_);
}

SSL_SESSION* TlsContext::TakeSession(const std::string& peer) {
  auto it = sessions_.find(peer);
  if (it == sessions_.end())
    return nullptr;
  SSL_SESSION* session = it->second.back();
  it->second.pop_back();
  if (it->second.empty())
    sessions_.erase(it);
  return session;
}

void TlsContext::AddSession(const std::string& peer, SSL_SESSION* session) {
  if (!sessions_.count(peer) && sessions_.size() >= kPeers) {
    for (SSL_SESSION* old : sessions_.begin()->second)
      SSL_SESSION_free(old);
    sessions_.erase(sessions_.begin());
  }
  std::deque<SSL_SESSION*>& sessions = sessions_[peer];
  sessions.push_back(session);
  if (sessions.size() > kSessionsPerPeer) {
    SSL_SESSION_free(sessions.front());
    sessions.pop_front();
  }
}

TlsSession::TlsSession(TlsContext& context, const std::string& host, uint16_t port)
    : peer_(host + ":" + std::to_string(port)) {
  ssl_ = SSL_new(context.get());
  SSL_set_app_data(ssl_, &peer_);
  if (SSL_SESSION* session = context.TakeSession(peer_)) {
    SSL_set_session(ssl_, session);  // takes its own reference
    SSL_SESSION_free(session);
  }
  BIO* bio = BIO_new(BioCallbacks::Method());
  BIO_set_data(bio, this);
  SSL_set_bio(ssl_, bio, bio);  // the SSL owns it now
  SSL_set_connect_state(ssl_);
  if (IsIpLiteral(host)) {
    // RFC 6066 §3: no SNI for IP literals; the certificate must name the address.
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl_, host.c_str());
    SSL_set1_host(ssl_, host.c_str());
  }
}

TlsSession::~TlsSession() {
  // SSL_free marks the connection's current session (the newest ticket) not resumable unless
  // a close_notify was sent, as TLS 1.0 asked. WebSocket servers close TCP after the Close
  // frames without one, and RFC 5246 §7.2.1 (and TLS 1.3) dropped the rule, so say that the
  // connection ended; one that failed in TLS had its sessions dropped by OpenSSL already.
  if (error_.empty())
    SSL_set_shutdown(ssl_, SSL_get_shutdown(ssl_) | SSL_SENT_SHUTDOWN);
  SSL_free(ssl_);
}

bool TlsSession::resumed() const {
  return SSL_session_reused(ssl_) == 1;
}

bool TlsSession::Fail(const std::string& why) {
  if (error_.empty())
    error_ = why;
  return false;
}

size_t TlsSession::ReadInput(uint8_t* out, size_t size) {
  size_t n = 0;
  if (rest_read_ < input_rest_.size()) {
    n = std::min(size, input_rest_.size() - rest_read_);
    std::memcpy(out, input_rest_.data() + rest_read_, n);
    rest_read_ += n;
    if (rest_read_ == input_rest_.size()) {
      input_rest_.Clear();
      rest_read_ = 0;
    }
  }
  size_t more = std::min(size - n, input_size_);
  if (more) {
    std::memcpy(out + n, input_, more);
    input_ += more;
    input_size_ -= more;
    n += more;
  }
  return n;
}

bool TlsSession::Start() {
  return Advance();
}

bool TlsSession::Advance() {
  if (!handshake_done_) {
    int r = SSL_do_handshake(ssl_);
    if (r != 1) {
      int e = SSL_get_error(ssl_, r);
      if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
        return true;
      long verify = SSL_get_verify_result(ssl_);
      if (verify != X509_V_OK)
        return Fail(std::string("certificate rejected: ") + X509_verify_cert_error_string(verify));
      return Fail(OpenSslError("TLS handshake failed"));
    }
    handshake_done_ = true;
  }
  if (!held_.empty()) {
    Buffer held = std::move(held_);
    return Send(held.data(), held.size());
  }
  return true;
}

bool TlsSession::Receive(const uint8_t* data, size_t size, Buffer* plaintext) {
  input_ = data;
  input_size_ = size;
  bool ok = Decrypt(plaintext);
  // What OpenSSL did not take yet (the start of a record, or bytes after a failure) waits for
  // the next call; `data` is the caller's and gone by then.
  if (input_size_) {
    input_rest_.Append(input_, input_size_);
    input_size_ = 0;
  }
  input_ = nullptr;
  return ok;
}

bool TlsSession::Decrypt(Buffer* plaintext) {
  if (!Advance())
    return false;
  if (!handshake_done_)
    return true;
  for (;;) {
    uint8_t* at = plaintext->Grow(16384);
    int n = SSL_read(ssl_, at, 16384);
    if (n > 0) {
      // Give back what was not filled.
      size_t unused = 16384 - static_cast<size_t>(n);
      Buffer& p = *plaintext;
      p.Truncate(p.size() - unused);
      // Nothing more to read, in our bytes or OpenSSL's: another SSL_read would only say
      // "want read", at a third of a small message's cost in OpenSSL 3.
      if (input_pending() == 0 && !SSL_has_pending(ssl_))
        return true;
      continue;
    }
    plaintext->Truncate(plaintext->size() - 16384);
    int e = SSL_get_error(ssl_, n);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
      return true;
    if (e == SSL_ERROR_ZERO_RETURN) {
      peer_closed_ = true;
      return true;
    }
    return Fail(OpenSslError("TLS read failed"));
  }
}

void TlsSession::Shutdown() {
  // One call sends ours; the server's has arrived already, or is never waited for.
  SSL_shutdown(ssl_);
}

bool TlsSession::Send(const uint8_t* data, size_t size) {
  if (!handshake_done_) {
    held_.Append(data, size);
    return true;
  }
  size_t off = 0;
  while (off < size) {
    int n = SSL_write(ssl_, data + off, static_cast<int>(size - off));
    if (n <= 0)
      return Fail(OpenSslError("TLS write failed"));  // our BIO never asks to retry a write
    off += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace v8ws::net
