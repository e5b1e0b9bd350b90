// ReadableStreamBYOBReader: Streams Standard §4.5 and §4.9.3, step numbers in the comments.
#include "core/streams/readable_stream_byob_reader.h"

#include "bindings/core/v8/exception_state.h"
#include "bindings/generated/v8_readable_stream_byob_reader.h"
#include "core/streams/readable_byte_stream_controller.h"
#include "core/streams/readable_stream.h"
#include "core/streams/stream_promise.h"

namespace v8ws {
namespace {

// SetUpReadableStreamBYOBReader steps 1-2.
bool CanSetUp(ReadableStream* stream, ExceptionState& es) {
  if (stream->locked()) {
    es.ThrowTypeError("Cannot create a reader for a stream that is already locked.");
    return false;
  }
  if (!stream->controller()->IsByteController()) {
    es.ThrowTypeError("Cannot create a BYOB reader for a stream that is not a byte stream.");
    return false;
  }
  return true;
}

}  // namespace

void PromiseReadIntoRequest::ChunkSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) {
  streams::Resolve(isolate, reader_->TakeResolver(isolate, key_),
                   streams::ReadResult(isolate, chunk, false));
}

void PromiseReadIntoRequest::CloseSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) {
  streams::Resolve(isolate, reader_->TakeResolver(isolate, key_),
                   streams::ReadResult(isolate, chunk, true));
}

void PromiseReadIntoRequest::ErrorSteps(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  streams::Reject(isolate, reader_->TakeResolver(isolate, key_), error);
}

const WrapperTypeInfo* ReadableStreamBYOBReader::GetWrapperTypeInfo() const {
  return &V8ReadableStreamBYOBReader::wrapper_type_info;
}

ReadableStreamBYOBReader* ReadableStreamBYOBReader::Create(ExecutionContext*,
                                                           ReadableStream* stream,
                                                           ExceptionState& es) {
  // §4.5.3 constructor(stream): SetUpReadableStreamBYOBReader. Its checks throw now; the
  // rest needs the wrapper the binding is about to bind.
  if (!CanSetUp(stream, es))
    return nullptr;
  auto* reader = new ReadableStreamBYOBReader();
  reader->pending_stream_ = stream;
  return reader;
}

void ReadableStreamBYOBReader::OnWrapperAssociated(v8::Isolate* isolate) {
  if (ReadableStream* stream = pending_stream_) {
    pending_stream_ = nullptr;
    ExceptionState es;
    SetUp(isolate, stream, es);
  }
}

ReadableStreamBYOBReader* ReadableStreamBYOBReader::Acquire(v8::Isolate* isolate,
                                                            ReadableStream* stream,
                                                            ExceptionState& es) {
  auto* reader = new ReadableStreamBYOBReader();
  reader->ToV8(isolate, isolate->GetCurrentContext());
  if (!reader->SetUp(isolate, stream, es))
    return nullptr;  // the wrapper owns the reader; nothing reaches it
  return reader;
}

bool ReadableStreamBYOBReader::SetUp(v8::Isolate* isolate,
                                     ReadableStream* stream,
                                     ExceptionState& es) {
  // SetUpReadableStreamBYOBReader steps 1-4.
  if (!CanSetUp(stream, es))
    return false;
  GenericInitialize(isolate, stream);
  return true;
}

v8::Local<v8::Promise> ReadableStreamBYOBReader::read(
    v8::Isolate* isolate,
    v8::Local<v8::ArrayBufferView> view,
    const ReadableStreamBYOBReaderReadOptions& options) {
  // §4.5.3 read(view, options) steps 1-11.
  auto reject = [isolate](v8::Local<v8::Value> error) {
    return streams::RejectedPromise(isolate, error);
  };
  if (view->ByteLength() == 0)
    return reject(streams::NewTypeError(isolate, "The view's byte length is 0."));
  if (view->Buffer()->ByteLength() == 0) {
    return reject(
        streams::NewTypeError(isolate, "The view's buffer is detached or has a byte length of 0."));
  }
  if (view->Buffer()->WasDetached())
    return reject(streams::NewTypeError(isolate, "The view's buffer is detached."));
  uint64_t min = options.min;
  if (min == 0)
    return reject(streams::NewTypeError(isolate, "options.min must be greater than 0."));
  if (view->IsTypedArray()) {
    if (min > view.As<v8::TypedArray>()->Length()) {
      return reject(v8::Exception::RangeError(
          v8::String::NewFromUtf8Literal(isolate, "options.min is more than the view's length.")));
    }
  } else if (min > view->ByteLength()) {
    return reject(v8::Exception::RangeError(v8::String::NewFromUtf8Literal(
        isolate, "options.min is more than the view's byte length.")));
  }
  if (!stream())
    return reject(streams::NewTypeError(isolate, kReleasedMessage));
  v8::Local<v8::Promise::Resolver> resolver = streams::NewResolver(isolate);
  uint32_t key = KeepResolver(isolate, resolver);
  Read(isolate, view, min, std::make_unique<PromiseReadIntoRequest>(this, key));
  return resolver->GetPromise();
}

void ReadableStreamBYOBReader::releaseLock(v8::Isolate* isolate) {
  // §4.5.3 releaseLock() steps 1-2.
  if (!stream())
    return;
  Release(isolate);
}

void ReadableStreamBYOBReader::Read(v8::Isolate* isolate,
                                    v8::Local<v8::ArrayBufferView> view,
                                    uint64_t min,
                                    std::unique_ptr<ReadIntoRequest> request) {
  // ReadableStreamBYOBReaderRead steps 1-5.
  ReadableStream* stream = this->stream();
  stream->set_disturbed();
  if (stream->state() == ReadableStream::State::kErrored) {
    request->ErrorSteps(isolate, stream->stored_error(isolate));
    return;
  }
  static_cast<ReadableByteStreamController*>(stream->controller())
      ->PullInto(isolate, view, min, std::move(request));
}

void ReadableStreamBYOBReader::Release(v8::Isolate* isolate) {
  // ReadableStreamBYOBReaderRelease steps 1-3.
  GenericRelease(isolate);
  ErrorRequests(isolate, streams::NewTypeError(isolate, kReleasedMessage));
}

void ReadableStreamBYOBReader::ErrorRequests(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  // ReadableStreamBYOBReaderErrorReadIntoRequests steps 1-3.
  std::deque<std::unique_ptr<ReadIntoRequest>> requests;
  requests.swap(read_into_requests_);
  for (auto& request : requests)
    request->ErrorSteps(isolate, error);
}

}  // namespace v8ws
