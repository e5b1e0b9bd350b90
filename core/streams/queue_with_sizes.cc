// Queue-with-sizes, Streams Standard §8.1, step numbers in the comments.
#include "core/streams/queue_with_sizes.h"

#include <cmath>

namespace v8ws::streams {

bool QueueWithSizes::Enqueue(v8::Isolate* isolate, v8::Local<v8::Value> value, double size) {
  // EnqueueValueWithSize steps 2-3: a size that is not a non-negative finite number.
  if (!(size >= 0) || std::isinf(size))
    return false;
  // Steps 4-5. Internal fields, not an array: nothing the page put on Array.prototype is
  // reached.
  if (!values_.Push(isolate, value))
    return true;  // execution is terminating: nothing will dequeue it
  sizes_.push_back(size);
  total_size_ += size;
  return true;
}

v8::Local<v8::Value> QueueWithSizes::Dequeue(v8::Isolate* isolate) {
  // DequeueValue steps 3-5.
  v8::Local<v8::Value> value = values_.Pop(isolate);
  total_size_ -= sizes_.front();
  sizes_.pop_front();
  // Step 6: rounding errors must not leave a negative total.
  if (total_size_ < 0)
    total_size_ = 0;
  return value;
}

v8::Local<v8::Value> QueueWithSizes::Peek(v8::Isolate* isolate) {
  return values_.Front(isolate);
}

void QueueWithSizes::Reset(v8::Isolate* isolate) {
  values_.Clear(isolate);
  sizes_.clear();
  total_size_ = 0;
}

}  // namespace v8ws::streams
