// WritableStream (Streams Standard §5.2) and the abstract operations of §5.5.1-2 that act on
// a stream: abort, close, the erroring steps, and the in-flight write and close requests.
// Pending promises (write requests, the close request, an abort request) are resolvers kept
// in the wrapper, as every JS value of a stream is (readable_stream.h says why).
#ifndef V8WS_CORE_STREAMS_WRITABLE_STREAM_H_
#define V8WS_CORE_STREAMS_WRITABLE_STREAM_H_

#include <v8.h>

#include <cstdint>
#include <memory>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/core/v8/wrapper_value_queue.h"
#include "bindings/generated/v8_queuing_strategy.h"

namespace v8ws {

class ExceptionState;
class ExecutionContext;
class WritableStreamDefaultController;
class WritableStreamDefaultWriter;

class WritableStream final : public ScriptWrappable {
 public:
  enum class State { kWritable, kClosed, kErroring, kErrored };

  // new WritableStream(underlyingSink, strategy); `underlying_sink` is empty when missing.
  static WritableStream* Create(ExecutionContext* context,
                                v8::Local<v8::Object> underlying_sink,
                                const QueuingStrategy& strategy,
                                ExceptionState& es);
  // InitializeWritableStream for CreateWritableStream: a stream with its wrapper and no
  // controller yet.
  static WritableStream* CreateWithoutSetUp(v8::Isolate* isolate);
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  bool locked() const { return writer_ != nullptr; }
  v8::Local<v8::Promise> abort(v8::Isolate* isolate, v8::Local<v8::Value> reason);
  v8::Local<v8::Promise> close(v8::Isolate* isolate);
  WritableStreamDefaultWriter* getWriter(v8::Isolate* isolate, ExceptionState& es);

  // §5.5.1-2.
  v8::Local<v8::Promise> Abort(v8::Isolate* isolate, v8::Local<v8::Value> reason);
  v8::Local<v8::Promise> Close(v8::Isolate* isolate);
  v8::Local<v8::Promise> AddWriteRequest(v8::Isolate* isolate);
  void DealWithRejection(v8::Isolate* isolate, v8::Local<v8::Value> error);
  void StartErroring(v8::Isolate* isolate, v8::Local<v8::Value> reason);
  void FinishErroring(v8::Isolate* isolate);
  void FinishInFlightWrite(v8::Isolate* isolate);
  void FinishInFlightWriteWithError(v8::Isolate* isolate, v8::Local<v8::Value> error);
  void FinishInFlightClose(v8::Isolate* isolate);
  void FinishInFlightCloseWithError(v8::Isolate* isolate, v8::Local<v8::Value> error);
  bool CloseQueuedOrInFlight() const { return has_close_request_ || has_in_flight_close_; }
  bool HasOperationMarkedInFlight() const { return has_in_flight_write_ || has_in_flight_close_; }
  void MarkCloseRequestInFlight(v8::Isolate* isolate);
  void MarkFirstWriteRequestInFlight(v8::Isolate* isolate);
  void UpdateBackpressure(v8::Isolate* isolate, bool backpressure);

  State state() const { return state_; }
  bool backpressure() const { return backpressure_; }
  v8::Local<v8::Value> stored_error(v8::Isolate* isolate) const;
  WritableStreamDefaultController* controller() const { return controller_; }
  WritableStreamDefaultWriter* writer() const { return writer_; }
  void SetWriter(v8::Isolate* isolate, WritableStreamDefaultWriter* writer);
  void SetController(v8::Isolate* isolate, WritableStreamDefaultController* controller);

 protected:
  // The constructor's set-up, once the binding has made the wrapper (see ReadableStream).
  void OnWrapperAssociated(v8::Isolate* isolate) override;

 private:
  struct PendingSetUp;
  WritableStream();
  ~WritableStream() override;

  void RejectCloseAndClosedPromiseIfNeeded(v8::Isolate* isolate);
  // Takes the resolver under `key` out of the wrapper.
  v8::Local<v8::Value> Take(v8::Isolate* isolate, uint32_t key);
  static void OnAbortStepsFulfilled(v8::Isolate* isolate,
                                    ScriptWrappable* self,
                                    v8::Local<v8::Value>);
  static void OnAbortStepsRejected(v8::Isolate* isolate,
                                   ScriptWrappable* self,
                                   v8::Local<v8::Value> reason);

  State state_ = State::kWritable;
  bool backpressure_ = false;
  bool has_close_request_ = false;
  bool has_in_flight_write_ = false;
  bool has_in_flight_close_ = false;
  bool has_pending_abort_ = false;
  bool pending_abort_was_already_erroring_ = false;
  WrapperValueQueue write_requests_;  // [[writeRequests]]: their resolvers
  WritableStreamDefaultController* controller_ = nullptr;
  WritableStreamDefaultWriter* writer_ = nullptr;
  std::unique_ptr<PendingSetUp> pending_set_up_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_WRITABLE_STREAM_H_
