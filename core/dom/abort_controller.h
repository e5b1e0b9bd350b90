// AbortController (DOM Standard §3.1): owns one AbortSignal and aborts it.
#ifndef V8WS_CORE_DOM_ABORT_CONTROLLER_H_
#define V8WS_CORE_DOM_ABORT_CONTROLLER_H_

#include "bindings/core/v8/script_wrappable.h"

namespace v8ws {

class AbortSignal;
class ExceptionState;
class ExecutionContext;

class AbortController final : public ScriptWrappable {
 public:
  static AbortController* Create(ExecutionContext* context, ExceptionState& es);

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  AbortSignal* signal() const { return signal_; }
  void abort(v8::Isolate* isolate, v8::Local<v8::Value> reason);

 protected:
  void OnWrapperAssociated(v8::Isolate* isolate) override;

 private:
  explicit AbortController(ExecutionContext* context) : context_(context) {}
  ExecutionContext* context_;
  // Owned by its wrapper, which this object's wrapper keeps alive ([SameObject]).
  AbortSignal* signal_ = nullptr;
};

}  // namespace v8ws

#endif  // V8WS_CORE_DOM_ABORT_CONTROLLER_H_
