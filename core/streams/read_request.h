// Streams Standard §4.3 "read requests": what a reader waits for, with chunk, close and
// error steps. read() and the async iterator settle a promise; tee and pipes (later) run
// their own steps.
#ifndef V8WS_CORE_STREAMS_READ_REQUEST_H_
#define V8WS_CORE_STREAMS_READ_REQUEST_H_

#include <v8.h>

#include <cstdint>

namespace v8ws {

class ReadableStreamDefaultReader;
class ReadableStreamGenericReader;

class ReadRequest {
 public:
  virtual ~ReadRequest() = default;
  // The request joins the stream's [[readRequests]]: it outlives the call that made it, so
  // what it holds as the caller's handles must move where the garbage collector sees them.
  virtual void OnQueued(v8::Isolate* isolate) {}
  virtual void ChunkSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) = 0;
  virtual void CloseSteps(v8::Isolate* isolate) = 0;
  virtual void ErrorSteps(v8::Isolate* isolate, v8::Local<v8::Value> error) = 0;
};

// A value a read request needs when it settles. A read from a non-empty queue settles
// within the call that made it, so the value stays the caller's handle; only a request that
// waits (OnQueued) has the reader keep it in its wrapper, where the collector sees it. Taking
// it from the wrapper and back cost a tenth of a read.
class HeldValue {
 public:
  HeldValue(ReadableStreamGenericReader* reader, v8::Local<v8::Value> value)
      : reader_(reader), local_(value) {}
  // Gives a value to one made without (before Keep).
  void Set(v8::Local<v8::Value> value) { local_ = value; }
  void Keep(v8::Isolate* isolate);
  v8::Local<v8::Value> Take(v8::Isolate* isolate);

 private:
  ReadableStreamGenericReader* reader_;  // alive: the stream or the request's owner holds it
  v8::Local<v8::Value> local_;           // until Keep
  uint32_t key_ = 0;
  bool kept_ = false;
};

// A read request that settles the promise read() or the iterator's next() returns. That
// promise is made by whichever comes first: steps that run at once, inside the call, make a
// settled one (one call into V8 where a resolver's New and Resolve are two); a request that
// waits makes a resolver and keeps it.
class PromiseReadRequest final : public ReadRequest {
 public:
  enum class Kind {
    kRead,      // read(): { value, done } results
    kIterator,  // the async iterator: the chunk itself, end of iteration at close, and the
                // reader released at close or error
  };
  // `*promise` receives the promise during the call that hands the request to the reader.
  PromiseReadRequest(ReadableStreamDefaultReader* reader,
                     v8::Local<v8::Promise>* promise,
                     Kind kind);

  void OnQueued(v8::Isolate* isolate) override;
  void ChunkSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) override;
  void CloseSteps(v8::Isolate* isolate) override;
  void ErrorSteps(v8::Isolate* isolate, v8::Local<v8::Value> error) override;

 private:
  // Resolves with { value, done } for read(), with `value` itself for the iterator.
  void Resolve(v8::Isolate* isolate, v8::Local<v8::Value> value, bool done);

  ReadableStreamDefaultReader* reader_;  // alive: the stream or the request's owner holds it
  v8::Local<v8::Promise>* promise_;      // until the promise is made
  HeldValue resolver_;                   // once the request waits
  Kind kind_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_READ_REQUEST_H_
