// WritableStreamDefaultWriter (Streams Standard §5.3) and the writer abstract operations of
// §5.5.3.
#ifndef V8WS_CORE_STREAMS_WRITABLE_STREAM_DEFAULT_WRITER_H_
#define V8WS_CORE_STREAMS_WRITABLE_STREAM_DEFAULT_WRITER_H_

#include <v8.h>

#include <optional>

#include "bindings/core/v8/script_wrappable.h"

namespace v8ws {

class ExceptionState;
class ExecutionContext;
class WritableStream;

class WritableStreamDefaultWriter final : public ScriptWrappable {
 public:
  static WritableStreamDefaultWriter* Create(ExecutionContext* context,
                                             WritableStream* stream,
                                             ExceptionState& es);
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  v8::Local<v8::Promise> closed(v8::Isolate* isolate) const;
  std::optional<double> desiredSize(ExceptionState& es) const;
  v8::Local<v8::Promise> ready(v8::Isolate* isolate);
  v8::Local<v8::Promise> abort(v8::Isolate* isolate, v8::Local<v8::Value> reason);
  v8::Local<v8::Promise> close(v8::Isolate* isolate);
  void releaseLock(v8::Isolate* isolate);
  v8::Local<v8::Promise> write(v8::Isolate* isolate, v8::Local<v8::Value> chunk);

  // AcquireWritableStreamDefaultWriter: a writer with a wrapper, or null after a TypeError.
  static WritableStreamDefaultWriter* Acquire(v8::Isolate* isolate,
                                              WritableStream* stream,
                                              ExceptionState& es);
  // §5.5.3.
  void EnsureClosedPromiseRejected(v8::Isolate* isolate, v8::Local<v8::Value> error);
  void EnsureReadyPromiseRejected(v8::Isolate* isolate, v8::Local<v8::Value> error);
  std::optional<double> GetDesiredSize() const;
  void Release(v8::Isolate* isolate);
  v8::Local<v8::Promise> Write(v8::Isolate* isolate, v8::Local<v8::Value> chunk);
  // WritableStreamDefaultWriterCloseWithErrorPropagation (pipes).
  v8::Local<v8::Promise> CloseWithErrorPropagation(v8::Isolate* isolate);

  // For the stream.
  void ResolveClosed(v8::Isolate* isolate);
  void RejectClosed(v8::Isolate* isolate, v8::Local<v8::Value> error);
  void ResolveReady(v8::Isolate* isolate);
  void ResetReady(v8::Isolate* isolate);  // a new pending ready promise
  // The ready promise is fulfilled (what a reaction to it would find), without making it.
  bool ReadyIsFulfilled(v8::Isolate* isolate) const;
  WritableStream* stream() const { return stream_; }

 protected:
  void OnWrapperAssociated(v8::Isolate* isolate) override;

 private:
  WritableStreamDefaultWriter() = default;
  // SetUpWritableStreamDefaultWriter steps 2-8 (step 1, the lock, is checked first).
  void SetUp(v8::Isolate* isolate, WritableStream* stream);

  // The ready promise that backpressure replaces is made when something asks for it: the
  // stream resets and resolves it around every write that fills the queue, and most are
  // never looked at (a pipe only checks its state). Made later, it is the same promise to
  // whoever gets it: one that has resolved meanwhile comes already fulfilled.
  enum class LazyReady {
    kNone,       // the promise is the resolver in the wrapper
    kPending,    // not made yet, pending
    kFulfilled,  // not made yet, fulfilled with undefined
  };
  // Makes the ready promise if it is still lazy.
  void MakeReady(v8::Isolate* isolate);

  WritableStream* stream_ = nullptr;
  WritableStream* pending_stream_ = nullptr;  // until OnWrapperAssociated
  LazyReady lazy_ready_ = LazyReady::kNone;
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_WRITABLE_STREAM_DEFAULT_WRITER_H_
