// ArrayBuffer operations for streams: Streams Standard §8.3 and ECMA-262's CloneArrayBuffer.
#include "core/streams/array_buffer_operations.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace v8ws::streams {

v8::Local<v8::ArrayBuffer> TransferArrayBuffer(v8::Isolate* isolate,
                                               v8::Local<v8::ArrayBuffer> buffer) {
  // TransferArrayBuffer(O) steps 1-6 (DetachArrayBuffer throws for what cannot be detached).
  if (!buffer->IsDetachable() || buffer->WasDetached()) {
    isolate->ThrowException(v8::Exception::TypeError(
        v8::String::NewFromUtf8Literal(isolate, "The buffer cannot be transferred.")));
    return {};
  }
  std::shared_ptr<v8::BackingStore> store = buffer->GetBackingStore();
  buffer->Detach();
  return v8::ArrayBuffer::New(isolate, std::move(store));
}

v8::Local<v8::ArrayBuffer> AllocateArrayBuffer(v8::Isolate* isolate, uint64_t length) {
  void* data = length <= v8::TypedArray::kMaxLength
                   ? std::calloc(static_cast<size_t>(std::max<uint64_t>(length, 1)), 1)
                   : nullptr;
  if (!data) {
    isolate->ThrowException(v8::Exception::RangeError(
        v8::String::NewFromUtf8Literal(isolate, "Array buffer allocation failed")));
    return {};
  }
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      data, static_cast<size_t>(length), [](void* bytes, size_t, void*) { std::free(bytes); },
      nullptr);
  return v8::ArrayBuffer::New(isolate, std::move(store));
}

v8::Local<v8::ArrayBuffer> CloneArrayBuffer(v8::Isolate* isolate,
                                            v8::Local<v8::ArrayBuffer> buffer,
                                            size_t byte_offset,
                                            size_t byte_length) {
  v8::Local<v8::ArrayBuffer> clone = AllocateArrayBuffer(isolate, byte_length);
  if (!clone.IsEmpty() && byte_length) {
    std::memcpy(clone->Data(), static_cast<const uint8_t*>(buffer->Data()) + byte_offset,
                byte_length);
  }
  return clone;
}

v8::Local<v8::Uint8Array> CloneAsUint8Array(v8::Isolate* isolate,
                                            v8::Local<v8::ArrayBufferView> view) {
  // CloneAsUint8Array(O) steps 1-4.
  v8::Local<v8::ArrayBuffer> buffer =
      CloneArrayBuffer(isolate, view->Buffer(), view->ByteOffset(), view->ByteLength());
  if (buffer.IsEmpty())
    return {};
  return v8::Uint8Array::New(buffer, 0, buffer->ByteLength());
}

}  // namespace v8ws::streams
