// ReadableByteStreamTee: Streams Standard §4.9.1, step numbers in the comments. Two byte
// branches over one reader of the stream, a default reader or a BYOB one as the branch being
// pulled asks; each chunk goes to one branch as read and to the other as a copy.
#include "core/streams/readable_stream_tee.h"

#include "bindings/core/v8/exception_state.h"
#include "core/streams/array_buffer_operations.h"
#include "core/streams/read_into_request.h"
#include "core/streams/read_request.h"
#include "core/streams/readable_byte_stream_controller.h"
#include "core/streams/readable_stream.h"
#include "core/streams/readable_stream_byob_reader.h"
#include "core/streams/readable_stream_default_reader.h"
#include "core/streams/stream_promise.h"
#include "core/streams/underlying_source_base.h"

namespace v8ws {
namespace {

// Steps 3-14's variables. Wrapper values: the reader, the branches, the reasons and
// cancelPromise.
class ByteTeeState final : public StreamInternalObject {
 public:
  static constexpr uint32_t kReaderKey = 1;
  static constexpr uint32_t kCancelPromiseKey = 2;
  static constexpr uint32_t kBranch1Key = 3;
  static constexpr uint32_t kBranch2Key = 4;
  static constexpr uint32_t kReason1Key = 5;
  static constexpr uint32_t kReason2Key = 6;

  ReadableStream* stream = nullptr;
  ReadableStreamGenericReader* reader = nullptr;
  ReadableStream* branches[2] = {nullptr, nullptr};
  bool reading = false;
  bool read_again[2] = {false, false};
  bool canceled[2] = {false, false};

  ReadableByteStreamController* controller(int branch) const {
    return static_cast<ReadableByteStreamController*>(branches[branch]->controller());
  }
  void ResolveCancelPromise(v8::Isolate* isolate, v8::Local<v8::Value> value) {
    streams::Resolve(isolate, GetWrapperValue(isolate, kCancelPromiseKey), value);
  }
  void SetReader(v8::Isolate* isolate, ReadableStreamGenericReader* new_reader) {
    reader = new_reader;
    SetWrapperValue(isolate, kReaderKey, new_reader->GetWrapper(isolate));
  }

  // Steps 15-21.
  void ForwardReaderError(v8::Isolate* isolate, ReadableStreamGenericReader* this_reader);
  void UseReader(v8::Isolate* isolate, bool byob);
  void PullWithDefaultReader(v8::Isolate* isolate);
  void PullWithBYOBReader(v8::Isolate* isolate, v8::Local<v8::ArrayBufferView> view, int branch);
  v8::Local<v8::Promise> Pull(v8::Isolate* isolate, int branch);
  v8::Local<v8::Promise> Cancel(v8::Isolate* isolate, int branch, v8::Local<v8::Value> reason);
  // Chunk steps shared by both readers: a copy for `other` unless it is cancelled (false
  // when the copy failed and everything was errored).
  bool CloneFor(v8::Isolate* isolate,
                int other,
                v8::Local<v8::ArrayBufferView> chunk,
                v8::Local<v8::Uint8Array>* clone);
  void ReadAgainIfAsked(v8::Isolate* isolate);
};

// Each branch's source: the shared pull and cancel algorithms.
class ByteTeeBranchSource final : public UnderlyingSourceBase {
 public:
  ByteTeeBranchSource(ByteTeeState* state, int branch) : state_(state), branch_(branch) {}
  v8::Local<v8::Promise> Pull(v8::Isolate* isolate, ReadableStreamDefaultController*) override {
    return state_->Pull(isolate, branch_);
  }
  v8::Local<v8::Promise> Cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason) override {
    return state_->Cancel(isolate, branch_, reason);
  }
  void KeepState(v8::Isolate* isolate) { SetWrapperValue(isolate, 1, state_->GetWrapper(isolate)); }

 private:
  ByteTeeState* state_;  // alive: kept in this source's wrapper
  int branch_;
};

// Step 15's reaction, bound to the reader it was made for.
class ReaderErrorForwarder final : public StreamInternalObject {
 public:
  ReaderErrorForwarder(ByteTeeState* state, ReadableStreamGenericReader* reader)
      : state_(state), reader_(reader) {}
  void Keep(v8::Isolate* isolate) { SetWrapperValue(isolate, 1, state_->GetWrapper(isolate)); }
  static void OnRejected(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value> r) {
    auto* self = static_cast<ReaderErrorForwarder*>(object);
    ByteTeeState* state = self->state_;
    // Step 15.1.1: a reader that was swapped out since says nothing.
    if (self->reader_ != state->reader)
      return;
    state->controller(0)->Error(isolate, r);
    state->controller(1)->Error(isolate, r);
    if (!state->canceled[0] || !state->canceled[1])
      state->ResolveCancelPromise(isolate, v8::Undefined(isolate));
  }

