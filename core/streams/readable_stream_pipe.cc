// ReadableStreamPipeTo: Streams Standard §4.9.1, step numbers and rule names in the comments.
#include "core/streams/readable_stream_pipe.h"

#include <memory>
#include <optional>

#include "bindings/core/v8/exception_state.h"
#include "core/dom/abort_signal.h"
#include "core/streams/read_request.h"
#include "core/streams/readable_stream.h"
#include "core/streams/readable_stream_default_reader.h"
#include "core/streams/stream_promise.h"
#include "core/streams/underlying_source_base.h"
#include "core/streams/writable_stream.h"
#include "core/streams/writable_stream_default_writer.h"

namespace v8ws {
namespace {

// The pipe's variables. Wrapper values: the reader and writer, the pipe's promise, the
// last write's promise, the error to finalize with, and the action's reason.
class PipeState final : public StreamInternalObject {
 public:
  enum class Action { kNone, kAbortDest, kCancelSource, kCloseDest, kSignal };
  static constexpr uint32_t kReaderKey = 1;
  static constexpr uint32_t kWriterKey = 2;
  static constexpr uint32_t kPromiseKey = 3;
  static constexpr uint32_t kLastWriteKey = 4;
  static constexpr uint32_t kErrorKey = 5;
  static constexpr uint32_t kReasonKey = 6;

  PipeState() : handle_(std::make_shared<PipeState*>(this)) {}
  ~PipeState() override { *handle_ = nullptr; }

  ReadableStream* source = nullptr;
  WritableStream* dest = nullptr;
  ReadableStreamDefaultReader* reader = nullptr;
  WritableStreamDefaultWriter* writer = nullptr;
  PipeOptions options;
  std::weak_ptr<PipeState*> weak() const { return handle_; }

  void Start(v8::Isolate* isolate);
  void Pump(v8::Isolate* isolate);
  void Read(v8::Isolate* isolate);
  void AbortAlgorithm(v8::Isolate* isolate);

  // "Errors must be propagated forward / backward", "closing must be propagated forward /
  // backward".
  void ErrorsForward(v8::Isolate* isolate, v8::Local<v8::Value> error) {
    if (!options.prevent_abort)
      Shutdown(isolate, Action::kAbortDest, error, error);
    else
      Shutdown(isolate, Action::kNone, error, error);
  }
  void ErrorsBackward(v8::Isolate* isolate, v8::Local<v8::Value> error) {
    if (!options.prevent_cancel)
      Shutdown(isolate, Action::kCancelSource, error, error);
    else
      Shutdown(isolate, Action::kNone, error, error);
  }
  void ClosingForward(v8::Isolate* isolate) {
    Shutdown(isolate, options.prevent_close ? Action::kNone : Action::kCloseDest,
             v8::Local<v8::Value>(), v8::Local<v8::Value>());
  }
  void ClosingBackward(v8::Isolate* isolate) {
    v8::Local<v8::Value> closed = streams::NewTypeError(isolate, "The destination stream closed.");
    if (!options.prevent_cancel)
      Shutdown(isolate, Action::kCancelSource, closed, closed);
    else
      Shutdown(isolate, Action::kNone, closed, closed);
  }

  // "Shutdown with an action" / "shutdown": `error` empty for none.
  void Shutdown(v8::Isolate* isolate,
                Action action,
                v8::Local<v8::Value> reason,
                v8::Local<v8::Value> error);
  void PerformAction(v8::Isolate* isolate);
  // Rejects the pipe's promise with `error` when `rejected`, else fulfills it.
  void Finalize(v8::Isolate* isolate, bool rejected, v8::Local<v8::Value> error);
  // Finalize with the shutdown's own error, if it had one.
  void FinalizeWithShutdownError(v8::Isolate* isolate) {
    Finalize(isolate, has_error, GetWrapperValue(isolate, kErrorKey));
  }

  bool shutting_down = false;
  bool has_error = false;
  Action action = Action::kNone;
  int signal_actions_left = 0;  // kSignal: actions not yet fulfilled

 private:
  std::shared_ptr<PipeState*> handle_;
};

PipeState* StateOf(ScriptWrappable* object) {
  return static_cast<PipeState*>(object);
}

// The next read, a microtask after a chunk was written (a reaction to a resolved promise,
// through the streams' cached reaction functions, not a new function per chunk).
void OnNextPump(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value>) {
  StateOf(object)->Pump(isolate);
}

class PipeReadRequest final : public ReadRequest {
 public:
  PipeReadRequest(ReadableStreamDefaultReader* reader, v8::Local<v8::Value> pipe)
      : pipe_(reader, pipe) {}

