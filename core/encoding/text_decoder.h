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
  std::string decode(std::optional<BufferSource> input,
                     const TextDecodeOptions& options,
                     ExceptionState& es);
  std::string encoding() const { return encoding::Name(encoding_); }
  bool fatal() const { return fatal_; }
  bool ignoreBOM() const { return ignore_bom_; }

 private:
  TextDecoder(encoding::Encoding encoding, bool fatal, bool ignore_bom)
      : encoding_(encoding), fatal_(fatal), ignore_bom_(ignore_bom), decoder_(encoding) {}

  encoding::Encoding encoding_;
  bool fatal_;
  bool ignore_bom_;
  encoding::Decoder decoder_;
  bool do_not_flush_ = false;
  bool bom_seen_ = false;
};

}  // namespace v8ws

#endif  // V8WS_CORE_ENCODING_TEXT_DECODER_H_
