// WrapperTypeInfo: the static description of one generated interface binding.
#ifndef V8WS_BINDINGS_CORE_V8_WRAPPER_TYPE_INFO_H_
#define V8WS_BINDINGS_CORE_V8_WRAPPER_TYPE_INFO_H_

#include <v8.h>

namespace v8ws {

// WebIDL §3.3 [Exposed]: the kinds of global an interface or member is exposed in.
enum ExposureBits : uint32_t {
  kExposedWindow = 1u << 0,
  kExposedDedicatedWorker = 1u << 1,
  kExposedSharedWorker = 1u << 2,
  kExposedServiceWorker = 1u << 3,
  kExposedWorklet = 1u << 4,
  kExposedShadowRealm = 1u << 5,
  kExposedEverywhere = (1u << 6) - 1,
};

struct WrapperTypeInfo {
  // Fills a fresh FunctionTemplate: constructor behaviour, members, constants.
  using InstallFunction = void (*)(v8::Isolate*, v8::Local<v8::FunctionTemplate>);
  // Runs once per context after the interface object exists (e.g. DOMException's
  // prototype chain to Error.prototype).
  using ContextSetupFunction = void (*)(v8::Local<v8::Context>, v8::Local<v8::Function>);

  const char* interface_name;
  const WrapperTypeInfo* parent;
  InstallFunction install;
  ContextSetupFunction context_setup;
  // The globals the interface is exposed in (ExposureBits).
  uint32_t exposure = kExposedEverywhere;

  bool IsSubclassOf(const WrapperTypeInfo* other) const {
    for (const WrapperTypeInfo* t = this; t; t = t->parent) {
      if (t == other)
        return true;
    }
    return false;
  }
};

// Internal fields of every wrapper object.
enum WrapperField : int {
  kWrapperImplField = 0,       // ScriptWrappable*
  kWrapperTypeInfoField = 1,   // const WrapperTypeInfo*
  kWrapperValuesField = 2,     // values the C++ object refers to beyond the slots (traced by GC)
  kWrapperReactionsField = 3,  // promise reactions bound to the object, kept for reuse
  kWrapperFirstSlotField = 4,  // values with keys 1..kWrapperSlotCount, without a Map
  kWrapperSlotCount = 4,
  kWrapperFieldCount = kWrapperFirstSlotField + kWrapperSlotCount,
};

// The generated binding class of core class T: each generated v8_x.h specializes it, so
// NativeValueTraits<T> converts to an interface by its C++ class.
template <typename T>
struct V8TypeOf;

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_WRAPPER_TYPE_INFO_H_
