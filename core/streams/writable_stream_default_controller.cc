// WritableStreamDefaultController: Streams Standard §5.4 and §5.5.4, step numbers in the
// comments.
#include "core/streams/writable_stream_default_controller.h"

#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_queuing_strategy_size.h"
#include "bindings/generated/v8_underlying_sink.h"
#include "bindings/generated/v8_underlying_sink_abort_callback.h"
#include "bindings/generated/v8_underlying_sink_close_callback.h"
#include "bindings/generated/v8_underlying_sink_start_callback.h"
#include "bindings/generated/v8_underlying_sink_write_callback.h"
#include "bindings/generated/v8_writable_stream_default_controller.h"
#include "core/dom/abort_signal.h"
#include "core/execution_context.h"
#include "core/streams/stream_promise.h"
#include "core/streams/underlying_sink_base.h"
#include "core/streams/writable_stream.h"

namespace v8ws {
namespace {

// Wrapper values: the stream, the queue, the sink (the methods' `this`), its write, close
// and abort methods, the strategy's size function, and the abort signal.
constexpr uint32_t kStreamKey = 1;
constexpr uint32_t kQueueKey = 2;
constexpr uint32_t kSinkKey = 3;
constexpr uint32_t kWriteKey = 4;
constexpr uint32_t kCloseKey = 5;
constexpr uint32_t kAbortKey = 6;
constexpr uint32_t kSizeKey = 7;
constexpr uint32_t kSignalKey = 8;

WritableStreamDefaultController* Self(ScriptWrappable* object) {
  return static_cast<WritableStreamDefaultController*>(object);
}

}  // namespace

WritableStreamDefaultController::WritableStreamDefaultController() : queue_(this, kQueueKey) {}

const WrapperTypeInfo* WritableStreamDefaultController::GetWrapperTypeInfo() const {
  return &V8WritableStreamDefaultController::wrapper_type_info;
}

WritableStreamDefaultController* WritableStreamDefaultController::Begin(v8::Isolate* isolate,
                                                                        WritableStream* stream,
                                                                        double high_water_mark,
                                                                        v8::Local<v8::Value> size) {
  auto* controller = new WritableStreamDefaultController();
  controller->ToV8(isolate, isolate->GetCurrentContext());
  controller->stream_ = stream;
  controller->SetWrapperValue(isolate, kStreamKey, stream->GetWrapper(isolate));
  // The stream's wrapper keeps the controller from here on.
  stream->SetController(isolate, controller);
  // Step 6: a new AbortController's signal.
  AbortSignal* signal =
      AbortSignal::CreateWithWrapper(ExecutionContext::From(isolate->GetCurrentContext()), isolate);
  controller->signal_ = signal;
  controller->SetWrapperValue(isolate, kSignalKey, signal->GetWrapper(isolate));
  if (!size.IsEmpty()) {
    controller->SetWrapperValue(isolate, kSizeKey, size);
    controller->has_size_ = true;
  }
  controller->strategy_hwm_ = high_water_mark;
  controller->has_algorithms_ = true;
  return controller;
}

void WritableStreamDefaultController::Finish(v8::Isolate* isolate,
                                             v8::Local<v8::Value> start_result) {
  streams::Upon(isolate, PromiseResolve(isolate, start_result), this, OnStartFulfilled,
                OnStartRejected);
}

void WritableStreamDefaultController::SetUpFromUnderlyingSink(v8::Isolate* isolate,
                                                              WritableStream* stream,
                                                              v8::Local<v8::Value> underlying_sink,
                                                              const UnderlyingSink& sink,
                                                              double high_water_mark,
                                                              v8::Local<v8::Value> size) {
  // SetUpWritableStreamDefaultControllerFromUnderlyingSink steps 1-8, and
  // SetUpWritableStreamDefaultController steps 3-12.
  WritableStreamDefaultController* controller = Begin(isolate, stream, high_water_mark, size);
  controller->SetWrapperValue(isolate, kSinkKey, underlying_sink);
  if (!sink.write.IsEmpty())
    controller->SetWrapperValue(isolate, kWriteKey, sink.write);
  if (!sink.close.IsEmpty())
    controller->SetWrapperValue(isolate, kCloseKey, sink.close);
  if (!sink.abort.IsEmpty())
    controller->SetWrapperValue(isolate, kAbortKey, sink.abort);
  stream->UpdateBackpressure(isolate, controller->GetBackpressure());
  // Steps 13-16: start(controller), its result resolved.
  v8::Local<v8::Value> start_result = v8::Undefined(isolate);
  if (!sink.start.IsEmpty() &&
      !V8UnderlyingSinkStartCallback::Invoke(isolate, sink.start, underlying_sink, controller)
           .To(&start_result)) {
    return;
  }
  controller->Finish(isolate, start_result);
}

void WritableStreamDefaultController::SetUpWithSink(v8::Isolate* isolate,
                                                    WritableStream* stream,
                                                    UnderlyingSinkBase* sink,
                                                    double high_water_mark,
                                                    v8::Local<v8::Value> size) {
  WritableStreamDefaultController* controller = Begin(isolate, stream, high_water_mark, size);
  controller->platform_sink_ = sink;
  controller->SetWrapperValue(isolate, kSinkKey, sink->GetWrapper(isolate));
  stream->UpdateBackpressure(isolate, controller->GetBackpressure());
  controller->Finish(isolate, sink->Start(isolate, controller));
}

void WritableStreamDefaultController::OnStartFulfilled(v8::Isolate* isolate,
                                                       ScriptWrappable* object,
                                                       v8::Local<v8::Value>) {
  WritableStreamDefaultController* self = Self(object);
  self->started_ = true;
  self->AdvanceQueueIfNeeded(isolate);
}

void WritableStreamDefaultController::OnStartRejected(v8::Isolate* isolate,
                                                      ScriptWrappable* object,
                                                      v8::Local<v8::Value> reason) {
  WritableStreamDefaultController* self = Self(object);
  self->started_ = true;
  self->stream_->DealWithRejection(isolate, reason);
}

void WritableStreamDefaultController::error(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  // §5.4.3 error(e) steps 1-3.
  if (stream_->state() != WritableStream::State::kWritable)
    return;
  Error(isolate, error.IsEmpty() ? v8::Undefined(isolate).As<v8::Value>() : error);
}

v8::Local<v8::Promise> WritableStreamDefaultController::AbortSteps(v8::Isolate* isolate,
                                                                   v8::Local<v8::Value> reason) {
  // [[AbortSteps]](reason) steps 1-3.
  v8::Local<v8::Value> abort = GetWrapperValue(isolate, kAbortKey);
  v8::Local<v8::Promise> result =
      has_algorithms_ && platform_sink_ ? platform_sink_->Abort(isolate, reason)
      : has_algorithms_ && abort->IsFunction()
          ? V8UnderlyingSinkAbortCallback::Invoke(isolate, abort,
                                                  GetWrapperValue(isolate, kSinkKey), reason)
          : streams::ResolvedWithUndefined(isolate);
  ClearAlgorithms(isolate);
  return result;
}

void WritableStreamDefaultController::SignalAbort(v8::Isolate* isolate,
                                                  v8::Local<v8::Value> reason) {
  signal_->SignalAbort(isolate, reason);
}

void WritableStreamDefaultController::AdvanceQueueIfNeeded(v8::Isolate* isolate) {
  // WritableStreamDefaultControllerAdvanceQueueIfNeeded steps 1-9.
  WritableStream* stream = stream_;
  if (!started_ || stream->HasOperationMarkedInFlight())
    return;
  if (stream->state() == WritableStream::State::kErroring) {
    stream->FinishErroring(isolate);
    return;
  }
  if (queue_.empty())
    return;
  if (close_queued_ && queue_.size() == 1)
    ProcessClose(isolate);
  else
    ProcessWrite(isolate, queue_.Peek(isolate));
}

void WritableStreamDefaultController::ClearAlgorithms(v8::Isolate* isolate) {
  has_algorithms_ = false;
  has_size_ = false;
  platform_sink_ = nullptr;
  DeleteWrapperValue(isolate, kWriteKey);
  DeleteWrapperValue(isolate, kCloseKey);
  DeleteWrapperValue(isolate, kAbortKey);
  DeleteWrapperValue(isolate, kSizeKey);
  DeleteWrapperValue(isolate, kSinkKey);
}

void WritableStreamDefaultController::Close(v8::Isolate* isolate) {
  // WritableStreamDefaultControllerClose: the close sentinel, size 0.
  queue_.Enqueue(isolate, v8::Undefined(isolate), 0);
  close_queued_ = true;
  AdvanceQueueIfNeeded(isolate);
}

void WritableStreamDefaultController::Error(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  // WritableStreamDefaultControllerError steps 3-4.
  ClearAlgorithms(isolate);
  stream_->StartErroring(isolate, error);
}

void WritableStreamDefaultController::ErrorIfNeeded(v8::Isolate* isolate,
                                                    v8::Local<v8::Value> error) {
  if (stream_->state() == WritableStream::State::kWritable)
    Error(isolate, error);
}

double WritableStreamDefaultController::GetChunkSize(v8::Isolate* isolate,
                                                     v8::Local<v8::Value> chunk) {
  // WritableStreamDefaultControllerGetChunkSize steps 1-4: no size function (or cleared
  // algorithms) counts 1; one that throws errors the stream and counts 1.
  if (!has_algorithms_ || !has_size_)
    return 1;
  v8::Local<v8::Value> size = GetWrapperValue(isolate, kSizeKey);
  if (!size->IsFunction())
    return 1;
  v8::TryCatch try_catch(isolate);
  double chunk_size = 1;
  if (!V8QueuingStrategySize::Invoke(isolate, size, v8::Undefined(isolate), chunk)
           .To(&chunk_size)) {
    if (!try_catch.CanContinue()) {
      try_catch.ReThrow();
      return 1;
    }
    ErrorIfNeeded(isolate, try_catch.Exception());
    return 1;
  }
  return chunk_size;
}

void WritableStreamDefaultController::Write(v8::Isolate* isolate,
                                            v8::Local<v8::Value> chunk,
                                            double chunk_size) {
  // WritableStreamDefaultControllerWrite steps 1-5.
  if (!queue_.Enqueue(isolate, chunk, chunk_size)) {
    ErrorIfNeeded(isolate,
                  v8::Exception::RangeError(v8::String::NewFromUtf8Literal(
                      isolate, "The size of a chunk must be a non-negative, finite number.")));
    return;
  }
  WritableStream* stream = stream_;
  if (!stream->CloseQueuedOrInFlight() && stream->state() == WritableStream::State::kWritable)
    stream->UpdateBackpressure(isolate, GetBackpressure());
  AdvanceQueueIfNeeded(isolate);
}

void WritableStreamDefaultController::ProcessClose(v8::Isolate* isolate) {
  // WritableStreamDefaultControllerProcessClose steps 1-7.
  stream_->MarkCloseRequestInFlight(isolate);
  queue_.Dequeue(isolate);
  close_queued_ = false;
  v8::Local<v8::Value> close = GetWrapperValue(isolate, kCloseKey);
  v8::Local<v8::Promise> sink_close = has_algorithms_ && platform_sink_
                                          ? platform_sink_->Close(isolate)
                                      : has_algorithms_ && close->IsFunction()
                                          ? V8UnderlyingSinkCloseCallback::Invoke(
                                                isolate, close, GetWrapperValue(isolate, kSinkKey))
                                          : streams::ResolvedWithUndefined(isolate);
  ClearAlgorithms(isolate);
  if (sink_close.IsEmpty())
    return;
  streams::Upon(isolate, sink_close, this, OnCloseFulfilled, OnCloseRejected);
}

void WritableStreamDefaultController::OnCloseFulfilled(v8::Isolate* isolate,
                                                       ScriptWrappable* object,
                                                       v8::Local<v8::Value>) {
  Self(object)->stream_->FinishInFlightClose(isolate);
}

void WritableStreamDefaultController::OnCloseRejected(v8::Isolate* isolate,
                                                      ScriptWrappable* object,
                                                      v8::Local<v8::Value> reason) {
  Self(object)->stream_->FinishInFlightCloseWithError(isolate, reason);
}

void WritableStreamDefaultController::ProcessWrite(v8::Isolate* isolate,
                                                   v8::Local<v8::Value> chunk) {
  // WritableStreamDefaultControllerProcessWrite steps 1-5.
  stream_->MarkFirstWriteRequestInFlight(isolate);
  v8::Local<v8::Value> write = GetWrapperValue(isolate, kWriteKey);
  v8::Local<v8::Promise> sink_write =
      has_algorithms_ && platform_sink_ ? platform_sink_->Write(isolate, chunk, this)
      : has_algorithms_ && write->IsFunction()
          ? V8UnderlyingSinkWriteCallback::Invoke(isolate, write,
                                                  GetWrapperValue(isolate, kSinkKey), chunk, this)
          : streams::ResolvedWithUndefined(isolate);
  if (sink_write.IsEmpty())
    return;
  streams::Upon(isolate, sink_write, this, OnWriteFulfilled, OnWriteRejected);
}

void WritableStreamDefaultController::OnWriteFulfilled(v8::Isolate* isolate,
                                                       ScriptWrappable* object,
                                                       v8::Local<v8::Value>) {
  // ProcessWrite step 4.
  WritableStreamDefaultController* self = Self(object);
  WritableStream* stream = self->stream_;
  stream->FinishInFlightWrite(isolate);
  self->queue_.Dequeue(isolate);
  if (!stream->CloseQueuedOrInFlight() && stream->state() == WritableStream::State::kWritable)
    stream->UpdateBackpressure(isolate, self->GetBackpressure());
  self->AdvanceQueueIfNeeded(isolate);
}

void WritableStreamDefaultController::OnWriteRejected(v8::Isolate* isolate,
                                                      ScriptWrappable* object,
                                                      v8::Local<v8::Value> reason) {
  // ProcessWrite step 5.
  WritableStreamDefaultController* self = Self(object);
  WritableStream* stream = self->stream_;
  if (stream->state() == WritableStream::State::kWritable)
    self->ClearAlgorithms(isolate);
  stream->FinishInFlightWriteWithError(isolate, reason);
}

}  // namespace v8ws
