// WrapperValueQueue: a first-in, first-out queue of JS values that a ScriptWrappable holds
// in its wrapper, so the garbage collector traces them and cycles through them stay
// collectable (a stream's chunks, its pending write promises).
#ifndef V8WS_BINDINGS_CORE_V8_WRAPPER_VALUE_QUEUE_H_
#define V8WS_BINDINGS_CORE_V8_WRAPPER_VALUE_QUEUE_H_

#include <v8.h>

#include <cstddef>
#include <cstdint>

#include "bindings/core/v8/script_wrappable.h"

namespace v8ws {

// The values sit in the internal fields of a chain of fixed-size segment objects whose head
// is the owner's wrapper value `key`: an internal field costs a fraction of an array
// element's CreateDataProperty from C++, and no script can reach a segment. A queue that
// drains keeps its one segment for the next values.
class WrapperValueQueue {
 public:
  // `owner` must have a wrapper whenever a value is pushed.
  WrapperValueQueue(ScriptWrappable* owner, uint32_t key) : owner_(owner), key_(key) {}
  WrapperValueQueue(const WrapperValueQueue&) = delete;
  WrapperValueQueue& operator=(const WrapperValueQueue&) = delete;

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }

  // False, with nothing queued, only while execution is being terminated (V8 then makes no
  // new segment).
  bool Push(v8::Isolate* isolate, v8::Local<v8::Value> value);
  // The first value (undefined when empty).
  v8::Local<v8::Value> Front(v8::Isolate* isolate) const;
  // Removes and returns the first value (undefined when empty).
  v8::Local<v8::Value> Pop(v8::Isolate* isolate);
  // Drops every value and the segments.
  void Clear(v8::Isolate* isolate);

 private:
  v8::Local<v8::Object> Head(v8::Isolate* isolate) const;

  ScriptWrappable* owner_;
  uint32_t key_;
  size_t size_ = 0;
  int head_index_ = 0;    // the first value's field in the head segment
  int tail_index_ = 0;    // the next free field in the tail segment
  bool chained_ = false;  // the head segment has a next one (and a tail field set)
};

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_WRAPPER_VALUE_QUEUE_H_
