// TransformStream: Streams Standard §6.2-6.4, step numbers in the comments.
#include "core/streams/transform_stream.h"

#include "bindings/core/v8/exception_state.h"
#include "bindings/core/v8/native_value_traits.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_transform_stream.h"
#include "bindings/generated/v8_transform_stream_default_controller.h"
#include "bindings/generated/v8_transformer.h"
#include "bindings/generated/v8_transformer_cancel_callback.h"
#include "bindings/generated/v8_transformer_flush_callback.h"
#include "bindings/generated/v8_transformer_start_callback.h"
#include "bindings/generated/v8_transformer_transform_callback.h"
#include "core/execution_context.h"
#include "core/streams/queuing_strategy.h"
#include "core/streams/readable_stream.h"
#include "core/streams/readable_stream_default_controller.h"
#include "core/streams/stream_promise.h"
#include "core/streams/underlying_sink_base.h"
#include "core/streams/underlying_source_base.h"
#include "core/streams/writable_stream.h"
#include "core/streams/writable_stream_default_controller.h"

namespace v8ws {
namespace {

// TransformStream wrapper values.
constexpr uint32_t kReadableKey = 1;
constexpr uint32_t kWritableKey = 2;
constexpr uint32_t kControllerKey = 3;
constexpr uint32_t kBackpressureChangeKey = 4;  // a resolver
constexpr uint32_t kStartPromiseKey = 5;        // a resolver
// Controller wrapper values.
constexpr uint32_t kStreamKey = 1;
constexpr uint32_t kTransformerKey = 2;
constexpr uint32_t kTransformKey = 3;
constexpr uint32_t kFlushKey = 4;
constexpr uint32_t kCancelKey = 5;
constexpr uint32_t kFinishKey = 6;

// The writable side's and the readable side's algorithms (§6.4.3, §6.4.4); each keeps the
// transform stream's wrapper in its own.
class TransformSink final : public UnderlyingSinkBase {
 public:
  explicit TransformSink(TransformStream* stream) : stream_(stream) {}
  void Keep(v8::Isolate* isolate) { SetWrapperValue(isolate, 1, stream_->GetWrapper(isolate)); }
  v8::Local<v8::Value> Start(v8::Isolate* isolate, WritableStreamDefaultController*) override;
  v8::Local<v8::Promise> Write(v8::Isolate* isolate,
                               v8::Local<v8::Value> chunk,
                               WritableStreamDefaultController*) override;
  v8::Local<v8::Promise> Close(v8::Isolate* isolate) override;
  v8::Local<v8::Promise> Abort(v8::Isolate* isolate, v8::Local<v8::Value> reason) override;

 private:
  TransformStream* stream_;
};

class TransformSource final : public UnderlyingSourceBase {
 public:
  explicit TransformSource(TransformStream* stream) : stream_(stream) {}
  void Keep(v8::Isolate* isolate) { SetWrapperValue(isolate, 1, stream_->GetWrapper(isolate)); }
  v8::Local<v8::Value> Start(v8::Isolate* isolate, ReadableStreamDefaultController*) override;
  v8::Local<v8::Promise> Pull(v8::Isolate* isolate, ReadableStreamDefaultController*) override;
  v8::Local<v8::Promise> Cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason) override;

 private:
  TransformStream* stream_;
};

// A write waiting for backpressure to lift: the stream and the chunk.
class PendingWrite final : public StreamInternalObject {
 public:
  explicit PendingWrite(TransformStream* stream) : stream(stream) {}
  TransformStream* stream;
};

v8::Local<v8::Value> StartPromise(v8::Isolate* isolate, TransformStream* stream) {
  return streams::PromiseOf(stream->GetWrapperValue(isolate, kStartPromiseKey));
}

}  // namespace

struct TransformStream::PendingSetUp {
  v8::Global<v8::Value> transformer, start, transform, flush, cancel;
  v8::Global<v8::Value> readable_size, writable_size;
  double readable_hwm, writable_hwm;
};

v8::Local<v8::Promise> TransformerBase::Flush(v8::Isolate* isolate,
                                              TransformStreamDefaultController*) {
  return streams::ResolvedWithUndefined(isolate);
}

v8::Local<v8::Promise> TransformerBase::Cancel(v8::Isolate* isolate, v8::Local<v8::Value>) {
  return streams::ResolvedWithUndefined(isolate);
}

