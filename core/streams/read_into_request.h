// Streams Standard §4.5 "read-into requests": what a BYOB reader waits for. Unlike a read
// request, its close steps get a chunk (the view, empty or partly filled).
#ifndef V8WS_CORE_STREAMS_READ_INTO_REQUEST_H_
#define V8WS_CORE_STREAMS_READ_INTO_REQUEST_H_

#include <v8.h>

#include <cstdint>

namespace v8ws {

class ReadableStreamGenericReader;

class ReadIntoRequest {
 public:
  virtual ~ReadIntoRequest() = default;
  virtual void ChunkSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) = 0;
  virtual void CloseSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) = 0;
  virtual void ErrorSteps(v8::Isolate* isolate, v8::Local<v8::Value> error) = 0;
};

// read(view)'s request: settles a promise whose resolver the reader keeps under `key`.
class PromiseReadIntoRequest final : public ReadIntoRequest {
 public:
  PromiseReadIntoRequest(ReadableStreamGenericReader* reader, uint32_t key)
      : reader_(reader), key_(key) {}
  void ChunkSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) override;
  void CloseSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) override;
  void ErrorSteps(v8::Isolate* isolate, v8::Local<v8::Value> error) override;

 private:
  ReadableStreamGenericReader* reader_;  // alive: the stream or the request's owner holds it
  uint32_t key_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_READ_INTO_REQUEST_H_