 private:
  ByteTeeState* state_;                  // alive: kept in this object's wrapper
  ReadableStreamGenericReader* reader_;  // compared only
};

void ByteTeeState::ForwardReaderError(v8::Isolate* isolate,
                                      ReadableStreamGenericReader* this_reader) {
  auto* forwarder = new ReaderErrorForwarder(this, this_reader);
  forwarder->ToV8(isolate, isolate->GetCurrentContext());
  forwarder->Keep(isolate);
  v8::Local<v8::Promise> closed =
      this_reader->IsBYOBReader()
          ? static_cast<ReadableStreamBYOBReader*>(this_reader)->closed(isolate)
          : static_cast<ReadableStreamDefaultReader*>(this_reader)->closed(isolate);
  streams::Upon(isolate, closed, forwarder, nullptr, ReaderErrorForwarder::OnRejected);
}

bool ByteTeeState::CloneFor(v8::Isolate* isolate,
                            int other,
                            v8::Local<v8::ArrayBufferView> chunk,
                            v8::Local<v8::Uint8Array>* clone) {
  if (canceled[other])
    return true;
  v8::Local<v8::Value> error;
  {
    v8::TryCatch try_catch(isolate);
    *clone = streams::CloneAsUint8Array(isolate, chunk);
    if (clone->IsEmpty())
      error = try_catch.Exception();
  }
  if (!clone->IsEmpty())
    return true;
  controller(0)->Error(isolate, error);
  controller(1)->Error(isolate, error);
  ResolveCancelPromise(isolate, stream->Cancel(isolate, error));
  return false;
}

void ByteTeeState::ReadAgainIfAsked(v8::Isolate* isolate) {
  reading = false;
  if (read_again[0])
    Pull(isolate, 0);
  else if (read_again[1])
    Pull(isolate, 1);
}

// The microtask of step 16.2's and 17.4's chunk steps: data is [state, chunk, branch], the
// branch being -1 for a default read.
void ChunkMicrotask(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Array> data = info.Data().As<v8::Array>();
  auto* state = static_cast<ByteTeeState*>(
      ScriptWrappable::FromWrapper(data->Get(context, 0).ToLocalChecked().As<v8::Object>()));
  if (!state)
    return;
  v8::Local<v8::ArrayBufferView> chunk =
      data->Get(context, 1).ToLocalChecked().As<v8::ArrayBufferView>();
  int byob_branch = data->Get(context, 2).ToLocalChecked().As<v8::Int32>()->Value();
  state->read_again[0] = state->read_again[1] = false;
  // Each branch's controller call cannot fail here but for script's doing (a detached
  // buffer); such an error is the branch's, not the tee's.
  v8::TryCatch try_catch(isolate);
  if (byob_branch < 0) {
    // Step 16.2 chunk steps 3-10: the chunk to branch 1, a copy to branch 2.
    v8::Local<v8::Uint8Array> clone;
    if (!state->canceled[0] && !state->canceled[1] && !state->CloneFor(isolate, 1, chunk, &clone))
      return;
    if (!state->canceled[0])
      state->controller(0)->Enqueue(isolate, chunk);
    try_catch.Reset();
    if (!state->canceled[1])
      state->controller(1)->Enqueue(
          isolate, clone.IsEmpty() ? chunk : v8::Local<v8::ArrayBufferView>(clone));
    try_catch.Reset();
  } else {
    // Step 17.4 chunk steps 3-9: the chunk answers the BYOB branch, a copy to the other.
    int other = 1 - byob_branch;
    v8::Local<v8::Uint8Array> clone;
    if (!state->CloneFor(isolate, other, chunk, &clone))
      return;
    // Not when the branch has no read waiting any more (it was errored while this microtask
    // waited): the standard asserts there is one, and Bun aborts there.
    if (!state->canceled[byob_branch] && state->controller(byob_branch)->HasPendingPullIntos())
      state->controller(byob_branch)->RespondWithNewView(isolate, chunk);
    try_catch.Reset();
    if (!state->canceled[other])
      state->controller(other)->Enqueue(isolate, clone);
    try_catch.Reset();
  }
  state->ReadAgainIfAsked(isolate);
}

void QueueChunk(v8::Isolate* isolate,
                v8::Local<v8::Value> state,
                v8::Local<v8::Value> chunk,
                int branch) {
  v8::Local<v8::Value> elements[] = {state, chunk, v8::Integer::New(isolate, branch)};
  v8::Local<v8::Function> task;
  // Fails only while execution is being terminated, when no microtask runs anyway.
  if (v8::Function::New(isolate->GetCurrentContext(), ChunkMicrotask,
                        v8::Array::New(isolate, elements, 3), 0, v8::ConstructorBehavior::kThrow)
          .ToLocal(&task))
    isolate->EnqueueMicrotask(task);
}

ByteTeeState* TakeState(v8::Isolate* isolate, ReadableStreamGenericReader* reader, uint32_t key) {
  v8::Local<v8::Value> wrapper = reader->TakeResolver(isolate, key);
  return static_cast<ByteTeeState*>(ScriptWrappable::FromWrapper(wrapper.As<v8::Object>()));
}

class ByteTeeReadRequest final : public ReadRequest {
 public:
  ByteTeeReadRequest(ReadableStreamGenericReader* reader, uint32_t key)
      : reader_(reader), key_(key) {}
  void ChunkSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) override {
    QueueChunk(isolate, reader_->TakeResolver(isolate, key_), chunk, -1);
  }
  void CloseSteps(v8::Isolate* isolate) override {
    // Step 16.2 close steps 1-6.
    ByteTeeState* state = TakeState(isolate, reader_, key_);
    state->reading = false;
    v8::TryCatch try_catch(isolate);
    for (int branch = 0; branch < 2; ++branch) {
      if (!state->canceled[branch])
        state->controller(branch)->Close(isolate);
      try_catch.Reset();
    }
    for (int branch = 0; branch < 2; ++branch) {
      if (state->controller(branch)->HasPendingPullIntos())
        state->controller(branch)->Respond(isolate, 0);
      try_catch.Reset();
    }
    if (!state->canceled[0] || !state->canceled[1])
      state->ResolveCancelPromise(isolate, v8::Undefined(isolate));
  }
  void ErrorSteps(v8::Isolate* isolate, v8::Local<v8::Value>) override {
    TakeState(isolate, reader_, key_)->reading = false;
  }