TransformStream::TransformStream() = default;
TransformStream::~TransformStream() = default;

const WrapperTypeInfo* TransformStream::GetWrapperTypeInfo() const {
  return &V8TransformStream::wrapper_type_info;
}

const WrapperTypeInfo* TransformStreamDefaultController::GetWrapperTypeInfo() const {
  return &V8TransformStreamDefaultController::wrapper_type_info;
}

TransformStream* TransformStream::Create(ExecutionContext* context,
                                         v8::Local<v8::Object> transformer,
                                         const QueuingStrategy& writable_strategy,
                                         const QueuingStrategy& readable_strategy,
                                         ExceptionState& es) {
  v8::Isolate* isolate = context->isolate();
  // §6.2.3 constructor steps 1-4.
  v8::Local<v8::Value> object = transformer.IsEmpty() ? v8::Local<v8::Value>(v8::Null(isolate))
                                                      : v8::Local<v8::Value>(transformer);
  Transformer dict = NativeValueTraits<Transformer>::NativeValue(isolate, object, es);
  if (es.HadException())
    return nullptr;
  if (!dict.readableType.IsEmpty()) {
    es.ThrowRangeError("Invalid readableType is specified.");
    return nullptr;
  }
  if (!dict.writableType.IsEmpty()) {
    es.ThrowRangeError("Invalid writableType is specified.");
    return nullptr;
  }
  // Steps 5-8.
  double readable_hwm = 0, writable_hwm = 1;
  if (!streams::ExtractHighWaterMark(readable_strategy, 0, &readable_hwm, es) ||
      !streams::ExtractHighWaterMark(writable_strategy, 1, &writable_hwm, es))
    return nullptr;
  auto* stream = new TransformStream();
  auto pending = std::make_unique<PendingSetUp>();
  streams::Keep(isolate, pending->transformer, object);
  streams::Keep(isolate, pending->start, dict.start);
  streams::Keep(isolate, pending->transform, dict.transform);
  streams::Keep(isolate, pending->flush, dict.flush);
  streams::Keep(isolate, pending->cancel, dict.cancel);
  streams::Keep(isolate, pending->readable_size, readable_strategy.size);
  streams::Keep(isolate, pending->writable_size, writable_strategy.size);
  pending->readable_hwm = readable_hwm;
  pending->writable_hwm = writable_hwm;
  stream->pending_set_up_ = std::move(pending);
  return stream;
}

void TransformStream::OnWrapperAssociated(v8::Isolate* isolate) {
  if (!pending_set_up_)
    return;
  std::unique_ptr<PendingSetUp> pending = std::move(pending_set_up_);
  TransformStreamDefaultController* controller = SetUp(isolate, *pending, nullptr);
  // Steps 12-13: start(controller); its exception leaves the constructor.
  v8::Local<v8::Value> start_result = v8::Undefined(isolate);
  if (!pending->start.IsEmpty() &&
      !V8TransformerStartCallback::Invoke(isolate, streams::Held(isolate, pending->start),
                                          streams::Held(isolate, pending->transformer), controller)
           .To(&start_result)) {
    return;
  }
  streams::Resolve(isolate, GetWrapperValue(isolate, kStartPromiseKey), start_result);
}

TransformStream* TransformStream::CreateWithTransformer(v8::Isolate* isolate,
                                                        TransformerBase* transformer) {
  // §9.3 "set up a TransformStream" steps 1-7: the start promise is resolved at once.
  auto* stream = new TransformStream();
  stream->ToV8(isolate, isolate->GetCurrentContext());
  transformer->ToV8(isolate, isolate->GetCurrentContext());
  PendingSetUp pending;
  pending.readable_hwm = 0;
  pending.writable_hwm = 1;
  stream->SetUp(isolate, pending, transformer);
  streams::Resolve(isolate, stream->GetWrapperValue(isolate, kStartPromiseKey),
                   v8::Undefined(isolate));
  return stream;
}

