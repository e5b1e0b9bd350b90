// ReadableStreamDefaultReader: Streams Standard §4.4 and §4.9.3, step numbers in the comments.
#include "core/streams/readable_stream_default_reader.h"

#include "bindings/core/v8/async_iterator_support.h"
#include "bindings/core/v8/exception_state.h"
#include "bindings/generated/v8_readable_stream_default_reader.h"
#include "core/execution_context.h"
#include "core/streams/readable_stream.h"
#include "core/streams/readable_stream_default_controller.h"
#include "core/streams/stream_promise.h"

namespace v8ws {

PromiseReadRequest::PromiseReadRequest(ReadableStreamDefaultReader* reader,
                                       v8::Local<v8::Promise>* promise,
                                       Kind kind)
    : reader_(reader), promise_(promise), resolver_(reader, v8::Local<v8::Value>()), kind_(kind) {}

void PromiseReadRequest::OnQueued(v8::Isolate* isolate) {
  if (promise_) {
    v8::Local<v8::Promise::Resolver> resolver = streams::NewResolver(isolate);
    *promise_ = resolver->GetPromise();
    promise_ = nullptr;
    resolver_.Set(resolver);
  }
  resolver_.Keep(isolate);
}

void PromiseReadRequest::Resolve(v8::Isolate* isolate, v8::Local<v8::Value> value, bool done) {
  bool read = kind_ == Kind::kRead;
  if (promise_) {
    *promise_ = read ? streams::ResolvedReadResult(isolate, value, done)
                     : streams::ResolvedWith(isolate, value);
    promise_ = nullptr;
    return;
  }
  v8::Local<v8::Value> resolver = resolver_.Take(isolate);
  streams::Resolve(isolate, resolver,
                   read ? streams::ReadResult(isolate, value, done).As<v8::Value>() : value);
}

void PromiseReadRequest::ChunkSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) {
  Resolve(isolate, chunk, false);
}

void PromiseReadRequest::CloseSteps(v8::Isolate* isolate) {
  if (kind_ == Kind::kRead) {
    Resolve(isolate, v8::Undefined(isolate), true);
    return;
  }
  // §4.2.5 "get the next iteration result", close steps (the reader is still the stream's:
  // only the iterator releases it).
  if (reader_->stream())
    reader_->Release(isolate);
  Resolve(isolate, EndOfIteration(isolate), true);
}

void PromiseReadRequest::ErrorSteps(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  if (kind_ == Kind::kIterator && reader_->stream())
    reader_->Release(isolate);
  if (promise_) {
    *promise_ = streams::RejectedPromise(isolate, error);
    promise_ = nullptr;
    return;
  }
  streams::Reject(isolate, resolver_.Take(isolate), error);
}

const WrapperTypeInfo* ReadableStreamDefaultReader::GetWrapperTypeInfo() const {
  return &V8ReadableStreamDefaultReader::wrapper_type_info;
}

ReadableStreamDefaultReader* ReadableStreamDefaultReader::Create(ExecutionContext* context,
                                                                 ReadableStream* stream,
                                                                 ExceptionState& es) {
  // §4.4.3 constructor(stream): SetUpReadableStreamDefaultReader. Step 1 throws now; the
  // rest needs the wrapper the binding is about to bind.
  if (stream->locked()) {
    es.ThrowTypeError("Cannot create a reader for a stream that is already locked.");
    return nullptr;
  }
  auto* reader = new ReadableStreamDefaultReader();
  reader->pending_stream_ = stream;
  return reader;
}

void ReadableStreamDefaultReader::OnWrapperAssociated(v8::Isolate* isolate) {
  if (ReadableStream* stream = pending_stream_) {
    pending_stream_ = nullptr;
    ExceptionState es;
    SetUp(isolate, stream, es);
  }
}

ReadableStreamDefaultReader* ReadableStreamDefaultReader::Acquire(v8::Isolate* isolate,
                                                                  ReadableStream* stream,
                                                                  ExceptionState& es) {
  auto* reader = new ReadableStreamDefaultReader();
  reader->ToV8(isolate, isolate->GetCurrentContext());
  if (!reader->SetUp(isolate, stream, es))
    return nullptr;  // the wrapper owns the reader; nothing reaches it
  return reader;
}

bool ReadableStreamDefaultReader::SetUp(v8::Isolate* isolate,
                                        ReadableStream* stream,
                                        ExceptionState& es) {
  // SetUpReadableStreamDefaultReader step 1.
  if (stream->locked()) {
    es.ThrowTypeError("Cannot create a reader for a stream that is already locked.");
    return false;
  }
  GenericInitialize(isolate, stream);
  return true;
}

v8::Local<v8::Promise> ReadableStreamDefaultReader::read(v8::Isolate* isolate) {
  // §4.4.3 read() steps 1-5.
  if (!stream())
    return streams::RejectedPromise(isolate, streams::NewTypeError(isolate, kReleasedMessage));
  return ReadIntoPromise(isolate, PromiseReadRequest::Kind::kRead);
}

v8::Local<v8::Promise> ReadableStreamDefaultReader::ReadIntoPromise(v8::Isolate* isolate,
                                                                    PromiseReadRequest::Kind kind) {
  v8::Local<v8::Promise> promise;
  Read(isolate, std::make_unique<PromiseReadRequest>(this, &promise, kind));
  // Every path settles or queues the request, which makes the promise; were one to drop it
  // instead, the read would wait forever rather than return nothing.
  return promise.IsEmpty() ? streams::NewResolver(isolate)->GetPromise() : promise;
}

void ReadableStreamDefaultReader::releaseLock(v8::Isolate* isolate) {
  // §4.4.3 releaseLock() steps 1-2.
  if (!stream())
    return;
  Release(isolate);
}

void ReadableStreamDefaultReader::Read(v8::Isolate* isolate, std::unique_ptr<ReadRequest> request) {
  // ReadableStreamDefaultReaderRead steps 1-6.
  ReadableStream* stream = this->stream();
  stream->set_disturbed();
  if (stream->state() == ReadableStream::State::kClosed)
    request->CloseSteps(isolate);
  else if (stream->state() == ReadableStream::State::kErrored)
    request->ErrorSteps(isolate, stream->stored_error(isolate));
  else
    stream->controller()->PullSteps(isolate, std::move(request));
}

void ReadableStreamDefaultReader::Release(v8::Isolate* isolate) {
  // ReadableStreamDefaultReaderRelease steps 1-3.
  GenericRelease(isolate);
  ErrorRequests(isolate, streams::NewTypeError(isolate, kReleasedMessage));
}

std::deque<std::unique_ptr<ReadRequest>> ReadableStreamDefaultReader::TakeReadRequests() {
  std::deque<std::unique_ptr<ReadRequest>> requests;
  requests.swap(read_requests_);
  return requests;
}

void ReadableStreamDefaultReader::CloseRequests(v8::Isolate* isolate) {
  // ReadableStreamClose step 7.
  for (auto& request : TakeReadRequests())
    request->CloseSteps(isolate);
}

void ReadableStreamDefaultReader::ErrorRequests(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  // ReadableStreamDefaultReaderErrorReadRequests steps 1-3.
  for (auto& request : TakeReadRequests())
    request->ErrorSteps(isolate, error);
}

}  // namespace v8ws
