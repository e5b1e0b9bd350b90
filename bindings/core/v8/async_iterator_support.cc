// Asynchronous iterator prototype objects: next() and return(), WebIDL §3.7.10.2.
#include "bindings/core/v8/async_iterator_support.h"

#include "bindings/core/v8/iterator_support.h"
#include "bindings/core/v8/per_isolate_data.h"
#include "bindings/core/v8/v8_binding.h"

namespace v8ws {

// Wrapper value keys of an iterator.
constexpr uint32_t kTargetKey = 1;
constexpr uint32_t kOngoingPromiseKey = 2;

struct AsyncIteratorAccess {
  static void Init(AsyncIteratorBase* state, const WrapperTypeInfo* info) {
    state->type_info_ = info;
  }
  static bool& Finished(AsyncIteratorBase* state) { return state->finished_; }
};

namespace {

v8::Local<v8::Function> Bind(v8::Local<v8::Context> context,
                             v8::FunctionCallback callback,
                             v8::Local<v8::Value> data) {
  // Empty only while execution is being terminated.
  v8::Local<v8::Function> function;
  if (!v8::Function::New(context, callback, data, 0, v8::ConstructorBehavior::kThrow)
           .ToLocal(&function))
    return v8::Local<v8::Function>();
  return function;
}

AsyncIteratorBase* StateOf(v8::Local<v8::Value> iterator) {
  return static_cast<AsyncIteratorBase*>(ScriptWrappable::FromWrapper(iterator.As<v8::Object>()));
}

// Steps 2-7 of next() and return(): the receiver must be an iterator of this interface.
AsyncIteratorBase* ValidateReceiver(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  auto* self = static_cast<const WrapperTypeInfo*>(info.Data().As<v8::External>()->Value());
  AsyncIteratorBase* state = nullptr;
  if (PerIsolateData::From(isolate)->HasInstance(self, info.This()))
    state = StateOf(info.This());
  if (!state) {
    info.GetReturnValue().Set(RejectedPromise(
        isolate, v8::Exception::TypeError(v8::String::NewFromUtf8Literal(
                     isolate, "The receiver is not an asynchronous iterator of this interface."))));
  }
  return state;
}

// next() step 8.5, fulfillSteps (data: the iterator).
void NextFulfilled(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  AsyncIteratorBase* state = StateOf(info.Data());
  if (!state)
    return;
  state->DeleteWrapperValue(isolate, kOngoingPromiseKey);
  if (info[0]->StrictEquals(EndOfIteration(isolate))) {
    AsyncIteratorAccess::Finished(state) = true;
    info.GetReturnValue().Set(IteratorResult(isolate, v8::Undefined(isolate), true));
    return;
  }
  info.GetReturnValue().Set(IteratorResult(isolate, info[0], false));
}

// next() step 8.7, rejectSteps.
void NextRejected(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (AsyncIteratorBase* state = StateOf(info.Data())) {
    state->DeleteWrapperValue(isolate, kOngoingPromiseKey);
    AsyncIteratorAccess::Finished(state) = true;
  }
  isolate->ThrowException(info[0]);
}

// next() step 8, nextSteps, for `iterator`.
v8::Local<v8::Promise> NextSteps(v8::Isolate* isolate, v8::Local<v8::Object> iterator) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  AsyncIteratorBase* state = StateOf(iterator);
  if (!state || AsyncIteratorAccess::Finished(state))
    return PromiseResolve(isolate, IteratorResult(isolate, v8::Undefined(isolate), true));
  v8::Local<v8::Promise> next = state->GetNextIterationResult(isolate);
  if (next.IsEmpty())
    return v8::Local<v8::Promise>();
  v8::Local<v8::Promise> result;
  v8::Local<v8::Function> fulfilled = Bind(context, NextFulfilled, iterator);
  v8::Local<v8::Function> rejected = Bind(context, NextRejected, iterator);
  if (fulfilled.IsEmpty() || rejected.IsEmpty() ||
      !next->Then(context, fulfilled, rejected).ToLocal(&result))
    return v8::Local<v8::Promise>();
  return result;
}

void NextStepsCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(NextSteps(info.GetIsolate(), info.Data().As<v8::Object>()));
}

void Next(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  AsyncIteratorBase* state = ValidateReceiver(info);
  if (!state)
    return;
  v8::Local<v8::Object> iterator = info.This();
  // Steps 9-11: queue behind the ongoing promise, if there is one.
  v8::Local<v8::Value> ongoing = state->GetWrapperValue(isolate, kOngoingPromiseKey);
  v8::Local<v8::Promise> promise;
  if (!ongoing.IsEmpty() && ongoing->IsPromise()) {
    v8::Local<v8::Function> steps = Bind(context, NextStepsCallback, iterator);
    if (steps.IsEmpty() ||
        !ongoing.As<v8::Promise>()->Then(context, steps, steps).ToLocal(&promise))
      return;
  } else {
    promise = NextSteps(isolate, iterator);
    if (promise.IsEmpty())
      return;
  }
  state->SetWrapperValue(isolate, kOngoingPromiseKey, promise);
  info.GetReturnValue().Set(promise);
}

// return() step 8, returnSteps (data: [iterator, value]).
v8::Local<v8::Promise> ReturnSteps(v8::Isolate* isolate,
                                   v8::Local<v8::Object> iterator,
                                   v8::Local<v8::Value> value) {
  AsyncIteratorBase* state = StateOf(iterator);
  if (!state || AsyncIteratorAccess::Finished(state))
    return PromiseResolve(isolate, IteratorResult(isolate, value, true));
  AsyncIteratorAccess::Finished(state) = true;
  return state->IteratorReturn(isolate, value);
}

void ReturnStepsCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Array> data = info.Data().As<v8::Array>();
  info.GetReturnValue().Set(ReturnSteps(isolate,
                                        data->Get(context, 0).ToLocalChecked().As<v8::Object>(),
                                        data->Get(context, 1).ToLocalChecked()));
}

// return() step 12, fulfillSteps (data: the value).
void ReturnFulfilled(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(IteratorResult(info.GetIsolate(), info.Data(), true));
}

void Return(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  AsyncIteratorBase* state = ValidateReceiver(info);
  if (!state)
    return;
  v8::Local<v8::Object> iterator = info.This();
  v8::Local<v8::Value> value = info[0];
  v8::Local<v8::Value> ongoing = state->GetWrapperValue(isolate, kOngoingPromiseKey);
  v8::Local<v8::Promise> promise;
  if (!ongoing.IsEmpty() && ongoing->IsPromise()) {
    v8::Local<v8::Value> pair[] = {iterator, value};
    v8::Local<v8::Function> steps =
        Bind(context, ReturnStepsCallback, v8::Array::New(isolate, pair, 2));
    if (steps.IsEmpty() ||
        !ongoing.As<v8::Promise>()->Then(context, steps, steps).ToLocal(&promise))
      return;
  } else {
    promise = ReturnSteps(isolate, iterator, value);
    if (promise.IsEmpty())
      return;
  }
  state->SetWrapperValue(isolate, kOngoingPromiseKey, promise);
  v8::Local<v8::Promise> result;
  v8::Local<v8::Function> fulfilled = Bind(context, ReturnFulfilled, value);
  if (fulfilled.IsEmpty() || !promise->Then(context, fulfilled).ToLocal(&result))
    return;
  info.GetReturnValue().Set(result);
}

}  // namespace

v8::Local<v8::Promise> AsyncIteratorBase::IteratorReturn(v8::Isolate* isolate,
                                                         v8::Local<v8::Value> value) {
  return PromiseResolve(isolate, v8::Undefined(isolate));
}

v8::Local<v8::Value> AsyncIteratorBase::target(v8::Isolate* isolate) const {
  return GetWrapperValue(isolate, kTargetKey);
}

v8::Local<v8::Value> EndOfIteration(v8::Isolate* isolate) {
  return PerIsolateData::From(isolate)->EndOfIterationMarker();
}

void InstallAsyncIteratorPrototype(v8::Isolate* isolate,
                                   v8::Local<v8::FunctionTemplate> tmpl,
                                   const char* tag,
                                   const WrapperTypeInfo* self,
                                   bool has_return) {
  v8::Local<v8::String> name = v8::String::NewFromUtf8(isolate, tag).ToLocalChecked();
  tmpl->SetClassName(name);
  v8::Local<v8::ObjectTemplate> prototype = tmpl->PrototypeTemplate();
  prototype->Set(v8::Symbol::GetToStringTag(isolate), name,
                 static_cast<v8::PropertyAttribute>(v8::ReadOnly | v8::DontEnum));
  v8::Local<v8::External> data = v8::External::New(isolate, const_cast<WrapperTypeInfo*>(self));
  auto install = [&](const char* method, v8::FunctionCallback callback, int length) {
    v8::Local<v8::FunctionTemplate> function =
        v8::FunctionTemplate::New(isolate, callback, data, v8::Local<v8::Signature>(), length,
                                  v8::ConstructorBehavior::kThrow);
    v8::Local<v8::String> key = v8::String::NewFromUtf8(isolate, method).ToLocalChecked();
    function->SetClassName(key);
    prototype->Set(key, function);
  };
  install("next", Next, 0);
  if (has_return)
    install("return", Return, 1);
}

void SetUpAsyncIteratorPrototype(v8::Local<v8::Context> context, const WrapperTypeInfo* iterator) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::Object> prototype = IteratorPrototypeObject(context, iterator);
  // %AsyncIteratorPrototype% is the [[Prototype]] of %AsyncGeneratorPrototype%, which V8's
  // API reaches only through an async generator function (its own "prototype" property is
  // an object whose [[Prototype]] is %AsyncGeneratorPrototype%). Nothing the page defined
  // is read on the way.
  v8::Local<v8::Script> script =
      v8::Script::Compile(context,
                          v8::String::NewFromUtf8Literal(isolate, "(async function* () {})"))
          .ToLocalChecked();
  v8::Local<v8::Object> generator = script->Run(context).ToLocalChecked().As<v8::Object>();
  v8::Local<v8::Value> instance_prototype =
      generator->Get(context, v8::String::NewFromUtf8Literal(isolate, "prototype"))
          .ToLocalChecked();
  v8::Local<v8::Value> async_generator_prototype =
      instance_prototype.As<v8::Object>()->GetPrototype();
  prototype->SetPrototype(context, async_generator_prototype.As<v8::Object>()->GetPrototype())
      .Check();
}

v8::Local<v8::Object> NewAsyncIterator(v8::Isolate* isolate,
                                       const WrapperTypeInfo* iterator,
                                       v8::Local<v8::Object> target,
                                       AsyncIteratorBase* state) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  AsyncIteratorAccess::Init(state, iterator);
  v8::Local<v8::Object> object = state->ToV8(isolate, context);
  state->SetWrapperValue(isolate, kTargetKey, target);
  return object;
}

}  // namespace v8ws
