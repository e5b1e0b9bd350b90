// WritableStream: Streams Standard §5.2 and §5.5.1-2, step numbers in the comments.
#include "core/streams/writable_stream.h"

#include "bindings/core/v8/exception_state.h"
#include "bindings/core/v8/native_value_traits.h"
#include "bindings/generated/v8_underlying_sink.h"
#include "bindings/generated/v8_writable_stream.h"
#include "core/execution_context.h"
#include "core/streams/queuing_strategy.h"
#include "core/streams/stream_promise.h"
#include "core/streams/writable_stream_default_controller.h"
#include "core/streams/writable_stream_default_writer.h"

namespace v8ws {
namespace {

constexpr uint32_t kControllerKey = 1;
constexpr uint32_t kWriterKey = 2;
constexpr uint32_t kStoredErrorKey = 3;
constexpr uint32_t kCloseRequestKey = 4;
constexpr uint32_t kInFlightWriteKey = 5;
constexpr uint32_t kInFlightCloseKey = 6;
constexpr uint32_t kPendingAbortPromiseKey = 7;
constexpr uint32_t kPendingAbortReasonKey = 8;
constexpr uint32_t kWriteRequestsKey = 9;  // resolvers, in order

WritableStream* Self(ScriptWrappable* object) {
  return static_cast<WritableStream*>(object);
}

}  // namespace

struct WritableStream::PendingSetUp {
  v8::Global<v8::Value> sink, start, write, close, abort, size;
  double high_water_mark;
};

WritableStream::WritableStream() : write_requests_(this, kWriteRequestsKey) {}
WritableStream::~WritableStream() = default;

WritableStream* WritableStream::CreateWithoutSetUp(v8::Isolate* isolate) {
  auto* stream = new WritableStream();
  stream->ToV8(isolate, isolate->GetCurrentContext());
  return stream;
}

const WrapperTypeInfo* WritableStream::GetWrapperTypeInfo() const {
  return &V8WritableStream::wrapper_type_info;
}

WritableStream* WritableStream::Create(ExecutionContext* context,
                                       v8::Local<v8::Object> underlying_sink,
                                       const QueuingStrategy& strategy,
                                       ExceptionState& es) {
  v8::Isolate* isolate = context->isolate();
  // §5.2.3 constructor steps 1-2: the sink (null when missing) as an UnderlyingSink.
  v8::Local<v8::Value> sink = underlying_sink.IsEmpty() ? v8::Local<v8::Value>(v8::Null(isolate))
                                                        : v8::Local<v8::Value>(underlying_sink);
  UnderlyingSink dict = NativeValueTraits<UnderlyingSink>::NativeValue(isolate, sink, es);
  if (es.HadException())
    return nullptr;
  // Step 3: no sink type is defined yet.
  if (!dict.type.IsEmpty()) {
    es.ThrowRangeError("Invalid type is specified.");
    return nullptr;
  }
  // Steps 5-6 (step 4 and 7 once the wrapper exists).
  double hwm = 1;
  if (!streams::ExtractHighWaterMark(strategy, 1, &hwm, es))
    return nullptr;
  auto* stream = new WritableStream();
  auto pending = std::make_unique<PendingSetUp>();
  streams::Keep(isolate, pending->sink, sink);
  streams::Keep(isolate, pending->start, dict.start);
  streams::Keep(isolate, pending->write, dict.write);
  streams::Keep(isolate, pending->close, dict.close);
  streams::Keep(isolate, pending->abort, dict.abort);
  streams::Keep(isolate, pending->size, strategy.size);
  pending->high_water_mark = hwm;
  stream->pending_set_up_ = std::move(pending);
  return stream;
}

void WritableStream::OnWrapperAssociated(v8::Isolate* isolate) {
  if (!pending_set_up_)
    return;
  std::unique_ptr<PendingSetUp> pending = std::move(pending_set_up_);
  UnderlyingSink dict;
  dict.start = streams::Held(isolate, pending->start);
  dict.write = streams::Held(isolate, pending->write);
  dict.close = streams::Held(isolate, pending->close);
  dict.abort = streams::Held(isolate, pending->abort);
  WritableStreamDefaultController::SetUpFromUnderlyingSink(
      isolate, this, streams::Held(isolate, pending->sink), dict, pending->high_water_mark,
      streams::Held(isolate, pending->size));
}

v8::Local<v8::Promise> WritableStream::abort(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
  // §5.2.4 abort(reason) steps 1-2.
  if (locked()) {
    return streams::RejectedPromise(
        isolate,
        streams::NewTypeError(isolate, "Cannot abort a stream that is locked to a writer."));
  }
  return Abort(isolate, reason.IsEmpty() ? v8::Undefined(isolate).As<v8::Value>() : reason);
}

v8::Local<v8::Promise> WritableStream::close(v8::Isolate* isolate) {
  // §5.2.4 close() steps 1-3.
  if (locked()) {
    return streams::RejectedPromise(
        isolate,
        streams::NewTypeError(isolate, "Cannot close a stream that is locked to a writer."));
  }
  if (CloseQueuedOrInFlight()) {
    return streams::RejectedPromise(
        isolate, streams::NewTypeError(isolate, "The stream is already closing."));
  }
  return Close(isolate);
}

WritableStreamDefaultWriter* WritableStream::getWriter(v8::Isolate* isolate, ExceptionState& es) {
  return WritableStreamDefaultWriter::Acquire(isolate, this, es);
}

v8::Local<v8::Promise> WritableStream::Abort(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
  // WritableStreamAbort steps 1-4: signal abort first; its algorithms may settle the stream.
  if (state_ == State::kClosed || state_ == State::kErrored)
    return streams::ResolvedWithUndefined(isolate);
  controller_->SignalAbort(isolate, reason);
  if (state_ == State::kClosed || state_ == State::kErrored)
    return streams::ResolvedWithUndefined(isolate);
  // Step 5: an abort already pending.
  if (has_pending_abort_)
    return streams::PromiseOf(GetWrapperValue(isolate, kPendingAbortPromiseKey));
  // Steps 7-12.
  bool was_already_erroring = state_ == State::kErroring;
  if (was_already_erroring)
    reason = v8::Undefined(isolate);
  v8::Local<v8::Promise::Resolver> resolver = streams::NewResolver(isolate);
  has_pending_abort_ = true;
  pending_abort_was_already_erroring_ = was_already_erroring;
  SetWrapperValue(isolate, kPendingAbortPromiseKey, resolver);
  SetWrapperValue(isolate, kPendingAbortReasonKey, reason);
  if (!was_already_erroring)
    StartErroring(isolate, reason);
  return resolver->GetPromise();
}

v8::Local<v8::Promise> WritableStream::Close(v8::Isolate* isolate) {
  // WritableStreamClose steps 1-10.
  if (state_ == State::kClosed || state_ == State::kErrored) {
    return streams::RejectedPromise(
        isolate, streams::NewTypeError(isolate, "The stream is closed or errored."));
  }
  v8::Local<v8::Promise::Resolver> resolver = streams::NewResolver(isolate);
  has_close_request_ = true;
  SetWrapperValue(isolate, kCloseRequestKey, resolver);
  if (writer_ && backpressure_ && state_ == State::kWritable)
    writer_->ResolveReady(isolate);
  controller_->Close(isolate);
  return resolver->GetPromise();
}

v8::Local<v8::Promise> WritableStream::AddWriteRequest(v8::Isolate* isolate) {
  // WritableStreamAddWriteRequest steps 3-5.
  v8::Local<v8::Promise::Resolver> resolver = streams::NewResolver(isolate);
  write_requests_.Push(isolate, resolver);
  return resolver->GetPromise();
}

void WritableStream::DealWithRejection(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  // WritableStreamDealWithRejection steps 1-4.
  if (state_ == State::kWritable) {
    StartErroring(isolate, error);
    return;
  }
  FinishErroring(isolate);
}

void WritableStream::StartErroring(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
  // WritableStreamStartErroring steps 5-9.
  state_ = State::kErroring;
  SetWrapperValue(isolate, kStoredErrorKey, reason);
  if (writer_)
    writer_->EnsureReadyPromiseRejected(isolate, reason);
  if (!HasOperationMarkedInFlight() && controller_->started())
    FinishErroring(isolate);
}

void WritableStream::FinishErroring(v8::Isolate* isolate) {
  // WritableStreamFinishErroring steps 3-7.
  state_ = State::kErrored;
  controller_->ErrorSteps(isolate);
  v8::Local<v8::Value> stored = stored_error(isolate);
  // Rejecting runs no script (reactions wait for a microtask), so nothing joins the list
  // while it empties.
  while (!write_requests_.empty())
    streams::Reject(isolate, write_requests_.Pop(isolate), stored);
  // Steps 8-11.
  if (!has_pending_abort_) {
    RejectCloseAndClosedPromiseIfNeeded(isolate);
    return;
  }
  has_pending_abort_ = false;
  v8::Local<v8::Value> abort_promise = GetWrapperValue(isolate, kPendingAbortPromiseKey);
  v8::Local<v8::Value> abort_reason = Take(isolate, kPendingAbortReasonKey);
  if (pending_abort_was_already_erroring_) {
    Take(isolate, kPendingAbortPromiseKey);
    streams::Reject(isolate, abort_promise, stored);
    RejectCloseAndClosedPromiseIfNeeded(isolate);
    return;
  }
  // Steps 12-14: the sink's abort(reason) settles the abort request. Its resolver stays in
  // the wrapper until then.
  v8::Local<v8::Promise> promise = controller_->AbortSteps(isolate, abort_reason);
  streams::Upon(isolate, promise, this, OnAbortStepsFulfilled, OnAbortStepsRejected);
}

void WritableStream::OnAbortStepsFulfilled(v8::Isolate* isolate,
                                           ScriptWrappable* object,
                                           v8::Local<v8::Value>) {
  WritableStream* self = Self(object);
  streams::Resolve(isolate, self->Take(isolate, kPendingAbortPromiseKey), v8::Undefined(isolate));
  self->RejectCloseAndClosedPromiseIfNeeded(isolate);
}

void WritableStream::OnAbortStepsRejected(v8::Isolate* isolate,
                                          ScriptWrappable* object,
                                          v8::Local<v8::Value> reason) {
  WritableStream* self = Self(object);
  streams::Reject(isolate, self->Take(isolate, kPendingAbortPromiseKey), reason);
  self->RejectCloseAndClosedPromiseIfNeeded(isolate);
}

void WritableStream::FinishInFlightWrite(v8::Isolate* isolate) {
  // WritableStreamFinishInFlightWrite.
  has_in_flight_write_ = false;
  streams::Resolve(isolate, Take(isolate, kInFlightWriteKey), v8::Undefined(isolate));
}

void WritableStream::FinishInFlightWriteWithError(v8::Isolate* isolate,
                                                  v8::Local<v8::Value> error) {
  // WritableStreamFinishInFlightWriteWithError.
  has_in_flight_write_ = false;
  streams::Reject(isolate, Take(isolate, kInFlightWriteKey), error);
  DealWithRejection(isolate, error);
}

void WritableStream::FinishInFlightClose(v8::Isolate* isolate) {
  // WritableStreamFinishInFlightClose steps 2-12.
  has_in_flight_close_ = false;
  streams::Resolve(isolate, Take(isolate, kInFlightCloseKey), v8::Undefined(isolate));
  if (state_ == State::kErroring) {
    DeleteWrapperValue(isolate, kStoredErrorKey);
    if (has_pending_abort_) {
      has_pending_abort_ = false;
      Take(isolate, kPendingAbortReasonKey);
      streams::Resolve(isolate, Take(isolate, kPendingAbortPromiseKey), v8::Undefined(isolate));
    }
  }
  state_ = State::kClosed;
  if (writer_)
    writer_->ResolveClosed(isolate);
}

void WritableStream::FinishInFlightCloseWithError(v8::Isolate* isolate,
                                                  v8::Local<v8::Value> error) {
  // WritableStreamFinishInFlightCloseWithError steps 2-7.
  has_in_flight_close_ = false;
  streams::Reject(isolate, Take(isolate, kInFlightCloseKey), error);
  if (has_pending_abort_) {
    has_pending_abort_ = false;
    Take(isolate, kPendingAbortReasonKey);
    streams::Reject(isolate, Take(isolate, kPendingAbortPromiseKey), error);
  }
  DealWithRejection(isolate, error);
}

void WritableStream::MarkCloseRequestInFlight(v8::Isolate* isolate) {
  has_in_flight_close_ = true;
  has_close_request_ = false;
  SetWrapperValue(isolate, kInFlightCloseKey, Take(isolate, kCloseRequestKey));
}

void WritableStream::MarkFirstWriteRequestInFlight(v8::Isolate* isolate) {
  has_in_flight_write_ = true;
  SetWrapperValue(isolate, kInFlightWriteKey, write_requests_.Pop(isolate));
}

void WritableStream::RejectCloseAndClosedPromiseIfNeeded(v8::Isolate* isolate) {
  // WritableStreamRejectCloseAndClosedPromiseIfNeeded steps 2-6.
  v8::Local<v8::Value> stored = stored_error(isolate);
  if (has_close_request_) {
    has_close_request_ = false;
    streams::Reject(isolate, Take(isolate, kCloseRequestKey), stored);
  }
  if (writer_)
    writer_->RejectClosed(isolate, stored);
}

void WritableStream::UpdateBackpressure(v8::Isolate* isolate, bool backpressure) {
  // WritableStreamUpdateBackpressure steps 3-5.
  if (writer_ && backpressure != backpressure_) {
    if (backpressure)
      writer_->ResetReady(isolate);
    else
      writer_->ResolveReady(isolate);
  }
  backpressure_ = backpressure;
}

v8::Local<v8::Value> WritableStream::stored_error(v8::Isolate* isolate) const {
  return GetWrapperValue(isolate, kStoredErrorKey);
}

void WritableStream::SetWriter(v8::Isolate* isolate, WritableStreamDefaultWriter* writer) {
  writer_ = writer;
  if (writer)
    SetWrapperValue(isolate, kWriterKey, writer->GetWrapper(isolate));
  else
    DeleteWrapperValue(isolate, kWriterKey);
}

void WritableStream::SetController(v8::Isolate* isolate,
                                   WritableStreamDefaultController* controller) {
  controller_ = controller;
  SetWrapperValue(isolate, kControllerKey, controller->GetWrapper(isolate));
}

v8::Local<v8::Value> WritableStream::Take(v8::Isolate* isolate, uint32_t key) {
  v8::Local<v8::Value> value = GetWrapperValue(isolate, key);
  DeleteWrapperValue(isolate, key);
  return value;
}

}  // namespace v8ws
