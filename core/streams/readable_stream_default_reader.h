// ReadableStreamDefaultReader (Streams Standard §4.4) and the reader abstract operations of
// §4.9.3 (generic initialize, cancel and release; read; error read requests).
#ifndef V8WS_CORE_STREAMS_READABLE_STREAM_DEFAULT_READER_H_
#define V8WS_CORE_STREAMS_READABLE_STREAM_DEFAULT_READER_H_

#include <v8.h>

#include <cstdint>
#include <deque>
#include <memory>

#include "bindings/core/v8/script_wrappable.h"
#include "core/streams/read_request.h"

namespace v8ws {

class ExceptionState;
class ExecutionContext;
class ReadableStream;

class ReadableStreamDefaultReader final : public ScriptWrappable {
 public:
  static ReadableStreamDefaultReader* Create(ExecutionContext* context,
                                             ReadableStream* stream,
                                             ExceptionState& es);
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  v8::Local<v8::Promise> closed(v8::Isolate* isolate) const;
  v8::Local<v8::Promise> cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason);
  v8::Local<v8::Promise> read(v8::Isolate* isolate);
  void releaseLock(v8::Isolate* isolate);

  // AcquireReadableStreamDefaultReader: a reader with a wrapper, or null after a TypeError.
  static ReadableStreamDefaultReader* Acquire(v8::Isolate* isolate,
                                              ReadableStream* stream,
                                              ExceptionState& es);
  // ReadableStreamDefaultReaderRead.
  void Read(v8::Isolate* isolate, std::unique_ptr<ReadRequest> request);
  // ReadableStreamDefaultReaderRelease.
  void Release(v8::Isolate* isolate);
  // ReadableStreamReaderGenericCancel.
  v8::Local<v8::Promise> GenericCancel(v8::Isolate* isolate, v8::Local<v8::Value> reason);

  // For the stream: the closed promise settles; read requests are taken in order.
  void ResolveClosed(v8::Isolate* isolate);
  void RejectClosed(v8::Isolate* isolate, v8::Local<v8::Value> error);
  std::deque<std::unique_ptr<ReadRequest>> TakeReadRequests();
  std::deque<std::unique_ptr<ReadRequest>>& read_requests() { return read_requests_; }
  void ErrorReadRequests(v8::Isolate* isolate, v8::Local<v8::Value> error);
  ReadableStream* stream() const { return stream_; }

  // What pending read requests refer to (their promises' resolvers, tee's state) lives in
  // the wrapper under these keys.
  uint32_t KeepResolver(v8::Isolate* isolate, v8::Local<v8::Value> value);
  v8::Local<v8::Value> TakeResolver(v8::Isolate* isolate, uint32_t key);

 protected:
  // A reader made by `new ReadableStreamDefaultReader(stream)` locks the stream once the
  // binding has bound it to its wrapper.
  void OnWrapperAssociated(v8::Isolate* isolate) override;

 private:
  ReadableStreamDefaultReader() = default;
  // SetUpReadableStreamDefaultReader: false after a TypeError.
  bool SetUp(v8::Isolate* isolate, ReadableStream* stream, ExceptionState& es);
  // ReadableStreamReaderGenericRelease.
  void GenericRelease(v8::Isolate* isolate);

  ReadableStream* stream_ = nullptr;
  std::deque<std::unique_ptr<ReadRequest>> read_requests_;
  uint32_t next_resolver_key_ = 16;
  bool fast_key_in_use_ = false;
  ReadableStream* pending_stream_ = nullptr;  // until OnWrapperAssociated
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_READABLE_STREAM_DEFAULT_READER_H_
