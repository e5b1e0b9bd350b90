#include "core/encoding/text_encoder.h"

#include <cstring>

#include "bindings/generated/v8_text_encoder.h"

namespace v8ws {

TextEncoder* TextEncoder::Create(ExecutionContext*, ExceptionState&) {
  return new TextEncoder();
}

const WrapperTypeInfo* TextEncoder::GetWrapperTypeInfo() const {
  return &V8TextEncoder::wrapper_type_info;
}

v8::Local<v8::Uint8Array> TextEncoder::encode(v8::Isolate* isolate, const std::string& input) {
  // §7.3 encode(): UTF-8 encode the scalar values into a new Uint8Array.
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, input.size());
  if (!input.empty())
    std::memcpy(buffer->GetBackingStore()->Data(), input.data(), input.size());
  return v8::Uint8Array::New(buffer, 0, input.size());
}

TextEncoderEncodeIntoResult TextEncoder::encodeInto(v8::Isolate*,
                                                    const std::string& source,
                                                    v8::Local<v8::Uint8Array> destination) {
  // §7.3 encodeInto(): whole scalar values while they fit; `read` counts UTF-16 code units
  // (two for a value past U+FFFF), `written` bytes.
  size_t capacity = destination->ByteLength();
  uint8_t* out = capacity
                     ? static_cast<uint8_t*>(destination->Buffer()->GetBackingStore()->Data()) +
                           destination->ByteOffset()
                     : nullptr;
  uint64_t read = 0;
  size_t written = 0;
  for (size_t i = 0; i < source.size();) {
    auto lead = static_cast<uint8_t>(source[i]);
    size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (written + length > capacity)
      break;
    std::memcpy(out + written, source.data() + i, length);
    written += length;
    i += length;
    read += length == 4 ? 2 : 1;
  }
  TextEncoderEncodeIntoResult result;
  result.read = read;
  result.written = written;
  return result;
}

}  // namespace v8ws
