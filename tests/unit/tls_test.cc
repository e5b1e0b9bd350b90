// TlsSession against an OpenSSL server in memory: the handshake, data both ways, and
// session resumption (each TLS 1.3 ticket used once, only with the peer that issued it).
#include "net/tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace v8ws::net {
namespace {

// The test certificates (tests/servers/make_test_certs.sh), made once.
std::string CertDir() {
  static std::string dir = [] {
    char pattern[] = "/tmp/v8ws-tls-test-XXXXXX";
    std::string d = mkdtemp(pattern);
    return std::system(("tests/servers/make_test_certs.sh " + d).c_str()) == 0 ? d : "";
  }();
  return dir;
}

class MemoryServer {
 public:
  // `suites`: the only TLS 1.3 suites the server accepts, when given.
  explicit MemoryServer(int tickets, const char* suites = nullptr) {
    ctx_ = SSL_CTX_new(TLS_server_method());
    if (suites)
      SSL_CTX_set_ciphersuites(ctx_, suites);
    SSL_CTX_use_certificate_chain_file(ctx_, (CertDir() + "/server.pem").c_str());
    SSL_CTX_use_PrivateKey_file(ctx_, (CertDir() + "/server.key").c_str(), SSL_FILETYPE_PEM);
    SSL_CTX_set_num_tickets(ctx_, tickets);
  }
  ~MemoryServer() { SSL_CTX_free(ctx_); }

  // One server connection for `client`: runs the handshake and a round of data (after
  // which the client has the server's tickets). False on any failure.
  bool Serve(TlsSession* client) {
    SSL* ssl = SSL_new(ctx_);
    BIO* in = BIO_new(BIO_s_mem());
    BIO* out = BIO_new(BIO_s_mem());
    SSL_set_bio(ssl, in, out);
    SSL_set_accept_state(ssl);
    bool ok = client->Start();
    std::string received;
    for (int round = 0; ok && round < 20; ++round) {
      Buffer& c2s = client->ciphertext();
      BIO_write(in, c2s.data(), static_cast<int>(c2s.size()));
      c2s.Clear();
      char buf[16384];
      int n;
      while ((n = SSL_read(ssl, buf, sizeof buf)) > 0)
        received.append(buf, n);
      if (received == "ping") {
        SSL_write(ssl, "pong", 4);
        received.clear();
      }
      Buffer plain;
      std::string s2c;
      while ((n = BIO_read(out, buf, sizeof buf)) > 0)
        s2c.append(buf, n);
      ok = client->Receive(reinterpret_cast<const uint8_t*>(s2c.data()), s2c.size(), &plain);
      if (std::string(reinterpret_cast<const char*>(plain.data()), plain.size()) == "pong") {
        cipher_ = SSL_CIPHER_get_name(SSL_get_current_cipher(ssl));
        SSL_free(ssl);
        return true;
      }
      if (round == 0)
        ok = ok && client->Send(reinterpret_cast<const uint8_t*>("ping"), 4);
    }
    SSL_free(ssl);
    return false;
  }
  // The suite the last served connection used.
  const std::string& cipher() const { return cipher_; }

