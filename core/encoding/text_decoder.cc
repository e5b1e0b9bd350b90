#include "core/encoding/text_decoder.h"

#include "bindings/core/v8/exception_state.h"
#include "bindings/generated/v8_text_decoder.h"

namespace v8ws {

TextDecoder* TextDecoder::Create(ExecutionContext*,
                                 const std::string& label,
                                 const TextDecoderOptions& options,
                                 ExceptionState& es) {
  // §7.2 constructor steps 1-2: a label of no encoding, or of replacement, is a
  // RangeError.
  std::optional<encoding::Encoding> found = encoding::GetDecoderEncoding(label);
  if (!found) {
    es.ThrowRangeError(encoding::UnknownLabelMessage(label));
    return nullptr;
  }
  // Steps 3-5.
  return new TextDecoder(*found, options.fatal, options.ignoreBOM);
}

const WrapperTypeInfo* TextDecoder::GetWrapperTypeInfo() const {
  return &V8TextDecoder::wrapper_type_info;
}

WebString TextDecoder::decode(std::optional<BufferSource> input,
                              const TextDecodeOptions& options,
                              ExceptionState& es) {
  // §7.2 decode() step 1: unless the last call was a stream call, start over.
  if (!do_not_flush_)
    decoding_.Reset();
  // Step 2.
  do_not_flush_ = options.stream;
  // Steps 3-5: the input's bytes through the decoder; the end of the queue only when
  // this call does not stream. ASCII that decodes to itself is the bytes themselves.
  const uint8_t* data = input ? input->data : nullptr;
  size_t size = input ? input->size : 0;
  if (decoding_.DecodeAsciiOnly(data, size))
    return WebString::Latin1(std::string(reinterpret_cast<const char*>(data), size));
  std::u16string output;
  if (!decoding_.Decode(data, size, !do_not_flush_, &output)) {
    es.ThrowTypeError(decoding_.ErrorMessage());
    return WebString();
  }
  return WebString::Utf16(std::move(output));
}

}  // namespace v8ws
