// Streams Standard §8.1 "Queue-with-sizes": the controller's [[queue]] and
// [[queueTotalSize]]. The values live in the owner's wrapper (so the garbage collector sees
// them and cycles through them stay collectable); their sizes live here.
#ifndef V8WS_CORE_STREAMS_QUEUE_WITH_SIZES_H_
#define V8WS_CORE_STREAMS_QUEUE_WITH_SIZES_H_

#include <v8.h>

#include <cstdint>
#include <deque>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/core/v8/wrapper_value_queue.h"

namespace v8ws::streams {

class QueueWithSizes {
 public:
  // `owner` holds the values under wrapper value `key`.
  QueueWithSizes(ScriptWrappable* owner, uint32_t key) : values_(owner, key) {}

  bool empty() const { return sizes_.empty(); }
  size_t size() const { return sizes_.size(); }
  double total_size() const { return total_size_; }

  // EnqueueValueWithSize: false (and nothing queued) when `size` is not a finite,
  // non-negative number; the caller throws the RangeError.
  bool Enqueue(v8::Isolate* isolate, v8::Local<v8::Value> value, double size);
  // DequeueValue (the queue must not be empty).
  v8::Local<v8::Value> Dequeue(v8::Isolate* isolate);
  // PeekQueueValue (not empty).
  v8::Local<v8::Value> Peek(v8::Isolate* isolate);
  // ResetQueue.
  void Reset(v8::Isolate* isolate);

 private:
  WrapperValueQueue values_;
  std::deque<double> sizes_;
  double total_size_ = 0;
};

}  // namespace v8ws::streams

#endif  // V8WS_CORE_STREAMS_QUEUE_WITH_SIZES_H_
