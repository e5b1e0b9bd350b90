// Promise steps for the Streams Standard, on V8's promise API.
#include "core/streams/stream_promise.h"

#include <cstdint>

#include "bindings/core/v8/per_isolate_data.h"
#include "core/execution_context.h"

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

void Keep(v8::Isolate* isolate, v8::Global<v8::Value>& global, v8::Local<v8::Value> value) {
  if (!value.IsEmpty())
    global.Reset(isolate, value);
}

v8::Local<v8::Value> Held(v8::Isolate* isolate, const v8::Global<v8::Value>& global) {
  return global.IsEmpty() ? v8::Local<v8::Value>() : global.Get(isolate);
}

void MarkAsHandled(v8::Local<v8::Value> promise) {
  promise.As<v8::Promise>()->MarkAsHandled();
}

v8::Local<v8::Value> NewTypeError(v8::Isolate* isolate, const char* message) {
  return v8::Exception::TypeError(v8::String::NewFromUtf8(isolate, message).ToLocalChecked());
}

namespace {

const char kDone[] = "done";
const char kValue[] = "value";

// { done, value }: data properties in WebIDL's dictionary order, so every result shares one
// shape and filling one writes two existing slots.
void FillReadResult(v8::Isolate* isolate, v8::Local<v8::ObjectTemplate> tmpl) {
  PerIsolateData* data = PerIsolateData::From(isolate);
  tmpl->Set(data->InternalizedString(kDone), v8::False(isolate));
  tmpl->Set(data->InternalizedString(kValue), v8::Undefined(isolate));
}

}  // namespace

v8::Local<v8::Object> ReadResult(v8::Isolate* isolate, v8::Local<v8::Value> value, bool done) {
  // An object literal in a function compiled once per context: V8 makes each result from the
  // literal's boilerplate in one step (one shape, {done, value} in WebIDL's dictionary order),
  // where two CreateDataProperty calls from C++ cost several times as much per read. The
  // function is not reachable from the page, and a literal calls no setter of the page's.
  static const char kMakerKey = 0;
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  ExecutionContext* execution_context = ExecutionContext::From(context);
  v8::Local<v8::Value> maker = execution_context->CachedValue(&kMakerKey);
  if (maker.IsEmpty()) {
    v8::Local<v8::String> source = v8::String::NewFromUtf8Literal(
        isolate, "(function (value, done) { return { done, value }; })");
    maker = v8::Script::Compile(context, source).ToLocalChecked()->Run(context).ToLocalChecked();
    execution_context->SetCachedValue(&kMakerKey, maker);
  }
  v8::Local<v8::Value> args[] = {value, v8::Boolean::New(isolate, done)};
  v8::Local<v8::Value> made;
  {
    v8::TryCatch try_catch(isolate);
    if (maker.As<v8::Function>()->Call(context, v8::Undefined(isolate), 2, args).ToLocal(&made))
      return made.As<v8::Object>();
  }
  // No room on the stack for the call: the same object, filled from C++.
  PerIsolateData* data = PerIsolateData::From(isolate);
  static const char kReadResultKey = 0;
  v8::Local<v8::Object> result = data->ObjectTemplateFor(&kReadResultKey, FillReadResult)
                                     ->NewInstance(context)
                                     .ToLocalChecked();
  result
      ->CreateDataProperty(context, data->InternalizedString(kDone),
                           v8::Boolean::New(isolate, done))
      .Check();
  result->CreateDataProperty(context, data->InternalizedString(kValue), value).Check();
  return result;
}

