// ScriptWrappable: the base of every C++ object that script can hold through a wrapper.
#ifndef V8WS_BINDINGS_CORE_V8_SCRIPT_WRAPPABLE_H_
#define V8WS_BINDINGS_CORE_V8_SCRIPT_WRAPPABLE_H_

#include <v8.h>

#include <cstdint>

#include "bindings/core/v8/wrapper_type_info.h"

namespace v8ws {

class ExecutionContext;
class WrapperRegistry;

// Ownership: the wrapper owns the C++ object. The wrapper handle is weak, so when script
// drops the last reference the object is deleted after GC; an object that the spec says must
// survive (a connecting WebSocket with listeners, say) makes its handle strong with
// SetHasPendingActivity(true). JS values the object refers to (listeners, event data) live in
// the wrapper (internal fields, then a Map), so reference cycles through them stay
// collectable.
class ScriptWrappable {
 public:
  ScriptWrappable() = default;
  ScriptWrappable(const ScriptWrappable&) = delete;
  ScriptWrappable& operator=(const ScriptWrappable&) = delete;
  virtual ~ScriptWrappable();

  virtual const WrapperTypeInfo* GetWrapperTypeInfo() const = 0;

  // The wrapper in `context`, created on first use. Objects of one context never
  // move to another.
  v8::Local<v8::Object> ToV8(v8::Isolate* isolate, v8::Local<v8::Context> context);
  bool HasWrapper() const { return !wrapper_.IsEmpty(); }
  v8::Local<v8::Object> GetWrapper(v8::Isolate* isolate) const { return wrapper_.Get(isolate); }
  // Binds a new object to a wrapper made by a constructor call (`new X()` from script). So
  // a constructor's Create must not give the object a wrapper of its own: set-up that
  // stores values in the wrapper belongs in OnWrapperAssociated.
  void AssociateWithWrapper(v8::Isolate* isolate, v8::Local<v8::Object> wrapper);

  void SetHasPendingActivity(bool pending);
  bool HasPendingActivity() const { return pending_activity_; }

  // Values kept alive by the wrapper (the wrapper must exist).
  void SetWrapperValue(v8::Isolate* isolate, uint32_t key, v8::Local<v8::Value> value);
  v8::Local<v8::Value> GetWrapperValue(v8::Isolate* isolate, uint32_t key) const;
  void DeleteWrapperValue(v8::Isolate* isolate, uint32_t key);
  // What the streams' promise reactions keep for reuse (stream_promise.cc): undefined until
  // set; the wrapper must exist.
  v8::Local<v8::Value> GetReactionCache(v8::Isolate* isolate) const;
  void SetReactionCache(v8::Isolate* isolate, v8::Local<v8::Object> cache);

  // nullptr when `object` is not a wrapper, or is one whose C++ object is gone.
  static ScriptWrappable* FromWrapper(v8::Local<v8::Object> object);
  static const WrapperTypeInfo* TypeInfoOf(v8::Local<v8::Object> object);

 protected:
  // The wrapper now exists: values held until then can move into it.
  virtual void OnWrapperAssociated(v8::Isolate* isolate) {}

 private:
  friend class WrapperRegistry;
  // `execution_context` is the wrapper's creation context's (null: not a v8ws context).
  void Associate(v8::Isolate* isolate,
                 v8::Local<v8::Object> wrapper,
                 ExecutionContext* execution_context);
  static void FirstWeakCallback(const v8::WeakCallbackInfo<ScriptWrappable>& info);
  static void SecondWeakCallback(const v8::WeakCallbackInfo<ScriptWrappable>& info);
  void UpdateHandleStrength();
  // Cuts the wrapper loose before the registry deletes this object at context tear-down.
  void DetachWrapper(v8::Isolate* isolate);

  v8::Global<v8::Object> wrapper_;
  WrapperRegistry* registry_ = nullptr;
  ScriptWrappable* registry_prev_ = nullptr;  // the registry's list
  ScriptWrappable* registry_next_ = nullptr;
  bool pending_activity_ = false;
};

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_SCRIPT_WRAPPABLE_H_
