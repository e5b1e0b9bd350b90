// TextDecoderStream and TextEncoderStream: Encoding Standard §7.4-7.5, step numbers in the
// comments.
#include "core/encoding/encoding_streams.h"

#include <cstring>
#include <optional>
#include <vector>

#include "bindings/core/v8/exception_state.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_text_decoder_stream.h"
#include "bindings/generated/v8_text_encoder_stream.h"
#include "core/streams/stream_promise.h"
#include "core/streams/transform_stream.h"

namespace v8ws {
namespace {

constexpr uint32_t kTransformKey = 1;

// Enqueues `output` as a string chunk unless it is empty: false with an exception pending.
bool EnqueueString(v8::Isolate* isolate,
                   TransformStreamDefaultController* controller,
                   const std::u16string& output) {
  if (output.empty())
    return true;
  v8::Local<v8::String> chunk;
  if (!NewStringFromUtf16(isolate, output).ToLocal(&chunk))
    return false;
  return controller->Enqueue(isolate, chunk);
}

// The decoder of a TextDecoderStream: "decode and enqueue a chunk" and "flush and enqueue".
class DecoderTransformer final : public TransformerBase {
 public:
  explicit DecoderTransformer(const encoding::Decoding& decoding) : decoding_(decoding) {}

  v8::Local<v8::Promise> Transform(v8::Isolate* isolate,
                                   v8::Local<v8::Value> chunk,
                                   TransformStreamDefaultController* controller) override {
    // Step 1: the chunk as an AllowSharedBufferSource.
    ExceptionState es;
    BufferSource bytes = ToAllowSharedBufferSource(isolate, chunk, es);
    if (es.HadException()) {
      ThrowIntoV8(isolate, es);
      return {};
    }
    // Steps 2-4: its bytes through the decoder, what it gives enqueued.
    return Run(isolate, controller, bytes.data, bytes.size, false);
  }

  v8::Local<v8::Promise> Flush(v8::Isolate* isolate,
                               TransformStreamDefaultController* controller) override {
    return Run(isolate, controller, nullptr, 0, true);
  }

 private:
  v8::Local<v8::Promise> Run(v8::Isolate* isolate,
                             TransformStreamDefaultController* controller,
                             const uint8_t* data,
                             size_t size,
                             bool flush) {
    std::u16string output;
    if (!decoding_.Decode(data, size, flush, &output)) {
      // A fatal decoder's error is a TypeError.
      isolate->ThrowException(v8::Exception::TypeError(
          v8::String::NewFromUtf8(isolate, decoding_.ErrorMessage().c_str()).ToLocalChecked()));
      return {};
    }
    if (!EnqueueString(isolate, controller, output))
      return {};
    return streams::ResolvedWithUndefined(isolate);
  }

  encoding::Decoding decoding_;
};

// The encoder of a TextEncoderStream: "encode and enqueue a chunk" and "encode and flush",
// with its leading surrogate carried from one chunk to the next.
class EncoderTransformer final : public TransformerBase {
 public:
  v8::Local<v8::Promise> Transform(v8::Isolate* isolate,
                                   v8::Local<v8::Value> chunk,
                                   TransformStreamDefaultController* controller) override {
    // Step 1: the chunk as a DOMString (its code units, lone surrogates kept).
    v8::Local<v8::String> input;
    if (!chunk->ToString(isolate->GetCurrentContext()).ToLocal(&input))
      return {};
    std::vector<uint16_t> units(static_cast<size_t>(input->Length()));
    if (!units.empty())
      input->Write(isolate, units.data(), 0, static_cast<int>(units.size()),
                   v8::String::NO_NULL_TERMINATION);
    // Steps 2-4: "convert code unit to scalar value" for each, then UTF-8.
    std::string output;
    for (size_t i = 0; i < units.size(); ++i) {
      uint16_t unit = units[i];
      if (leading_surrogate_) {
        uint16_t lead = leading_surrogate_;
        leading_surrogate_ = 0;
        if (unit >= 0xDC00 && unit <= 0xDFFF) {
          encoding::AppendUtf8(0x10000 + ((lead - 0xD800) << 10) + (unit - 0xDC00), &output);
          continue;
        }
        encoding::AppendUtf8(0xFFFD, &output);  // the unit is taken again below
      }
      if (unit >= 0xD800 && unit <= 0xDBFF)
        leading_surrogate_ = unit;
      else if (unit >= 0xDC00 && unit <= 0xDFFF)
        encoding::AppendUtf8(0xFFFD, &output);
      else
        encoding::AppendUtf8(unit, &output);
    }
    if (!EnqueueBytes(isolate, controller, output))
      return {};
    return streams::ResolvedWithUndefined(isolate);
  }

  v8::Local<v8::Promise> Flush(v8::Isolate* isolate,
                               TransformStreamDefaultController* controller) override {
    // "Encode and flush": a leading surrogate left over is U+FFFD.
    if (leading_surrogate_ && !EnqueueBytes(isolate, controller, "\xEF\xBF\xBD"))
      return {};
    return streams::ResolvedWithUndefined(isolate);
  }

 private:
  static bool EnqueueBytes(v8::Isolate* isolate,
                           TransformStreamDefaultController* controller,
                           const std::string& bytes) {
    if (bytes.empty())
      return true;
    v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, bytes.size());
    std::memcpy(buffer->Data(), bytes.data(), bytes.size());
    return controller->Enqueue(isolate, v8::Uint8Array::New(buffer, 0, bytes.size()));
  }

  uint16_t leading_surrogate_ = 0;
};

}  // namespace

ReadableStream* GenericTransformStream::readable() const {
  return transform_->readable();
}

WritableStream* GenericTransformStream::writable() const {
  return transform_->writable();
}

void GenericTransformStream::SetTransform(v8::Isolate* isolate, TransformStream* transform) {
  transform_ = transform;
  SetWrapperValue(isolate, kTransformKey, transform->GetWrapper(isolate));
}

TextDecoderStream* TextDecoderStream::Create(ExecutionContext*,
                                             const std::string& label,
                                             const TextDecoderOptions& options,
                                             ExceptionState& es) {
  // §7.4 constructor steps 1-2: as TextDecoder's.
  std::optional<encoding::Encoding> found = encoding::GetDecoderEncoding(label);
  if (!found) {
    es.ThrowRangeError(encoding::UnknownLabelMessage(label));
    return nullptr;
  }
  return new TextDecoderStream(*found, options.fatal, options.ignoreBOM);
}

const WrapperTypeInfo* TextDecoderStream::GetWrapperTypeInfo() const {
  return &V8TextDecoderStream::wrapper_type_info;
}

void TextDecoderStream::OnWrapperAssociated(v8::Isolate* isolate) {
  // Steps 3-10: the transform, set up with the decoder's algorithms.
  SetTransform(isolate,
               TransformStream::CreateWithTransformer(isolate, new DecoderTransformer(settings_)));
}

TextEncoderStream* TextEncoderStream::Create(ExecutionContext*, ExceptionState&) {
  return new TextEncoderStream();
}

const WrapperTypeInfo* TextEncoderStream::GetWrapperTypeInfo() const {
  return &V8TextEncoderStream::wrapper_type_info;
}

void TextEncoderStream::OnWrapperAssociated(v8::Isolate* isolate) {
  // §7.5 constructor steps 1-5.
  SetTransform(isolate, TransformStream::CreateWithTransformer(isolate, new EncoderTransformer()));
}

}  // namespace v8ws