namespace {

// A reaction is a closure over (the object's wrapper, the C++ reaction as an External) that
// calls one native trampoline per context. V8's Function::New would build a new function
// template for every reaction; a JS closure from a binder compiled once per context costs a
// fraction of that. Neither the binder nor the trampolines are reachable from the page.
const char kBinderKey = 0;
const char kTrampolineKeys[4] = {};

v8::Local<v8::Function> Bind(v8::Isolate* isolate,
                             int which,
                             v8::FunctionCallback trampoline,
                             ScriptWrappable* object,
                             void* reaction) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  ExecutionContext* execution_context = ExecutionContext::From(context);
  v8::Local<v8::Value> binder = execution_context->CachedValue(&kBinderKey);
  if (binder.IsEmpty()) {
    v8::Local<v8::String> source = v8::String::NewFromUtf8Literal(
        isolate,
        "(function (trampoline, object, reaction) {"
        "  return function (value) { return trampoline(object, reaction, value); };"
        "})");
    binder = v8::Script::Compile(context, source).ToLocalChecked()->Run(context).ToLocalChecked();
    execution_context->SetCachedValue(&kBinderKey, binder);
  }
  v8::Local<v8::Value> native = execution_context->CachedValue(&kTrampolineKeys[which]);
  if (native.IsEmpty()) {
    native = v8::Function::New(context, trampoline, v8::Local<v8::Value>(), 3,
                               v8::ConstructorBehavior::kThrow)
                 .ToLocalChecked();
    execution_context->SetCachedValue(&kTrampolineKeys[which], native);
  }
  v8::Local<v8::Value> args[] = {native, object->GetWrapper(isolate),
                                 v8::External::New(isolate, reaction)};
  v8::Local<v8::Value> closure;
  if (!binder.As<v8::Function>()->Call(context, v8::Undefined(isolate), 3, args).ToLocal(&closure))
    return v8::Local<v8::Function>();
  return closure.As<v8::Function>();
}

// The two reactions of one Upon or React call site, kept per object: a pipe binds the same
// (object, reactions) pair for every chunk, and binding is most of what a reaction costs.
// The cache is an object with internal fields: the pair's C++ functions as aligned
// pointers (the key) and the two closures. It lives in the object's wrapper, so the cycle
// wrapper -> cache -> closure -> wrapper stays collectable.
constexpr int kCacheEntries = 6;
constexpr int kEntryFields = 4;  // fulfilled key, rejected key, fulfilled closure, rejected one
const char kCacheTemplateKey = 0;

void FillCacheTemplate(v8::Isolate*, v8::Local<v8::ObjectTemplate> tmpl) {
  tmpl->SetInternalFieldCount(kCacheEntries * kEntryFields);
}

struct BoundPair {
  v8::Local<v8::Function> fulfilled;
  v8::Local<v8::Function> rejected;
};

