// ReadableStreamFromIterable (Streams Standard §4.9.1) over WebIDL's async sequence
// operations (open, get the next value, close) and, for a sync iterable, the steps of
// %AsyncFromSyncIteratorPrototype% (ECMA-262 §27.1.6) written out: V8's API has no
// CreateAsyncFromSyncIterator. Step numbers are the standards'.
#include "core/streams/readable_stream_from.h"

#include "bindings/core/v8/exception_state.h"
#include "core/execution_context.h"
#include "core/streams/readable_stream.h"
#include "core/streams/readable_stream_default_controller.h"
#include "core/streams/stream_promise.h"
#include "core/streams/underlying_source_base.h"

namespace v8ws {
namespace {

v8::Local<v8::String> Key(v8::Isolate* isolate, const char* name) {
  return v8::String::NewFromUtf8(isolate, name, v8::NewStringType::kInternalized).ToLocalChecked();
}

void ThrowTypeError(v8::Isolate* isolate, const char* message) {
  isolate->ThrowException(v8::Exception::TypeError(Key(isolate, message)));
}

// GetMethod(V, P) (ECMA-262 §7.3.11): undefined for undefined or null, else a function; false
// with an exception pending otherwise.
bool GetMethod(v8::Isolate* isolate,
               v8::Local<v8::Value> value,
               v8::Local<v8::Value> key,
               v8::Local<v8::Value>* method) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Object> object;
  v8::Local<v8::Value> found;
  if (!value->ToObject(context).ToLocal(&object) || !object->Get(context, key).ToLocal(&found))
    return false;
  if (found->IsNullOrUndefined()) {
    *method = v8::Undefined(isolate);
    return true;
  }
  if (!found->IsFunction()) {
    ThrowTypeError(isolate, "The iterator's method is not a function.");
    return false;
  }
  *method = found;
  return true;
}

// CreateIterResultObject(value, done).
v8::Local<v8::Object> IterResult(v8::Isolate* isolate, v8::Local<v8::Value> value, bool done) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Object> result = v8::Object::New(isolate);
  result->CreateDataProperty(context, Key(isolate, "value"), value).Check();
  result->CreateDataProperty(context, Key(isolate, "done"), v8::Boolean::New(isolate, done))
      .Check();
  return result;
}

// ECMAScript's PromiseResolve(%Promise%, value): the value itself when it is a promise whose
// constructor is %Promise% (reading it may run script, and throw).
v8::MaybeLocal<v8::Promise> PromiseResolveIntrinsic(v8::Isolate* isolate,
                                                    v8::Local<v8::Value> value) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (value->IsPromise()) {
    v8::Local<v8::Value> constructor;
    if (!value.As<v8::Object>()->Get(context, Key(isolate, "constructor")).ToLocal(&constructor))
      return {};
    v8::Local<v8::Function> intrinsic = ExecutionContext::From(context)->IntrinsicPromise();
    if (!intrinsic.IsEmpty() && constructor->SameValue(intrinsic))
      return value.As<v8::Promise>();
  }
  return streams::ResolvedPromise(isolate, value);
}

// The underlying source of steps 3-5. For an async iterable its wrapper holds the iterator
// record; for a sync one, the sync iterator record that CreateAsyncFromSyncIterator wraps.
class IterableSource final : public UnderlyingSourceBase {
 public:
  explicit IterableSource(bool sync) : sync_(sync) {}

  void Keep(v8::Isolate* isolate, v8::Local<v8::Value> iterator, v8::Local<v8::Value> next) {
    SetWrapperValue(isolate, kIteratorKey, iterator);
    SetWrapperValue(isolate, kNextKey, next);
  }

  v8::Local<v8::Value> Start(v8::Isolate* isolate,
                             ReadableStreamDefaultController* controller) override {
    // Step 3: nothing to do; the controller is what pull's steps enqueue into.
    controller_ = controller;
    SetWrapperValue(isolate, kControllerKey, controller->GetWrapper(isolate));
    return v8::Undefined(isolate);
  }

  // Step 4, pullAlgorithm.
  v8::Local<v8::Promise> Pull(v8::Isolate* isolate, ReadableStreamDefaultController*) override {
    v8::Local<v8::Value> next_result;
    if (sync_) {
      next_result = AsyncFromSyncNext(isolate);
    } else {
      // Steps 4.1-4.2.
      v8::TryCatch try_catch(isolate);
      if (!IteratorNext(isolate, &next_result))
        return streams::RejectedPromise(isolate, try_catch.Exception());
    }
    // Steps 4.3-4.4.
    return streams::React(isolate, streams::ResolvedPromise(isolate, next_result), this,
                          &OnNextResult, nullptr);
  }

