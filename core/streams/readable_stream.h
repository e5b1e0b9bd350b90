// ReadableStream (Streams Standard §4.2) and the abstract operations of §4.9.1-2 that act on
// a stream: cancel, close, error, and its read requests.
//
// Lifetime: a stream, its controller and its reader point at each other in C++ and hold
// each other's wrappers (and every JS value they use) as wrapper values, so the garbage
// collector sees the whole graph and collects it when script no longer reaches it.
#ifndef V8WS_CORE_STREAMS_READABLE_STREAM_H_
#define V8WS_CORE_STREAMS_READABLE_STREAM_H_

#include <v8.h>

#include <memory>
#include <vector>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_queuing_strategy.h"
#include "bindings/generated/v8_readable_stream_get_reader_options.h"
#include "bindings/generated/v8_readable_stream_iterator_options.h"
#include "bindings/generated/v8_readable_writable_pair.h"
#include "bindings/generated/v8_stream_pipe_options.h"
#include "bindings/generated/v8_union_readable_stream_default_reader_or_readable_stream_byob_reader.h"

namespace v8ws {

class AsyncIteratorBase;
class ExceptionState;
class ExecutionContext;
class ReadIntoRequest;
class ReadRequest;
class ReadableStreamBYOBReader;
class ReadableStreamController;
class ReadableStreamDefaultController;
class ReadableStreamDefaultReader;
class ReadableStreamGenericReader;
class WritableStream;

class ReadableStream final : public ScriptWrappable {
 public:
  enum class State { kReadable, kClosed, kErrored };

  // new ReadableStream(underlyingSource, strategy); `underlying_source` is empty when
  // missing.
  static ReadableStream* Create(ExecutionContext* context,
                                v8::Local<v8::Object> underlying_source,
                                const QueuingStrategy& strategy,
                                ExceptionState& es);
  // InitializeReadableStream for CreateReadableStream: a stream with its wrapper and no
  // controller yet.
  static ReadableStream* CreateWithoutSetUp(v8::Isolate* isolate);
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  static ReadableStream* from(ExecutionContext* context,
                              v8::Isolate* isolate,
                              const AsyncSequence& async_iterable,
                              ExceptionState& es);
  bool locked() const { return reader_ != nullptr; }
  v8::Local<v8::Promise> cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason);
  ReadableStreamDefaultReaderOrReadableStreamBYOBReader getReader(
      v8::Isolate* isolate,
      const ReadableStreamGetReaderOptions& options,
      ExceptionState& es);
  ReadableStream* pipeThrough(v8::Isolate* isolate,
                              const ReadableWritablePair& transform,
                              const StreamPipeOptions& options,
                              ExceptionState& es);
  v8::Local<v8::Promise> pipeTo(v8::Isolate* isolate,
                                WritableStream* destination,
                                const StreamPipeOptions& options);
  std::vector<ReadableStream*> tee(v8::Isolate* isolate, ExceptionState& es);
  AsyncIteratorBase* CreateAsyncIterator(v8::Isolate* isolate,
                                         const ReadableStreamIteratorOptions& options,
                                         ExceptionState& es);

  // §4.9.2 "Interfacing with controllers", and the parts of §4.9.1 they use.
  v8::Local<v8::Promise> Cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason);
  void Close(v8::Isolate* isolate);
  void Error(v8::Isolate* isolate, v8::Local<v8::Value> error);
  void AddReadRequest(v8::Isolate* isolate, std::unique_ptr<ReadRequest> request);
  void FulfillReadRequest(v8::Isolate* isolate, v8::Local<v8::Value> chunk, bool done);
  size_t GetNumReadRequests() const;
  // The reader when it is a default one (ReadableStreamHasDefaultReader), else null.
  ReadableStreamDefaultReader* default_reader() const;
  // ReadableStreamAddReadIntoRequest / FulfillReadIntoRequest / GetNumReadIntoRequests.
  void AddReadIntoRequest(std::unique_ptr<ReadIntoRequest> request);
  void FulfillReadIntoRequest(v8::Isolate* isolate, v8::Local<v8::Value> chunk, bool done);
  size_t GetNumReadIntoRequests() const;
  ReadableStreamBYOBReader* byob_reader() const;

  State state() const { return state_; }
  v8::Local<v8::Value> stored_error(v8::Isolate* isolate) const;
  void set_disturbed() { disturbed_ = true; }
  ReadableStreamController* controller() const { return controller_; }
  // The controller of a stream known to have a default one (those CreateReadableStream
  // makes: tee's branches, a transform stream's readable side, platform streams).
  ReadableStreamDefaultController* default_controller() const;
  ReadableStreamGenericReader* reader() const { return reader_; }
  // The reader's half of acquiring and releasing the lock.
  void SetReader(v8::Isolate* isolate, ReadableStreamGenericReader* reader);
  void SetController(v8::Isolate* isolate, ReadableStreamController* controller);

 protected:
  // The constructor's set-up runs here, once the binding has made the wrapper (`this` of
  // `new ReadableStream()`): the graph's values live in that wrapper. start() throwing
  // leaves its exception pending, for the constructor to throw.
  void OnWrapperAssociated(v8::Isolate* isolate) override;

 private:
  struct PendingSetUp;
  ReadableStream();
  ~ReadableStream() override;

  State state_ = State::kReadable;
  bool disturbed_ = false;
  ReadableStreamController* controller_ = nullptr;
  ReadableStreamGenericReader* reader_ = nullptr;
  std::unique_ptr<PendingSetUp> pending_set_up_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_READABLE_STREAM_H_