TransformStreamDefaultController* TransformStream::SetUp(v8::Isolate* isolate,
                                                         const PendingSetUp& pending,
                                                         TransformerBase* transformer) {
  // Step 9-10, InitializeTransformStream.
  v8::Local<v8::Promise::Resolver> start_promise = streams::NewResolver(isolate);
  SetWrapperValue(isolate, kStartPromiseKey, start_promise);
  auto* sink = new TransformSink(this);
  writable_ = CreateWritableStream(isolate, sink, pending.writable_hwm,
                                   streams::Held(isolate, pending.writable_size));
  sink->Keep(isolate);
  SetWrapperValue(isolate, kWritableKey, writable_->GetWrapper(isolate));
  auto* source = new TransformSource(this);
  readable_ = CreateReadableStream(isolate, source, pending.readable_hwm,
                                   streams::Held(isolate, pending.readable_size));
  source->Keep(isolate);
  SetWrapperValue(isolate, kReadableKey, readable_->GetWrapper(isolate));
  SetBackpressure(isolate, true);
  // Step 11, SetUpTransformStreamDefaultControllerFromTransformer (or, for a C++
  // transformer, SetUpTransformStreamDefaultController with its algorithms).
  auto* controller = new TransformStreamDefaultController();
  controller->ToV8(isolate, isolate->GetCurrentContext());
  controller->stream_ = this;
  controller->SetWrapperValue(isolate, kStreamKey, GetWrapper(isolate));
  if (transformer) {
    controller->platform_transformer_ = transformer;
    controller->SetWrapperValue(isolate, kTransformerKey, transformer->GetWrapper(isolate));
  } else {
    controller->SetWrapperValue(isolate, kTransformerKey,
                                streams::Held(isolate, pending.transformer));
    if (!pending.transform.IsEmpty())
      controller->SetWrapperValue(isolate, kTransformKey,
                                  streams::Held(isolate, pending.transform));
    if (!pending.flush.IsEmpty())
      controller->SetWrapperValue(isolate, kFlushKey, streams::Held(isolate, pending.flush));
    if (!pending.cancel.IsEmpty())
      controller->SetWrapperValue(isolate, kCancelKey, streams::Held(isolate, pending.cancel));
  }
  controller->has_algorithms_ = true;
  controller_ = controller;
  SetWrapperValue(isolate, kControllerKey, controller->GetWrapper(isolate));
  return controller;
}

void TransformStream::Error(v8::Isolate* isolate, v8::Local<v8::Value> error) {
  // TransformStreamError.
  readable_->default_controller()->Error(isolate, error);
  ErrorWritableAndUnblockWrite(isolate, error);
}

void TransformStream::ErrorWritableAndUnblockWrite(v8::Isolate* isolate,
                                                   v8::Local<v8::Value> error) {
  // TransformStreamErrorWritableAndUnblockWrite.
  controller_->ClearAlgorithms(isolate);
  writable_->controller()->ErrorIfNeeded(isolate, error);
  UnblockWrite(isolate);
}

void TransformStream::SetBackpressure(v8::Isolate* isolate, bool backpressure) {
  // TransformStreamSetBackpressure steps 2-4. The new promise is made when the write or
  // pull algorithm asks for it: one that nothing asked for settles unseen, and two in three
  // of those a pipe makes per chunk are never asked for.
  if (!backpressure_change_lazy_) {
    streams::Resolve(isolate, GetWrapperValue(isolate, kBackpressureChangeKey),
                     v8::Undefined(isolate));
    DeleteWrapperValue(isolate, kBackpressureChangeKey);
    backpressure_change_lazy_ = true;
  }
  backpressure_ = backpressure;
}

void TransformStream::UnblockWrite(v8::Isolate* isolate) {
  if (backpressure_)
    SetBackpressure(isolate, false);
}

v8::Local<v8::Promise> TransformStream::backpressure_change_promise(v8::Isolate* isolate) {
  if (backpressure_change_lazy_) {
    backpressure_change_lazy_ = false;
    v8::Local<v8::Promise::Resolver> resolver = streams::NewResolver(isolate);
    SetWrapperValue(isolate, kBackpressureChangeKey, resolver);
    return resolver->GetPromise();
  }
  return streams::PromiseOf(GetWrapperValue(isolate, kBackpressureChangeKey));
}

std::optional<double> TransformStreamDefaultController::desiredSize() const {
  return stream_->readable()->default_controller()->GetDesiredSize();
}

void TransformStreamDefaultController::enqueue(v8::Isolate* isolate,
                                               v8::Local<v8::Value> chunk,
                                               ExceptionState& es) {
  if (!Enqueue(isolate, chunk.IsEmpty() ? v8::Undefined(isolate).As<v8::Value>() : chunk))
    es.RethrowV8Exception();
}

