// Servers the unit tests talk to, started once per process and killed at exit.
#ifndef V8WS_TESTS_UNIT_TEST_SERVERS_H_
#define V8WS_TESTS_UNIT_TEST_SERVERS_H_

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace v8ws::test {

// A bundled Python server (plain, or TLS with one of the test certificates), started once
// per configuration and killed at exit. It gets /dev/null for stdin and stderr so it never
// holds the test runner's pipes open.
class PythonServer {
 public:
  static uint16_t Port() { return Get("")->port_; }
  // The benchmarks' C++ echo server (tests/perf/echo_server.cc, built beside this test):
  // fast enough to fill socket buffers both ways.
  static uint16_t FastPort() { return Get(kFast)->port_; }
  // wss: with tests/servers/make_test_certs.sh's `name`.pem ("server", "other", "self").
  static uint16_t TlsPort(const std::string& name) { return Get(name)->port_; }
  static std::string CertDir() {
    static std::string dir = [] {
      char pattern[] = "/tmp/v8ws-certs-XXXXXX";
      std::string d = mkdtemp(pattern);
      std::string cmd = "tests/servers/make_test_certs.sh " + d;
      return std::system(cmd.c_str()) == 0 ? d : std::string();
    }();
    return dir;
  }
  ~PythonServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }

 private:
  static PythonServer* Get(const std::string& cert) {
    static std::map<std::string, std::unique_ptr<PythonServer>> servers;
    auto& server = servers[cert];
    if (!server)
      server.reset(new PythonServer(cert));
    return server.get();
  }

  static constexpr const char* kFast = "#fast";

  explicit PythonServer(const std::string& cert) {
    std::vector<std::string> args = {
        "/usr/bin/python3", "tests/servers/ws_server.py", "--port", "0", "--lifetime", "600"};
    if (cert == kFast) {
      char self[4096] = {0};
      ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
      std::string dir(self, n > 0 ? static_cast<size_t>(n) : 0);
      args = {dir.substr(0, dir.rfind('/')) + "/perf_echo_server"};
    } else if (!cert.empty()) {
      args.insert(args.end(), {"--tls-cert", CertDir() + "/" + cert + ".pem", "--tls-key",
                               CertDir() + "/" + cert + ".key"});
    }
    int out[2];
    if (pipe(out) != 0)
      return;
    pid_ = fork();
    if (pid_ == 0) {
      int null_fd = open("/dev/null", O_RDWR);
      dup2(null_fd, 0);
      dup2(out[1], 1);
      dup2(null_fd, 2);
      close(out[0]);
      std::vector<char*> argv;
      for (auto& a : args)
        argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    char line[64] = {0};
    size_t n = 0;
    while (n + 1 < sizeof(line) && read(out[0], line + n, 1) == 1 && line[n] != '\n')
      ++n;
    close(out[0]);
    std::sscanf(line, "READY %hu", &port_);
  }
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

}  // namespace v8ws::test

#endif  // V8WS_TESTS_UNIT_TEST_SERVERS_H_
