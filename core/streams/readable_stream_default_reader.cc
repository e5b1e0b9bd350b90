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
namespace {

constexpr uint32_t kStreamKey = 1;
constexpr uint32_t kClosedPromiseKey = 2;  // a resolver
constexpr uint32_t kFastResolverKey = 3;   // the first pending read's resolver
// Read promises' resolvers: kFirstResolverKey and up, in the wrapper's Map.
constexpr uint32_t kFirstResolverKey = 16;

const char kReleasedMessage[] = "This reader has been released from its stream.";

}  // namespace

void PromiseReadRequest::ChunkSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) {
  v8::Local<v8::Value> resolver = reader_->TakeResolver(isolate, key_);
  streams::Resolve(
      isolate, resolver,
      kind_ == Kind::kRead ? streams::ReadResult(isolate, chunk, false).As<v8::Value>() : chunk);
}

void PromiseReadRequest::CloseSteps(v8::Isolate* isolate) {
  v8::Local<v8::Value> resolver = reader_->TakeResolver(isolate, key_);
  if (kind_ == Kind::kRead) {
    streams::Resolve(isolate, resolver, streams::ReadResult(isolate, v8::Undefined(isolate), true));
    return;
  }
  // §4.2.5 "get the next iteration result", close steps (the reader is still the stream's:
  // only the iterator releases it).
  if (reader_->stream())
    reader_->Release(isolate);
  streams::Resolve(isolate, resolver, EndOfIteration(isolate));
}

void PromiseReadRequest::ErrorSteps(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  v8::Local<v8::Value> resolver = reader_->TakeResolver(isolate, key_);
  if (kind_ == Kind::kIterator && reader_->stream())
    reader_->Release(isolate);
  streams::Reject(isolate, resolver, error);
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
  // ReadableStreamReaderGenericInitialize steps 1-5.
  stream_ = stream;
  SetWrapperValue(isolate, kStreamKey, stream->GetWrapper(isolate));
  stream->SetReader(isolate, this);
  v8::Local<v8::Promise::Resolver> closed = streams::NewResolver(isolate);
  SetWrapperValue(isolate, kClosedPromiseKey, closed);
  if (stream->state() == ReadableStream::State::kClosed) {
    streams::Resolve(isolate, closed, v8::Undefined(isolate));
  } else if (stream->state() == ReadableStream::State::kErrored) {
    // Handled before it is rejected: V8 reports a rejection without a handler at once,
    // where the standard's "set handled" step right after it means no report.
    streams::MarkAsHandled(closed->GetPromise());
    streams::Reject(isolate, closed, stream->stored_error(isolate));
  }
  return true;
}

v8::Local<v8::Promise> ReadableStreamDefaultReader::closed(v8::Isolate* isolate) const {
  return streams::PromiseOf(GetWrapperValue(isolate, kClosedPromiseKey));
}

v8::Local<v8::Promise> ReadableStreamDefaultReader::cancel(v8::Isolate* isolate,
                                                           v8::Local<v8::Value> reason) {
  // §4.3 cancel(reason) steps 1-2.
  if (!stream_)
    return streams::RejectedPromise(isolate, streams::NewTypeError(isolate, kReleasedMessage));
  return GenericCancel(isolate, reason.IsEmpty() ? v8::Undefined(isolate).As<v8::Value>() : reason);
}

v8::Local<v8::Promise> ReadableStreamDefaultReader::read(v8::Isolate* isolate) {
  // §4.4.3 read() steps 1-5.
  if (!stream_)
    return streams::RejectedPromise(isolate, streams::NewTypeError(isolate, kReleasedMessage));
  v8::Local<v8::Promise::Resolver> resolver = streams::NewResolver(isolate);
  uint32_t key = KeepResolver(isolate, resolver);
  Read(isolate, std::make_unique<PromiseReadRequest>(this, key, PromiseReadRequest::Kind::kRead));
  return resolver->GetPromise();
}

void ReadableStreamDefaultReader::releaseLock(v8::Isolate* isolate) {
  // §4.4.3 releaseLock() steps 1-2.
  if (!stream_)
    return;
  Release(isolate);
}