void TransformStreamDefaultController::error(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
  stream_->Error(isolate, reason.IsEmpty() ? v8::Undefined(isolate).As<v8::Value>() : reason);
}

void TransformStreamDefaultController::terminate(v8::Isolate* isolate) {
  // TransformStreamDefaultControllerTerminate steps 1-5.
  stream_->readable()->default_controller()->Close(isolate);
  stream_->ErrorWritableAndUnblockWrite(
      isolate, streams::NewTypeError(isolate, "The transform stream has been terminated."));
}

bool TransformStreamDefaultController::Enqueue(v8::Isolate* isolate, v8::Local<v8::Value> chunk) {
  // TransformStreamDefaultControllerEnqueue steps 1-7.
  TransformStream* stream = stream_;
  ReadableStreamDefaultController* readable_controller = stream->readable()->default_controller();
  if (!readable_controller->CanCloseOrEnqueue()) {
    isolate->ThrowException(
        streams::NewTypeError(isolate, "The readable side cannot take more chunks."));
    return false;
  }
  {
    v8::TryCatch try_catch(isolate);
    if (!readable_controller->Enqueue(isolate, chunk)) {
      if (!try_catch.CanContinue()) {
        try_catch.ReThrow();
        return false;
      }
      stream->ErrorWritableAndUnblockWrite(isolate, try_catch.Exception());
      try_catch.Reset();
      isolate->ThrowException(stream->readable()->stored_error(isolate));
      return false;
    }
  }
  bool backpressure = readable_controller->HasBackpressure();
  if (backpressure != stream->backpressure())
    stream->SetBackpressure(isolate, true);
  return true;
}

namespace {

// §9.3 "set up" steps 2-4's wrappers: what a C++ algorithm throws becomes a rejection.
template <typename Call>
v8::Local<v8::Promise> CallPlatform(v8::Isolate* isolate, Call call) {
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Promise> result = call();
  if (!result.IsEmpty())
    return result;
  if (!try_catch.CanContinue()) {
    try_catch.ReThrow();
    return result;
  }
  return streams::RejectedPromise(isolate, try_catch.Exception());
}

v8::Local<v8::Value> OnTransformRejected(v8::Isolate* isolate,
                                         ScriptWrappable* object,
                                         v8::Local<v8::Value> reason) {
  // TransformStreamDefaultControllerPerformTransform step 2.
  static_cast<TransformStreamDefaultController*>(object)->stream()->Error(isolate, reason);
  isolate->ThrowException(reason);
  return v8::Local<v8::Value>();
}

}  // namespace

v8::Local<v8::Promise> TransformStreamDefaultController::PerformTransform(
    v8::Isolate* isolate,
    v8::Local<v8::Value> chunk) {
  v8::Local<v8::Promise> transform_promise;
  v8::Local<v8::Value> transform = GetWrapperValue(isolate, kTransformKey);
  if (has_algorithms_ && platform_transformer_) {
    transform_promise = CallPlatform(
        isolate, [&] { return platform_transformer_->Transform(isolate, chunk, this); });
  } else if (has_algorithms_ && transform->IsFunction()) {
    transform_promise = V8TransformerTransformCallback::Invoke(
        isolate, transform, GetWrapperValue(isolate, kTransformerKey), chunk, this);
  } else {
    // The default transform: enqueue the chunk as it is.
    v8::TryCatch try_catch(isolate);
    if (Enqueue(isolate, chunk)) {
      transform_promise = streams::ResolvedWithUndefined(isolate);
    } else {
      if (!try_catch.CanContinue())
        return v8::Local<v8::Promise>();
      transform_promise = streams::RejectedPromise(isolate, try_catch.Exception());
    }
  }
  if (transform_promise.IsEmpty())
    return transform_promise;
  return streams::React(isolate, transform_promise, this, nullptr, OnTransformRejected);
}

v8::Local<v8::Promise> TransformStreamDefaultController::Flush(v8::Isolate* isolate) {
  v8::Local<v8::Value> flush = GetWrapperValue(isolate, kFlushKey);
  if (has_algorithms_ && platform_transformer_)
    return CallPlatform(isolate, [&] { return platform_transformer_->Flush(isolate, this); });
  if (has_algorithms_ && flush->IsFunction())
    return V8TransformerFlushCallback::Invoke(isolate, flush,
                                              GetWrapperValue(isolate, kTransformerKey), this);
  return streams::ResolvedWithUndefined(isolate);
}

