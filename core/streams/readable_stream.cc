// ReadableStream: Streams Standard §4.2 and §4.9.1-2, step numbers in the comments.
#include "core/streams/readable_stream.h"

#include "bindings/core/v8/async_iterator_support.h"
#include "bindings/core/v8/exception_state.h"
#include "bindings/core/v8/native_value_traits.h"
#include "bindings/generated/v8_readable_stream.h"
#include "bindings/generated/v8_underlying_source.h"
#include "core/execution_context.h"
#include "core/streams/queuing_strategy.h"
#include "core/streams/read_into_request.h"
#include "core/streams/read_request.h"
#include "core/streams/readable_byte_stream_controller.h"
#include "core/streams/readable_stream_byob_reader.h"
#include "core/streams/readable_stream_default_controller.h"
#include "core/streams/readable_stream_default_reader.h"
#include "core/streams/readable_stream_from.h"
#include "core/streams/readable_stream_pipe.h"
#include "core/streams/readable_stream_tee.h"
#include "core/streams/stream_promise.h"
#include "core/streams/writable_stream.h"

namespace v8ws {
namespace {

constexpr uint32_t kControllerKey = 1;
constexpr uint32_t kReaderKey = 2;
constexpr uint32_t kStoredErrorKey = 3;

// §4.2.5 the asynchronous iterator: a default reader and "prevent cancel".
class ReadableStreamAsyncIterator final : public AsyncIteratorBase {
 public:
  static constexpr uint32_t kReaderKey = 3;  // after the base's own keys

  ReadableStreamAsyncIterator(ReadableStreamDefaultReader* reader, bool prevent_cancel)
      : reader_(reader), prevent_cancel_(prevent_cancel) {}

  // "Get the next iteration result" steps.
  v8::Local<v8::Promise> GetNextIterationResult(v8::Isolate* isolate) override {
    // Steps 1-2: the reader cannot have been released while an iteration is ongoing.
    if (!reader_->stream())
      return streams::RejectedPromise(isolate,
                                      streams::NewTypeError(isolate, "The reader was released."));
    // Steps 3-6.
    return reader_->ReadIntoPromise(isolate, PromiseReadRequest::Kind::kIterator);
  }

  // "Asynchronous iterator return" steps.
  v8::Local<v8::Promise> IteratorReturn(v8::Isolate* isolate, v8::Local<v8::Value> value) override {
    if (!reader_->stream())
      return streams::ResolvedWithUndefined(isolate);
    // Step 4: cancel unless preventCancel, then release the lock either way.
    if (!prevent_cancel_) {
      v8::Local<v8::Promise> result = reader_->GenericCancel(isolate, value);
      reader_->Release(isolate);
      return result;
    }
    reader_->Release(isolate);
    return streams::ResolvedWithUndefined(isolate);
  }

 protected:
  // The binding made the iterator's wrapper: the reader moves into it.
  void OnWrapperAssociated(v8::Isolate* isolate) override {
    SetWrapperValue(isolate, kReaderKey, reader_->GetWrapper(isolate));
  }

