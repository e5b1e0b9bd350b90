// TextDecoderStream and TextEncoderStream (Encoding Standard §7.4, §7.5): a TextDecoder's and a
// TextEncoder's work as a TransformStream, chunk by chunk, with the decoder's and the
// encoder's state (a partial sequence, a leading surrogate) carried between chunks.
#ifndef V8WS_CORE_ENCODING_ENCODING_STREAMS_H_
#define V8WS_CORE_ENCODING_ENCODING_STREAMS_H_

#include <v8.h>

#include <string>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/generated/v8_text_decoder_options.h"
#include "core/encoding/encoding.h"

namespace v8ws {

class ExceptionState;
class ExecutionContext;
class ReadableStream;
class TransformStream;
class WritableStream;

// The GenericTransformStream mixin: the transform's two sides.
class GenericTransformStream : public ScriptWrappable {
 public:
  // IDL
  ReadableStream* readable() const;
  WritableStream* writable() const;

 protected:
  // The transform, kept in this object's wrapper.
  void SetTransform(v8::Isolate* isolate, TransformStream* transform);

 private:
  TransformStream* transform_ = nullptr;
};

class TextDecoderStream final : public GenericTransformStream {
 public:
  static TextDecoderStream* Create(ExecutionContext* context,
                                   const std::string& label,
                                   const TextDecoderOptions& options,
                                   ExceptionState& es);
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  std::string encoding() const { return encoding::Name(settings_.encoding()); }
  bool fatal() const { return settings_.fatal(); }
  bool ignoreBOM() const { return settings_.ignore_bom(); }

 protected:
  void OnWrapperAssociated(v8::Isolate* isolate) override;

 private:
  TextDecoderStream(encoding::Encoding encoding, bool fatal, bool ignore_bom)
      : settings_(encoding, fatal, ignore_bom) {}

  encoding::Decoding settings_;  // copied into the transformer, which decodes
};

class TextEncoderStream final : public GenericTransformStream {
 public:
  static TextEncoderStream* Create(ExecutionContext* context, ExceptionState& es);
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  std::string encoding() const { return "utf-8"; }

 protected:
  void OnWrapperAssociated(v8::Isolate* isolate) override;

 private:
  TextEncoderStream() = default;
};

}  // namespace v8ws

#endif  // V8WS_CORE_ENCODING_ENCODING_STREAMS_H_
