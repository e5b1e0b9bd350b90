// ReadableStreamDefaultController: Streams Standard §4.6 and §4.9.4, step numbers in the
// comments.
#include "core/streams/readable_stream_default_controller.h"

#include "bindings/core/v8/exception_state.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_queuing_strategy_size.h"
#include "bindings/generated/v8_readable_stream_default_controller.h"
#include "bindings/generated/v8_underlying_source.h"
#include "bindings/generated/v8_underlying_source_cancel_callback.h"
#include "bindings/generated/v8_underlying_source_pull_callback.h"
#include "bindings/generated/v8_underlying_source_start_callback.h"
#include "core/streams/read_request.h"
#include "core/streams/readable_stream.h"
#include "core/streams/stream_promise.h"
#include "core/streams/underlying_source_base.h"

namespace v8ws {
namespace {

// Wrapper values: the stream, the queue's values, the underlying source (the methods'
// `this`), its pull and cancel methods, and the strategy's size function.
constexpr uint32_t kStreamKey = 1;
constexpr uint32_t kQueueKey = 2;
constexpr uint32_t kSourceKey = 3;
constexpr uint32_t kPullKey = 4;
constexpr uint32_t kCancelKey = 5;
constexpr uint32_t kSizeKey = 6;

ReadableStreamDefaultController* Self(ScriptWrappable* object) {
  return static_cast<ReadableStreamDefaultController*>(object);
}

}  // namespace

ReadableStreamDefaultController::ReadableStreamDefaultController() : queue_(this, kQueueKey) {}

const WrapperTypeInfo* ReadableStreamDefaultController::GetWrapperTypeInfo() const {
  return &V8ReadableStreamDefaultController::wrapper_type_info;
}

ReadableStreamDefaultController* ReadableStreamDefaultController::Begin(v8::Isolate* isolate,
                                                                        ReadableStream* stream,
                                                                        double high_water_mark) {
  auto* controller = new ReadableStreamDefaultController();
  controller->ToV8(isolate, isolate->GetCurrentContext());
  controller->stream_ = stream;
  controller->SetWrapperValue(isolate, kStreamKey, stream->GetWrapper(isolate));
  controller->strategy_hwm_ = high_water_mark;
  controller->has_algorithms_ = true;
  // The stream's wrapper keeps the controller from here on.
  stream->SetController(isolate, controller);
  return controller;
}

void ReadableStreamDefaultController::Finish(v8::Isolate* isolate,
                                             v8::Local<v8::Value> start_result) {
  // Steps 9-11: start's result, resolved; then pull, or error.
  streams::Upon(isolate, PromiseResolve(isolate, start_result), this, OnStartFulfilled,
                OnStartOrPullRejected);
}

bool ReadableStreamDefaultController::SetUpFromUnderlyingSource(
    v8::Isolate* isolate,
    ReadableStream* stream,
    v8::Local<v8::Value> underlying_source,
    const UnderlyingSource& source,
    double high_water_mark,
    v8::Local<v8::Value> size) {
  // SetUpReadableStreamDefaultControllerFromUnderlyingSource steps 1-7: the algorithms are
  // the source's methods, called with the source as `this`.
  ReadableStreamDefaultController* controller = Begin(isolate, stream, high_water_mark);
  controller->SetWrapperValue(isolate, kSourceKey, underlying_source);
  if (!source.pull.IsEmpty())
    controller->SetWrapperValue(isolate, kPullKey, source.pull);
  if (!source.cancel.IsEmpty())
    controller->SetWrapperValue(isolate, kCancelKey, source.cancel);
  if (!size.IsEmpty()) {
    controller->SetWrapperValue(isolate, kSizeKey, size);
    controller->has_size_ = true;
  }
  // Step 8: start(controller).
  v8::Local<v8::Value> start_result = v8::Undefined(isolate);
  if (!source.start.IsEmpty() &&
      !V8UnderlyingSourceStartCallback::Invoke(isolate, source.start, underlying_source, controller)
           .To(&start_result)) {
    return false;
  }
  controller->Finish(isolate, start_result);
  return true;
}

void ReadableStreamDefaultController::SetUpWithSource(v8::Isolate* isolate,
                                                      ReadableStream* stream,
                                                      UnderlyingSourceBase* source,
                                                      double high_water_mark,
                                                      v8::Local<v8::Value> size) {
  ReadableStreamDefaultController* controller = Begin(isolate, stream, high_water_mark);
  if (!size.IsEmpty()) {
    controller->SetWrapperValue(isolate, kSizeKey, size);
    controller->has_size_ = true;
  }
  controller->platform_source_ = source;
  controller->SetWrapperValue(isolate, kSourceKey, source->GetWrapper(isolate));
  controller->Finish(isolate, source->Start(isolate, controller));
}

void ReadableStreamDefaultController::OnStartFulfilled(v8::Isolate* isolate,
                                                       ScriptWrappable* object,
                                                       v8::Local<v8::Value>) {
  ReadableStreamDefaultController* self = Self(object);
  self->started_ = true;
  self->CallPullIfNeeded(isolate);
}

void ReadableStreamDefaultController::OnStartOrPullRejected(v8::Isolate* isolate,
                                                            ScriptWrappable* object,
                                                            v8::Local<v8::Value> reason) {
  Self(object)->Error(isolate, reason);
}

void ReadableStreamDefaultController::close(v8::Isolate* isolate, ExceptionState& es) {
  // §4.6.3 close() steps 1-2.
  if (!CanCloseOrEnqueue()) {
    es.ThrowTypeError("The stream is not in a state that permits close.");
    return;
  }
  Close(isolate);
}

void ReadableStreamDefaultController::enqueue(v8::Isolate* isolate,
                                              v8::Local<v8::Value> chunk,
                                              ExceptionState& es) {
  // §4.6.3 enqueue(chunk) steps 1-2.
  if (!CanCloseOrEnqueue()) {
    es.ThrowTypeError("The stream is not in a state that permits enqueue.");
    return;
  }
  if (!Enqueue(isolate, chunk.IsEmpty() ? v8::Undefined(isolate).As<v8::Value>() : chunk))
    es.RethrowV8Exception();
}

void ReadableStreamDefaultController::error(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  // §4.6.3 error(e).
  Error(isolate, error.IsEmpty() ? v8::Undefined(isolate).As<v8::Value>() : error);
}

v8::Local<v8::Promise> ReadableStreamDefaultController::CancelSteps(v8::Isolate* isolate,
                                                                    v8::Local<v8::Value> reason) {
  // [[CancelSteps]](reason) steps 1-3: the source's cancel(reason), or a promise resolved
  // with undefined.
  queue_.Reset(isolate);
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

void ReadableStreamDefaultController::PullSteps(v8::Isolate* isolate,
                                                std::unique_ptr<ReadRequest> request) {
  // [[PullSteps]](readRequest) steps 1-3.
  ReadableStream* stream = stream_;
  if (!queue_.empty()) {
    v8::Local<v8::Value> chunk = queue_.Dequeue(isolate);
    if (close_requested_ && queue_.empty()) {
      ClearAlgorithms(isolate);
      stream->Close(isolate);
    } else {
      CallPullIfNeeded(isolate);
    }
    request->ChunkSteps(isolate, chunk);
    return;
  }
  stream->AddReadRequest(isolate, std::move(request));
  CallPullIfNeeded(isolate);
}

void ReadableStreamDefaultController::CallPullIfNeeded(v8::Isolate* isolate) {
  // ReadableStreamDefaultControllerCallPullIfNeeded steps 1-8.
  if (!ShouldCallPull())
    return;
  if (pulling_) {
    pull_again_ = true;
    return;
  }
  pulling_ = true;
  v8::Local<v8::Value> pull = GetWrapperValue(isolate, kPullKey);
  v8::Local<v8::Promise> pull_promise =
      has_algorithms_ && platform_source_ ? platform_source_->Pull(isolate, this)
      : has_algorithms_ && pull->IsFunction()
          ? V8UnderlyingSourcePullCallback::Invoke(isolate, pull,
                                                   GetWrapperValue(isolate, kSourceKey), this)
          : streams::ResolvedWithUndefined(isolate);
  if (pull_promise.IsEmpty())
    return;  // terminating
  streams::Upon(isolate, pull_promise, this, OnPullFulfilled, OnStartOrPullRejected);
}

void ReadableStreamDefaultController::OnPullFulfilled(v8::Isolate* isolate,
                                                      ScriptWrappable* object,
                                                      v8::Local<v8::Value>) {
  // CallPullIfNeeded step 7.
  ReadableStreamDefaultController* self = Self(object);
  self->pulling_ = false;
  if (self->pull_again_) {
    self->pull_again_ = false;
    self->CallPullIfNeeded(isolate);
  }
}

bool ReadableStreamDefaultController::ShouldCallPull() const {
  // ReadableStreamDefaultControllerShouldCallPull steps 1-8.
  if (!CanCloseOrEnqueue() || !started_)
    return false;
  if (stream_->locked() && stream_->GetNumReadRequests() > 0)
    return true;
  std::optional<double> desired = GetDesiredSize();
  return desired && *desired > 0;
}

void ReadableStreamDefaultController::ClearAlgorithms(v8::Isolate* isolate) {
  // ReadableStreamDefaultControllerClearAlgorithms: the source and its methods can go.
  has_algorithms_ = false;
  has_size_ = false;
  platform_source_ = nullptr;
  DeleteWrapperValue(isolate, kPullKey);
  DeleteWrapperValue(isolate, kCancelKey);
  DeleteWrapperValue(isolate, kSizeKey);
  DeleteWrapperValue(isolate, kSourceKey);
}

void ReadableStreamDefaultController::Close(v8::Isolate* isolate) {
  // ReadableStreamDefaultControllerClose steps 1-4.
  if (!CanCloseOrEnqueue())
    return;
  close_requested_ = true;
  if (queue_.empty()) {
    ClearAlgorithms(isolate);
    stream_->Close(isolate);
  }
}

bool ReadableStreamDefaultController::Enqueue(v8::Isolate* isolate, v8::Local<v8::Value> chunk) {
  // ReadableStreamDefaultControllerEnqueue steps 1-5.
  if (!CanCloseOrEnqueue())
    return true;
  ReadableStream* stream = stream_;
  if (stream->locked() && stream->GetNumReadRequests() > 0) {
    stream->FulfillReadRequest(isolate, chunk, false);
  } else {
    // Step 4.1-4.3: the size of the chunk; the size function's exception errors the
    // stream and is rethrown.
    double chunk_size = 1;
    v8::Local<v8::Value> size =
        has_algorithms_ && has_size_ ? GetWrapperValue(isolate, kSizeKey) : v8::Local<v8::Value>();
    if (!size.IsEmpty() && size->IsFunction()) {
      v8::TryCatch try_catch(isolate);
      if (!V8QueuingStrategySize::Invoke(isolate, size, v8::Undefined(isolate), chunk)
               .To(&chunk_size)) {
        if (!try_catch.CanContinue()) {
          try_catch.ReThrow();
          return false;
        }
        v8::Local<v8::Value> exception = try_catch.Exception();
        Error(isolate, exception);
        try_catch.ReThrow();
        return false;
      }
    }
    // Steps 4.4-4.5: an invalid size is a RangeError, which errors the stream too.
    if (!queue_.Enqueue(isolate, chunk, chunk_size)) {
      v8::Local<v8::Value> range_error = v8::Exception::RangeError(v8::String::NewFromUtf8Literal(
          isolate, "The size of a chunk must be a non-negative, finite number."));
      Error(isolate, range_error);
      isolate->ThrowException(range_error);
      return false;
    }
  }
  CallPullIfNeeded(isolate);
  return true;
}

void ReadableStreamDefaultController::Error(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  // ReadableStreamDefaultControllerError steps 1-5.
  if (stream_->state() != ReadableStream::State::kReadable)
    return;
  queue_.Reset(isolate);
  ClearAlgorithms(isolate);
  stream_->Error(isolate, error);
}

std::optional<double> ReadableStreamDefaultController::GetDesiredSize() const {
  // ReadableStreamDefaultControllerGetDesiredSize steps 1-4.
  switch (stream_->state()) {
    case ReadableStream::State::kErrored:
      return std::nullopt;
    case ReadableStream::State::kClosed:
      return 0;
    case ReadableStream::State::kReadable:
      break;
  }
  return strategy_hwm_ - queue_.total_size();
}

bool ReadableStreamDefaultController::CanCloseOrEnqueue() const {
  // ReadableStreamDefaultControllerCanCloseOrEnqueue.
  return !close_requested_ && stream_->state() == ReadableStream::State::kReadable;
}

}  // namespace v8ws