v8::Local<v8::Promise> TransformStreamDefaultController::Cancel(v8::Isolate* isolate,
                                                                v8::Local<v8::Value> reason) {
  v8::Local<v8::Value> cancel = GetWrapperValue(isolate, kCancelKey);
  if (has_algorithms_ && platform_transformer_)
    return CallPlatform(isolate, [&] { return platform_transformer_->Cancel(isolate, reason); });
  if (has_algorithms_ && cancel->IsFunction())
    return V8TransformerCancelCallback::Invoke(isolate, cancel,
                                               GetWrapperValue(isolate, kTransformerKey), reason);
  return streams::ResolvedWithUndefined(isolate);
}

void TransformStreamDefaultController::ClearAlgorithms(v8::Isolate* isolate) {
  has_algorithms_ = false;
  platform_transformer_ = nullptr;
  DeleteWrapperValue(isolate, kTransformKey);
  DeleteWrapperValue(isolate, kFlushKey);
  DeleteWrapperValue(isolate, kCancelKey);
  DeleteWrapperValue(isolate, kTransformerKey);
}

v8::Local<v8::Value> TransformStreamDefaultController::finish_promise(v8::Isolate* isolate) const {
  return has_finish_promise_ ? GetWrapperValue(isolate, kFinishKey) : v8::Local<v8::Value>();
}

void TransformStreamDefaultController::set_finish_promise(v8::Isolate* isolate,
                                                          v8::Local<v8::Value> resolver) {
  has_finish_promise_ = true;
  SetWrapperValue(isolate, kFinishKey, resolver);
}