 private:
  ReadableStreamDefaultReader* reader_;  // alive: kept in this iterator's wrapper
  bool prevent_cancel_;
};

void ReturnUndefined(const v8::FunctionCallbackInfo<v8::Value>&) {}

}  // namespace

// What the constructor read, held until the wrapper exists (strong handles for that moment
// only).
struct ReadableStream::PendingSetUp {
  v8::Global<v8::Value> source, start, pull, cancel, size;
  double high_water_mark;
  bool bytes;
  std::optional<uint64_t> auto_allocate_chunk_size;
};

ReadableStream::ReadableStream() = default;
ReadableStream::~ReadableStream() = default;

const WrapperTypeInfo* ReadableStream::GetWrapperTypeInfo() const {
  return &V8ReadableStream::wrapper_type_info;
}

ReadableStream* ReadableStream::from(ExecutionContext*,
                                     v8::Isolate* isolate,
                                     const AsyncSequence& async_iterable,
                                     ExceptionState& es) {
  return ReadableStreamFromIterable(isolate, async_iterable, es);
}

ReadableStream* ReadableStream::Create(ExecutionContext* context,
                                       v8::Local<v8::Object> underlying_source,
                                       const QueuingStrategy& strategy,
                                       ExceptionState& es) {
  v8::Isolate* isolate = context->isolate();
  // Step 1: a missing underlying source is null.
  v8::Local<v8::Value> source = underlying_source.IsEmpty()
                                    ? v8::Local<v8::Value>(v8::Null(isolate))
                                    : v8::Local<v8::Value>(underlying_source);
  // Step 2: its members, read in order (autoAllocateChunkSize, cancel, pull, start, type).
  UnderlyingSource dict = NativeValueTraits<UnderlyingSource>::NativeValue(isolate, source, es);
  if (es.HadException())
    return nullptr;
  double hwm = 1;
  if (dict.type) {
    // Step 4: a byte stream; its set-up's checks (ExtractHighWaterMark, and
    // SetUpReadableByteStreamControllerFromUnderlyingSource step 9) come before start().
    if (!strategy.size.IsEmpty()) {
      es.ThrowRangeError("The strategy for a byte stream cannot have a size function.");
      return nullptr;
    }
    if (!streams::ExtractHighWaterMark(strategy, 0, &hwm, es))
      return nullptr;
    if (dict.autoAllocateChunkSize && *dict.autoAllocateChunkSize == 0) {
      es.ThrowTypeError("autoAllocateChunkSize must be greater than 0.");
      return nullptr;
    }
  } else if (!streams::ExtractHighWaterMark(strategy, 1, &hwm, es)) {
    // Step 5: the strategy's size algorithm and high-water mark (1 by default).
    return nullptr;
  }
  // Step 3, InitializeReadableStream; step 5.4 waits for the wrapper.
  auto* stream = new ReadableStream();
  auto pending = std::make_unique<PendingSetUp>();
  streams::Keep(isolate, pending->source, source);
  streams::Keep(isolate, pending->start, dict.start);
  streams::Keep(isolate, pending->pull, dict.pull);
  streams::Keep(isolate, pending->cancel, dict.cancel);
  streams::Keep(isolate, pending->size, strategy.size);
  pending->high_water_mark = hwm;
  pending->bytes = dict.type.has_value();
  pending->auto_allocate_chunk_size = dict.autoAllocateChunkSize;
  stream->pending_set_up_ = std::move(pending);
  return stream;
}

void ReadableStream::OnWrapperAssociated(v8::Isolate* isolate) {
  if (!pending_set_up_)
    return;
  std::unique_ptr<PendingSetUp> pending = std::move(pending_set_up_);
  UnderlyingSource dict;
  dict.start = streams::Held(isolate, pending->start);
  dict.pull = streams::Held(isolate, pending->pull);
  dict.cancel = streams::Held(isolate, pending->cancel);
  if (pending->bytes) {
    // Step 4.3: SetUpReadableByteStreamControllerFromUnderlyingSource.
    dict.autoAllocateChunkSize = pending->auto_allocate_chunk_size;
    ReadableByteStreamController::SetUpFromUnderlyingSource(
        isolate, this, streams::Held(isolate, pending->source), dict, pending->high_water_mark);
    return;
  }
  // Step 5.4: SetUpReadableStreamDefaultControllerFromUnderlyingSource.
  ReadableStreamDefaultController::SetUpFromUnderlyingSource(
      isolate, this, streams::Held(isolate, pending->source), dict, pending->high_water_mark,
      streams::Held(isolate, pending->size));
}

ReadableStream* ReadableStream::CreateWithoutSetUp(v8::Isolate* isolate) {
  auto* stream = new ReadableStream();
  stream->ToV8(isolate, isolate->GetCurrentContext());
  return stream;
}

namespace {

PipeOptions ToPipeOptions(const StreamPipeOptions& options) {
  PipeOptions pipe;
  pipe.prevent_close = options.preventClose;
  pipe.prevent_abort = options.preventAbort;
  pipe.prevent_cancel = options.preventCancel;
  pipe.signal = options.signal ? *options.signal : nullptr;
  return pipe;
}

}  // namespace

ReadableStream* ReadableStream::pipeThrough(v8::Isolate* isolate,
                                            const ReadableWritablePair& transform,
                                            const StreamPipeOptions& options,
                                            ExceptionState& es) {
  // §4.2.4 pipeThrough(transform, options) steps 1-6.
  if (locked()) {
    es.ThrowTypeError("Cannot pipe a stream that is locked to a reader.");
    return nullptr;
  }
  if (transform.writable->locked()) {
    es.ThrowTypeError("Cannot pipe to a stream that is locked to a writer.");
    return nullptr;
  }
  // Steps 4-5: the promise is handled before anything can reject it.
  PipeOptions pipe = ToPipeOptions(options);
  pipe.promise_is_handled = true;
  ReadableStreamPipeTo(isolate, this, transform.writable, pipe);
  return transform.readable;
}

v8::Local<v8::Promise> ReadableStream::pipeTo(v8::Isolate* isolate,
                                              WritableStream* destination,
                                              const StreamPipeOptions& options) {
  // §4.2.4 pipeTo(destination, options) steps 1-4.
  if (locked()) {
    return streams::RejectedPromise(
        isolate,
        streams::NewTypeError(isolate, "Cannot pipe a stream that is locked to a reader."));
  }
  if (destination->locked()) {
    return streams::RejectedPromise(
        isolate,
        streams::NewTypeError(isolate, "Cannot pipe to a stream that is locked to a writer."));
  }
  return ReadableStreamPipeTo(isolate, this, destination, ToPipeOptions(options));
}

std::vector<ReadableStream*> ReadableStream::tee(v8::Isolate* isolate, ExceptionState& es) {
  // §4.2.4 tee(): ReadableStreamTee(this, false), by the controller's kind.
  auto [branch1, branch2] = controller_->IsByteController()
                                ? ReadableByteStreamTee(isolate, this, es)
                                : ReadableStreamDefaultTee(isolate, this, es);
  if (!branch1)
    return {};
  return {branch1, branch2};
}

v8::Local<v8::Promise> ReadableStream::cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
  // §4.2.4 cancel(reason): a locked stream rejects.
  if (locked()) {
    return streams::RejectedPromise(
        isolate,
        streams::NewTypeError(isolate, "Cannot cancel a stream that is locked to a reader."));
  }
  return Cancel(isolate, reason.IsEmpty() ? v8::Undefined(isolate).As<v8::Value>() : reason);
}

