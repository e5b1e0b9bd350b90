// ReadableStreamDefaultTee: Streams Standard §4.9.1, step numbers in the comments.
#include "core/streams/readable_stream_tee.h"

#include "bindings/core/v8/exception_state.h"
#include "core/streams/read_request.h"
#include "core/streams/readable_stream.h"
#include "core/streams/readable_stream_default_controller.h"
#include "core/streams/readable_stream_default_reader.h"
#include "core/streams/stream_promise.h"
#include "core/streams/underlying_source_base.h"

namespace v8ws {
namespace {

// Step 2's variables, shared by both branches' algorithms. Wrapper values: the reader,
// the branches, the reasons and cancelPromise.
class TeeState final : public StreamInternalObject {
 public:
  static constexpr uint32_t kReaderKey = 1;
  static constexpr uint32_t kCancelPromiseKey = 2;
  static constexpr uint32_t kBranch1Key = 3;
  static constexpr uint32_t kBranch2Key = 4;
  static constexpr uint32_t kReason1Key = 5;
  static constexpr uint32_t kReason2Key = 6;

  ReadableStream* stream = nullptr;
  ReadableStreamDefaultReader* reader = nullptr;
  ReadableStream* branches[2] = {nullptr, nullptr};
  bool reading = false;
  bool read_again = false;
  bool canceled[2] = {false, false};

  ReadableStreamDefaultController* controller(int branch) const {
    return branches[branch]->default_controller();
  }
  void ResolveCancelPromise(v8::Isolate* isolate, v8::Local<v8::Value> value) {
    streams::Resolve(isolate, GetWrapperValue(isolate, kCancelPromiseKey), value);
  }

  // Step 3, pullAlgorithm.
  v8::Local<v8::Promise> Pull(v8::Isolate* isolate);
  // Steps 4-5, cancel1Algorithm and cancel2Algorithm.
  v8::Local<v8::Promise> Cancel(v8::Isolate* isolate, int branch, v8::Local<v8::Value> reason);
};

class TeeBranchSource final : public UnderlyingSourceBase {
 public:
  TeeBranchSource(TeeState* state, int branch) : state_(state), branch_(branch) {}
  v8::Local<v8::Promise> Pull(v8::Isolate* isolate, ReadableStreamDefaultController*) override {
    return state_->Pull(isolate);
  }
  v8::Local<v8::Promise> Cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason) override {
    return state_->Cancel(isolate, branch_, reason);
  }
  void KeepState(v8::Isolate* isolate) { SetWrapperValue(isolate, 1, state_->GetWrapper(isolate)); }

 private:
  TeeState* state_;  // alive: kept in this source's wrapper
  int branch_;
};

// Step 3.3's chunk steps, run as a microtask: enqueue into both branches that are not
// cancelled, then read again if asked to.
void ChunkMicrotask(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Array> data = info.Data().As<v8::Array>();
  auto* state = static_cast<TeeState*>(
      ScriptWrappable::FromWrapper(data->Get(context, 0).ToLocalChecked().As<v8::Object>()));
  if (!state)
    return;
  v8::Local<v8::Value> chunk = data->Get(context, 1).ToLocalChecked();
  state->read_again = false;
  for (int branch = 0; branch < 2; ++branch) {
    if (state->canceled[branch])
      continue;
    // A chunk of size 1 into a default controller cannot fail.
    if (!state->controller(branch)->Enqueue(isolate, chunk))
      return;
  }
  state->reading = false;
  if (state->read_again)
    state->Pull(isolate);
}

class TeeReadRequest final : public ReadRequest {
 public:
  TeeReadRequest(ReadableStreamDefaultReader* reader, uint32_t key) : reader_(reader), key_(key) {}

  void ChunkSteps(v8::Isolate* isolate, v8::Local<v8::Value> chunk) override {
    v8::Local<v8::Value> state = reader_->TakeResolver(isolate, key_);
    v8::Local<v8::Value> elements[] = {state, chunk};
    v8::Local<v8::Function> task;
    // Fails only while execution is being terminated, when no microtask runs anyway.
    if (v8::Function::New(isolate->GetCurrentContext(), ChunkMicrotask,
                          v8::Array::New(isolate, elements, 2), 0, v8::ConstructorBehavior::kThrow)
            .ToLocal(&task))
      isolate->EnqueueMicrotask(task);
  }
  void CloseSteps(v8::Isolate* isolate) override {
    TeeState* state = Take(isolate);
    state->reading = false;
    for (int branch = 0; branch < 2; ++branch) {
      if (!state->canceled[branch])
        state->controller(branch)->Close(isolate);
    }
    if (!state->canceled[0] || !state->canceled[1])
      state->ResolveCancelPromise(isolate, v8::Undefined(isolate));
  }
  void ErrorSteps(v8::Isolate* isolate, v8::Local<v8::Value>) override {
    Take(isolate)->reading = false;
  }

