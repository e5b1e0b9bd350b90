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

std::string TextDecoder::decode(std::optional<BufferSource> input,
                                const TextDecodeOptions& options,
                                ExceptionState& es) {
  // §7.2 decode() step 1: unless the last call was a stream call, start over.
  if (!do_not_flush_)
    decoding_.Reset();
  // Step 2.
  do_not_flush_ = options.stream;
  // Steps 3-5: the input's bytes through the decoder; the end of the queue only when
  // this call does not stream.
  std::string output;
  bool ok = input ? decoding_.Decode(input->data, input->size, !do_not_flush_, &output)
                  : decoding_.Decode(nullptr, 0, !do_not_flush_, &output);
  if (!ok) {
    es.ThrowTypeError(decoding_.ErrorMessage());
    return std::string();
  }
  return output;
}

}  // namespace v8ws
