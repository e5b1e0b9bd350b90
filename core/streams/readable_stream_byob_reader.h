// ReadableStreamBYOBReader (Streams Standard §4.5) and its abstract operations of §4.9.3
// (read, release, error read-into requests).
#ifndef V8WS_CORE_STREAMS_READABLE_STREAM_BYOB_READER_H_
#define V8WS_CORE_STREAMS_READABLE_STREAM_BYOB_READER_H_

#include <v8.h>

#include <deque>
#include <memory>

#include "bindings/generated/v8_readable_stream_byob_reader_read_options.h"
#include "core/streams/read_into_request.h"
#include "core/streams/readable_stream_generic_reader.h"

namespace v8ws {

class ExceptionState;
class ExecutionContext;

class ReadableStreamBYOBReader final : public ReadableStreamGenericReader {
 public:
  static ReadableStreamBYOBReader* Create(ExecutionContext* context,
                                          ReadableStream* stream,
                                          ExceptionState& es);
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  v8::Local<v8::Promise> closed(v8::Isolate* isolate) const { return Closed(isolate); }
  v8::Local<v8::Promise> cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
    return Cancel(isolate, reason);
  }
  v8::Local<v8::Promise> read(v8::Isolate* isolate,
                              v8::Local<v8::ArrayBufferView> view,
                              const ReadableStreamBYOBReaderReadOptions& options);
  void releaseLock(v8::Isolate* isolate);

  // AcquireReadableStreamBYOBReader: a reader with a wrapper, or null after a TypeError.
  static ReadableStreamBYOBReader* Acquire(v8::Isolate* isolate,
                                           ReadableStream* stream,
                                           ExceptionState& es);
  // ReadableStreamBYOBReaderRead.
  void Read(v8::Isolate* isolate,
            v8::Local<v8::ArrayBufferView> view,
            uint64_t min,
            std::unique_ptr<ReadIntoRequest> request);

  // ReadableStreamGenericReader
  bool IsBYOBReader() const override { return true; }
  // ReadableStreamBYOBReaderRelease.
  void Release(v8::Isolate* isolate) override;
  void CloseRequests(v8::Isolate*) override {}
  // ReadableStreamBYOBReaderErrorReadIntoRequests.
  void ErrorRequests(v8::Isolate* isolate, v8::Local<v8::Value> error) override;

  std::deque<std::unique_ptr<ReadIntoRequest>>& read_into_requests() { return read_into_requests_; }

 protected:
  void OnWrapperAssociated(v8::Isolate* isolate) override;

 private:
  ReadableStreamBYOBReader() = default;
  // SetUpReadableStreamBYOBReader: false after a TypeError.
  bool SetUp(v8::Isolate* isolate, ReadableStream* stream, ExceptionState& es);

  std::deque<std::unique_ptr<ReadIntoRequest>> read_into_requests_;
  ReadableStream* pending_stream_ = nullptr;  // until OnWrapperAssociated
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_READABLE_STREAM_BYOB_READER_H_