 private:
  ReadableStreamGenericReader* reader_;  // alive: the stream being teed holds it
  uint32_t key_;                         // the state's wrapper, kept by the reader meanwhile
};

class ByteTeeReadIntoRequest final : public ReadIntoRequest {
 public:
  ByteTeeReadIntoRequest(ReadableStreamGenericReader* reader, uint32_t key, int branch)
      : reader_(reader), key_(key), branch_(branch) {}
  void ChunkSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) override {
    QueueChunk(isolate, reader_->TakeResolver(isolate, key_), chunk, branch_);
  }
  void CloseSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) override {
    // Step 17.4 close steps 1-7.
    ByteTeeState* state = TakeState(isolate, reader_, key_);
    state->reading = false;
    int other = 1 - branch_;
    v8::TryCatch try_catch(isolate);
    if (!state->canceled[branch_])
      state->controller(branch_)->Close(isolate);
    try_catch.Reset();
    if (!state->canceled[other])
      state->controller(other)->Close(isolate);
    try_catch.Reset();
    if (!chunk->IsUndefined()) {
      // Not when closing errored the branch (a partial element): its read is gone.
      if (!state->canceled[branch_] && state->controller(branch_)->HasPendingPullIntos())
        state->controller(branch_)->RespondWithNewView(isolate, chunk.As<v8::ArrayBufferView>());
      try_catch.Reset();
      if (!state->canceled[other] && state->controller(other)->HasPendingPullIntos())
        state->controller(other)->Respond(isolate, 0);
      try_catch.Reset();
    }
    if (!state->canceled[branch_] || !state->canceled[other])
      state->ResolveCancelPromise(isolate, v8::Undefined(isolate));
  }
  void ErrorSteps(v8::Isolate* isolate, v8::Local<v8::Value>) override {
    TakeState(isolate, reader_, key_)->reading = false;
  }

 private:
  ReadableStreamGenericReader* reader_;
  uint32_t key_;
  int branch_;
};

