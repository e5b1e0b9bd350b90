// WritableStreamDefaultController (Streams Standard §5.4) and the abstract operations of
// §5.5.4: set-up from an underlying sink, the queue of writes and the close sentinel.
#ifndef V8WS_CORE_STREAMS_WRITABLE_STREAM_DEFAULT_CONTROLLER_H_
#define V8WS_CORE_STREAMS_WRITABLE_STREAM_DEFAULT_CONTROLLER_H_

#include <v8.h>

#include "bindings/core/v8/script_wrappable.h"
#include "core/streams/queue_with_sizes.h"

namespace v8ws {

class AbortSignal;
class UnderlyingSinkBase;
class WritableStream;
struct UnderlyingSink;

class WritableStreamDefaultController final : public ScriptWrappable {
 public:
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  AbortSignal* signal() const { return signal_; }
  void error(v8::Isolate* isolate, v8::Local<v8::Value> error);

  // SetUpWritableStreamDefaultControllerFromUnderlyingSink (start() throwing leaves its
  // exception pending).
  static void SetUpFromUnderlyingSink(v8::Isolate* isolate,
                                      WritableStream* stream,
                                      v8::Local<v8::Value> underlying_sink,
                                      const UnderlyingSink& sink,
                                      double high_water_mark,
                                      v8::Local<v8::Value> size);

  // SetUpWritableStreamDefaultController with a C++ sink's algorithms (CreateWritableStream).
  static void SetUpWithSink(v8::Isolate* isolate,
                            WritableStream* stream,
                            UnderlyingSinkBase* sink,
                            double high_water_mark,
                            v8::Local<v8::Value> size);

  // [[AbortSteps]], [[ErrorSteps]].
  v8::Local<v8::Promise> AbortSteps(v8::Isolate* isolate, v8::Local<v8::Value> reason);
  void ErrorSteps(v8::Isolate* isolate) {
    queue_.Reset(isolate);
    close_queued_ = false;
  }

  // §5.5.4.
  void Close(v8::Isolate* isolate);
  void Write(v8::Isolate* isolate, v8::Local<v8::Value> chunk, double chunk_size);
  double GetChunkSize(v8::Isolate* isolate, v8::Local<v8::Value> chunk);
  double GetDesiredSize() const { return strategy_hwm_ - queue_.total_size(); }
  bool GetBackpressure() const { return GetDesiredSize() <= 0; }
  bool started() const { return started_; }
  void ErrorIfNeeded(v8::Isolate* isolate, v8::Local<v8::Value> error);
  // WritableStreamAbort step 2: signal abort with `reason`.
  void SignalAbort(v8::Isolate* isolate, v8::Local<v8::Value> reason);

 private:
  WritableStreamDefaultController();

  // SetUpWritableStreamDefaultController steps 3-12, before start().
  static WritableStreamDefaultController* Begin(v8::Isolate* isolate,
                                                WritableStream* stream,
                                                double high_water_mark,
                                                v8::Local<v8::Value> size);
  // Steps 14-16: start()'s result settles `started`.
  void Finish(v8::Isolate* isolate, v8::Local<v8::Value> start_result);
  void AdvanceQueueIfNeeded(v8::Isolate* isolate);
  void ClearAlgorithms(v8::Isolate* isolate);
  void Error(v8::Isolate* isolate, v8::Local<v8::Value> error);
  void ProcessClose(v8::Isolate* isolate);
  void ProcessWrite(v8::Isolate* isolate, v8::Local<v8::Value> chunk);
  static void OnStartFulfilled(v8::Isolate* isolate, ScriptWrappable* self, v8::Local<v8::Value>);
  static void OnStartRejected(v8::Isolate* isolate, ScriptWrappable* self, v8::Local<v8::Value> r);
  static void OnCloseFulfilled(v8::Isolate* isolate, ScriptWrappable* self, v8::Local<v8::Value>);
  static void OnCloseRejected(v8::Isolate* isolate, ScriptWrappable* self, v8::Local<v8::Value> r);
  static void OnWriteFulfilled(v8::Isolate* isolate, ScriptWrappable* self, v8::Local<v8::Value>);
  static void OnWriteRejected(v8::Isolate* isolate, ScriptWrappable* self, v8::Local<v8::Value> r);

  WritableStream* stream_ = nullptr;
  AbortSignal* signal_ = nullptr;  // its wrapper is kept in this controller's
  streams::QueueWithSizes queue_;
  // The close sentinel is the queue's last entry when set: nothing is written after close.
  bool close_queued_ = false;
  bool started_ = false;
  double strategy_hwm_ = 0;
  bool has_algorithms_ = false;
  bool has_size_ = false;  // a size algorithm in the wrapper (else every chunk counts 1)
  // A C++ sink's algorithms (else the JS sink's methods, in the wrapper).
  UnderlyingSinkBase* platform_sink_ = nullptr;
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_WRITABLE_STREAM_DEFAULT_CONTROLLER_H_
