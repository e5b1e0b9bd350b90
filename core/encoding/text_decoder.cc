#include "core/encoding/text_decoder.h"

#include "bindings/core/v8/exception_state.h"
#include "bindings/generated/v8_text_decoder.h"

namespace v8ws {

TextDecoder* TextDecoder::Create(ExecutionContext*,
                                 const std::string& label,
                                 const TextDecoderOptions& options,
                                 ExceptionState& es) {
  // §7.2 constructor steps 1-2: a label of no encoding (or of "replacement") is a
  // RangeError. Of the Standard's encodings v8ws decodes UTF-8 and UTF-16 so far; the
  // legacy ones are a RangeError too, and the message says so.
  std::optional<encoding::Encoding> found = encoding::GetEncoding(label);
  if (!found) {
    es.ThrowRangeError("The encoding label provided ('" + label +
                       "') is invalid, or names an encoding v8ws does not decode yet "
                       "(it decodes utf-8, utf-16le and utf-16be).");
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
  if (!do_not_flush_) {
    decoder_ = encoding::Decoder(encoding_);
    bom_seen_ = false;
  }
  // Step 2.
  do_not_flush_ = options.stream;
  // Steps 3-5: the input's bytes through the decoder; the end of the queue only when
  // this call does not stream.
  std::string output;
  bool ok = input ? decoder_.Decode(input->data, input->size, !do_not_flush_, &output)
                  : decoder_.Decode(nullptr, 0, !do_not_flush_, &output);
  if (!ok && fatal_) {
    es.ThrowTypeError("The encoded data was not valid for encoding " +
                      std::string(encoding::Name(encoding_)));
    return std::string();
  }
  // §7.1 "serialize I/O queue": the first code point of the stream, if U+FEFF, is a BOM.
  if (!ignore_bom_ && !bom_seen_ && !output.empty()) {
    bom_seen_ = true;
    if (output.compare(0, 3, "\xEF\xBB\xBF") == 0)
      output.erase(0, 3);
  }
  return output;
}

}  // namespace v8ws