ReadableStreamDefaultReaderOrReadableStreamBYOBReader ReadableStream::getReader(
    v8::Isolate* isolate,
    const ReadableStreamGetReaderOptions& options,
    ExceptionState& es) {
  // §4.2.4 getReader(options) steps 1-3.
  if (options.mode)
    return ReadableStreamDefaultReaderOrReadableStreamBYOBReader(
        ReadableStreamBYOBReader::Acquire(isolate, this, es));
  return ReadableStreamDefaultReaderOrReadableStreamBYOBReader(
      ReadableStreamDefaultReader::Acquire(isolate, this, es));
}

AsyncIteratorBase* ReadableStream::CreateAsyncIterator(v8::Isolate* isolate,
                                                       const ReadableStreamIteratorOptions& options,
                                                       ExceptionState& es) {
  // §4.2.5 "asynchronous iterator initialization steps".
  ReadableStreamDefaultReader* reader = ReadableStreamDefaultReader::Acquire(isolate, this, es);
  if (!reader)
    return nullptr;
  // Until the binding gives the iterator its wrapper, this stream's wrapper keeps the reader.
  return new ReadableStreamAsyncIterator(reader, options.preventCancel);
}

v8::Local<v8::Promise> ReadableStream::Cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
  // ReadableStreamCancel steps 1-3.
  disturbed_ = true;
  if (state_ == State::kClosed)
    return streams::ResolvedWithUndefined(isolate);
  if (state_ == State::kErrored)
    return streams::RejectedPromise(isolate, stored_error(isolate));
  // Steps 4-8: close (a BYOB reader's requests close with undefined), then the source's
  // cancel; its fulfillment value is dropped.
  Close(isolate);
  if (ReadableStreamBYOBReader* reader = byob_reader()) {
    std::deque<std::unique_ptr<ReadIntoRequest>> requests;
    requests.swap(reader->read_into_requests());
    for (auto& request : requests)
      request->CloseSteps(isolate, v8::Undefined(isolate));
  }
  v8::Local<v8::Promise> source_cancel = controller_->CancelSteps(isolate, reason);
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Function> to_undefined =
      v8::Function::New(context, ReturnUndefined, v8::Local<v8::Value>(), 0,
                        v8::ConstructorBehavior::kThrow)
          .ToLocalChecked();
  v8::Local<v8::Promise> result;
  if (!source_cancel->Then(context, to_undefined).ToLocal(&result))
    return v8::Local<v8::Promise>();
  return result;
}