 private:
  TeeState* Take(v8::Isolate* isolate) {
    v8::Local<v8::Value> wrapper = reader_->TakeResolver(isolate, key_);
    return static_cast<TeeState*>(ScriptWrappable::FromWrapper(wrapper.As<v8::Object>()));
  }

  ReadableStreamDefaultReader* reader_;  // alive: the stream being teed holds it
  uint32_t key_;                         // the state's wrapper, kept by the reader meanwhile
};

v8::Local<v8::Promise> TeeState::Pull(v8::Isolate* isolate) {
  // Step 3.1-3.5.
  if (reading) {
    read_again = true;
    return streams::ResolvedWithUndefined(isolate);
  }
  reading = true;
  uint32_t key = reader->KeepResolver(isolate, GetWrapper(isolate));
  reader->Read(isolate, std::make_unique<TeeReadRequest>(reader, key));
  return streams::ResolvedWithUndefined(isolate);
}

v8::Local<v8::Promise> TeeState::Cancel(v8::Isolate* isolate,
                                        int branch,
                                        v8::Local<v8::Value> reason) {
  // Steps 4-5: once both branches are cancelled, cancel the stream with both reasons.
  canceled[branch] = true;
  SetWrapperValue(isolate, branch == 0 ? kReason1Key : kReason2Key, reason);
  if (canceled[1 - branch]) {
    v8::Local<v8::Value> reasons[] = {GetWrapperValue(isolate, kReason1Key),
                                      GetWrapperValue(isolate, kReason2Key)};
    v8::Local<v8::Promise> result = stream->Cancel(isolate, v8::Array::New(isolate, reasons, 2));
    ResolveCancelPromise(isolate, result);
  }
  return streams::PromiseOf(GetWrapperValue(isolate, kCancelPromiseKey));
}

// Step 9: the reader's closed promise rejected errors both branches.
void OnReaderClosedRejected(v8::Isolate* isolate, ScriptWrappable* object, v8::Local<v8::Value> r) {
  auto* state = static_cast<TeeState*>(object);
  state->controller(0)->Error(isolate, r);
  state->controller(1)->Error(isolate, r);
  if (!state->canceled[0] || !state->canceled[1])
    state->ResolveCancelPromise(isolate, v8::Undefined(isolate));
}

}  // namespace

std::pair<ReadableStream*, ReadableStream*> ReadableStreamDefaultTee(v8::Isolate* isolate,
                                                                     ReadableStream* stream,
                                                                     ExceptionState& es) {
  // Step 1.
  ReadableStreamDefaultReader* reader = ReadableStreamDefaultReader::Acquire(isolate, stream, es);
  if (!reader)
    return {nullptr, nullptr};
  // Step 2.
  auto* state = new TeeState();
  [[maybe_unused]] v8::Local<v8::Object> keep = state->ToV8(isolate, isolate->GetCurrentContext());
  state->stream = stream;
  state->reader = reader;
  state->SetWrapperValue(isolate, TeeState::kReaderKey, reader->GetWrapper(isolate));
  state->SetWrapperValue(isolate, TeeState::kCancelPromiseKey, streams::NewResolver(isolate));
  // Steps 6-8: the branches, each a stream over a source with the shared algorithms.
  for (int branch = 0; branch < 2; ++branch) {
    auto* source = new TeeBranchSource(state, branch);
    ReadableStream* created = CreateReadableStream(isolate, source);
    source->KeepState(isolate);
    state->branches[branch] = created;
    state->SetWrapperValue(isolate, branch == 0 ? TeeState::kBranch1Key : TeeState::kBranch2Key,
                           created->GetWrapper(isolate));
  }
  // Step 9.
  streams::Upon(isolate, reader->closed(isolate), state, nullptr, OnReaderClosedRejected);
  return {state->branches[0], state->branches[1]};
}

}  // namespace v8ws
