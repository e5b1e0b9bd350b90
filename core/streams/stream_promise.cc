// Promise steps for the Streams Standard, on V8's promise API.
#include "core/streams/stream_promise.h"

namespace v8ws::streams {

v8::Local<v8::Promise::Resolver> NewResolver(v8::Isolate* isolate) {
  return v8::Promise::Resolver::New(isolate->GetCurrentContext()).ToLocalChecked();
}

void Resolve(v8::Isolate* isolate, v8::Local<v8::Value> resolver, v8::Local<v8::Value> value) {
  // Fails only while execution is being terminated.
  resolver.As<v8::Promise::Resolver>()->Resolve(isolate->GetCurrentContext(), value).IsJust();
}

void Reject(v8::Isolate* isolate, v8::Local<v8::Value> resolver, v8::Local<v8::Value> reason) {
  resolver.As<v8::Promise::Resolver>()->Reject(isolate->GetCurrentContext(), reason).IsJust();
}

v8::Local<v8::Promise> PromiseOf(v8::Local<v8::Value> resolver) {
  return resolver.As<v8::Promise::Resolver>()->GetPromise();
}

v8::Local<v8::Promise> ResolvedPromise(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  v8::Local<v8::Promise::Resolver> resolver = NewResolver(isolate);
  Resolve(isolate, resolver, value);
  return resolver->GetPromise();
}

v8::Local<v8::Promise> RejectedPromise(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
  v8::Local<v8::Promise::Resolver> resolver = NewResolver(isolate);
  Reject(isolate, resolver, reason);
  return resolver->GetPromise();
}

v8::Local<v8::Promise> ResolvedWithUndefined(v8::Isolate* isolate) {
  return ResolvedPromise(isolate, v8::Undefined(isolate));
}

void MarkAsHandled(v8::Local<v8::Value> promise) {
  promise.As<v8::Promise>()->MarkAsHandled();
}

v8::Local<v8::Value> NewTypeError(v8::Isolate* isolate, const char* message) {
  return v8::Exception::TypeError(v8::String::NewFromUtf8(isolate, message).ToLocalChecked());
}

v8::Local<v8::Object> ReadResult(v8::Isolate* isolate, v8::Local<v8::Value> value, bool done) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Object> result = v8::Object::New(isolate);
  // WebIDL §3.2.17: dictionary members in lexicographic order.
  result
      ->CreateDataProperty(context, v8::String::NewFromUtf8Literal(isolate, "done"),
                           v8::Boolean::New(isolate, done))
      .Check();
  result->CreateDataProperty(context, v8::String::NewFromUtf8Literal(isolate, "value"), value)
      .Check();
  return result;
}

namespace {

// The reaction's data: [the object's wrapper, the reaction as an External].
template <bool kFulfilled>
void RunReaction(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Array> data = info.Data().As<v8::Array>();
  v8::Local<v8::Value> wrapper = data->Get(context, 0).ToLocalChecked();
  auto reaction = reinterpret_cast<Reaction>(
      data->Get(context, 1).ToLocalChecked().As<v8::External>()->Value());
  ScriptWrappable* object = ScriptWrappable::FromWrapper(wrapper.As<v8::Object>());
  if (object && reaction)
    reaction(isolate, object, info[0]);
}

v8::Local<v8::Function> ReactionFunction(v8::Isolate* isolate,
                                         ScriptWrappable* object,
                                         Reaction reaction,
                                         v8::FunctionCallback trampoline) {
  v8::Local<v8::Value> elements[] = {object->GetWrapper(isolate),
                                     v8::External::New(isolate, reinterpret_cast<void*>(reaction))};
  return v8::Function::New(isolate->GetCurrentContext(), trampoline,
                           v8::Array::New(isolate, elements, 2), 1, v8::ConstructorBehavior::kThrow)
      .ToLocalChecked();
}

template <bool kFulfilled>
void RunTransform(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Array> data = info.Data().As<v8::Array>();
  v8::Local<v8::Value> wrapper = data->Get(context, 0).ToLocalChecked();
  auto transform = reinterpret_cast<Transform>(
      data->Get(context, 1).ToLocalChecked().As<v8::External>()->Value());
  ScriptWrappable* object = ScriptWrappable::FromWrapper(wrapper.As<v8::Object>());
  if (!transform || !object) {
    // Pass it through: a fulfillment value, or a rejection rethrown.
    if (kFulfilled)
      info.GetReturnValue().Set(info[0]);
    else
      isolate->ThrowException(info[0]);
    return;
  }
  v8::Local<v8::Value> result = transform(isolate, object, info[0]);
  if (!result.IsEmpty())
    info.GetReturnValue().Set(result);
}

}  // namespace

v8::Local<v8::Promise> React(v8::Isolate* isolate,
                             v8::Local<v8::Promise> promise,
                             ScriptWrappable* object,
                             Transform on_fulfilled,
                             Transform on_rejected) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  auto make = [&](Transform transform, v8::FunctionCallback trampoline) {
    v8::Local<v8::Value> elements[] = {
        object->GetWrapper(isolate),
        v8::External::New(isolate, reinterpret_cast<void*>(transform))};
    return v8::Function::New(context, trampoline, v8::Array::New(isolate, elements, 2), 1,
                             v8::ConstructorBehavior::kThrow)
        .ToLocalChecked();
  };
  v8::Local<v8::Promise> derived;
  if (!promise
           ->Then(context, make(on_fulfilled, RunTransform<true>),
                  make(on_rejected, RunTransform<false>))
           .ToLocal(&derived))
    return v8::Local<v8::Promise>();
  return derived;
}

void Upon(v8::Isolate* isolate,
          v8::Local<v8::Promise> promise,
          ScriptWrappable* object,
          Reaction on_fulfilled,
          Reaction on_rejected) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Function> fulfilled =
      ReactionFunction(isolate, object, on_fulfilled, RunReaction<true>);
  v8::Local<v8::Function> rejected =
      ReactionFunction(isolate, object, on_rejected, RunReaction<false>);
  // Both reactions always: Promise::Catch would call the page's `then`. A missing one does
  // nothing, and a rejection it swallows stays unreported as the standard's "upon" implies.
  v8::Local<v8::Promise> derived;
  if (promise->Then(context, fulfilled, rejected).ToLocal(&derived))
    derived->MarkAsHandled();
}

}  // namespace v8ws::streams