  void OnQueued(v8::Isolate* isolate) override { pipe_.Keep(isolate); }
  void ChunkSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) override {
    v8::Local<v8::Value> wrapper = pipe_.Take(isolate);
    PipeState* state = StateOf(ScriptWrappable::FromWrapper(wrapper.As<v8::Object>()));
    // The chunk is written at once, so no chunk is ever read but not yet written; the next
    // read waits for a microtask (no recursion through a full queue).
    v8::Local<v8::Promise> write = state->writer->Write(isolate, chunk);
    streams::MarkAsHandled(write);
    state->SetWrapperValue(isolate, PipeState::kLastWriteKey, write);
    streams::UponNextMicrotask(isolate, state, OnNextPump);
  }
  // Closing and errors reach the pipe through the reader's closed promise.
  void CloseSteps(v8::Isolate* isolate) override { pipe_.Take(isolate); }
  void ErrorSteps(v8::Isolate* isolate, v8::Local<v8::Value>) override { pipe_.Take(isolate); }

 private:
  HeldValue pipe_;  // the pipe's wrapper, kept by the reader while the read waits
};

void OnSourceClosed(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value>) {
  StateOf(object)->ClosingForward(isolate);
}
void OnSourceErrored(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value> error) {
  StateOf(object)->ErrorsForward(isolate, error);
}
void OnDestErrored(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value> error) {
  StateOf(object)->ErrorsBackward(isolate, error);
}
void OnReady(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value>) {
  StateOf(object)->Read(isolate);
}
void OnWritesDone(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value>) {
  StateOf(object)->PerformAction(isolate);
}
void OnActionFulfilled(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value>) {
  PipeState* state = StateOf(object);
  if (state->action == PipeState::Action::kSignal && --state->signal_actions_left > 0)
    return;
  if (state->signal_actions_left < 0)
    return;  // a signal action already rejected and finalized
  state->FinalizeWithShutdownError(isolate);
}
void OnActionRejected(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value> error) {
  PipeState* state = StateOf(object);
  if (state->signal_actions_left < 0)
    return;
  state->signal_actions_left = -1;  // waiting for all: the first rejection settles it
  state->Finalize(isolate, true, error);
}

void PipeState::Start(v8::Isolate* isolate) {
  // The rules, checked now ("is") and upon the streams' promises ("becomes").
  if (source->state() == ReadableStream::State::kErrored)
    ErrorsForward(isolate, source->stored_error(isolate));
  else if (dest->state() == WritableStream::State::kErrored)
    ErrorsBackward(isolate, dest->stored_error(isolate));
  else if (source->state() == ReadableStream::State::kClosed)
    ClosingForward(isolate);
  else if (dest->CloseQueuedOrInFlight() || dest->state() == WritableStream::State::kClosed)
    ClosingBackward(isolate);
  streams::Upon(isolate, reader->closed(isolate), this, OnSourceClosed, OnSourceErrored);
  streams::Upon(isolate, writer->closed(isolate), this, nullptr, OnDestErrored);
  Pump(isolate);
}

void PipeState::Pump(v8::Isolate* isolate) {
  // "Backpressure must be enforced": each read waits for the writer's ready promise (pending
  // while the destination wants nothing, rejected once it errors), through a reaction even
  // when it is settled, as the reference implementation's loop does. "Shutdown must stop
  // activity": nothing is read once shutting down.
  if (shutting_down)
    return;
  if (writer->ReadyIsFulfilled(isolate))
    streams::UponNextMicrotask(isolate, this, OnReady);  // as a reaction to it would run
  else
    streams::Upon(isolate, writer->ready(isolate), this, OnReady, nullptr);
}

void PipeState::Read(v8::Isolate* isolate) {
  if (shutting_down)
    return;
  reader->Read(isolate, std::make_unique<PipeReadRequest>(reader, GetWrapper(isolate)));
}

void PipeState::AbortAlgorithm(v8::Isolate* isolate) {
  // Step 11.1: the signal's reason; the actions run when the shutdown performs them.
  v8::Local<v8::Value> error = options.signal->reason(isolate);
  Shutdown(isolate, Action::kSignal, error, error);
}

void PipeState::Shutdown(v8::Isolate* isolate,
                         Action new_action,
                         v8::Local<v8::Value> reason,
                         v8::Local<v8::Value> error) {
  if (shutting_down)
    return;
  shutting_down = true;
  action = new_action;
  if (!reason.IsEmpty())
    SetWrapperValue(isolate, kReasonKey, reason);
  if (!error.IsEmpty()) {
    has_error = true;
    SetWrapperValue(isolate, kErrorKey, error);
  }
  // Wait until every chunk read has been written, while the destination still takes them.
  // Always through a promise reaction, as the reference implementation waits (on a resolved
  // promise when nothing was written), so the action runs no sooner than there.
  if (dest->state() == WritableStream::State::kWritable && !dest->CloseQueuedOrInFlight()) {
    v8::Local<v8::Value> last_write = GetWrapperValue(isolate, kLastWriteKey);
    v8::Local<v8::Promise> wait = last_write->IsPromise() ? last_write.As<v8::Promise>()
                                                          : streams::ResolvedWithUndefined(isolate);
    streams::Upon(isolate, wait, this, OnWritesDone, OnWritesDone);
    return;
  }
  PerformAction(isolate);
}

void PipeState::PerformAction(v8::Isolate* isolate) {
  v8::Local<v8::Value> reason = GetWrapperValue(isolate, kReasonKey);
  auto abort_dest = [&] {
    return dest->state() == WritableStream::State::kWritable
               ? dest->Abort(isolate, reason)
               : streams::ResolvedWithUndefined(isolate);
  };
  auto cancel_source = [&] {
    return source->state() == ReadableStream::State::kReadable
               ? source->Cancel(isolate, reason)
               : streams::ResolvedWithUndefined(isolate);
  };
  switch (action) {
    case Action::kNone:
      FinalizeWithShutdownError(isolate);
      return;
    case Action::kAbortDest:
      streams::Upon(isolate, dest->Abort(isolate, reason), this, OnActionFulfilled,
                    OnActionRejected);
      return;
    case Action::kCancelSource:
      streams::Upon(isolate, source->Cancel(isolate, reason), this, OnActionFulfilled,
                    OnActionRejected);
      return;
    case Action::kCloseDest:
      streams::Upon(isolate, writer->CloseWithErrorPropagation(isolate), this, OnActionFulfilled,
                    OnActionRejected);
      return;
    case Action::kSignal: {
      // Waiting for all of the actions: abort the destination and cancel the source, each
      // unless the options prevent it.
      v8::Local<v8::Promise> promises[2];
      int count = 0;
      if (!options.prevent_abort)
        promises[count++] = abort_dest();
      if (!options.prevent_cancel)
        promises[count++] = cancel_source();
      if (count == 0) {
        FinalizeWithShutdownError(isolate);
        return;
      }
      signal_actions_left = count;
      for (int i = 0; i < count; ++i)
        streams::Upon(isolate, promises[i], this, OnActionFulfilled, OnActionRejected);
      return;
    }
  }
}

void PipeState::Finalize(v8::Isolate* isolate, bool rejected, v8::Local<v8::Value> error) {
  // "Finalize": release both locks, then settle the pipe's promise.
  [[maybe_unused]] v8::Local<v8::Object> keep = GetWrapper(isolate);
  writer->Release(isolate);
  reader->Release(isolate);
  v8::Local<v8::Value> promise = GetWrapperValue(isolate, kPromiseKey);
  if (rejected)
    streams::Reject(isolate, promise, error);
  else
    streams::Resolve(isolate, promise, v8::Undefined(isolate));
}

}  // namespace