void ReadableStreamDefaultReader::Read(v8::Isolate* isolate, std::unique_ptr<ReadRequest> request) {
  // ReadableStreamDefaultReaderRead steps 1-6.
  ReadableStream* stream = stream_;
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
  ErrorReadRequests(isolate, streams::NewTypeError(isolate, kReleasedMessage));
}

void ReadableStreamDefaultReader::GenericRelease(v8::Isolate* isolate) {
  // ReadableStreamReaderGenericRelease steps 1-9.
  ReadableStream* stream = stream_;
  [[maybe_unused]] v8::Local<v8::Object> keep_stream = stream->GetWrapper(isolate);
  [[maybe_unused]] v8::Local<v8::Object> keep_self = GetWrapper(isolate);
  v8::Local<v8::Value> error = streams::NewTypeError(isolate, kReleasedMessage);
  // Steps 4-6 (marked handled first, as in SetUp).
  if (stream->state() != ReadableStream::State::kReadable)
    SetWrapperValue(isolate, kClosedPromiseKey, streams::NewResolver(isolate));
  streams::MarkAsHandled(closed(isolate));
  streams::Reject(isolate, GetWrapperValue(isolate, kClosedPromiseKey), error);
  stream->controller()->ReleaseSteps();
  stream->SetReader(isolate, nullptr);
  stream_ = nullptr;
  DeleteWrapperValue(isolate, kStreamKey);
}

v8::Local<v8::Promise> ReadableStreamDefaultReader::GenericCancel(v8::Isolate* isolate,
                                                                  v8::Local<v8::Value> reason) {
  // ReadableStreamReaderGenericCancel steps 1-3.
  return stream_->Cancel(isolate, reason);
}

void ReadableStreamDefaultReader::ResolveClosed(v8::Isolate* isolate) {
  streams::Resolve(isolate, GetWrapperValue(isolate, kClosedPromiseKey), v8::Undefined(isolate));
}

void ReadableStreamDefaultReader::RejectClosed(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  v8::Local<v8::Value> resolver = GetWrapperValue(isolate, kClosedPromiseKey);
  streams::MarkAsHandled(streams::PromiseOf(resolver));
  streams::Reject(isolate, resolver, error);
}

std::deque<std::unique_ptr<ReadRequest>> ReadableStreamDefaultReader::TakeReadRequests() {
  std::deque<std::unique_ptr<ReadRequest>> requests;
  requests.swap(read_requests_);
  return requests;
}

void ReadableStreamDefaultReader::ErrorReadRequests(v8::Isolate* isolate,
                                                    v8::Local<v8::Value> error) {
  // ReadableStreamDefaultReaderErrorReadRequests steps 1-3.
  for (auto& request : TakeReadRequests())
    request->ErrorSteps(isolate, error);
}

uint32_t ReadableStreamDefaultReader::KeepResolver(v8::Isolate* isolate,
                                                   v8::Local<v8::Value> resolver) {
  static_assert(kFirstResolverKey == 16, "the header's initial next_resolver_key_");
  // One pending read is the common case: it goes in a slot, not the wrapper's Map.
  if (!fast_key_in_use_) {
    fast_key_in_use_ = true;
    SetWrapperValue(isolate, kFastResolverKey, resolver);
    return kFastResolverKey;
  }
  uint32_t key = next_resolver_key_++;
  if (next_resolver_key_ == 0)  // wrapped after 2^32 reads: skip the fixed keys
    next_resolver_key_ = kFirstResolverKey;
  SetWrapperValue(isolate, key, resolver);
  return key;
}

v8::Local<v8::Value> ReadableStreamDefaultReader::TakeResolver(v8::Isolate* isolate, uint32_t key) {
  v8::Local<v8::Value> resolver = GetWrapperValue(isolate, key);
  DeleteWrapperValue(isolate, key);
  if (key == kFastResolverKey)
    fast_key_in_use_ = false;
  return resolver;
}

}  // namespace v8ws
