// Promise steps the Streams Standard uses ("a new promise", "resolve", "reject", "upon
// fulfillment", "mark as handled"), on V8's own promise operations: nothing script put on
// Promise.prototype or Object.prototype is read on the way.
#ifndef V8WS_CORE_STREAMS_STREAM_PROMISE_H_
#define V8WS_CORE_STREAMS_STREAM_PROMISE_H_

#include <v8.h>

#include "bindings/core/v8/script_wrappable.h"

namespace v8ws::streams {

v8::Local<v8::Promise::Resolver> NewResolver(v8::Isolate* isolate);
void Resolve(v8::Isolate* isolate, v8::Local<v8::Value> resolver, v8::Local<v8::Value> value);
void Reject(v8::Isolate* isolate, v8::Local<v8::Value> resolver, v8::Local<v8::Value> reason);
v8::Local<v8::Promise> PromiseOf(v8::Local<v8::Value> resolver);
v8::Local<v8::Promise> ResolvedPromise(v8::Isolate* isolate, v8::Local<v8::Value> value);
v8::Local<v8::Promise> RejectedPromise(v8::Isolate* isolate, v8::Local<v8::Value> reason);
v8::Local<v8::Promise> ResolvedWithUndefined(v8::Isolate* isolate);
// "Set promise.[[PromiseIsHandled]] to true": its rejection is not reported.
void MarkAsHandled(v8::Local<v8::Value> promise);
// A new TypeError in the current context.
v8::Local<v8::Value> NewTypeError(v8::Isolate* isolate, const char* message);
// { value, done } as a ReadableStreamReadResult dictionary converts (members in order).
v8::Local<v8::Object> ReadResult(v8::Isolate* isolate, v8::Local<v8::Value> value, bool done);
// A new promise resolved with ReadResult(value, done), and one resolved with `value`.
v8::Local<v8::Promise> ResolvedReadResult(v8::Isolate* isolate,
                                          v8::Local<v8::Value> value,
                                          bool done);
v8::Local<v8::Promise> ResolvedWith(v8::Isolate* isolate, v8::Local<v8::Value> value);

using Reaction = void (*)(v8::Isolate* isolate,
                          ScriptWrappable* object,
                          v8::Local<v8::Value> value);
// "Upon fulfillment / rejection of promise": runs `on_fulfilled` or `on_rejected` (either
// may be null) with `object`, which must have a wrapper; the wrapper keeps it alive until
// then. The derived promise V8 makes is marked handled: a reaction never rejects one that
// script can see.
void Upon(v8::Isolate* isolate,
          v8::Local<v8::Promise> promise,
          ScriptWrappable* object,
          Reaction on_fulfilled,
          Reaction on_rejected);

// Upon fulfillment of "a promise resolved with undefined", without making one: `reaction`
// runs in a microtask queued now, where that promise's reaction job would be queued.
void UponNextMicrotask(v8::Isolate* isolate, ScriptWrappable* object, Reaction reaction);

// "Reacting to promise": the promise V8's then() makes, settled by what `on_fulfilled` or
// `on_rejected` returns (an empty handle: it threw, and the promise rejects with the pending
// exception). A missing reaction passes the value or reason through.
using Transform = v8::Local<v8::Value> (*)(v8::Isolate* isolate,
                                           ScriptWrappable* object,
                                           v8::Local<v8::Value> value);
v8::Local<v8::Promise> React(v8::Isolate* isolate,
                             v8::Local<v8::Promise> promise,
                             ScriptWrappable* object,
                             Transform on_fulfilled,
                             Transform on_rejected);

// A constructor's arguments held until the binding has made the wrapper (a moment only):
// `value` into `global` unless it is empty, and back out (empty when it was).
void Keep(v8::Isolate* isolate, v8::Global<v8::Value>& global, v8::Local<v8::Value> value);
v8::Local<v8::Value> Held(v8::Isolate* isolate, const v8::Global<v8::Value>& global);

}  // namespace v8ws::streams

#endif  // V8WS_CORE_STREAMS_STREAM_PROMISE_H_