namespace {

TransformStream* StreamOf(ScriptWrappable* object) {
  return static_cast<TransformStreamDefaultController*>(object)->stream();
}
v8::Local<v8::Value> FinishResolver(v8::Isolate* isolate, ScriptWrappable* object) {
  return static_cast<TransformStreamDefaultController*>(object)->finish_promise(isolate);
}

// TransformStreamDefaultSinkWriteAlgorithm step 3.2: once backpressure lifts.
v8::Local<v8::Value> AfterBackpressure(v8::Isolate* isolate,
                                       ScriptWrappable* object,
                                       v8::Local<v8::Value>) {
  auto* pending = static_cast<PendingWrite*>(object);
  TransformStream* stream = pending->stream;
  WritableStream* writable = stream->writable();
  if (writable->state() == WritableStream::State::kErroring) {
    isolate->ThrowException(writable->stored_error(isolate));
    return v8::Local<v8::Value>();
  }
  return stream->controller()->PerformTransform(isolate, pending->GetWrapperValue(isolate, 2));
}

// TransformStreamDefaultSinkCloseAlgorithm step 6.
void OnFlushFulfilled(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value>) {
  ReadableStream* readable = StreamOf(object)->readable();
  v8::Local<v8::Value> finish = FinishResolver(isolate, object);
  if (readable->state() == ReadableStream::State::kErrored) {
    streams::Reject(isolate, finish, readable->stored_error(isolate));
    return;
  }
  readable->default_controller()->Close(isolate);
  streams::Resolve(isolate, finish, v8::Undefined(isolate));
}
void OnFlushRejected(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value> r) {
  StreamOf(object)->readable()->default_controller()->Error(isolate, r);
  streams::Reject(isolate, FinishResolver(isolate, object), r);
}

// TransformStreamDefaultSinkAbortAlgorithm step 7 (the reason waits in kFinishKey + 1).
void OnSinkCancelFulfilled(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value>) {
  ReadableStream* readable = StreamOf(object)->readable();
  v8::Local<v8::Value> finish = FinishResolver(isolate, object);
  if (readable->state() == ReadableStream::State::kErrored) {
    streams::Reject(isolate, finish, readable->stored_error(isolate));
    return;
  }
  readable->default_controller()->Error(isolate, object->GetWrapperValue(isolate, kFinishKey + 1));
  streams::Resolve(isolate, finish, v8::Undefined(isolate));
}
void OnSinkCancelRejected(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value> r) {
  StreamOf(object)->readable()->default_controller()->Error(isolate, r);
  streams::Reject(isolate, FinishResolver(isolate, object), r);
}

// TransformStreamDefaultSourceCancelAlgorithm step 7.
void OnSourceCancelFulfilled(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value>) {
  TransformStream* stream = StreamOf(object);
  WritableStream* writable = stream->writable();
  v8::Local<v8::Value> finish = FinishResolver(isolate, object);
  if (writable->state() == WritableStream::State::kErrored) {
    streams::Reject(isolate, finish, writable->stored_error(isolate));
    return;
  }
  writable->controller()->ErrorIfNeeded(isolate, object->GetWrapperValue(isolate, kFinishKey + 1));
  stream->UnblockWrite(isolate);
  streams::Resolve(isolate, finish, v8::Undefined(isolate));
}
void OnSourceCancelRejected(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value> r) {
  TransformStream* stream = StreamOf(object);
  stream->writable()->controller()->ErrorIfNeeded(isolate, r);
  stream->UnblockWrite(isolate);
  streams::Reject(isolate, FinishResolver(isolate, object), r);
}

v8::Local<v8::Value> TransformSink::Start(v8::Isolate* isolate, WritableStreamDefaultController*) {
  return StartPromise(isolate, stream_);
}

v8::Local<v8::Promise> TransformSink::Write(v8::Isolate* isolate,
                                            v8::Local<v8::Value> chunk,
                                            WritableStreamDefaultController*) {
  // TransformStreamDefaultSinkWriteAlgorithm steps 1-4.
  TransformStreamDefaultController* controller = stream_->controller();
  if (!stream_->backpressure())
    return controller->PerformTransform(isolate, chunk);
  auto* pending = new PendingWrite(stream_);
  pending->ToV8(isolate, isolate->GetCurrentContext());
  pending->SetWrapperValue(isolate, 1, stream_->GetWrapper(isolate));
  pending->SetWrapperValue(isolate, 2, chunk);
  return streams::React(isolate, stream_->backpressure_change_promise(isolate), pending,
                        AfterBackpressure, nullptr);
}

// The shared shape of the sink's close and abort and the source's cancel algorithms: once
// there is a [[finishPromise]], return it; else make it, run the transformer's flush or
// cancel (`reason` empty: flush), clear the algorithms, and settle it from the result.
v8::Local<v8::Promise> Finish(v8::Isolate* isolate,
                              TransformStreamDefaultController* controller,
                              v8::Local<v8::Value> reason,
                              streams::Reaction on_fulfilled,
                              streams::Reaction on_rejected) {
  v8::Local<v8::Value> existing = controller->finish_promise(isolate);
  if (!existing.IsEmpty())
    return streams::PromiseOf(existing);
  v8::Local<v8::Promise::Resolver> finish = streams::NewResolver(isolate);
  controller->set_finish_promise(isolate, finish);
  v8::Local<v8::Promise> result;
  if (reason.IsEmpty()) {
    result = controller->Flush(isolate);
  } else {
    controller->SetWrapperValue(isolate, kFinishKey + 1, reason);
    result = controller->Cancel(isolate, reason);
  }
  controller->ClearAlgorithms(isolate);
  streams::Upon(isolate, result, controller, on_fulfilled, on_rejected);
  return finish->GetPromise();
}

v8::Local<v8::Promise> TransformSink::Close(v8::Isolate* isolate) {
  // TransformStreamDefaultSinkCloseAlgorithm steps 1-7.
  return Finish(isolate, stream_->controller(), v8::Local<v8::Value>(), OnFlushFulfilled,
                OnFlushRejected);
}

v8::Local<v8::Promise> TransformSink::Abort(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
  // TransformStreamDefaultSinkAbortAlgorithm steps 1-8.
  return Finish(isolate, stream_->controller(), reason, OnSinkCancelFulfilled,
                OnSinkCancelRejected);
}

v8::Local<v8::Value> TransformSource::Start(v8::Isolate* isolate,
                                            ReadableStreamDefaultController*) {
  return StartPromise(isolate, stream_);
}

v8::Local<v8::Promise> TransformSource::Pull(v8::Isolate* isolate,
                                             ReadableStreamDefaultController*) {
  // TransformStreamDefaultSourcePullAlgorithm steps 2-4.
  stream_->SetBackpressure(isolate, false);
  return stream_->backpressure_change_promise(isolate);
}

v8::Local<v8::Promise> TransformSource::Cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
  // TransformStreamDefaultSourceCancelAlgorithm steps 1-8.
  return Finish(isolate, stream_->controller(), reason, OnSourceCancelFulfilled,
                OnSourceCancelRejected);
}

}  // namespace
}  // namespace v8ws
