// TextDecoder (Encoding Standard §7.2): bytes of one encoding to a string, in one call or
// as a stream across calls ({stream: true}).
#ifndef V8WS_CORE_ENCODING_TEXT_DECODER_H_
#define V8WS_CORE_ENCODING_TEXT_DECODER_H_

#include <optional>
#include <string>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_text_decode_options.h"
#include "bindings/generated/v8_text_decoder_options.h"
#include "core/encoding/encoding.h"

namespace v8ws {

class ExecutionContext;
class ExceptionState;

class TextDecoder : public ScriptWrappable {
 public:
  static TextDecoder* Create(ExecutionContext* context,
                             const std::string& label,
                             const TextDecoderOptions& options,
                             ExceptionState& es);

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  // UTF-16, or Latin-1 when the input was ASCII, which the binding hands to V8 as it is.
  WebString decode(std::optional<BufferSource> input,
                   const TextDecodeOptions& options,
                   ExceptionState& es);
  std::string encoding() const { return encoding::Name(decoding_.encoding()); }
  bool fatal() const { return decoding_.fatal(); }
  bool ignoreBOM() const { return decoding_.ignore_bom(); }

 private:
  TextDecoder(encoding::Encoding encoding, bool fatal, bool ignore_bom)
      : decoding_(encoding, fatal, ignore_bom) {}

  encoding::Decoding decoding_;
  bool do_not_flush_ = false;
};

}  // namespace v8ws

#endif  // V8WS_CORE_ENCODING_TEXT_DECODER_H_
