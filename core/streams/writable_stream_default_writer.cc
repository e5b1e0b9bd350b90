// WritableStreamDefaultWriter: Streams Standard §5.3 and §5.5.3, step numbers in the comments.
#include "core/streams/writable_stream_default_writer.h"

#include "bindings/core/v8/exception_state.h"
#include "bindings/generated/v8_writable_stream_default_writer.h"
#include "core/execution_context.h"
#include "core/streams/stream_promise.h"
#include "core/streams/writable_stream.h"
#include "core/streams/writable_stream_default_controller.h"

namespace v8ws {
namespace {

constexpr uint32_t kStreamKey = 1;
constexpr uint32_t kClosedKey = 2;  // resolvers
constexpr uint32_t kReadyKey = 3;

const char kReleasedMessage[] = "This writer has been released from its stream.";

bool IsPending(v8::Local<v8::Value> resolver) {
  return streams::PromiseOf(resolver)->State() == v8::Promise::kPending;
}

// A new resolver, already settled (`error` empty: fulfilled with undefined), marked handled.
v8::Local<v8::Promise::Resolver> Settled(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  v8::Local<v8::Promise::Resolver> resolver = streams::NewResolver(isolate);
  if (error.IsEmpty()) {
    streams::Resolve(isolate, resolver, v8::Undefined(isolate));
  } else {
    streams::MarkAsHandled(resolver->GetPromise());
    streams::Reject(isolate, resolver, error);
  }
  return resolver;
}

// SetUpWritableStreamDefaultWriter step 1.
bool CheckUnlocked(WritableStream* stream, ExceptionState& es) {
  if (!stream->locked())
    return true;
  es.ThrowTypeError("Cannot create a writer for a stream that is already locked.");
  return false;
}

}  // namespace

const WrapperTypeInfo* WritableStreamDefaultWriter::GetWrapperTypeInfo() const {
  return &V8WritableStreamDefaultWriter::wrapper_type_info;
}

WritableStreamDefaultWriter* WritableStreamDefaultWriter::Create(ExecutionContext* context,
                                                                 WritableStream* stream,
                                                                 ExceptionState& es) {
  // §5.3.3 constructor(stream): SetUpWritableStreamDefaultWriter; step 1 now, the rest once
  // the binding has bound the wrapper.
  if (!CheckUnlocked(stream, es))
    return nullptr;
  auto* writer = new WritableStreamDefaultWriter();
  writer->pending_stream_ = stream;
  return writer;
}

void WritableStreamDefaultWriter::OnWrapperAssociated(v8::Isolate* isolate) {
  if (WritableStream* stream = pending_stream_) {
    pending_stream_ = nullptr;
    SetUp(isolate, stream);
  }
}

WritableStreamDefaultWriter* WritableStreamDefaultWriter::Acquire(v8::Isolate* isolate,
                                                                  WritableStream* stream,
                                                                  ExceptionState& es) {
  if (!CheckUnlocked(stream, es))
    return nullptr;
  auto* writer = new WritableStreamDefaultWriter();
  writer->ToV8(isolate, isolate->GetCurrentContext());
  writer->SetUp(isolate, stream);
  return writer;
}

void WritableStreamDefaultWriter::SetUp(v8::Isolate* isolate, WritableStream* stream) {
  // SetUpWritableStreamDefaultWriter steps 2-8.
  stream_ = stream;
  SetWrapperValue(isolate, kStreamKey, stream->GetWrapper(isolate));
  stream->SetWriter(isolate, this);
  v8::Local<v8::Value> none;
  switch (stream->state()) {
    case WritableStream::State::kWritable:
      SetWrapperValue(isolate, kReadyKey,
                      !stream->CloseQueuedOrInFlight() && stream->backpressure()
                          ? streams::NewResolver(isolate)
                          : Settled(isolate, none));
      SetWrapperValue(isolate, kClosedKey, streams::NewResolver(isolate));
      break;
    case WritableStream::State::kErroring:
      SetWrapperValue(isolate, kReadyKey, Settled(isolate, stream->stored_error(isolate)));
      SetWrapperValue(isolate, kClosedKey, streams::NewResolver(isolate));
      break;
    case WritableStream::State::kClosed:
      SetWrapperValue(isolate, kReadyKey, Settled(isolate, none));
      SetWrapperValue(isolate, kClosedKey, Settled(isolate, none));
      break;
    case WritableStream::State::kErrored:
      SetWrapperValue(isolate, kReadyKey, Settled(isolate, stream->stored_error(isolate)));
      SetWrapperValue(isolate, kClosedKey, Settled(isolate, stream->stored_error(isolate)));
      break;
  }
}

v8::Local<v8::Promise> WritableStreamDefaultWriter::closed(v8::Isolate* isolate) const {
  return streams::PromiseOf(GetWrapperValue(isolate, kClosedKey));
}

std::optional<double> WritableStreamDefaultWriter::desiredSize(ExceptionState& es) const {
  // §5.3.3 desiredSize getter steps 1-2.
  if (!stream_) {
    es.ThrowTypeError(kReleasedMessage);
    return std::nullopt;
  }
  return GetDesiredSize();
}

v8::Local<v8::Promise> WritableStreamDefaultWriter::ready(v8::Isolate* isolate) {
  MakeReady(isolate);
  return streams::PromiseOf(GetWrapperValue(isolate, kReadyKey));
}

void WritableStreamDefaultWriter::MakeReady(v8::Isolate* isolate) {
  if (lazy_ready_ == LazyReady::kNone)
    return;
  v8::Local<v8::Value> none;
  SetWrapperValue(
      isolate, kReadyKey,
      lazy_ready_ == LazyReady::kPending ? streams::NewResolver(isolate) : Settled(isolate, none));
  lazy_ready_ = LazyReady::kNone;
}

bool WritableStreamDefaultWriter::ReadyIsFulfilled(v8::Isolate* isolate) const {
  if (lazy_ready_ != LazyReady::kNone)
    return lazy_ready_ == LazyReady::kFulfilled;
  return streams::PromiseOf(GetWrapperValue(isolate, kReadyKey))->State() ==
         v8::Promise::kFulfilled;
}

v8::Local<v8::Promise> WritableStreamDefaultWriter::abort(v8::Isolate* isolate,
                                                          v8::Local<v8::Value> reason) {
  // §5.3.3 abort(reason) steps 1-2 (WritableStreamDefaultWriterAbort).
  if (!stream_)
    return streams::RejectedPromise(isolate, streams::NewTypeError(isolate, kReleasedMessage));
  return stream_->Abort(isolate,
                        reason.IsEmpty() ? v8::Undefined(isolate).As<v8::Value>() : reason);
}

v8::Local<v8::Promise> WritableStreamDefaultWriter::close(v8::Isolate* isolate) {
  // §5.3.3 close() steps 1-4 (WritableStreamDefaultWriterClose).
  if (!stream_)
    return streams::RejectedPromise(isolate, streams::NewTypeError(isolate, kReleasedMessage));
  if (stream_->CloseQueuedOrInFlight()) {
    return streams::RejectedPromise(
        isolate, streams::NewTypeError(isolate, "The stream is already closing."));
  }
  return stream_->Close(isolate);
}

void WritableStreamDefaultWriter::releaseLock(v8::Isolate* isolate) {
  // §5.3.3 releaseLock() steps 1-4.
  if (!stream_)
    return;
  Release(isolate);
}

v8::Local<v8::Promise> WritableStreamDefaultWriter::write(v8::Isolate* isolate,
                                                          v8::Local<v8::Value> chunk) {
  // §5.3.3 write(chunk) steps 1-2.
  if (!stream_)
    return streams::RejectedPromise(isolate, streams::NewTypeError(isolate, kReleasedMessage));
  return Write(isolate, chunk.IsEmpty() ? v8::Undefined(isolate).As<v8::Value>() : chunk);
}

void WritableStreamDefaultWriter::EnsureClosedPromiseRejected(v8::Isolate* isolate,
                                                              v8::Local<v8::Value> error) {
  // WritableStreamDefaultWriterEnsureClosedPromiseRejected steps 1-3.
  v8::Local<v8::Value> closed = GetWrapperValue(isolate, kClosedKey);
  if (IsPending(closed)) {
    streams::MarkAsHandled(streams::PromiseOf(closed));
    streams::Reject(isolate, closed, error);
  } else {
    SetWrapperValue(isolate, kClosedKey, Settled(isolate, error));
  }
}

void WritableStreamDefaultWriter::EnsureReadyPromiseRejected(v8::Isolate* isolate,
                                                             v8::Local<v8::Value> error) {
  // WritableStreamDefaultWriterEnsureReadyPromiseRejected steps 1-3. A lazy promise that
  // is still pending is rejected as it is made.
  if (lazy_ready_ != LazyReady::kNone) {
    lazy_ready_ = LazyReady::kNone;
    SetWrapperValue(isolate, kReadyKey, Settled(isolate, error));
    return;
  }
  v8::Local<v8::Value> ready = GetWrapperValue(isolate, kReadyKey);
  if (IsPending(ready)) {
    streams::MarkAsHandled(streams::PromiseOf(ready));
    streams::Reject(isolate, ready, error);
  } else {
    SetWrapperValue(isolate, kReadyKey, Settled(isolate, error));
  }
}

std::optional<double> WritableStreamDefaultWriter::GetDesiredSize() const {
  // WritableStreamDefaultWriterGetDesiredSize steps 2-5.
  switch (stream_->state()) {
    case WritableStream::State::kErrored:
    case WritableStream::State::kErroring:
      return std::nullopt;
    case WritableStream::State::kClosed:
      return 0;
    case WritableStream::State::kWritable:
      break;
  }
  return stream_->controller()->GetDesiredSize();
}

void WritableStreamDefaultWriter::Release(v8::Isolate* isolate) {
  // WritableStreamDefaultWriterRelease steps 4-8.
  WritableStream* stream = stream_;
  [[maybe_unused]] v8::Local<v8::Object> keep_stream = stream->GetWrapper(isolate);
  [[maybe_unused]] v8::Local<v8::Object> keep_self = GetWrapper(isolate);
  v8::Local<v8::Value> released = streams::NewTypeError(isolate, kReleasedMessage);
  EnsureReadyPromiseRejected(isolate, released);
  EnsureClosedPromiseRejected(isolate, released);
  stream->SetWriter(isolate, nullptr);
  stream_ = nullptr;
  DeleteWrapperValue(isolate, kStreamKey);
}

v8::Local<v8::Promise> WritableStreamDefaultWriter::Write(v8::Isolate* isolate,
                                                          v8::Local<v8::Value> chunk) {
  // WritableStreamDefaultWriterWrite steps 1-13.
  WritableStream* stream = stream_;
  [[maybe_unused]] v8::Local<v8::Object> keep_stream = stream->GetWrapper(isolate);
  WritableStreamDefaultController* controller = stream->controller();
  double chunk_size = controller->GetChunkSize(isolate, chunk);
  // Step 5: the size function may have released this writer.
  if (stream != stream_)
    return streams::RejectedPromise(isolate, streams::NewTypeError(isolate, kReleasedMessage));
  WritableStream::State state = stream->state();
  if (state == WritableStream::State::kErrored)
    return streams::RejectedPromise(isolate, stream->stored_error(isolate));
  if (stream->CloseQueuedOrInFlight() || state == WritableStream::State::kClosed) {
    return streams::RejectedPromise(
        isolate, streams::NewTypeError(isolate, "The stream is closing or closed."));
  }
  if (state == WritableStream::State::kErroring)
    return streams::RejectedPromise(isolate, stream->stored_error(isolate));
  v8::Local<v8::Promise> promise = stream->AddWriteRequest(isolate);
  controller->Write(isolate, chunk, chunk_size);
  return promise;
}

v8::Local<v8::Promise> WritableStreamDefaultWriter::CloseWithErrorPropagation(
    v8::Isolate* isolate) {
  // WritableStreamDefaultWriterCloseWithErrorPropagation steps 1-7.
  WritableStream* stream = stream_;
  if (stream->CloseQueuedOrInFlight() || stream->state() == WritableStream::State::kClosed)
    return streams::ResolvedWithUndefined(isolate);
  if (stream->state() == WritableStream::State::kErrored)
    return streams::RejectedPromise(isolate, stream->stored_error(isolate));
  return stream->Close(isolate);
}

void WritableStreamDefaultWriter::ResolveClosed(v8::Isolate* isolate) {
  streams::Resolve(isolate, GetWrapperValue(isolate, kClosedKey), v8::Undefined(isolate));
}

void WritableStreamDefaultWriter::RejectClosed(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  // WritableStreamRejectCloseAndClosedPromiseIfNeeded steps 6.1-6.2.
  v8::Local<v8::Value> closed = GetWrapperValue(isolate, kClosedKey);
  streams::MarkAsHandled(streams::PromiseOf(closed));
  streams::Reject(isolate, closed, error);
}

void WritableStreamDefaultWriter::ResolveReady(v8::Isolate* isolate) {
  if (lazy_ready_ != LazyReady::kNone) {
    lazy_ready_ = LazyReady::kFulfilled;
    return;
  }
  streams::Resolve(isolate, GetWrapperValue(isolate, kReadyKey), v8::Undefined(isolate));
}

void WritableStreamDefaultWriter::ResetReady(v8::Isolate* isolate) {
  DeleteWrapperValue(isolate, kReadyKey);
  lazy_ready_ = LazyReady::kPending;
}

}  // namespace v8ws
