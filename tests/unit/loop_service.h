// A NetworkService on a libuv loop (NetworkService::Options::uv_loop), wrapped so that tests
// written for the service on its own thread drive it unchanged: the loop runs on a thread
// of the wrapper's, and each command crosses to it through an async handle. The service
// under test sees exactly what an embedder's loop gives it: commands from the loop thread
// outside its callbacks, and destruction there once the loop has stopped turning.
#ifndef V8WS_TESTS_UNIT_LOOP_SERVICE_H_
#define V8WS_TESTS_UNIT_LOOP_SERVICE_H_

#include <gtest/gtest.h>
#include <uv.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "net/network_service.h"

namespace v8ws::net {

class LoopService : public NetworkService {
 public:
  explicit LoopService(Options options) {
    std::promise<void> ready;
    thread_ = std::thread([this, options, &ready]() mutable {
      uv_loop_init(&loop_);
      uv_async_init(&loop_, &async_, [](uv_async_t* h) {
        static_cast<LoopService*>(h->data)->RunCommands();
      });
      async_.data = this;
      options.uv_loop = &loop_;
      service_ = NetworkService::Create(options);
      ready.set_value();
      while (!quit_)
        uv_run(&loop_, UV_RUN_ONCE);
      service_.reset();  // outside the loop's callbacks, as the API asks
      uv_close(reinterpret_cast<uv_handle_t*>(&async_), nullptr);
      uv_run(&loop_, UV_RUN_DEFAULT);
      // Every handle lws put on the loop is closed: nothing of it is left behind.
      loop_closed_ = uv_loop_close(&loop_) == 0;
    });
    ready.get_future().wait();
  }

  ~LoopService() override {
    Run([this] { quit_ = true; });
    thread_.join();
    EXPECT_TRUE(loop_closed_) << "the service left a handle on the loop";
  }

  ConnectionId Connect(ConnectRequest request, std::shared_ptr<ConnectionClient> client) override {
    ConnectionId id = 0;
    RunAndWait([&] { id = service_->Connect(std::move(request), std::move(client)); });
    return id;
  }
  void Send(ConnectionId id, MessageType type, Buffer payload) override {
    auto shared = std::make_shared<Buffer>(std::move(payload));
    // As the shell's script sends: bytes framed at once on the loop's thread.
    Run([this, id, type, shared] {
      service_->SendBytes(id, type, shared->data(), shared->size());
    });
  }
  void Close(ConnectionId id, std::optional<uint16_t> code, std::string reason) override {
    Run([this, id, code, reason] { service_->Close(id, code, reason); });
  }
  void Fail(ConnectionId id, std::string why) override {
    Run([this, id, why] { service_->Fail(id, why); });
  }
  void Resume(ConnectionId id) override {
    Run([this, id] { service_->Resume(id); });
  }
  void Release(ConnectionId id, std::optional<uint16_t> code) override {
    Run([this, id, code] { service_->Release(id, code); });
  }
  size_t ConnectionCount() const override { return service_->ConnectionCount(); }

 private:
  void Run(std::function<void()> command) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      commands_.push_back(std::move(command));
    }
    uv_async_send(&async_);
  }
  void RunAndWait(std::function<void()> command) {
    std::promise<void> done;
    Run([&] {
      command();
      done.set_value();
    });
    done.get_future().wait();
  }
  void RunCommands() {
    std::vector<std::function<void()>> batch;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      batch.swap(commands_);
    }
    for (auto& command : batch)
      command();
  }

  uv_loop_t loop_;
  uv_async_t async_;
  std::thread thread_;
  std::shared_ptr<NetworkService> service_;
  std::mutex mutex_;
  std::vector<std::function<void()>> commands_;
  bool quit_ = false;  // loop thread only
  std::atomic<bool> loop_closed_{false};
};

}  // namespace v8ws::net

#endif  // V8WS_TESTS_UNIT_LOOP_SERVICE_H_
