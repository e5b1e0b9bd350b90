// The operations HTML's WindowOrWorkerGlobalScope mixin and Web Crypto put on every global:
// atob() and btoa() (forgiving-base64), structuredClone() (V8's serializer, ArrayBuffers
// transferable), and `crypto` with getRandomValues() and randomUUID() on the kernel's CSPRNG.
// Written by hand until the generator has interface mixins and ArrayBufferView (issue 12).
#ifndef V8WS_CORE_FRAME_GLOBAL_SCOPE_H_
#define V8WS_CORE_FRAME_GLOBAL_SCOPE_H_

#include <v8.h>

#include <string>

namespace v8ws {

class ExecutionContext;

class GlobalScope {
 public:
  // Defines atob, btoa, structuredClone and crypto on the global of `context`, keeping a
  // host's own of the same name unless the options say to replace it.
  static void Install(ExecutionContext* execution_context, v8::Local<v8::Context> context);

  // Infra's forgiving-base64 decode: false on failure.
  static bool ForgivingBase64Decode(const std::u16string& input, std::string* out);
};

}  // namespace v8ws

#endif  // V8WS_CORE_FRAME_GLOBAL_SCOPE_H_
