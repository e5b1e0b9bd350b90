// Streams Standard §4.3 "read requests": what a reader waits for, with chunk, close and
// error steps. read() and the async iterator settle a promise; tee and pipes (later) run
// their own steps.
#ifndef V8WS_CORE_STREAMS_READ_REQUEST_H_
#define V8WS_CORE_STREAMS_READ_REQUEST_H_

#include <v8.h>

#include <cstdint>

namespace v8ws {

class ReadableStreamDefaultReader;

class ReadRequest {
 public:
  virtual ~ReadRequest() = default;
  virtual void ChunkSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) = 0;
  virtual void CloseSteps(v8::Isolate* isolate) = 0;
  virtual void ErrorSteps(v8::Isolate* isolate, v8::Local<v8::Value> error) = 0;
};

// A read request that settles a promise whose resolver the reader keeps (in its wrapper,
// where the garbage collector sees it) under `key`.
class PromiseReadRequest final : public ReadRequest {
 public:
  enum class Kind {
    kRead,      // read(): { value, done } results
    kIterator,  // the async iterator: the chunk itself, end of iteration at close, and the
                // reader released at close or error
  };
  PromiseReadRequest(ReadableStreamDefaultReader* reader, uint32_t key, Kind kind)
      : reader_(reader), key_(key), kind_(kind) {}

  void ChunkSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) override;
  void CloseSteps(v8::Isolate* isolate) override;
  void ErrorSteps(v8::Isolate* isolate, v8::Local<v8::Value> error) override;

 private:
  ReadableStreamDefaultReader* reader_;  // alive: the stream or the request's owner holds it
  uint32_t key_;
  Kind kind_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_READ_REQUEST_H_
