// ReadableByteStreamController and ReadableStreamBYOBRequest: Streams Standard §4.7, §4.8
// and §4.9.5, step numbers in the comments.
#include "core/streams/readable_byte_stream_controller.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "bindings/core/v8/exception_state.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_readable_byte_stream_controller.h"
#include "bindings/generated/v8_readable_stream_byob_request.h"
#include "bindings/generated/v8_underlying_source.h"
#include "bindings/generated/v8_underlying_source_cancel_callback.h"
#include "bindings/generated/v8_underlying_source_pull_callback.h"
#include "bindings/generated/v8_underlying_source_start_callback.h"
#include "core/streams/array_buffer_operations.h"
#include "core/streams/read_into_request.h"
#include "core/streams/read_request.h"
#include "core/streams/readable_stream.h"
#include "core/streams/readable_stream_byob_reader.h"
#include "core/streams/readable_stream_default_reader.h"
#include "core/streams/stream_promise.h"
#include "core/streams/underlying_source_base.h"

namespace v8ws {
namespace {

// Controller wrapper values; buffers take keys from 6 up, reused once forgotten, so that
// the few held at a time sit in the wrapper's slots rather than its Map.
constexpr uint32_t kStreamKey = 1;
constexpr uint32_t kSourceKey = 2;
constexpr uint32_t kPullKey = 3;
constexpr uint32_t kCancelKey = 4;
constexpr uint32_t kByobRequestKey = 5;
constexpr uint32_t kFirstBufferKey = 6;
// BYOB request wrapper values.
constexpr uint32_t kRequestViewKey = 1;
constexpr uint32_t kRequestControllerKey = 2;

ReadableByteStreamController* Self(ScriptWrappable* object) {
  return static_cast<ReadableByteStreamController*>(object);
}

void ThrowTypeError(v8::Isolate* isolate, const char* message) {
  isolate->ThrowException(streams::NewTypeError(isolate, message));
}

void ThrowRangeError(v8::Isolate* isolate, const char* message) {
  isolate->ThrowException(
      v8::Exception::RangeError(v8::String::NewFromUtf8(isolate, message).ToLocalChecked()));
}

using streams::AllocateArrayBuffer;
using streams::TransferArrayBuffer;

uint8_t* BytesOf(v8::Local<v8::ArrayBuffer> buffer) {
  return static_cast<uint8_t*>(buffer->Data());
}

}  // namespace

// ---- ReadableStreamBYOBRequest (§4.8) ----

const WrapperTypeInfo* ReadableStreamBYOBRequest::GetWrapperTypeInfo() const {
  return &V8ReadableStreamBYOBRequest::wrapper_type_info;
}

v8::Local<v8::Value> ReadableStreamBYOBRequest::view(v8::Isolate* isolate) const {
  v8::Local<v8::Value> view = GetWrapperValue(isolate, kRequestViewKey);
  return view->IsArrayBufferView() ? view : v8::Null(isolate).As<v8::Value>();
}

void ReadableStreamBYOBRequest::respond(v8::Isolate* isolate,
                                        uint64_t bytes_written,
                                        ExceptionState& es) {
  // §4.8.3 respond(bytesWritten) steps 1-5.
  if (!controller_) {
    es.ThrowTypeError("This BYOB request has been invalidated.");
    return;
  }
  v8::Local<v8::Value> view = GetWrapperValue(isolate, kRequestViewKey);
  if (view.As<v8::ArrayBufferView>()->Buffer()->WasDetached()) {
    es.ThrowTypeError("The view's buffer has been detached.");
    return;
  }
  if (!controller_->Respond(isolate, bytes_written))
    es.RethrowV8Exception();
}

void ReadableStreamBYOBRequest::respondWithNewView(v8::Isolate* isolate,
                                                   v8::Local<v8::ArrayBufferView> view,
                                                   ExceptionState& es) {
  // §4.8.3 respondWithNewView(view) steps 1-3.
  if (!controller_) {
    es.ThrowTypeError("This BYOB request has been invalidated.");
    return;
  }
  if (view->Buffer()->WasDetached()) {
    es.ThrowTypeError("The view's buffer has been detached.");
    return;
  }
  if (!controller_->RespondWithNewView(isolate, view))
    es.RethrowV8Exception();
}

// ---- ReadableByteStreamController (§4.7) ----

const WrapperTypeInfo* ReadableByteStreamController::GetWrapperTypeInfo() const {
  return &V8ReadableByteStreamController::wrapper_type_info;
}

size_t ReadableByteStreamController::ElementSize(ViewType type) {
  switch (type) {
    case ViewType::kInt16:
    case ViewType::kUint16:
      return 2;
    case ViewType::kInt32:
    case ViewType::kUint32:
    case ViewType::kFloat32:
      return 4;
    case ViewType::kFloat64:
    case ViewType::kBigInt64:
    case ViewType::kBigUint64:
      return 8;
    default:
      return 1;
  }
}

ReadableByteStreamController::ViewType ReadableByteStreamController::ViewTypeOf(
    v8::Local<v8::ArrayBufferView> view) {
  if (view->IsInt8Array())
    return ViewType::kInt8;
  if (view->IsUint8Array())
    return ViewType::kUint8;
  if (view->IsUint8ClampedArray())
    return ViewType::kUint8Clamped;
  if (view->IsInt16Array())
    return ViewType::kInt16;
  if (view->IsUint16Array())
    return ViewType::kUint16;
  if (view->IsInt32Array())
    return ViewType::kInt32;
  if (view->IsUint32Array())
    return ViewType::kUint32;
  if (view->IsFloat32Array())
    return ViewType::kFloat32;
  if (view->IsFloat64Array())
    return ViewType::kFloat64;
  if (view->IsBigInt64Array())
    return ViewType::kBigInt64;
  if (view->IsBigUint64Array())
    return ViewType::kBigUint64;
  return ViewType::kDataView;
}

v8::Local<v8::ArrayBufferView> ReadableByteStreamController::NewView(
    ViewType type,
    v8::Local<v8::ArrayBuffer> buffer,
    size_t byte_offset,
    size_t length) {
  switch (type) {
    case ViewType::kInt8:
      return v8::Int8Array::New(buffer, byte_offset, length);
    case ViewType::kUint8:
      return v8::Uint8Array::New(buffer, byte_offset, length);
    case ViewType::kUint8Clamped:
      return v8::Uint8ClampedArray::New(buffer, byte_offset, length);
    case ViewType::kInt16:
      return v8::Int16Array::New(buffer, byte_offset, length);
    case ViewType::kUint16:
      return v8::Uint16Array::New(buffer, byte_offset, length);
    case ViewType::kInt32:
      return v8::Int32Array::New(buffer, byte_offset, length);
    case ViewType::kUint32:
      return v8::Uint32Array::New(buffer, byte_offset, length);
    case ViewType::kFloat32:
      return v8::Float32Array::New(buffer, byte_offset, length);
    case ViewType::kFloat64:
      return v8::Float64Array::New(buffer, byte_offset, length);
    case ViewType::kBigInt64:
      return v8::BigInt64Array::New(buffer, byte_offset, length);
    case ViewType::kBigUint64:
      return v8::BigUint64Array::New(buffer, byte_offset, length);
    case ViewType::kDataView:
      return v8::DataView::New(buffer, byte_offset, length);
  }
  return {};
}

ReadableByteStreamController::ReadableByteStreamController() : buffer_keys_(kFirstBufferKey) {}

uint32_t ReadableByteStreamController::Keep(v8::Isolate* isolate,
                                            v8::Local<v8::ArrayBuffer> buffer) {
  uint32_t key = buffer_keys_.Take();
  SetWrapperValue(isolate, key, buffer);
  return key;
}

v8::Local<v8::ArrayBuffer> ReadableByteStreamController::BufferOf(v8::Isolate* isolate,
                                                                  uint32_t key) const {
  return GetWrapperValue(isolate, key).As<v8::ArrayBuffer>();
}

void ReadableByteStreamController::Replace(v8::Isolate* isolate,
                                           uint32_t key,
                                           v8::Local<v8::ArrayBuffer> buffer) {
  SetWrapperValue(isolate, key, buffer);
}

void ReadableByteStreamController::Forget(v8::Isolate* isolate, uint32_t key) {
  DeleteWrapperValue(isolate, key);
  buffer_keys_.Give(key);  // once, however many paths forget it
}

bool ReadableByteStreamController::SetUpFromUnderlyingSource(v8::Isolate* isolate,
                                                             ReadableStream* stream,
                                                             v8::Local<v8::Value> underlying_source,
                                                             const UnderlyingSource& source,
                                                             double high_water_mark) {
  // SetUpReadableByteStreamControllerFromUnderlyingSource steps 1-8 (step 9's check was the
  // constructor's), then SetUpReadableByteStreamController steps 1-13.
  auto* controller = new ReadableByteStreamController();
  controller->ToV8(isolate, isolate->GetCurrentContext());
  controller->stream_ = stream;
  controller->SetWrapperValue(isolate, kStreamKey, stream->GetWrapper(isolate));
  controller->SetWrapperValue(isolate, kSourceKey, underlying_source);
  if (!source.pull.IsEmpty())
    controller->SetWrapperValue(isolate, kPullKey, source.pull);
  if (!source.cancel.IsEmpty())
    controller->SetWrapperValue(isolate, kCancelKey, source.cancel);
  controller->has_algorithms_ = true;
  controller->strategy_hwm_ = high_water_mark;
  controller->auto_allocate_chunk_size_ = source.autoAllocateChunkSize;
  stream->SetController(isolate, controller);
  // Steps 14-16: start(controller), its result resolved; then pull, or error.
  v8::Local<v8::Value> start_result = v8::Undefined(isolate);
  if (!source.start.IsEmpty() &&
      !V8UnderlyingSourceStartCallback::Invoke(
           isolate, source.start, underlying_source,
           ReadableStreamDefaultControllerOrReadableByteStreamController(controller))
           .To(&start_result)) {
    return false;
  }
  streams::Upon(isolate, PromiseResolve(isolate, start_result), controller, OnStartFulfilled,
                OnStartOrPullRejected);
  return true;
}

void ReadableByteStreamController::SetUpWithSource(v8::Isolate* isolate,
                                                   ReadableStream* stream,
                                                   UnderlyingSourceBase* source) {
  // CreateReadableByteStream steps 1-5: SetUpReadableByteStreamController with the source's
  // algorithms, a high-water mark of 0 and no autoAllocateChunkSize.
  auto* controller = new ReadableByteStreamController();
  controller->ToV8(isolate, isolate->GetCurrentContext());
  controller->stream_ = stream;
  controller->SetWrapperValue(isolate, kStreamKey, stream->GetWrapper(isolate));
  controller->SetWrapperValue(isolate, kSourceKey, source->GetWrapper(isolate));
  controller->platform_source_ = source;
  controller->has_algorithms_ = true;
  stream->SetController(isolate, controller);
  streams::Upon(isolate, PromiseResolve(isolate, source->Start(isolate, nullptr)), controller,
                OnStartFulfilled, OnStartOrPullRejected);
}

void ReadableByteStreamController::OnStartFulfilled(v8::Isolate* isolate,
                                                    ScriptWrappable* object,
                                                    v8::Local<v8::Value>) {
  ReadableByteStreamController* self = Self(object);
  self->started_ = true;
  self->CallPullIfNeeded(isolate);
}

void ReadableByteStreamController::OnStartOrPullRejected(v8::Isolate* isolate,
                                                         ScriptWrappable* object,
                                                         v8::Local<v8::Value> reason) {
  Self(object)->Error(isolate, reason);
}

void ReadableByteStreamController::OnPullFulfilled(v8::Isolate* isolate,
                                                   ScriptWrappable* object,
                                                   v8::Local<v8::Value>) {
  // CallPullIfNeeded step 7.
  ReadableByteStreamController* self = Self(object);
  self->pulling_ = false;
  if (self->pull_again_) {
    self->pull_again_ = false;
    self->CallPullIfNeeded(isolate);
  }
}

ReadableStreamBYOBRequest* ReadableByteStreamController::byobRequest(v8::Isolate* isolate) {
  // §4.7.3 byobRequest: ReadableByteStreamControllerGetBYOBRequest steps 1-2.
  if (!byob_request_ && !pending_pull_intos_.empty()) {
    const PullIntoDescriptor& first = pending_pull_intos_.front();
    v8::Local<v8::ArrayBufferView> view =
        v8::Uint8Array::New(BufferOf(isolate, first.key), first.byte_offset + first.bytes_filled,
                            first.byte_length - first.bytes_filled);
    auto* request = new ReadableStreamBYOBRequest();
    request->ToV8(isolate, isolate->GetCurrentContext());
    request->controller_ = this;
    request->SetWrapperValue(isolate, kRequestViewKey, view);
    request->SetWrapperValue(isolate, kRequestControllerKey, GetWrapper(isolate));
    byob_request_ = request;
    SetWrapperValue(isolate, kByobRequestKey, request->GetWrapper(isolate));
  }
  return byob_request_;
}

v8::Local<v8::Value> ReadableByteStreamController::ByobRequestView(v8::Isolate* isolate) {
  ReadableStreamBYOBRequest* request = byobRequest(isolate);
  return request ? request->view(isolate) : v8::Null(isolate).As<v8::Value>();
}

void ReadableByteStreamController::close(v8::Isolate* isolate, ExceptionState& es) {
  // §4.7.3 close() steps 1-3.
  if (close_requested_) {
    es.ThrowTypeError("The stream is already closing.");
    return;
  }
  if (stream_->state() != ReadableStream::State::kReadable) {
    es.ThrowTypeError("The stream is not in a state that permits close.");
    return;
  }
  if (!Close(isolate))
    es.RethrowV8Exception();
}

void ReadableByteStreamController::enqueue(v8::Isolate* isolate,
                                           v8::Local<v8::ArrayBufferView> chunk,
                                           ExceptionState& es) {
  // §4.7.3 enqueue(chunk) steps 1-5.
  if (chunk->ByteLength() == 0) {
    es.ThrowTypeError("The chunk's byte length is 0.");
    return;
  }
  if (chunk->Buffer()->ByteLength() == 0) {
    es.ThrowTypeError("The chunk's buffer is detached or has a byte length of 0.");
    return;
  }
  if (close_requested_) {
    es.ThrowTypeError("The stream is closing: no more chunks can be enqueued.");
    return;
  }
  if (stream_->state() != ReadableStream::State::kReadable) {
    es.ThrowTypeError("The stream is not in a state that permits enqueue.");
    return;
  }
  if (!Enqueue(isolate, chunk))
    es.RethrowV8Exception();
}

void ReadableByteStreamController::error(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  // §4.7.3 error(e).
  Error(isolate, error.IsEmpty() ? v8::Undefined(isolate).As<v8::Value>() : error);
}

v8::Local<v8::Promise> ReadableByteStreamController::CancelSteps(v8::Isolate* isolate,
                                                                 v8::Local<v8::Value> reason) {
  // [[CancelSteps]](reason) steps 1-5.
  ClearPendingPullIntos(isolate);
  ResetQueue(isolate);
  v8::Local<v8::Value> cancel = GetWrapperValue(isolate, kCancelKey);
  v8::Local<v8::Promise> result =
      has_algorithms_ && platform_source_ ? platform_source_->Cancel(isolate, reason)
      : has_algorithms_ && cancel->IsFunction()
          ? V8UnderlyingSourceCancelCallback::Invoke(isolate, cancel,
                                                     GetWrapperValue(isolate, kSourceKey), reason)
          : streams::ResolvedWithUndefined(isolate);
  ClearAlgorithms(isolate);
  return result;
}

void ReadableByteStreamController::PullSteps(v8::Isolate* isolate,
                                             std::unique_ptr<ReadRequest> request) {
  // [[PullSteps]](readRequest) steps 1-7.
  if (queue_total_size_ > 0) {
    FillReadRequestFromQueue(isolate, std::move(request));
    return;
  }
  if (auto_allocate_chunk_size_) {
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::ArrayBuffer> buffer = AllocateArrayBuffer(isolate, *auto_allocate_chunk_size_);
    if (buffer.IsEmpty()) {
      request->ErrorSteps(isolate, try_catch.Exception());
      return;
    }
    auto size = static_cast<size_t>(*auto_allocate_chunk_size_);
    pending_pull_intos_.push_back(
        {Keep(isolate, buffer), size, 0, size, 0, 1, 1, ViewType::kUint8, ReaderType::kDefault});
  }
  stream_->AddReadRequest(isolate, std::move(request));
  CallPullIfNeeded(isolate);
}

void ReadableByteStreamController::ReleaseSteps(v8::Isolate* isolate) {
  // [[ReleaseSteps]]() step 1: the first descriptor stays, read by nobody.
  if (pending_pull_intos_.empty())
    return;
  PullIntoDescriptor first = pending_pull_intos_.front();
  first.reader_type = ReaderType::kNone;
  pending_pull_intos_.pop_front();
  for (const PullIntoDescriptor& rest : pending_pull_intos_)
    Forget(isolate, rest.key);
  pending_pull_intos_.clear();
  pending_pull_intos_.push_back(first);
}

void ReadableByteStreamController::CallPullIfNeeded(v8::Isolate* isolate) {
  // ReadableByteStreamControllerCallPullIfNeeded steps 1-8.
  if (!ShouldCallPull())
    return;
  if (pulling_) {
    pull_again_ = true;
    return;
  }
  pulling_ = true;
  v8::Local<v8::Value> pull = GetWrapperValue(isolate, kPullKey);
  v8::Local<v8::Promise> pull_promise =
      has_algorithms_ && platform_source_ ? platform_source_->Pull(isolate, nullptr)
      : has_algorithms_ && pull->IsFunction()
          ? V8UnderlyingSourcePullCallback::Invoke(
                isolate, pull, GetWrapperValue(isolate, kSourceKey),
                ReadableStreamDefaultControllerOrReadableByteStreamController(this))
          : streams::ResolvedWithUndefined(isolate);
  if (pull_promise.IsEmpty())
    return;  // terminating
  streams::Upon(isolate, pull_promise, this, OnPullFulfilled, OnStartOrPullRejected);
}

bool ReadableByteStreamController::ShouldCallPull() const {
  // ReadableByteStreamControllerShouldCallPull steps 1-10.
  if (stream_->state() != ReadableStream::State::kReadable || close_requested_ || !started_)
    return false;
  if (stream_->default_reader() && stream_->GetNumReadRequests() > 0)
    return true;
  if (stream_->GetNumReadIntoRequests() > 0)
    return true;
  std::optional<double> desired = GetDesiredSize();
  return desired && *desired > 0;
}

void ReadableByteStreamController::ClearAlgorithms(v8::Isolate* isolate) {
  // ReadableByteStreamControllerClearAlgorithms.
  has_algorithms_ = false;
  platform_source_ = nullptr;
  DeleteWrapperValue(isolate, kPullKey);
  DeleteWrapperValue(isolate, kCancelKey);
  DeleteWrapperValue(isolate, kSourceKey);
}

void ReadableByteStreamController::ClearPendingPullIntos(v8::Isolate* isolate) {
  // ReadableByteStreamControllerClearPendingPullIntos steps 1-2.
  InvalidateBYOBRequest(isolate);
  for (const PullIntoDescriptor& descriptor : pending_pull_intos_)
    Forget(isolate, descriptor.key);
  pending_pull_intos_.clear();
}

void ReadableByteStreamController::ResetQueue(v8::Isolate* isolate) {
  for (const QueueEntry& entry : queue_)
    Forget(isolate, entry.key);
  queue_.clear();
  queue_total_size_ = 0;
}

bool ReadableByteStreamController::Close(v8::Isolate* isolate) {
  // ReadableByteStreamControllerClose steps 1-6.
  if (close_requested_ || stream_->state() != ReadableStream::State::kReadable)
    return true;
  if (queue_total_size_ > 0) {
    close_requested_ = true;
    return true;
  }
  if (!pending_pull_intos_.empty()) {
    const PullIntoDescriptor& first = pending_pull_intos_.front();
    if (first.bytes_filled % first.element_size != 0) {
      v8::Local<v8::Value> e = streams::NewTypeError(
          isolate, "Insufficient bytes to fill elements in the given buffer.");
      Error(isolate, e);
      isolate->ThrowException(e);
      return false;
    }
  }
  ClearAlgorithms(isolate);
  stream_->Close(isolate);
  return true;
}

void ReadableByteStreamController::CommitPullIntoDescriptor(v8::Isolate* isolate,
                                                            PullIntoDescriptor descriptor) {
  // ReadableByteStreamControllerCommitPullIntoDescriptor steps 1-7.
  bool done = stream_->state() == ReadableStream::State::kClosed;
  v8::Local<v8::ArrayBufferView> filled_view = ConvertPullIntoDescriptor(isolate, descriptor);
  if (descriptor.reader_type == ReaderType::kDefault)
    stream_->FulfillReadRequest(isolate, filled_view, done);
  else
    stream_->FulfillReadIntoRequest(isolate, filled_view, done);
}

v8::Local<v8::ArrayBufferView> ReadableByteStreamController::ConvertPullIntoDescriptor(
    v8::Isolate* isolate,
    const PullIntoDescriptor& descriptor) {
  // ReadableByteStreamControllerConvertPullIntoDescriptor steps 1-6.
  v8::Local<v8::ArrayBuffer> buffer =
      TransferArrayBuffer(isolate, BufferOf(isolate, descriptor.key));
  Forget(isolate, descriptor.key);
  return NewView(descriptor.view_type, buffer, descriptor.byte_offset,
                 descriptor.bytes_filled / descriptor.element_size);
}

bool ReadableByteStreamController::Enqueue(v8::Isolate* isolate,
                                           v8::Local<v8::ArrayBufferView> chunk) {
  // ReadableByteStreamControllerEnqueue steps 1-12.
  if (close_requested_ || stream_->state() != ReadableStream::State::kReadable)
    return true;
  v8::Local<v8::ArrayBuffer> buffer = chunk->Buffer();
  size_t byte_offset = chunk->ByteOffset();
  size_t byte_length = chunk->ByteLength();
  if (buffer->WasDetached()) {
    ThrowTypeError(isolate, "The chunk's buffer is detached.");
    return false;
  }
  v8::Local<v8::ArrayBuffer> transferred = TransferArrayBuffer(isolate, buffer);
  if (transferred.IsEmpty())
    return false;
  if (!pending_pull_intos_.empty()) {
    PullIntoDescriptor& first = pending_pull_intos_.front();
    v8::Local<v8::ArrayBuffer> first_buffer = BufferOf(isolate, first.key);
    if (first_buffer->WasDetached()) {
      ThrowTypeError(isolate, "The BYOB request's buffer is detached.");
      return false;
    }
    InvalidateBYOBRequest(isolate);
    Replace(isolate, first.key, TransferArrayBuffer(isolate, first_buffer));
    if (first.reader_type == ReaderType::kNone && !EnqueueDetachedPullIntoToQueue(isolate))
      return false;
  }
  if (stream_->default_reader()) {
    ProcessReadRequestsUsingQueue(isolate);
    if (stream_->GetNumReadRequests() == 0) {
      EnqueueChunkToQueue(isolate, transferred, byte_offset, byte_length);
    } else {
      if (!pending_pull_intos_.empty())
        Forget(isolate, ShiftPendingPullInto(isolate).key);
      stream_->FulfillReadRequest(
          isolate, v8::Uint8Array::New(transferred, byte_offset, byte_length), false);
    }
  } else if (stream_->reader()) {
    // A BYOB reader.
    EnqueueChunkToQueue(isolate, transferred, byte_offset, byte_length);
    for (PullIntoDescriptor& filled : ProcessPullIntoDescriptorsUsingQueue(isolate))
      CommitPullIntoDescriptor(isolate, filled);
  } else {
    EnqueueChunkToQueue(isolate, transferred, byte_offset, byte_length);
  }
  CallPullIfNeeded(isolate);
  return true;
}

void ReadableByteStreamController::EnqueueChunkToQueue(v8::Isolate* isolate,
                                                       v8::Local<v8::ArrayBuffer> buffer,
                                                       size_t byte_offset,
                                                       size_t byte_length) {
  // ReadableByteStreamControllerEnqueueChunkToQueue steps 1-2.
  queue_.push_back({Keep(isolate, buffer), byte_offset, byte_length});
  queue_total_size_ += static_cast<double>(byte_length);
}

bool ReadableByteStreamController::EnqueueClonedChunkToQueue(v8::Isolate* isolate,
                                                             v8::Local<v8::ArrayBuffer> buffer,
                                                             size_t byte_offset,
                                                             size_t byte_length) {
  // ReadableByteStreamControllerEnqueueClonedChunkToQueue steps 1-3 (CloneArrayBuffer): a
  // clone that cannot be made errors the stream, and is thrown.
  v8::Local<v8::ArrayBuffer> clone;
  v8::Local<v8::Value> error;
  {
    v8::TryCatch try_catch(isolate);
    clone = streams::CloneArrayBuffer(isolate, buffer, byte_offset, byte_length);
    if (clone.IsEmpty())
      error = try_catch.Exception();
  }
  if (clone.IsEmpty()) {
    Error(isolate, error);
    isolate->ThrowException(error);
    return false;
  }
  EnqueueChunkToQueue(isolate, clone, 0, byte_length);
  return true;
}

bool ReadableByteStreamController::EnqueueDetachedPullIntoToQueue(v8::Isolate* isolate) {
  // ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue steps 1-3 (for the first
  // pending descriptor, the one read by nobody).
  const PullIntoDescriptor& descriptor = pending_pull_intos_.front();
  if (descriptor.bytes_filled > 0 &&
      !EnqueueClonedChunkToQueue(isolate, BufferOf(isolate, descriptor.key), descriptor.byte_offset,
                                 descriptor.bytes_filled))
    return false;
  Forget(isolate, ShiftPendingPullInto(isolate).key);
  return true;
}

bool ReadableByteStreamController::FillPullIntoDescriptorFromQueue(v8::Isolate* isolate,
                                                                   PullIntoDescriptor& descriptor) {
  // ReadableByteStreamControllerFillPullIntoDescriptorFromQueue steps 1-13.
  size_t max_bytes_to_copy = std::min(static_cast<size_t>(queue_total_size_),
                                      descriptor.byte_length - descriptor.bytes_filled);
  size_t max_bytes_filled = descriptor.bytes_filled + max_bytes_to_copy;
  size_t total_bytes_to_copy_remaining = max_bytes_to_copy;
  bool ready = false;
  size_t remainder_bytes = max_bytes_filled % descriptor.element_size;
  size_t max_aligned_bytes = max_bytes_filled - remainder_bytes;
  if (max_aligned_bytes >= descriptor.minimum_fill) {
    total_bytes_to_copy_remaining = max_aligned_bytes - descriptor.bytes_filled;
    ready = true;
  }
  uint8_t* destination = BytesOf(BufferOf(isolate, descriptor.key));
  while (total_bytes_to_copy_remaining > 0) {
    QueueEntry& head = queue_.front();
    size_t bytes_to_copy = std::min(total_bytes_to_copy_remaining, head.byte_length);
    size_t dest_start = descriptor.byte_offset + descriptor.bytes_filled;
    std::memcpy(destination + dest_start, BytesOf(BufferOf(isolate, head.key)) + head.byte_offset,
                bytes_to_copy);
    if (head.byte_length == bytes_to_copy) {
      Forget(isolate, head.key);
      queue_.pop_front();
    } else {
      head.byte_offset += bytes_to_copy;
      head.byte_length -= bytes_to_copy;
    }
    queue_total_size_ -= static_cast<double>(bytes_to_copy);
    // ReadableByteStreamControllerFillHeadPullIntoDescriptor.
    descriptor.bytes_filled += bytes_to_copy;
    total_bytes_to_copy_remaining -= bytes_to_copy;
  }
  return ready;
}

void ReadableByteStreamController::FillReadRequestFromQueue(v8::Isolate* isolate,
                                                            std::unique_ptr<ReadRequest> request) {
  // ReadableByteStreamControllerFillReadRequestFromQueue steps 1-7.
  QueueEntry entry = queue_.front();
  queue_.pop_front();
  queue_total_size_ -= static_cast<double>(entry.byte_length);
  v8::Local<v8::ArrayBuffer> buffer = BufferOf(isolate, entry.key);
  Forget(isolate, entry.key);
  HandleQueueDrain(isolate);
  request->ChunkSteps(isolate, v8::Uint8Array::New(buffer, entry.byte_offset, entry.byte_length));
}

std::optional<double> ReadableByteStreamController::GetDesiredSize() const {
  // ReadableByteStreamControllerGetDesiredSize steps 1-4.
  if (stream_->state() == ReadableStream::State::kErrored)
    return std::nullopt;
  if (stream_->state() == ReadableStream::State::kClosed)
    return 0;
  return strategy_hwm_ - queue_total_size_;
}

void ReadableByteStreamController::HandleQueueDrain(v8::Isolate* isolate) {
  // ReadableByteStreamControllerHandleQueueDrain steps 1-3.
  if (queue_total_size_ == 0 && close_requested_) {
    ClearAlgorithms(isolate);
    stream_->Close(isolate);
  } else {
    CallPullIfNeeded(isolate);
  }
}

void ReadableByteStreamController::InvalidateBYOBRequest(v8::Isolate* isolate) {
  // ReadableByteStreamControllerInvalidateBYOBRequest steps 1-4.
  if (!byob_request_)
    return;
  byob_request_->controller_ = nullptr;
  byob_request_->DeleteWrapperValue(isolate, kRequestViewKey);
  byob_request_->DeleteWrapperValue(isolate, kRequestControllerKey);
  byob_request_ = nullptr;
  DeleteWrapperValue(isolate, kByobRequestKey);
}

std::vector<ReadableByteStreamController::PullIntoDescriptor>
ReadableByteStreamController::ProcessPullIntoDescriptorsUsingQueue(v8::Isolate* isolate) {
  // ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue steps 1-4.
  std::vector<PullIntoDescriptor> filled;
  while (!pending_pull_intos_.empty() && queue_total_size_ > 0) {
    if (FillPullIntoDescriptorFromQueue(isolate, pending_pull_intos_.front()))
      filled.push_back(ShiftPendingPullInto(isolate));
  }
  return filled;
}

void ReadableByteStreamController::ProcessReadRequestsUsingQueue(v8::Isolate* isolate) {
  // ReadableByteStreamControllerProcessReadRequestsUsingQueue steps 1-4.
  ReadableStreamDefaultReader* reader = stream_->default_reader();
  while (!reader->read_requests().empty()) {
    if (queue_total_size_ == 0)
      return;
    std::unique_ptr<ReadRequest> request = std::move(reader->read_requests().front());
    reader->read_requests().pop_front();
    FillReadRequestFromQueue(isolate, std::move(request));
  }
}

void ReadableByteStreamController::PullInto(v8::Isolate* isolate,
                                            v8::Local<v8::ArrayBufferView> view,
                                            uint64_t min,
                                            std::unique_ptr<ReadIntoRequest> request) {
  // ReadableByteStreamControllerPullInto steps 1-19.
  ViewType type = ViewTypeOf(view);
  size_t element_size = ElementSize(type);
  size_t minimum_fill = static_cast<size_t>(min) * element_size;
  size_t byte_offset = view->ByteOffset();
  size_t byte_length = view->ByteLength();
  v8::Local<v8::ArrayBuffer> buffer;
  {
    v8::TryCatch try_catch(isolate);
    buffer = TransferArrayBuffer(isolate, view->Buffer());
    if (buffer.IsEmpty()) {
      request->ErrorSteps(isolate, try_catch.Exception());
      return;
    }
  }
  PullIntoDescriptor descriptor{
      Keep(isolate, buffer), buffer->ByteLength(), byte_offset, byte_length,      0,
      minimum_fill,          element_size,         type,        ReaderType::kBYOB};
  if (!pending_pull_intos_.empty()) {
    pending_pull_intos_.push_back(descriptor);
    stream_->AddReadIntoRequest(std::move(request));
    return;
  }
  if (stream_->state() == ReadableStream::State::kClosed) {
    Forget(isolate, descriptor.key);
    request->CloseSteps(isolate, NewView(type, buffer, byte_offset, 0));
    return;
  }
  if (queue_total_size_ > 0) {
    if (FillPullIntoDescriptorFromQueue(isolate, descriptor)) {
      v8::Local<v8::ArrayBufferView> filled_view = ConvertPullIntoDescriptor(isolate, descriptor);
      HandleQueueDrain(isolate);
      request->ChunkSteps(isolate, filled_view);
      return;
    }
    if (close_requested_) {
      Forget(isolate, descriptor.key);
      v8::Local<v8::Value> e = streams::NewTypeError(
          isolate, "Insufficient bytes to fill elements in the given buffer.");
      Error(isolate, e);
      request->ErrorSteps(isolate, e);
      return;
    }
  }
  pending_pull_intos_.push_back(descriptor);
  stream_->AddReadIntoRequest(std::move(request));
  CallPullIfNeeded(isolate);
}

bool ReadableByteStreamController::Respond(v8::Isolate* isolate, uint64_t bytes_written) {
  // ReadableByteStreamControllerRespond steps 1-7 (step 1 asserts a pending pull-into; a tee
  // whose branch was errored meanwhile can get here without one: nothing to answer).
  if (pending_pull_intos_.empty())
    return true;
  PullIntoDescriptor& first = pending_pull_intos_.front();
  if (stream_->state() == ReadableStream::State::kClosed) {
    if (bytes_written != 0) {
      ThrowTypeError(isolate, "bytesWritten must be 0 when calling respond() on a closed stream.");
      return false;
    }
  } else {
    if (bytes_written == 0) {
      ThrowTypeError(isolate, "bytesWritten must be greater than 0.");
      return false;
    }
    if (first.bytes_filled + bytes_written > first.byte_length) {
      ThrowRangeError(isolate, "bytesWritten is more than the view can hold.");
      return false;
    }
  }
  v8::Local<v8::ArrayBuffer> transferred =
      TransferArrayBuffer(isolate, BufferOf(isolate, first.key));
  if (transferred.IsEmpty())
    return false;
  Replace(isolate, first.key, transferred);
  return RespondInternal(isolate, static_cast<size_t>(bytes_written));
}

bool ReadableByteStreamController::RespondWithNewView(v8::Isolate* isolate,
                                                      v8::Local<v8::ArrayBufferView> view) {
  // ReadableByteStreamControllerRespondWithNewView steps 1-12 (as Respond, for step 1).
  if (pending_pull_intos_.empty())
    return true;
  PullIntoDescriptor& first = pending_pull_intos_.front();
  size_t view_byte_length = view->ByteLength();
  if (stream_->state() == ReadableStream::State::kClosed) {
    if (view_byte_length != 0) {
      ThrowTypeError(isolate,
                     "The view's length must be 0 when calling respondWithNewView() on "
                     "a closed stream.");
      return false;
    }
  } else if (view_byte_length == 0) {
    ThrowTypeError(isolate, "The view's length must be greater than 0.");
    return false;
  }
  if (first.byte_offset + first.bytes_filled != view->ByteOffset()) {
    ThrowRangeError(isolate, "The region specified by view does not match byobRequest.");
    return false;
  }
  if (first.buffer_byte_length != view->Buffer()->ByteLength()) {
    ThrowRangeError(isolate, "The buffer of view has a different capacity than byobRequest.");
    return false;
  }
  if (first.bytes_filled + view_byte_length > first.byte_length) {
    ThrowRangeError(isolate, "The region specified by view is larger than byobRequest.");
    return false;
  }
  v8::Local<v8::ArrayBuffer> transferred = TransferArrayBuffer(isolate, view->Buffer());
  if (transferred.IsEmpty())
    return false;
  Replace(isolate, first.key, transferred);
  return RespondInternal(isolate, view_byte_length);
}

bool ReadableByteStreamController::RespondInternal(v8::Isolate* isolate, size_t bytes_written) {
  // ReadableByteStreamControllerRespondInternal steps 1-7.
  InvalidateBYOBRequest(isolate);
  if (stream_->state() == ReadableStream::State::kClosed) {
    RespondInClosedState(isolate);
  } else if (!RespondInReadableState(isolate, bytes_written)) {
    return false;
  }
  CallPullIfNeeded(isolate);
  return true;
}

void ReadableByteStreamController::RespondInClosedState(v8::Isolate* isolate) {
  // ReadableByteStreamControllerRespondInClosedState steps 1-4.
  if (pending_pull_intos_.front().reader_type == ReaderType::kNone)
    Forget(isolate, ShiftPendingPullInto(isolate).key);
  if (stream_->reader() && stream_->reader()->IsBYOBReader()) {
    while (stream_->GetNumReadIntoRequests() > 0)
      CommitPullIntoDescriptor(isolate, ShiftPendingPullInto(isolate));
  }
}

bool ReadableByteStreamController::RespondInReadableState(v8::Isolate* isolate,
                                                          size_t bytes_written) {
  // ReadableByteStreamControllerRespondInReadableState steps 1-11.
  PullIntoDescriptor& descriptor = pending_pull_intos_.front();
  descriptor.bytes_filled += bytes_written;  // FillHeadPullIntoDescriptor
  if (descriptor.reader_type == ReaderType::kNone) {
    if (!EnqueueDetachedPullIntoToQueue(isolate))
      return false;
    for (PullIntoDescriptor& filled : ProcessPullIntoDescriptorsUsingQueue(isolate))
      CommitPullIntoDescriptor(isolate, filled);
    return true;
  }
  if (descriptor.bytes_filled < descriptor.minimum_fill)
    return true;
  PullIntoDescriptor shifted = ShiftPendingPullInto(isolate);
  size_t remainder_size = shifted.bytes_filled % shifted.element_size;
  if (remainder_size > 0) {
    size_t end = shifted.byte_offset + shifted.bytes_filled;
    if (!EnqueueClonedChunkToQueue(isolate, BufferOf(isolate, shifted.key), end - remainder_size,
                                   remainder_size)) {
      Forget(isolate, shifted.key);
      return false;
    }
  }
  shifted.bytes_filled -= remainder_size;
  std::vector<PullIntoDescriptor> filled = ProcessPullIntoDescriptorsUsingQueue(isolate);
  CommitPullIntoDescriptor(isolate, shifted);
  for (PullIntoDescriptor& each : filled)
    CommitPullIntoDescriptor(isolate, each);
  return true;
}

ReadableByteStreamController::PullIntoDescriptor ReadableByteStreamController::ShiftPendingPullInto(
    v8::Isolate*) {
  // ReadableByteStreamControllerShiftPendingPullInto steps 1-4 (the caller keeps or forgets
  // its buffer).
  PullIntoDescriptor descriptor = pending_pull_intos_.front();
  pending_pull_intos_.pop_front();
  return descriptor;
}

void ReadableByteStreamController::Error(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  // ReadableByteStreamControllerError steps 1-6.
  if (stream_->state() != ReadableStream::State::kReadable)
    return;
  ClearPendingPullIntos(isolate);
  ResetQueue(isolate);
  ClearAlgorithms(isolate);
  stream_->Error(isolate, error);
}

}  // namespace v8ws