void ReadableStream::Close(v8::Isolate* isolate) {
  // ReadableStreamClose steps 2-7.
  state_ = State::kClosed;
  ReadableStreamGenericReader* reader = reader_;
  if (!reader)
    return;
  [[maybe_unused]] v8::Local<v8::Object> keep = reader->GetWrapper(isolate);
  reader->ResolveClosed(isolate);
  reader->CloseRequests(isolate);
}

void ReadableStream::Error(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  // ReadableStreamError steps 2-9.
  state_ = State::kErrored;
  SetWrapperValue(isolate, kStoredErrorKey, error);
  ReadableStreamGenericReader* reader = reader_;
  if (!reader)
    return;
  [[maybe_unused]] v8::Local<v8::Object> keep = reader->GetWrapper(isolate);
  reader->RejectClosed(isolate, error);
  reader->ErrorRequests(isolate, error);
}

ReadableStreamDefaultReader* ReadableStream::default_reader() const {
  return reader_ && !reader_->IsBYOBReader() ? static_cast<ReadableStreamDefaultReader*>(reader_)
                                             : nullptr;
}

ReadableStreamDefaultController* ReadableStream::default_controller() const {
  return static_cast<ReadableStreamDefaultController*>(controller_);
}

void ReadableStream::AddReadRequest(v8::Isolate* isolate, std::unique_ptr<ReadRequest> request) {
  request->OnQueued(isolate);
  default_reader()->read_requests().push_back(std::move(request));
}

void ReadableStream::FulfillReadRequest(v8::Isolate* isolate,
                                        v8::Local<v8::Value> chunk,
                                        bool done) {
  // ReadableStreamFulfillReadRequest steps 3-6.
  auto& requests = default_reader()->read_requests();
  std::unique_ptr<ReadRequest> request = std::move(requests.front());
  requests.pop_front();
  if (done)
    request->CloseSteps(isolate);
  else
    request->ChunkSteps(isolate, chunk);
}

ReadableStreamBYOBReader* ReadableStream::byob_reader() const {
  return reader_ && reader_->IsBYOBReader() ? static_cast<ReadableStreamBYOBReader*>(reader_)
                                            : nullptr;
}

void ReadableStream::AddReadIntoRequest(std::unique_ptr<ReadIntoRequest> request) {
  byob_reader()->read_into_requests().push_back(std::move(request));
}

void ReadableStream::FulfillReadIntoRequest(v8::Isolate* isolate,
                                            v8::Local<v8::Value> chunk,
                                            bool done) {
  // ReadableStreamFulfillReadIntoRequest steps 2-6.
  auto& requests = byob_reader()->read_into_requests();
  std::unique_ptr<ReadIntoRequest> request = std::move(requests.front());
  requests.pop_front();
  if (done)
    request->CloseSteps(isolate, chunk);
  else
    request->ChunkSteps(isolate, chunk);
}

size_t ReadableStream::GetNumReadIntoRequests() const {
  ReadableStreamBYOBReader* reader = byob_reader();
  return reader ? reader->read_into_requests().size() : 0;
}

size_t ReadableStream::GetNumReadRequests() const {
  ReadableStreamDefaultReader* reader = default_reader();
  return reader ? reader->read_requests().size() : 0;
}

v8::Local<v8::Value> ReadableStream::stored_error(v8::Isolate* isolate) const {
  return GetWrapperValue(isolate, kStoredErrorKey);
}

void ReadableStream::SetReader(v8::Isolate* isolate, ReadableStreamGenericReader* reader) {
  reader_ = reader;
  if (reader)
    SetWrapperValue(isolate, kReaderKey, reader->GetWrapper(isolate));
  else
    DeleteWrapperValue(isolate, kReaderKey);
}

void ReadableStream::SetController(v8::Isolate* isolate, ReadableStreamController* controller) {
  controller_ = controller;
  SetWrapperValue(isolate, kControllerKey, controller->GetWrapper(isolate));
}

}  // namespace v8ws
