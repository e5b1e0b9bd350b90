// ReadableStreamDefaultReader (Streams Standard §4.4) and its abstract operations of §4.9.3
// (read, release, error read requests).
#ifndef V8WS_CORE_STREAMS_READABLE_STREAM_DEFAULT_READER_H_
#define V8WS_CORE_STREAMS_READABLE_STREAM_DEFAULT_READER_H_

#include <v8.h>

#include <cstdint>
#include <deque>
#include <memory>

#include "core/streams/read_request.h"
#include "core/streams/readable_stream_generic_reader.h"

namespace v8ws {

class ExceptionState;
class ExecutionContext;
class ReadableStream;

class ReadableStreamDefaultReader final : public ReadableStreamGenericReader {
 public:
  static ReadableStreamDefaultReader* Create(ExecutionContext* context,
                                             ReadableStream* stream,
                                             ExceptionState& es);
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  v8::Local<v8::Promise> closed(v8::Isolate* isolate) const { return Closed(isolate); }
  v8::Local<v8::Promise> cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
    return Cancel(isolate, reason);
  }
  v8::Local<v8::Promise> read(v8::Isolate* isolate);
  void releaseLock(v8::Isolate* isolate);

  // AcquireReadableStreamDefaultReader: a reader with a wrapper, or null after a TypeError.
  static ReadableStreamDefaultReader* Acquire(v8::Isolate* isolate,
                                              ReadableStream* stream,
                                              ExceptionState& es);
  // ReadableStreamDefaultReaderRead.
  void Read(v8::Isolate* isolate, std::unique_ptr<ReadRequest> request);
  // ReadableStreamDefaultReaderRead with a PromiseReadRequest: the promise it settles.
  v8::Local<v8::Promise> ReadIntoPromise(v8::Isolate* isolate, PromiseReadRequest::Kind kind);

  // ReadableStreamGenericReader
  bool IsBYOBReader() const override { return false; }
  // ReadableStreamDefaultReaderRelease.
  void Release(v8::Isolate* isolate) override;
  void CloseRequests(v8::Isolate* isolate) override;
  // ReadableStreamDefaultReaderErrorReadRequests.
  void ErrorRequests(v8::Isolate* isolate, v8::Local<v8::Value> error) override;

  std::deque<std::unique_ptr<ReadRequest>>& read_requests() { return read_requests_; }

 protected:
  // A reader made by `new ReadableStreamDefaultReader(stream)` locks the stream once the
  // binding has bound it to its wrapper.
  void OnWrapperAssociated(v8::Isolate* isolate) override;

 private:
  ReadableStreamDefaultReader() = default;
  // SetUpReadableStreamDefaultReader: false after a TypeError.
  bool SetUp(v8::Isolate* isolate, ReadableStream* stream, ExceptionState& es);
  std::deque<std::unique_ptr<ReadRequest>> TakeReadRequests();

  std::deque<std::unique_ptr<ReadRequest>> read_requests_;
  ReadableStream* pending_stream_ = nullptr;  // until OnWrapperAssociated
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_READABLE_STREAM_DEFAULT_READER_H_
