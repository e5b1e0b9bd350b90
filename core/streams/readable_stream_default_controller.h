// ReadableStreamDefaultController (Streams Standard §4.6) and the abstract operations of
// §4.9.4: set-up from an underlying source, the pull loop, enqueue, close and error.
#ifndef V8WS_CORE_STREAMS_READABLE_STREAM_DEFAULT_CONTROLLER_H_
#define V8WS_CORE_STREAMS_READABLE_STREAM_DEFAULT_CONTROLLER_H_

#include <v8.h>

#include <memory>
#include <optional>

#include "core/streams/queue_with_sizes.h"
#include "core/streams/readable_stream_controller.h"

namespace v8ws {

class ExceptionState;
class ReadRequest;
class ReadableStream;
class UnderlyingSourceBase;
struct UnderlyingSource;

class ReadableStreamDefaultController final : public ReadableStreamController {
 public:
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  std::optional<double> desiredSize() const { return GetDesiredSize(); }
  void close(v8::Isolate* isolate, ExceptionState& es);
  void enqueue(v8::Isolate* isolate, v8::Local<v8::Value> chunk, ExceptionState& es);
  void error(v8::Isolate* isolate, v8::Local<v8::Value> error);

  // SetUpReadableStreamDefaultControllerFromUnderlyingSource: `underlying_source` is the
  // callbacks' `this` (null when there was none); `size` is the strategy's size function
  // (empty: every chunk is 1). False with an exception pending when start() threw.
  static bool SetUpFromUnderlyingSource(v8::Isolate* isolate,
                                        ReadableStream* stream,
                                        v8::Local<v8::Value> underlying_source,
                                        const UnderlyingSource& source,
                                        double high_water_mark,
                                        v8::Local<v8::Value> size);

  // SetUpReadableStreamDefaultController with a C++ source's algorithms (CreateReadableStream).
  static void SetUpWithSource(v8::Isolate* isolate,
                              ReadableStream* stream,
                              UnderlyingSourceBase* source,
                              double high_water_mark,
                              v8::Local<v8::Value> size);
  // ReadableStreamDefaultControllerHasBackpressure.
  bool HasBackpressure() const { return !ShouldCallPull(); }

  // [[CancelSteps]], [[PullSteps]], [[ReleaseSteps]].
  bool IsByteController() const override { return false; }
  v8::Local<v8::Promise> CancelSteps(v8::Isolate* isolate, v8::Local<v8::Value> reason) override;
  void PullSteps(v8::Isolate* isolate, std::unique_ptr<ReadRequest> request) override;
  void ReleaseSteps(v8::Isolate*) override {}

  // ReadableStreamDefaultControllerClose / Enqueue / Error / GetDesiredSize /
  // CanCloseOrEnqueue. Enqueue returns false with an exception pending in V8 (the size
  // function threw, or gave an invalid size) after erroring the stream.
  void Close(v8::Isolate* isolate);
  bool Enqueue(v8::Isolate* isolate, v8::Local<v8::Value> chunk);
  void Error(v8::Isolate* isolate, v8::Local<v8::Value> error);
  std::optional<double> GetDesiredSize() const;
  bool CanCloseOrEnqueue() const;

 private:
  ReadableStreamDefaultController();

  // SetUpReadableStreamDefaultController steps 2-7, before start().
  static ReadableStreamDefaultController* Begin(v8::Isolate* isolate,
                                                ReadableStream* stream,
                                                double high_water_mark);
  // Steps 8-11: start()'s result (Nothing: it threw) settles `started`.
  void Finish(v8::Isolate* isolate, v8::Local<v8::Value> start_result);
  void CallPullIfNeeded(v8::Isolate* isolate);
  bool ShouldCallPull() const;
  void ClearAlgorithms(v8::Isolate* isolate);
  static void OnStartFulfilled(v8::Isolate* isolate, ScriptWrappable* self, v8::Local<v8::Value>);
  static void OnStartOrPullRejected(v8::Isolate* isolate,
                                    ScriptWrappable* self,
                                    v8::Local<v8::Value> reason);
  static void OnPullFulfilled(v8::Isolate* isolate, ScriptWrappable* self, v8::Local<v8::Value>);

  ReadableStream* stream_ = nullptr;
  streams::QueueWithSizes queue_;
  bool started_ = false;
  bool close_requested_ = false;
  bool pull_again_ = false;
  bool pulling_ = false;
  double strategy_hwm_ = 0;
  // The algorithms: the underlying source's methods (kept in the wrapper) until
  // ClearAlgorithms.
  bool has_algorithms_ = false;
  bool has_size_ = false;  // a size algorithm in the wrapper (else every chunk counts 1)
  // A C++ source's algorithms (else the JS source's methods, in the wrapper).
  UnderlyingSourceBase* platform_source_ = nullptr;
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_READABLE_STREAM_DEFAULT_CONTROLLER_H_