void ByteTeeState::UseReader(v8::Isolate* isolate, bool byob) {
  // Steps 16.1 and 17.1: release the reader of the other kind, acquire one of this kind (the
  // stream is not locked then, so acquiring cannot fail).
  if (reader->IsBYOBReader() == byob)
    return;
  reader->Release(isolate);
  ExceptionState es;
  if (byob)
    SetReader(isolate, ReadableStreamBYOBReader::Acquire(isolate, stream, es));
  else
    SetReader(isolate, ReadableStreamDefaultReader::Acquire(isolate, stream, es));
  ForwardReaderError(isolate, reader);
}

void ByteTeeState::PullWithDefaultReader(v8::Isolate* isolate) {
  UseReader(isolate, false);
  // Steps 16.2-16.3.
  auto* default_reader = static_cast<ReadableStreamDefaultReader*>(reader);
  uint32_t key = reader->KeepResolver(isolate, GetWrapper(isolate));
  default_reader->Read(isolate, std::make_unique<ByteTeeReadRequest>(reader, key));
}

void ByteTeeState::PullWithBYOBReader(v8::Isolate* isolate,
                                      v8::Local<v8::ArrayBufferView> view,
                                      int branch) {
  UseReader(isolate, true);
  // Steps 17.2-17.5.
  auto* byob_reader = static_cast<ReadableStreamBYOBReader*>(reader);
  uint32_t key = reader->KeepResolver(isolate, GetWrapper(isolate));
  byob_reader->Read(isolate, view, 1,
                    std::make_unique<ByteTeeReadIntoRequest>(reader, key, branch));
}

v8::Local<v8::Promise> ByteTeeState::Pull(v8::Isolate* isolate, int branch) {
  // Steps 18-19, pull1Algorithm and pull2Algorithm.
  if (reading) {
    read_again[branch] = true;
    return streams::ResolvedWithUndefined(isolate);
  }
  reading = true;
  v8::Local<v8::Value> view = controller(branch)->ByobRequestView(isolate);
  if (view->IsNull())
    PullWithDefaultReader(isolate);
  else
    PullWithBYOBReader(isolate, view.As<v8::ArrayBufferView>(), branch);
  return streams::ResolvedWithUndefined(isolate);
}

v8::Local<v8::Promise> ByteTeeState::Cancel(v8::Isolate* isolate,
                                            int branch,
                                            v8::Local<v8::Value> reason) {
  // Steps 20-21: once both branches are cancelled, cancel the stream with both reasons.
  canceled[branch] = true;
  SetWrapperValue(isolate, branch == 0 ? kReason1Key : kReason2Key, reason);
  if (canceled[1 - branch]) {
    v8::Local<v8::Value> reasons[] = {GetWrapperValue(isolate, kReason1Key),
                                      GetWrapperValue(isolate, kReason2Key)};
    ResolveCancelPromise(isolate, stream->Cancel(isolate, v8::Array::New(isolate, reasons, 2)));
  }
  return streams::PromiseOf(GetWrapperValue(isolate, kCancelPromiseKey));
}

}  // namespace

std::pair<ReadableStream*, ReadableStream*> ReadableByteStreamTee(v8::Isolate* isolate,
                                                                  ReadableStream* stream,
                                                                  ExceptionState& es) {
  // Step 3.
  ReadableStreamDefaultReader* reader = ReadableStreamDefaultReader::Acquire(isolate, stream, es);
  if (!reader)
    return {nullptr, nullptr};
  // Steps 4-14.
  auto* state = new ByteTeeState();
  [[maybe_unused]] v8::Local<v8::Object> keep = state->ToV8(isolate, isolate->GetCurrentContext());
  state->stream = stream;
  state->SetReader(isolate, reader);
  state->SetWrapperValue(isolate, ByteTeeState::kCancelPromiseKey, streams::NewResolver(isolate));
  // Steps 22-24.
  for (int branch = 0; branch < 2; ++branch) {
    auto* source = new ByteTeeBranchSource(state, branch);
    ReadableStream* created = CreateReadableByteStream(isolate, source);
    source->KeepState(isolate);
    state->branches[branch] = created;
    state->SetWrapperValue(isolate,
                           branch == 0 ? ByteTeeState::kBranch1Key : ByteTeeState::kBranch2Key,
                           created->GetWrapper(isolate));
  }
  // Step 25.
  state->ForwardReaderError(isolate, reader);
  return {state->branches[0], state->branches[1]};
}

}  // namespace v8ws