// Trampolines 0-1 serve Upon, 2-3 React; a call site passes Upon or React functions, never
// both, so a key pair never means two things unless both are null (not cached).
BoundPair BindPair(v8::Isolate* isolate,
                   int first_trampoline,
                   v8::FunctionCallback on_fulfilled_trampoline,
                   v8::FunctionCallback on_rejected_trampoline,
                   ScriptWrappable* object,
                   void* on_fulfilled,
                   void* on_rejected) {
  // Aligned-pointer fields take even addresses only; functions are aligned far more.
  bool cacheable =
      (on_fulfilled || on_rejected) &&
      !((reinterpret_cast<uintptr_t>(on_fulfilled) | reinterpret_cast<uintptr_t>(on_rejected)) & 1);
  v8::Local<v8::Object> cache;
  int free_entry = -1;
  if (cacheable) {
    v8::Local<v8::Value> held = object->GetReactionCache(isolate);
    if (held->IsObject()) {
      cache = held.As<v8::Object>();
      for (int i = 0; i < kCacheEntries; ++i) {
        int base = i * kEntryFields;
        void* f = cache->GetAlignedPointerFromInternalField(base);
        void* r = cache->GetAlignedPointerFromInternalField(base + 1);
        if (f == on_fulfilled && r == on_rejected) {
          return {cache->GetInternalField(base + 2).As<v8::Function>(),
                  cache->GetInternalField(base + 3).As<v8::Function>()};
        }
        if (!f && !r) {
          free_entry = i;
          break;
        }
      }
    } else {
      v8::Local<v8::Context> context = isolate->GetCurrentContext();
      if (PerIsolateData::From(isolate)
              ->ObjectTemplateFor(&kCacheTemplateKey, FillCacheTemplate)
              ->NewInstance(context)
              .ToLocal(&cache)) {
        for (int i = 0; i < kCacheEntries * kEntryFields; i += kEntryFields) {
          cache->SetAlignedPointerInInternalField(i, nullptr);
          cache->SetAlignedPointerInInternalField(i + 1, nullptr);
        }
        object->SetReactionCache(isolate, cache);
        free_entry = 0;
      }
    }
  }
  BoundPair pair{Bind(isolate, first_trampoline, on_fulfilled_trampoline, object, on_fulfilled),
                 Bind(isolate, first_trampoline + 1, on_rejected_trampoline, object, on_rejected)};
  if (free_entry >= 0 && !pair.fulfilled.IsEmpty() && !pair.rejected.IsEmpty()) {
    int base = free_entry * kEntryFields;
    cache->SetInternalField(base + 2, pair.fulfilled);
    cache->SetInternalField(base + 3, pair.rejected);
    cache->SetAlignedPointerInInternalField(base, on_fulfilled);
    cache->SetAlignedPointerInInternalField(base + 1, on_rejected);
  }
  return pair;
}

ScriptWrappable* ObjectOf(const v8::FunctionCallbackInfo<v8::Value>& info) {
  return ScriptWrappable::FromWrapper(info[0].As<v8::Object>());
}

template <bool kFulfilled>
void RunReaction(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto reaction = reinterpret_cast<Reaction>(info[1].As<v8::External>()->Value());
  ScriptWrappable* object = ObjectOf(info);
  if (object && reaction)
    reaction(info.GetIsolate(), object, info[2]);
}

template <bool kFulfilled>
void RunTransform(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  auto transform = reinterpret_cast<Transform>(info[1].As<v8::External>()->Value());
  ScriptWrappable* object = ObjectOf(info);
  if (!transform || !object) {
    // Pass it through: a fulfillment value, or a rejection rethrown.
    if (kFulfilled)
      info.GetReturnValue().Set(info[2]);
    else
      isolate->ThrowException(info[2]);
    return;
  }
  v8::Local<v8::Value> result = transform(isolate, object, info[2]);
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
  BoundPair pair =
      BindPair(isolate, 2, RunTransform<true>, RunTransform<false>, object,
               reinterpret_cast<void*>(on_fulfilled), reinterpret_cast<void*>(on_rejected));
  v8::Local<v8::Promise> derived;
  if (pair.fulfilled.IsEmpty() || pair.rejected.IsEmpty() ||
      !promise->Then(context, pair.fulfilled, pair.rejected).ToLocal(&derived))
    return v8::Local<v8::Promise>();
  return derived;
}

void Upon(v8::Isolate* isolate,
          v8::Local<v8::Promise> promise,
          ScriptWrappable* object,
          Reaction on_fulfilled,
          Reaction on_rejected) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  BoundPair pair =
      BindPair(isolate, 0, RunReaction<true>, RunReaction<false>, object,
               reinterpret_cast<void*>(on_fulfilled), reinterpret_cast<void*>(on_rejected));
  if (pair.fulfilled.IsEmpty() || pair.rejected.IsEmpty())
    return;
  // Both reactions always: Promise::Catch would call the page's `then`. A missing one does
  // nothing, and a rejection it swallows stays unreported as the standard's "upon" implies.
  v8::Local<v8::Promise> derived;
  if (promise->Then(context, pair.fulfilled, pair.rejected).ToLocal(&derived))
    derived->MarkAsHandled();
}

}  // namespace v8ws::streams
