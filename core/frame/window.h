// The Window global (HTML §7.2) as far as v8ws needs it: the global is a Window, an
// EventTarget whose interface object is `Window`, so that `addEventListener` works on it and
// feature checks (`'Window' in self`, idlharness.js's exposure rules) see a window.
#ifndef V8WS_CORE_FRAME_WINDOW_H_
#define V8WS_CORE_FRAME_WINDOW_H_

#include <v8.h>

#include "core/dom/event_target.h"

namespace v8ws {

class Window final : public EventTarget {
 public:
  // The template a context's global is made from (the isolate's PerIsolateData must exist).
  static v8::Local<v8::ObjectTemplate> GlobalTemplate(v8::Isolate* isolate);
  // Binds a Window to the global of `context` and defines `Window`, `window` and `self`.
  static void InstallGlobal(ExecutionContext* execution_context, v8::Local<v8::Context> context);

  ~Window() override;
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

 protected:
  bool IsGlobalScope() const override { return true; }

 private:
  explicit Window(ExecutionContext* context) : EventTarget(context) {}
  // The global object behind the proxy: it carries the same internal fields, because V8
  // hands it to callbacks as the holder.
  v8::Global<v8::Object> global_object_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_FRAME_WINDOW_H_