  // Step 5, cancelAlgorithm.
  v8::Local<v8::Promise> Cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason) override {
    v8::Local<v8::Value> return_result;
    if (sync_) {
      return_result = AsyncFromSyncReturn(isolate, reason);
    } else {
      // Steps 5.1-5.6.
      v8::TryCatch try_catch(isolate);
      v8::Local<v8::Value> iterator = GetWrapperValue(isolate, kIteratorKey);
      v8::Local<v8::Value> method;
      if (!GetMethod(isolate, iterator, Key(isolate, "return"), &method))
        return streams::RejectedPromise(isolate, try_catch.Exception());
      if (method->IsUndefined())
        return streams::ResolvedWithUndefined(isolate);
      v8::Local<v8::Value> args[] = {reason};
      if (!method.As<v8::Function>()
               ->Call(isolate->GetCurrentContext(), iterator, 1, args)
               .ToLocal(&return_result))
        return streams::RejectedPromise(isolate, try_catch.Exception());
    }
    // Steps 5.7-5.8.
    return streams::React(isolate, streams::ResolvedPromise(isolate, return_result), this,
                          &OnReturnResult, nullptr);
  }

 private:
  static constexpr uint32_t kIteratorKey = 1;
  static constexpr uint32_t kNextKey = 2;
  static constexpr uint32_t kControllerKey = 3;

  // IteratorNext(iteratorRecord): false with an exception pending.
  bool IteratorNext(v8::Isolate* isolate, v8::Local<v8::Value>* result) {
    v8::Local<v8::Value> next = GetWrapperValue(isolate, kNextKey);
    if (!next->IsFunction()) {
      ThrowTypeError(isolate, "The iterator's next is not a function.");
      return false;
    }
    if (!next.As<v8::Function>()
             ->Call(isolate->GetCurrentContext(), GetWrapperValue(isolate, kIteratorKey), 0,
                    nullptr)
             .ToLocal(result))
      return false;
    if (!(*result)->IsObject()) {
      ThrowTypeError(isolate, "The iterator's next() did not return an object.");
      return false;
    }
    return true;
  }

  // Step 4.4's fulfillment steps.
  static v8::Local<v8::Value> OnNextResult(v8::Isolate* isolate,
                                           ScriptWrappable* object,
                                           v8::Local<v8::Value> iter_result) {
    auto* source = static_cast<IterableSource*>(object);
    v8::Local<v8::Context> context = isolate->GetCurrentContext();
    // Step 4.4.1.
    if (!iter_result->IsObject()) {
      ThrowTypeError(isolate, "The iterator's result is not an object.");
      return {};
    }
    // Steps 4.4.2-4.4.4: IteratorComplete, then close or IteratorValue and enqueue.
    v8::Local<v8::Value> done, value;
    if (!iter_result.As<v8::Object>()->Get(context, Key(isolate, "done")).ToLocal(&done))
      return {};
    if (done->BooleanValue(isolate)) {
      source->controller_->Close(isolate);
      return v8::Undefined(isolate);
    }
    if (!iter_result.As<v8::Object>()->Get(context, Key(isolate, "value")).ToLocal(&value))
      return {};
    if (!source->controller_->Enqueue(isolate, value))
      return {};
    return v8::Undefined(isolate);
  }

  // Step 5.8's fulfillment steps.
  static v8::Local<v8::Value> OnReturnResult(v8::Isolate* isolate,
                                             ScriptWrappable*,
                                             v8::Local<v8::Value> iter_result) {
    if (!iter_result->IsObject()) {
      ThrowTypeError(isolate, "The iterator's return() result is not an object.");
      return {};
    }
    return v8::Undefined(isolate);
  }

  // %AsyncFromSyncIteratorPrototype%.next() (ECMA-262 §27.1.6.2.1): always a promise.
  v8::Local<v8::Promise> AsyncFromSyncNext(v8::Isolate* isolate) {
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::Value> result;
    // Steps 5-6.
    if (!IteratorNext(isolate, &result))
      return streams::RejectedPromise(isolate, try_catch.Exception());
    // Step 7.
    return Continuation(isolate, result, /*close_on_rejection=*/true, &next_done_);
  }

  // %AsyncFromSyncIteratorPrototype%.return(reason) (ECMA-262 §27.1.6.2.2).
  v8::Local<v8::Promise> AsyncFromSyncReturn(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::Value> iterator = GetWrapperValue(isolate, kIteratorKey);
    v8::Local<v8::Value> method, result;
    // Steps 5-6.
    if (!GetMethod(isolate, iterator, Key(isolate, "return"), &method))
      return streams::RejectedPromise(isolate, try_catch.Exception());
    // Step 7.
    if (method->IsUndefined())
      return streams::ResolvedPromise(isolate, IterResult(isolate, reason, true));
    // Steps 8-9.
    v8::Local<v8::Value> args[] = {reason};
    if (!method.As<v8::Function>()
             ->Call(isolate->GetCurrentContext(), iterator, 1, args)
             .ToLocal(&result))
      return streams::RejectedPromise(isolate, try_catch.Exception());
    // Step 10.
    if (!result->IsObject()) {
      return streams::RejectedPromise(
          isolate, v8::Exception::TypeError(
                       Key(isolate, "The iterator's return() did not return an object.")));
    }
    // Step 11.
    return Continuation(isolate, result, /*close_on_rejection=*/false, &return_done_);
  }

  // AsyncFromSyncIteratorContinuation(result, promiseCapability, syncIteratorRecord,
  // closeOnRejection) (ECMA-262 §27.1.6.4). `done_slot` carries step 1's done to the unwrap
  // closure of step 8 (one next() and one return() at most are in flight at a time).
  v8::Local<v8::Promise> Continuation(v8::Isolate* isolate,
                                      v8::Local<v8::Value> result,
                                      bool close_on_rejection,
                                      bool* done_slot) {
    v8::Local<v8::Context> context = isolate->GetCurrentContext();
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::Value> done_value, value;
    // Steps 1-4.
    if (!result.As<v8::Object>()->Get(context, Key(isolate, "done")).ToLocal(&done_value))
      return streams::RejectedPromise(isolate, try_catch.Exception());
    bool done = done_value->BooleanValue(isolate);
    if (!result.As<v8::Object>()->Get(context, Key(isolate, "value")).ToLocal(&value))
      return streams::RejectedPromise(isolate, try_catch.Exception());
    // Steps 5-7.
    v8::Local<v8::Promise> value_wrapper;
    if (!PromiseResolveIntrinsic(isolate, value).ToLocal(&value_wrapper)) {
      v8::Local<v8::Value> error = try_catch.Exception();
      try_catch.Reset();
      if (!done && close_on_rejection)
        CloseAfterThrow(isolate, GetWrapperValue(isolate, kIteratorKey));
      return streams::RejectedPromise(isolate, error);
    }
    // Steps 8-15.
    *done_slot = done;
    streams::Transform on_rejected = !done && close_on_rejection ? &CloseAndRethrow : nullptr;
    return streams::React(isolate, value_wrapper, this,
                          close_on_rejection ? &UnwrapNext : &UnwrapReturn, on_rejected);
  }

  static v8::Local<v8::Value> UnwrapNext(v8::Isolate* isolate,
                                         ScriptWrappable* object,
                                         v8::Local<v8::Value> value) {
    return IterResult(isolate, value, static_cast<IterableSource*>(object)->next_done_);
  }
  static v8::Local<v8::Value> UnwrapReturn(v8::Isolate* isolate,
                                           ScriptWrappable* object,
                                           v8::Local<v8::Value> value) {
    return IterResult(isolate, value, static_cast<IterableSource*>(object)->return_done_);
  }
  // Step 12's closeIterator: IteratorClose(syncIteratorRecord, ThrowCompletion(error)).
  static v8::Local<v8::Value> CloseAndRethrow(v8::Isolate* isolate,
                                              ScriptWrappable* object,
                                              v8::Local<v8::Value> error) {
    auto* source = static_cast<IterableSource*>(object);
    CloseAfterThrow(isolate, source->GetWrapperValue(isolate, kIteratorKey));
    isolate->ThrowException(error);
    return {};
  }

  // IteratorClose(iteratorRecord, completion) for a throw completion (ECMA-262 §7.4.11):
  // return() is called if there is one; what it does, throws or returns is ignored.
  static void CloseAfterThrow(v8::Isolate* isolate, v8::Local<v8::Value> iterator) {
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::Value> method;
    if (!GetMethod(isolate, iterator, Key(isolate, "return"), &method) || method->IsUndefined())
      return;
    v8::Local<v8::Value> ignored;
    if (!method.As<v8::Function>()
             ->Call(isolate->GetCurrentContext(), iterator, 0, nullptr)
             .ToLocal(&ignored))
      return;
  }

  bool sync_;
  bool next_done_ = false;
  bool return_done_ = false;
  ReadableStreamDefaultController* controller_ = nullptr;  // alive: in this wrapper
};

}  // namespace

ReadableStream* ReadableStreamFromIterable(v8::Isolate* isolate,
                                           const AsyncSequence& async_iterable,
                                           ExceptionState& es) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  // Step 2: open asyncIterable (GetIteratorFromMethod, ECMA-262 §7.4.2).
  v8::Local<v8::Value> iterator, next;
  if (!async_iterable.method->Call(context, async_iterable.object, 0, nullptr).ToLocal(&iterator)) {
    es.RethrowV8Exception();
    return nullptr;
  }
  if (!iterator->IsObject()) {
    es.ThrowTypeError("The provided value's iterator is not an object.");
    return nullptr;
  }
  if (!iterator.As<v8::Object>()->Get(context, Key(isolate, "next")).ToLocal(&next)) {
    es.RethrowV8Exception();
    return nullptr;
  }
  // Steps 3-7: a high-water mark of 0, so nothing is pulled before a read.
  auto* source = new IterableSource(async_iterable.sync);
  source->ToV8(isolate, context);
  source->Keep(isolate, iterator, next);
  return CreateReadableStream(isolate, source, 0);
}

}  // namespace v8ws
