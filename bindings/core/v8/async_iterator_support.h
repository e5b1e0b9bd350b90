// Asynchronous iterators (WebIDL §3.7.10.2) for `async iterable<V>` declarations. The
// iterator object is the wrapper of an AsyncIteratorBase that the interface's C++ class makes
// ("asynchronous iterator initialization steps"); next() and return() live here and follow
// the standard's steps: one ongoing promise per iterator, so calls queue behind each other.
#ifndef V8WS_BINDINGS_CORE_V8_ASYNC_ITERATOR_SUPPORT_H_
#define V8WS_BINDINGS_CORE_V8_ASYNC_ITERATOR_SUPPORT_H_

#include <v8.h>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/core/v8/wrapper_type_info.h"

namespace v8ws {

// The state of one asynchronous iterator.
class AsyncIteratorBase : public ScriptWrappable {
 public:
  const WrapperTypeInfo* GetWrapperTypeInfo() const final { return type_info_; }

  // "Get the next iteration result": a promise fulfilled with the next value, or with
  // EndOfIteration(isolate) when there is none.
  virtual v8::Local<v8::Promise> GetNextIterationResult(v8::Isolate* isolate) = 0;
  // "Asynchronous iterator return", for interfaces that define it: called at most once,
  // when script ends the iteration early (break, return() or throw in for await).
  virtual v8::Local<v8::Promise> IteratorReturn(v8::Isolate* isolate, v8::Local<v8::Value> value);

  // The object whose iterator this is.
  v8::Local<v8::Value> target(v8::Isolate* isolate) const;

 private:
  friend struct AsyncIteratorAccess;
  const WrapperTypeInfo* type_info_ = nullptr;
  bool finished_ = false;
};

// The value a GetNextIterationResult promise is fulfilled with at the end of iteration.
v8::Local<v8::Value> EndOfIteration(v8::Isolate* isolate);

// Fills the template of an interface's asynchronous iterator prototype object: class string
// `tag`, next(), and return() when `has_return`. `self` is the iterator's own type info.
void InstallAsyncIteratorPrototype(v8::Isolate* isolate,
                                   v8::Local<v8::FunctionTemplate> tmpl,
                                   const char* tag,
                                   const WrapperTypeInfo* self,
                                   bool has_return);
// Per context: the prototype's [[Prototype]] becomes %AsyncIteratorPrototype%.
void SetUpAsyncIteratorPrototype(v8::Local<v8::Context> context, const WrapperTypeInfo* iterator);
// The iterator object for `state`, an iterator of `target` (WebIDL §3.7.10.2 "default
// asynchronous iterator object").
v8::Local<v8::Object> NewAsyncIterator(v8::Isolate* isolate,
                                       const WrapperTypeInfo* iterator,
                                       v8::Local<v8::Object> target,
                                       AsyncIteratorBase* state);

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_ASYNC_ITERATOR_SUPPORT_H_
