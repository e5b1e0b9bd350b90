// WrapperValueQueue: a FIFO of JS values in a chain of internal-field segments.
#include "bindings/core/v8/wrapper_value_queue.h"

#include "bindings/core/v8/per_isolate_data.h"

namespace v8ws {

namespace {

constexpr int kSegmentValues = 16;
constexpr int kNextField = kSegmentValues;      // the next segment
constexpr int kTailField = kSegmentValues + 1;  // in the head segment: the last segment
const char kSegmentTemplateKey = 0;

void FillSegmentTemplate(v8::Isolate*, v8::Local<v8::ObjectTemplate> tmpl) {
  tmpl->SetInternalFieldCount(kSegmentValues + 2);
}

// Empty only while execution is being terminated.
v8::Local<v8::Object> NewSegment(v8::Isolate* isolate) {
  v8::Local<v8::Object> segment;
  if (!PerIsolateData::From(isolate)
           ->ObjectTemplateFor(&kSegmentTemplateKey, FillSegmentTemplate)
           ->NewInstance(isolate->GetCurrentContext())
           .ToLocal(&segment))
    return v8::Local<v8::Object>();
  return segment;
}

}  // namespace

v8::Local<v8::Object> WrapperValueQueue::Head(v8::Isolate* isolate) const {
  return owner_->GetWrapperValue(isolate, key_).As<v8::Object>();
}

bool WrapperValueQueue::Push(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  v8::Local<v8::Value> held = owner_->GetWrapperValue(isolate, key_);
  v8::Local<v8::Object> head;
  if (held->IsObject()) {
    head = held.As<v8::Object>();
  } else {
    head = NewSegment(isolate);
    if (head.IsEmpty())
      return false;
    owner_->SetWrapperValue(isolate, key_, head);
    head_index_ = tail_index_ = 0;
    chained_ = false;
  }
  v8::Local<v8::Object> tail =
      chained_ ? head->GetInternalField(kTailField).As<v8::Object>() : head;
  if (tail_index_ == kSegmentValues) {
    v8::Local<v8::Object> segment = NewSegment(isolate);
    if (segment.IsEmpty())
      return false;
    tail->SetInternalField(kNextField, segment);
    head->SetInternalField(kTailField, segment);
    chained_ = true;
    tail = segment;
    tail_index_ = 0;
  }
  tail->SetInternalField(tail_index_++, value);
  ++size_;
  return true;
}

v8::Local<v8::Value> WrapperValueQueue::Front(v8::Isolate* isolate) const {
  if (size_ == 0)
    return v8::Undefined(isolate);
  return Head(isolate)->GetInternalField(head_index_);
}

v8::Local<v8::Value> WrapperValueQueue::Pop(v8::Isolate* isolate) {
  if (size_ == 0)
    return v8::Undefined(isolate);
  v8::Local<v8::Object> head = Head(isolate);
  v8::Local<v8::Value> value = head->GetInternalField(head_index_);
  // The field lets go of the value: a queue never keeps what it handed out.
  head->SetInternalField(head_index_++, v8::Undefined(isolate));
  if (--size_ == 0) {
    // Drained: this segment is the only one (the tail cannot be past the head's values
    // while none are left), and takes the next values from its start.
    head_index_ = tail_index_ = 0;
  } else if (head_index_ == kSegmentValues) {
    // The head segment is spent: the next one becomes the head, keeping the tail unless
    // it is that next one.
    v8::Local<v8::Object> next = head->GetInternalField(kNextField).As<v8::Object>();
    v8::Local<v8::Value> last = head->GetInternalField(kTailField);
    chained_ = !last->StrictEquals(next);
    if (chained_)
      next->SetInternalField(kTailField, last);
    owner_->SetWrapperValue(isolate, key_, next);
    head_index_ = 0;
  }
  return value;
}

void WrapperValueQueue::Clear(v8::Isolate* isolate) {
  if (owner_->HasWrapper())
    owner_->DeleteWrapperValue(isolate, key_);
  size_ = 0;
  head_index_ = tail_index_ = 0;
  chained_ = false;
}

}  // namespace v8ws
