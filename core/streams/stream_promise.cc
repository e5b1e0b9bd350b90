// Promise steps for the Streams Standard, on V8's promise API.
#include "core/streams/stream_promise.h"

#include <cstdint>

#include "bindings/core/v8/per_isolate_data.h"
#include "bindings/core/v8/v8_binding.h"
#include "core/execution_context.h"

namespace v8ws::streams {

v8::Local<v8::Promise::Resolver> NewResolver(v8::Isolate* isolate) {
  return NewPromiseResolver(isolate);
}

// Resolve and Reject fail only while execution is being terminated, when what they were
// given may be empty too (a value whose making failed): then they do nothing.
void Resolve(v8::Isolate* isolate, v8::Local<v8::Value> resolver, v8::Local<v8::Value> value) {
  if (resolver.IsEmpty() || value.IsEmpty())
    return;
  resolver.As<v8::Promise::Resolver>()->Resolve(isolate->GetCurrentContext(), value).IsJust();
}

void Reject(v8::Isolate* isolate, v8::Local<v8::Value> resolver, v8::Local<v8::Value> reason) {
  if (resolver.IsEmpty() || reason.IsEmpty())
    return;
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
  if (!promise.IsEmpty())
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

namespace {

// A function compiled from `source` once per context, by the address of a static `key`. The
// page never reaches it; what it does runs on the context's intrinsics, not on the globals
// the page may have replaced.
v8::Local<v8::Function> InternalFunction(v8::Isolate* isolate,
                                         const void* key,
                                         v8::Local<v8::String> (*source)(v8::Isolate*)) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  ExecutionContext* execution_context = ExecutionContext::From(context);
  v8::Local<v8::Value> function = execution_context->CachedValue(key);
  if (function.IsEmpty()) {
    // Fails only while execution is being terminated: an empty function, which CallInternal
    // does not call.
    v8::Local<v8::Script> script;
    if (!v8::Script::Compile(context, source(isolate)).ToLocal(&script) ||
        !script->Run(context).ToLocal(&function))
      return v8::Local<v8::Function>();
    execution_context->SetCachedValue(key, function);
  }
  return function.As<v8::Function>();
}

// Calls `function` with `args`; an empty handle (and nothing pending) when it could not run
// (no room left on the stack).
v8::Local<v8::Value> CallInternal(v8::Isolate* isolate,
                                  v8::Local<v8::Function> function,
                                  int argc,
                                  v8::Local<v8::Value>* args) {
  if (function.IsEmpty())
    return v8::Local<v8::Value>();
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Value> result;
  if (!function->Call(isolate->GetCurrentContext(), v8::Undefined(isolate), argc, args)
           .ToLocal(&result))
    return v8::Local<v8::Value>();
  return result;
}

const char kMakerKey = 0;
const char kResolvedMakerKey = 0;
const char kResolvedWithKey = 0;

}  // namespace

v8::Local<v8::Object> ReadResult(v8::Isolate* isolate, v8::Local<v8::Value> value, bool done) {
  // An object literal in a function compiled once per context: V8 makes each result from the
  // literal's boilerplate in one step (one shape, {done, value} in WebIDL's dictionary order),
  // where two CreateDataProperty calls from C++ cost several times as much per read. A literal
  // calls no setter of the page's.
  v8::Local<v8::Function> maker = InternalFunction(isolate, &kMakerKey, [](v8::Isolate* isolate) {
    return v8::String::NewFromUtf8Literal(isolate,
                                          "(function (value, done) { return { done, value }; })");
  });
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Value> args[] = {value, v8::Boolean::New(isolate, done)};
  v8::Local<v8::Value> made = CallInternal(isolate, maker, 2, args);
  if (!made.IsEmpty())
    return made.As<v8::Object>();
  // No room on the stack for the call: the same object, filled from C++ (while execution
  // terminates, a plain object that nobody will read).
  PerIsolateData* data = PerIsolateData::From(isolate);
  static const char kReadResultKey = 0;
  v8::Local<v8::Object> result;
  if (!data->ObjectTemplateFor(&kReadResultKey, FillReadResult)
           ->NewInstance(context)
           .ToLocal(&result))
    return v8::Object::New(isolate);
  result
      ->CreateDataProperty(context, data->InternalizedString(kDone),
                           v8::Boolean::New(isolate, done))
      .IsJust();
  result->CreateDataProperty(context, data->InternalizedString(kValue), value).IsJust();
  return result;
}

// Both resolve the promise of an async function compiled once per context: the promise is
// the intrinsic %Promise%'s, and returning the value resolves it exactly as "resolve" does
// (an object's `then` is read, a thenable is followed), in one call from C++ where a
// resolver's New and Resolve are two that each cost more.
v8::Local<v8::Promise> ResolvedReadResult(v8::Isolate* isolate,
                                          v8::Local<v8::Value> value,
                                          bool done) {
  v8::Local<v8::Function> maker =
      InternalFunction(isolate, &kResolvedMakerKey, [](v8::Isolate* isolate) {
        return v8::String::NewFromUtf8Literal(
            isolate, "(async function (value, done) { return { done, value }; })");
      });
  v8::Local<v8::Value> args[] = {value, v8::Boolean::New(isolate, done)};
  v8::Local<v8::Value> made = CallInternal(isolate, maker, 2, args);
  if (!made.IsEmpty())
    return made.As<v8::Promise>();
  return ResolvedPromise(isolate, ReadResult(isolate, value, done));
}

v8::Local<v8::Promise> ResolvedWith(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  v8::Local<v8::Function> maker =
      InternalFunction(isolate, &kResolvedWithKey, [](v8::Isolate* isolate) {
        return v8::String::NewFromUtf8Literal(isolate,
                                              "(async function (value) { return value; })");
      });
  v8::Local<v8::Value> made = CallInternal(isolate, maker, 1, &value);
  if (!made.IsEmpty())
    return made.As<v8::Promise>();
  return ResolvedPromise(isolate, value);
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
  v8::Local<v8::Function> binder = InternalFunction(isolate, &kBinderKey, [](v8::Isolate* isolate) {
    return v8::String::NewFromUtf8Literal(
        isolate,
        "(function (trampoline, object, reaction) {"
        "  return function (value) { return trampoline(object, reaction, value); };"
        "})");
  });
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
  if (!binder->Call(context, v8::Undefined(isolate), 3, args).ToLocal(&closure))
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
        // Entries fill in order, so the first one with neither key is free and ends the
        // search; the second key is read only when the first matches (or is null).
        int base = i * kEntryFields;
        void* f = cache->GetAlignedPointerFromInternalField(base);
        if (f != on_fulfilled && f)
          continue;
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
  if (!object || !reaction)
    return;
  // What a reaction throws goes nowhere, whether it ran as a promise job (its derived promise
  // is marked handled) or as a plain microtask (which would report it): the same either way.
  v8::TryCatch try_catch(info.GetIsolate());
  reaction(info.GetIsolate(), object, info[2]);
}

void EnqueueMicrotask(v8::Isolate* isolate, v8::Local<v8::Function> task) {
  // The queue the context's promise jobs use, so the task keeps its place among them.
  v8::MicrotaskQueue* queue = isolate->GetCurrentContext()->GetMicrotaskQueue();
  if (queue)
    queue->EnqueueMicrotask(isolate, task);
  else
    isolate->EnqueueMicrotask(task);
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
  if (promise.IsEmpty())
    return v8::Local<v8::Promise>();  // the step that made it was cut short by termination
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
  if (promise.IsEmpty())
    return;  // the step that made it was cut short by termination
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  BoundPair pair =
      BindPair(isolate, 0, RunReaction<true>, RunReaction<false>, object,
               reinterpret_cast<void*>(on_fulfilled), reinterpret_cast<void*>(on_rejected));
  if (pair.fulfilled.IsEmpty() || pair.rejected.IsEmpty())
    return;
  // A promise fulfilled with undefined would queue its reaction job now, calling the
  // fulfillment reaction with undefined: queue that call as the microtask itself, without
  // then()'s derived promise.
  if (promise->State() == v8::Promise::kFulfilled && promise->Result()->IsUndefined()) {
    EnqueueMicrotask(isolate, pair.fulfilled);
    return;
  }
  // Both reactions always: Promise::Catch would call the page's `then`. A missing one does
  // nothing, and a rejection it swallows stays unreported as the standard's "upon" implies.
  v8::Local<v8::Promise> derived;
  if (promise->Then(context, pair.fulfilled, pair.rejected).ToLocal(&derived))
    derived->MarkAsHandled();
}

void UponNextMicrotask(v8::Isolate* isolate, ScriptWrappable* object, Reaction reaction) {
  BoundPair pair = BindPair(isolate, 0, RunReaction<true>, RunReaction<false>, object,
                            reinterpret_cast<void*>(reaction), nullptr);
  if (!pair.fulfilled.IsEmpty())
    EnqueueMicrotask(isolate, pair.fulfilled);
}

}  // namespace v8ws::streams
