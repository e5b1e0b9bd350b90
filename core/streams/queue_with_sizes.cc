// Queue-with-sizes, Streams Standard §8.1, step numbers in the comments.
#include "core/streams/queue_with_sizes.h"

#include <cmath>

namespace v8ws::streams {

v8::Local<v8::Array> QueueWithSizes::Values(v8::Isolate* isolate) {
  v8::Local<v8::Value> values = owner_->GetWrapperValue(isolate, key_);
  if (values->IsArray())
    return values.As<v8::Array>();
  v8::Local<v8::Array> array = v8::Array::New(isolate);
  owner_->SetWrapperValue(isolate, key_, array);
  head_ = 0;
  return array;
}

bool QueueWithSizes::Enqueue(v8::Isolate* isolate, v8::Local<v8::Value> value, double size) {
  // EnqueueValueWithSize steps 2-3: a size that is not a non-negative finite number.
  if (!(size >= 0) || std::isinf(size))
    return false;
  v8::Local<v8::Array> values = Values(isolate);
  // Steps 4-5. CreateDataProperty, not Set: a setter the page put on Array.prototype for
  // that index is never reached.
  values
      ->CreateDataProperty(isolate->GetCurrentContext(),
                           head_ + static_cast<uint32_t>(sizes_.size()), value)
      .Check();
  sizes_.push_back(size);
  total_size_ += size;
  return true;
}

v8::Local<v8::Value> QueueWithSizes::Dequeue(v8::Isolate* isolate) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Array> values = Values(isolate);
  // DequeueValue steps 3-5.
  v8::Local<v8::Value> value = values->Get(context, head_).ToLocalChecked();
  values->CreateDataProperty(context, head_, v8::Undefined(isolate)).Check();
  ++head_;
  total_size_ -= sizes_.front();
  sizes_.pop_front();
  // Step 6: rounding errors must not leave a negative total.
  if (total_size_ < 0)
    total_size_ = 0;
  if (sizes_.empty()) {
    // Drained: start a fresh array so the old one's slots are not kept.
    owner_->DeleteWrapperValue(isolate, key_);
    head_ = 0;
  } else if (head_ >= 1024 && head_ >= sizes_.size()) {
    // Compact: move what is left to the front of a new array.
    v8::Local<v8::Array> compacted = v8::Array::New(isolate);
    for (uint32_t i = 0; i < sizes_.size(); ++i) {
      compacted->CreateDataProperty(context, i, values->Get(context, head_ + i).ToLocalChecked())
          .Check();
    }
    owner_->SetWrapperValue(isolate, key_, compacted);
    head_ = 0;
  }
  return value;
}

v8::Local<v8::Value> QueueWithSizes::Peek(v8::Isolate* isolate) {
  return Values(isolate)->Get(isolate->GetCurrentContext(), head_).ToLocalChecked();
}

void QueueWithSizes::Reset(v8::Isolate* isolate) {
  owner_->DeleteWrapperValue(isolate, key_);
  sizes_.clear();
  total_size_ = 0;
  head_ = 0;
}

}  // namespace v8ws::streams
