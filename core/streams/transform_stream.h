// TransformStream and TransformStreamDefaultController (Streams Standard §6): a writable side
// whose chunks go through the transformer into a readable side, with backpressure from the
// readable side to the writable one. Both sides run on C++ algorithms (§6.4.2-6.4.3).
#ifndef V8WS_CORE_STREAMS_TRANSFORM_STREAM_H_
#define V8WS_CORE_STREAMS_TRANSFORM_STREAM_H_

#include <v8.h>

#include <memory>
#include <optional>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/generated/v8_queuing_strategy.h"
#include "core/streams/underlying_source_base.h"

namespace v8ws {

class ExceptionState;
class ExecutionContext;
class ReadableStream;
class TransformStreamDefaultController;
class WritableStream;

// A transformer written in C++ (TextDecoderStream's, TextEncoderStream's): the algorithms
// the Streams Standard's "set up a TransformStream" (§9.3) takes. A thrown exception (an empty
// handle) becomes a rejected promise.
class TransformerBase : public StreamInternalObject {
 public:
  virtual v8::Local<v8::Promise> Transform(v8::Isolate* isolate,
                                           v8::Local<v8::Value> chunk,
                                           TransformStreamDefaultController* controller) = 0;
  virtual v8::Local<v8::Promise> Flush(v8::Isolate* isolate,
                                       TransformStreamDefaultController* controller);
  virtual v8::Local<v8::Promise> Cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason);
};

class TransformStream final : public ScriptWrappable {
 public:
  // "Set up a TransformStream" with `transformer`'s algorithms (a writable high-water mark of
  // 1, a readable one of 0): a stream with its wrapper.
  static TransformStream* CreateWithTransformer(v8::Isolate* isolate, TransformerBase* transformer);
  static TransformStream* Create(ExecutionContext* context,
                                 v8::Local<v8::Object> transformer,
                                 const QueuingStrategy& writable_strategy,
                                 const QueuingStrategy& readable_strategy,
                                 ExceptionState& es);
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  ReadableStream* readable() const { return readable_; }
  WritableStream* writable() const { return writable_; }

  // §6.4.1.
  void Error(v8::Isolate* isolate, v8::Local<v8::Value> error);
  void ErrorWritableAndUnblockWrite(v8::Isolate* isolate, v8::Local<v8::Value> error);
  void SetBackpressure(v8::Isolate* isolate, bool backpressure);
  void UnblockWrite(v8::Isolate* isolate);
  bool backpressure() const { return backpressure_; }
  // [[backpressureChangePromise]] (SetBackpressure must have run).
  v8::Local<v8::Promise> backpressure_change_promise(v8::Isolate* isolate);
  TransformStreamDefaultController* controller() const { return controller_; }

 protected:
  // The constructor's set-up, once the binding has made the wrapper (see ReadableStream).
  void OnWrapperAssociated(v8::Isolate* isolate) override;

 private:
  struct PendingSetUp;
  TransformStream();
  // InitializeTransformStream and the controller's set-up (steps 9-11 of the constructor);
  // a null `transformer` takes the JS transformer's members from `pending`.
  TransformStreamDefaultController* SetUp(v8::Isolate* isolate,
                                          const PendingSetUp& pending,
                                          TransformerBase* transformer);
  ~TransformStream() override;

  ReadableStream* readable_ = nullptr;
  WritableStream* writable_ = nullptr;
  TransformStreamDefaultController* controller_ = nullptr;
  bool backpressure_ = false;
  // [[backpressureChangePromise]] is pending but not made yet (an undefined one, before
  // the first SetBackpressure, counts too: nothing settles it).
  bool backpressure_change_lazy_ = true;
  std::unique_ptr<PendingSetUp> pending_set_up_;
};

class TransformStreamDefaultController final : public ScriptWrappable {
 public:
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  std::optional<double> desiredSize() const;
  void enqueue(v8::Isolate* isolate, v8::Local<v8::Value> chunk, ExceptionState& es);
  void error(v8::Isolate* isolate, v8::Local<v8::Value> reason);
  void terminate(v8::Isolate* isolate);

  // §6.4.2 (the transformer's algorithms live in this controller's wrapper).
  v8::Local<v8::Promise> PerformTransform(v8::Isolate* isolate, v8::Local<v8::Value> chunk);
  v8::Local<v8::Promise> Flush(v8::Isolate* isolate);
  v8::Local<v8::Promise> Cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason);
  void ClearAlgorithms(v8::Isolate* isolate);
  // TransformStreamDefaultControllerEnqueue: false with an exception pending.
  bool Enqueue(v8::Isolate* isolate, v8::Local<v8::Value> chunk);
  // [[finishPromise]]: a resolver, or empty.
  v8::Local<v8::Value> finish_promise(v8::Isolate* isolate) const;
  void set_finish_promise(v8::Isolate* isolate, v8::Local<v8::Value> resolver);
  TransformStream* stream() const { return stream_; }

 private:
  friend class TransformStream;
  TransformStreamDefaultController() = default;

  TransformStream* stream_ = nullptr;
  TransformerBase* platform_transformer_ = nullptr;  // kept in the wrapper with the others
  bool has_algorithms_ = false;
  bool has_finish_promise_ = false;
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_TRANSFORM_STREAM_H_
