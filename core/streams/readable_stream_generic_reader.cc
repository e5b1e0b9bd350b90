// The generic reader operations: Streams Standard §4.3 and §4.9.3, step numbers in the
// comments.
#include "core/streams/readable_stream_generic_reader.h"

#include "core/streams/read_request.h"
#include "core/streams/readable_stream.h"
#include "core/streams/readable_stream_controller.h"
#include "core/streams/stream_promise.h"

namespace v8ws {
namespace {

constexpr uint32_t kStreamKey = 1;
constexpr uint32_t kClosedPromiseKey = 2;  // a resolver
constexpr uint32_t kFastResolverKey = 3;   // the first pending read's resolver
// Read promises' resolvers past the first: kFirstResolverKey and up, reused once taken (the
// first few in wrapper slots).
constexpr uint32_t kFirstResolverKey = 16;

}  // namespace

const char ReadableStreamGenericReader::kReleasedMessage[] =
    "This reader has been released from its stream.";

void ReadableStreamGenericReader::GenericInitialize(v8::Isolate* isolate, ReadableStream* stream) {
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
}

v8::Local<v8::Promise> ReadableStreamGenericReader::Closed(v8::Isolate* isolate) const {
  return streams::PromiseOf(GetWrapperValue(isolate, kClosedPromiseKey));
}

v8::Local<v8::Promise> ReadableStreamGenericReader::Cancel(v8::Isolate* isolate,
                                                           v8::Local<v8::Value> reason) {
  // §4.3 cancel(reason) steps 1-2.
  if (!stream_)
    return streams::RejectedPromise(isolate, streams::NewTypeError(isolate, kReleasedMessage));
  return GenericCancel(isolate, reason.IsEmpty() ? v8::Undefined(isolate).As<v8::Value>() : reason);
}

void ReadableStreamGenericReader::GenericRelease(v8::Isolate* isolate) {
  // ReadableStreamReaderGenericRelease steps 1-9.
  ReadableStream* stream = stream_;
  [[maybe_unused]] v8::Local<v8::Object> keep_stream = stream->GetWrapper(isolate);
  [[maybe_unused]] v8::Local<v8::Object> keep_self = GetWrapper(isolate);
  v8::Local<v8::Value> error = streams::NewTypeError(isolate, kReleasedMessage);
  // Steps 4-6 (marked handled first, as in GenericInitialize).
  if (stream->state() != ReadableStream::State::kReadable)
    SetWrapperValue(isolate, kClosedPromiseKey, streams::NewResolver(isolate));
  streams::MarkAsHandled(Closed(isolate));
  streams::Reject(isolate, GetWrapperValue(isolate, kClosedPromiseKey), error);
  stream->controller()->ReleaseSteps(isolate);
  stream->SetReader(isolate, nullptr);
  stream_ = nullptr;
  DeleteWrapperValue(isolate, kStreamKey);
}

v8::Local<v8::Promise> ReadableStreamGenericReader::GenericCancel(v8::Isolate* isolate,
                                                                  v8::Local<v8::Value> reason) {
  // ReadableStreamReaderGenericCancel steps 1-3.
  return stream_->Cancel(isolate, reason);
}

void ReadableStreamGenericReader::ResolveClosed(v8::Isolate* isolate) {
  streams::Resolve(isolate, GetWrapperValue(isolate, kClosedPromiseKey), v8::Undefined(isolate));
}

void ReadableStreamGenericReader::RejectClosed(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  v8::Local<v8::Value> resolver = GetWrapperValue(isolate, kClosedPromiseKey);
  streams::MarkAsHandled(streams::PromiseOf(resolver));
  streams::Reject(isolate, resolver, error);
}

uint32_t ReadableStreamGenericReader::KeepResolver(v8::Isolate* isolate,
                                                   v8::Local<v8::Value> resolver) {
  static_assert(kFirstResolverKey == 16, "the header's resolver_keys_");
  // One pending read is the common case: it goes in a slot of the wrapper itself.
  if (!fast_key_in_use_) {
    fast_key_in_use_ = true;
    SetWrapperValue(isolate, kFastResolverKey, resolver);
    return kFastResolverKey;
  }
  uint32_t key = resolver_keys_.Take();
  SetWrapperValue(isolate, key, resolver);
  return key;
}

v8::Local<v8::Value> ReadableStreamGenericReader::TakeResolver(v8::Isolate* isolate, uint32_t key) {
  v8::Local<v8::Value> resolver = GetWrapperValue(isolate, key);
  DeleteWrapperValue(isolate, key);
  if (key == kFastResolverKey)
    fast_key_in_use_ = false;
  else
    resolver_keys_.Give(key);
  return resolver;
}

void HeldValue::Keep(v8::Isolate* isolate) {
  if (kept_)
    return;
  key_ = reader_->KeepResolver(isolate, local_);
  kept_ = true;
  local_.Clear();
}

v8::Local<v8::Value> HeldValue::Take(v8::Isolate* isolate) {
  if (!kept_)
    return local_;
  kept_ = false;
  return reader_->TakeResolver(isolate, key_);
}

}  // namespace v8ws
