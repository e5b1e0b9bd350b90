// TextEncoder (Encoding Standard §7.3): strings to UTF-8 bytes.
#ifndef V8WS_CORE_ENCODING_TEXT_ENCODER_H_
#define V8WS_CORE_ENCODING_TEXT_ENCODER_H_

#include <v8.h>

#include <string>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/generated/v8_text_encoder_encode_into_result.h"

namespace v8ws {

class ExecutionContext;
class ExceptionState;

class TextEncoder : public ScriptWrappable {
 public:
  static TextEncoder* Create(ExecutionContext* context, ExceptionState& es);

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL. A USVString arrives as UTF-8 with lone surrogates already U+FFFD: what UTF-8
  // encode gives, byte for byte.
  v8::Local<v8::Uint8Array> encode(v8::Isolate* isolate, const std::string& input);
  TextEncoderEncodeIntoResult encodeInto(v8::Isolate* isolate,
                                         const std::string& source,
                                         v8::Local<v8::Uint8Array> destination);
  std::string encoding() const { return "utf-8"; }

 private:
  TextEncoder() = default;
};

}  // namespace v8ws

#endif  // V8WS_CORE_ENCODING_TEXT_ENCODER_H_