v8::Local<v8::Promise> ReadableStreamPipeTo(v8::Isolate* isolate,
                                            ReadableStream* source,
                                            WritableStream* dest,
                                            const PipeOptions& options) {
  // Steps 6-10.
  ExceptionState es;
  auto* state = new PipeState();
  [[maybe_unused]] v8::Local<v8::Object> keep = state->ToV8(isolate, isolate->GetCurrentContext());
  state->source = source;
  state->dest = dest;
  state->options = options;
  state->reader = ReadableStreamDefaultReader::Acquire(isolate, source, es);
  state->writer = WritableStreamDefaultWriter::Acquire(isolate, dest, es);
  state->SetWrapperValue(isolate, PipeState::kReaderKey, state->reader->GetWrapper(isolate));
  state->SetWrapperValue(isolate, PipeState::kWriterKey, state->writer->GetWrapper(isolate));
  source->set_disturbed();
  v8::Local<v8::Promise::Resolver> resolver = streams::NewResolver(isolate);
  if (options.promise_is_handled)
    streams::MarkAsHandled(resolver->GetPromise());
  state->SetWrapperValue(isolate, PipeState::kPromiseKey, resolver);
  // Step 11: the signal.
  if (AbortSignal* signal = options.signal) {
    if (signal->aborted()) {
      state->AbortAlgorithm(isolate);
      return resolver->GetPromise();
    }
    std::weak_ptr<PipeState*> weak = state->weak();
    signal->AddAlgorithm([weak, isolate] {
      auto handle = weak.lock();
      if (handle && *handle)
        (*handle)->AbortAlgorithm(isolate);
    });
  }
  // Step 12.
  state->Start(isolate);
  return resolver->GetPromise();
}

}  // namespace v8ws
