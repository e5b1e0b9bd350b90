// Default iterator objects (WebIDL §3.7.10) for the generated pair iterators: plain
// objects from a per-interface template whose slot fields hold [[target]], [[kind]] and
// [[index]], and whose prototype inherits %IteratorPrototype%.
#ifndef V8WS_BINDINGS_CORE_V8_ITERATOR_SUPPORT_H_
#define V8WS_BINDINGS_CORE_V8_ITERATOR_SUPPORT_H_

#include <v8.h>

#include <cstdint>

#include "bindings/core/v8/wrapper_type_info.h"

namespace v8ws {

// Fills the iterator template: class string `tag` and a `next` method on its prototype.
void InstallIteratorPrototype(v8::Isolate* isolate,
                              v8::Local<v8::FunctionTemplate> tmpl,
                              const char* tag,
                              v8::FunctionCallback next);
// The prototype object of an iterator template in `context`, without the `constructor` a
// FunctionTemplate gives every prototype (iterator prototypes have none).
v8::Local<v8::Object> IteratorPrototypeObject(v8::Local<v8::Context> context,
                                              const WrapperTypeInfo* iterator);
// Per context: the iterator prototype's [[Prototype]] becomes %IteratorPrototype% and it
// loses the `constructor` a FunctionTemplate gives every prototype.
void SetUpIteratorPrototype(v8::Local<v8::Context> context, const WrapperTypeInfo* iterator);
v8::Local<v8::Object> NewIterator(v8::Isolate* isolate,
                                  const WrapperTypeInfo* iterator,
                                  v8::Local<v8::Object> target,
                                  uint32_t kind);
// False when `value` is not an iterator made from `iterator`'s template.
bool ReadIterator(v8::Isolate* isolate,
                  v8::Local<v8::Value> value,
                  const WrapperTypeInfo* iterator,
                  v8::Local<v8::Object>* object,
                  uint32_t* kind,
                  uint32_t* index);
v8::Local<v8::Object> IteratorTarget(v8::Local<v8::Object> iterator);
void SetIteratorIndex(v8::Local<v8::Object> iterator, uint32_t index);
// CreateIterResultObject(value, done).
v8::Local<v8::Object> IteratorResult(v8::Isolate* isolate, v8::Local<v8::Value> value, bool done);
v8::Local<v8::Value> PairArray(v8::Isolate* isolate,
                               v8::Local<v8::Value> key,
                               v8::Local<v8::Value> value);

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_ITERATOR_SUPPORT_H_