 private:
  SSL_CTX* ctx_;
  std::string cipher_;
};

TEST(TlsTest, OffersTheCipherSuitesInABrowsersOrder) {
  ASSERT_FALSE(CertDir().empty());
  std::string error;
  auto context = TlsContext::Create(CertDir() + "/ca.pem", &error);
  ASSERT_TRUE(context) << error;
  // An OpenSSL server follows the client's order by default, as most servers do: what it
  // picks is our first choice. Chromium's, with AES instructions: AES-128-GCM, never
  // OpenSSL's AES-256-GCM first (40 % more AES rounds per byte).
  MemoryServer server(0);
  TlsSession session(*context, "localhost", 443);
  ASSERT_TRUE(server.Serve(&session)) << session.error();
  std::string first = PreferredTls13Suites();
  first = first.substr(0, first.find(':'));
  EXPECT_EQ(server.cipher(), first);
  EXPECT_TRUE(first == "TLS_AES_128_GCM_SHA256" || first == "TLS_CHACHA20_POLY1305_SHA256")
      << first;
  // The other suites stay offered: a server that takes only one of them still connects.
  for (const char* only : {"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"}) {
    MemoryServer strict(0, only);
    TlsSession other(*context, "localhost", 443);
    ASSERT_TRUE(strict.Serve(&other)) << only << ": " << other.error();
    EXPECT_EQ(strict.cipher(), only);
  }
}

TEST(TlsTest, ASecondConnectionResumesTheSessionOfTheFirst) {
  ASSERT_FALSE(CertDir().empty());
  std::string error;
  auto context = TlsContext::Create(CertDir() + "/ca.pem", &error);
  ASSERT_TRUE(context) << error;
  MemoryServer server(1);
  TlsSession first(*context, "localhost", 443);
  ASSERT_TRUE(server.Serve(&first)) << first.error();
  EXPECT_FALSE(first.resumed());
  TlsSession second(*context, "localhost", 443);
  ASSERT_TRUE(server.Serve(&second)) << second.error();
  EXPECT_TRUE(second.resumed());
  // Another port is another peer: nothing to resume.
  TlsSession other(*context, "localhost", 8443);
  ASSERT_TRUE(server.Serve(&other)) << other.error();
  EXPECT_FALSE(other.resumed());
}

TEST(TlsTest, AConnectionGoneWithoutCloseNotifyLeavesItsTicketsResumable) {
  // A WebSocket's TCP connection usually ends without TLS close_notify (the server closes
  // after the Close frames), and the connection is freed before the next one starts. Since
  // TLS 1.1 (RFC 5246 §7.2.1) that does not forbid resuming, and every ticket of the server's
  // two (OpenSSL's default) must stay usable, the newest one too.
  ASSERT_FALSE(CertDir().empty());
  std::string error;
  auto context = TlsContext::Create(CertDir() + "/ca.pem", &error);
  ASSERT_TRUE(context) << error;
  MemoryServer server(2);
  {
    TlsSession first(*context, "localhost", 443);
    ASSERT_TRUE(server.Serve(&first)) << first.error();
  }
  for (int i = 0; i < 3; ++i) {
    TlsSession next(*context, "localhost", 443);
    ASSERT_TRUE(server.Serve(&next)) << next.error();
    EXPECT_TRUE(next.resumed()) << "connection " << i;
  }
}

// A context that trusts only `store` (SSL_CERT_FILE, which tools/test may set, unset).
std::unique_ptr<TlsContext> ContextTrusting(const TrustStore& store, std::string* error) {
  std::string saved = std::getenv("SSL_CERT_FILE") ? std::getenv("SSL_CERT_FILE") : "";
  unsetenv("SSL_CERT_FILE");
  auto context = TlsContext::Create("", error, store);
  if (!saved.empty())
    setenv("SSL_CERT_FILE", saved.c_str(), 1);
  return context;
}

TEST(TlsTest, TheSystemBundleIsReadWhenTheDirectoryLacksTheIssuer) {
  ASSERT_FALSE(CertDir().empty());
  std::string bundle = CertDir() + "/bundle.pem";  // another CA first, as bundles hold many
  ASSERT_EQ(
      std::system(("cat " + CertDir() + "/self.pem " + CertDir() + "/ca.pem > " + bundle).c_str()),
      0);
  std::string error;
  auto context = ContextTrusting({CertDir() + "/no-such-dir", bundle}, &error);
  ASSERT_TRUE(context) << error;
  MemoryServer server(1);
  for (int i = 0; i < 2; ++i) {  // the second finds it in the store's cache
    TlsSession session(*context, "localhost", 443 + i);
    EXPECT_TRUE(server.Serve(&session)) << session.error();
  }
}

TEST(TlsTest, TheSystemDirectoryIsSearchedBySubjectHash) {
  ASSERT_FALSE(CertDir().empty());
  std::string dir = CertDir() + "/hashed";
  ASSERT_EQ(std::system(("mkdir -p " + dir + " && cp " + CertDir() + "/ca.pem " + dir +
                         " && openssl rehash " + dir + " 2>/dev/null")
                            .c_str()),
            0);
  std::string error;
  auto context = ContextTrusting({dir, CertDir() + "/no-such-file.pem"}, &error);
  ASSERT_TRUE(context) << error;
  MemoryServer server(1);
  TlsSession session(*context, "localhost", 443);
  EXPECT_TRUE(server.Serve(&session)) << session.error();
}

TEST(TlsTest, AStoreWithoutTheIssuerRejectsTheServer) {
  ASSERT_FALSE(CertDir().empty());
  std::string error;
  auto context = ContextTrusting({"", CertDir() + "/self.pem"}, &error);
  ASSERT_TRUE(context) << error;
  MemoryServer server(1);
  TlsSession session(*context, "localhost", 443);
  EXPECT_FALSE(server.Serve(&session));
  EXPECT_NE(session.error().find("certificate rejected"), std::string::npos) << session.error();
}

TEST(TlsTest, EachTicketIsUsedOnce) {
  std::string error;
  auto context = TlsContext::Create(CertDir() + "/ca.pem", &error);
  ASSERT_TRUE(context) << error;
  MemoryServer server(1);
  TlsSession first(*context, "localhost", 443);
  ASSERT_TRUE(server.Serve(&first));
  // Both made before either finished: the one ticket goes to the first of them only.
  TlsSession a(*context, "localhost", 443);
  TlsSession b(*context, "localhost", 443);
  ASSERT_TRUE(server.Serve(&a));
  ASSERT_TRUE(server.Serve(&b));
  EXPECT_TRUE(a.resumed());
  EXPECT_FALSE(b.resumed()) << "a ticket was used twice";
}

TEST(TlsTest, AnUntrustedServerStillFailsAfterAResumableOne) {
  // The trust decision is the full handshake's: a context without the test CA never gets
  // a session to resume, and keeps failing.
  std::string error;
  auto context = TlsContext::Create("", &error);
  ASSERT_TRUE(context) << error;
  MemoryServer server(2);
  for (int i = 0; i < 2; ++i) {
    TlsSession session(*context, "localhost", 443);
    EXPECT_FALSE(server.Serve(&session));
    EXPECT_FALSE(session.error().empty());
  }
}

TEST(TlsTest, TheServersCloseNotifyIsSeenAndAnswered) {
  std::string error;
  auto context = TlsContext::Create(CertDir() + "/ca.pem", &error);
  ASSERT_TRUE(context) << error;
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX_use_certificate_chain_file(ctx, (CertDir() + "/server.pem").c_str());
  SSL_CTX_use_PrivateKey_file(ctx, (CertDir() + "/server.key").c_str(), SSL_FILETYPE_PEM);
  SSL* ssl = SSL_new(ctx);
  BIO* in = BIO_new(BIO_s_mem());
  BIO* out = BIO_new(BIO_s_mem());
  SSL_set_bio(ssl, in, out);
  SSL_set_accept_state(ssl);
  TlsSession client(*context, "localhost", 443);
  ASSERT_TRUE(client.Start());
  // Moves the client's records to the server and the server's to the client.
  Buffer plain;
  auto pump = [&] {
    Buffer& c2s = client.ciphertext();
    BIO_write(in, c2s.data(), static_cast<int>(c2s.size()));
    c2s.Clear();
    char buf[16384];
    SSL_read(ssl, buf, sizeof buf);
    std::string s2c;
    int n;
    while ((n = BIO_read(out, buf, sizeof buf)) > 0)
      s2c.append(buf, n);
    return client.Receive(reinterpret_cast<const uint8_t*>(s2c.data()), s2c.size(), &plain);
  };
  for (int i = 0; i < 4 && !client.handshake_done(); ++i)
    ASSERT_TRUE(pump()) << client.error();
  ASSERT_TRUE(client.handshake_done());
  ASSERT_TRUE(pump());  // the client's Finished to the server, its tickets back
  ASSERT_TRUE(SSL_is_init_finished(ssl));
  EXPECT_FALSE(client.peer_closed());
  // The last data and the close_notify in one read: both are taken.
  SSL_write(ssl, "bye", 3);
  EXPECT_EQ(SSL_shutdown(ssl), 0) << "the server waits for ours";
  ASSERT_TRUE(pump()) << client.error();
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(plain.data()), plain.size()), "bye");
  EXPECT_TRUE(client.peer_closed());
  client.Shutdown();
  Buffer& c2s = client.ciphertext();
  BIO_write(in, c2s.data(), static_cast<int>(c2s.size()));
  EXPECT_EQ(SSL_shutdown(ssl), 1) << "our close_notify completes the server's shutdown";
  SSL_free(ssl);
  SSL_CTX_free(ctx);
}

}  // namespace
}  // namespace v8ws::net
