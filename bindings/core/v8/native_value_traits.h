// NativeValueTraits<IDLType>: every JS -> C++ conversion of WebIDL §3.2, keyed by the tag
// types of idl_types.h (or by a core class, dictionary, enum or union, which generated
// headers specialize). A generated binding converts with one call per value:
//
//   auto code = NativeValueTraits<IDLClamp<IDLUnsignedShort>>::ArgumentValue(isolate, 0, info[0],
//   es);
//
// NativeValue(isolate, value, es) converts; ArgumentValue(isolate, index, value, es) does the
// same for argument `index` (0-based), naming it in messages where the type does.
#ifndef V8WS_BINDINGS_CORE_V8_NATIVE_VALUE_TRAITS_H_
#define V8WS_BINDINGS_CORE_V8_NATIVE_VALUE_TRAITS_H_

#include <v8.h>

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "bindings/core/v8/event_listener_support.h"
#include "bindings/core/v8/exception_state.h"
#include "bindings/core/v8/idl_types.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/core/v8/wrapper_type_info.h"

namespace v8ws {

template <typename T>
struct IsV8Local : std::false_type {};
template <typename T>
struct IsV8Local<v8::Local<T>> : std::true_type {};

// No definition: converting to a type nobody specialized fails to compile here.
template <typename T, typename SFINAEHelper = void>
struct NativeValueTraits;

// ArgumentValue for the types whose messages do not name the argument.
template <typename Traits>
struct NativeValueTraitsBase {
  static auto ArgumentValue(v8::Isolate* isolate,
                            int /*index*/,
                            v8::Local<v8::Value> value,
                            ExceptionState& es) {
    return Traits::NativeValue(isolate, value, es);
  }
};

#define V8WS_SIMPLE_NATIVE_VALUE_TRAITS(Tag, Impl, expr)                          \
  template <>                                                                     \
  struct NativeValueTraits<Tag> : NativeValueTraitsBase<NativeValueTraits<Tag>> { \
    using ImplType = Impl;                                                        \
    static Impl NativeValue(v8::Isolate* isolate,                                 \
                            v8::Local<v8::Value> value,                           \
                            ExceptionState& es) {                                 \
      (void)es;                                                                   \
      return expr;                                                                \
    }                                                                             \
  }

V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLBoolean, bool, ToBoolean(isolate, value));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLDouble, double, ToDouble(isolate, value, true, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLUnrestrictedDouble, double, ToDouble(isolate, value, false, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLDOMString, std::string, ToDOMString(isolate, value, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLUSVString, std::string, ToUSVString(isolate, value, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLByteString, std::string, ToByteString(isolate, value, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLAny, v8::Local<v8::Value>, value);
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLObject, v8::Local<v8::Object>, ToObject(isolate, value, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLBufferSource, BufferSource, ToBufferSource(isolate, value, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLAllowSharedBufferSource,
                                BufferSource,
                                ToAllowSharedBufferSource(isolate, value, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLArrayBuffer,
                                v8::Local<v8::ArrayBuffer>,
                                ToArrayBuffer(isolate, value, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLArrayBufferView,
                                v8::Local<v8::ArrayBufferView>,
                                ToArrayBufferView(isolate, value, false, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLAllowShared<IDLArrayBufferView>,
                                v8::Local<v8::ArrayBufferView>,
                                ToArrayBufferView(isolate, value, true, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLUint8Array,
                                v8::Local<v8::Uint8Array>,
                                ToUint8Array(isolate, value, false, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLAllowShared<IDLUint8Array>,
                                v8::Local<v8::Uint8Array>,
                                ToUint8Array(isolate, value, true, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLCallbackFunction,
                                v8::Local<v8::Value>,
                                ToCallbackFunction(isolate, value, false, false, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLLegacyCallbackFunction,
                                v8::Local<v8::Value>,
                                ToCallbackFunction(isolate, value, false, true, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLCallbackInterface,
                                v8::Local<v8::Value>,
                                ToCallbackInterface(isolate, value, false, es));
// EventHandler is a nullable [LegacyTreatNonObjectAsNull] callback function (HTML).
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLEventHandler,
                                v8::Local<v8::Value>,
                                ToCallbackFunction(isolate, value, true, true, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLNullable<IDLCallbackFunction>,
                                v8::Local<v8::Value>,
                                ToCallbackFunction(isolate, value, true, false, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLNullable<IDLLegacyCallbackFunction>,
                                v8::Local<v8::Value>,
                                ToCallbackFunction(isolate, value, true, true, es));
V8WS_SIMPLE_NATIVE_VALUE_TRAITS(IDLNullable<IDLCallbackInterface>,
                                v8::Local<v8::Value>,
                                ToCallbackInterface(isolate, value, true, es));
#undef V8WS_SIMPLE_NATIVE_VALUE_TRAITS

// The integer types; [Clamp] and [EnforceRange] pick the out-of-range behaviour.
template <typename T>
struct NativeValueTraits<IDLIntegerType<T>>
    : NativeValueTraitsBase<NativeValueTraits<IDLIntegerType<T>>> {
  using ImplType = T;
  static T NativeValue(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {
    return ToInteger<T>(isolate, value, IntegerConversion::kDefault, es);
  }
};
template <typename T>
struct NativeValueTraits<IDLClamp<IDLIntegerType<T>>>
    : NativeValueTraitsBase<NativeValueTraits<IDLClamp<IDLIntegerType<T>>>> {
  using ImplType = T;
  static T NativeValue(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {
    return ToInteger<T>(isolate, value, IntegerConversion::kClamp, es);
  }
};
template <typename T>
struct NativeValueTraits<IDLEnforceRange<IDLIntegerType<T>>>
    : NativeValueTraitsBase<NativeValueTraits<IDLEnforceRange<IDLIntegerType<T>>>> {
  using ImplType = T;
  static T NativeValue(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {
    return ToInteger<T>(isolate, value, IntegerConversion::kEnforceRange, es);
  }
};

// An interface type, named by its core class: the object behind a wrapper, or TypeError.
template <typename T>
struct NativeValueTraits<T, std::void_t<typename V8TypeOf<T>::Type>> {
  using ImplType = T*;
  static T* NativeValue(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {
    return Convert(isolate, value, es, "The provided value");
  }
  static T* ArgumentValue(v8::Isolate* isolate,
                          int index,
                          v8::Local<v8::Value> value,
                          ExceptionState& es) {
    return Convert(isolate, value, es, "parameter " + std::to_string(index + 1));
  }

 private:
  static T* Convert(v8::Isolate* isolate,
                    v8::Local<v8::Value> value,
                    ExceptionState& es,
                    const std::string& what) {
    return ToImpl<typename V8TypeOf<T>::Type>(isolate, value, es, what.c_str());
  }
};

// sequence<T> (WebIDL §3.2.23).
template <typename T>
struct NativeValueTraits<IDLSequence<T>>
    : NativeValueTraitsBase<NativeValueTraits<IDLSequence<T>>> {
  using ImplType = std::vector<typename NativeValueTraits<T>::ImplType>;
  static ImplType NativeValue(v8::Isolate* isolate,
                              v8::Local<v8::Value> value,
                              ExceptionState& es) {
    return ToSequence(isolate, value, es,
                      [isolate](v8::Local<v8::Value> element, ExceptionState& es) {
                        return NativeValueTraits<T>::NativeValue(isolate, element, es);
                      });
  }
};

// async_sequence<any> (WebIDL, "async sequences"): the object and its method; iterating it is the
// caller's (each value is `any`, so nothing is converted on the way).
template <>
struct NativeValueTraits<IDLAsyncSequence<IDLAny>>
    : NativeValueTraitsBase<NativeValueTraits<IDLAsyncSequence<IDLAny>>> {
  using ImplType = AsyncSequence;
  static AsyncSequence NativeValue(v8::Isolate* isolate,
                                   v8::Local<v8::Value> value,
                                   ExceptionState& es) {
    return ToAsyncSequence(isolate, value, es);
  }
};

// record<K, V> (WebIDL §3.2.22).
template <typename K, typename V>
struct NativeValueTraits<IDLRecord<K, V>>
    : NativeValueTraitsBase<NativeValueTraits<IDLRecord<K, V>>> {
  using ImplType = std::vector<
      std::pair<typename NativeValueTraits<K>::ImplType, typename NativeValueTraits<V>::ImplType>>;
  static ImplType NativeValue(v8::Isolate* isolate,
                              v8::Local<v8::Value> value,
                              ExceptionState& es) {
    return ToRecord(
        isolate, value, es,
        [isolate](v8::Local<v8::Value> key, ExceptionState& es) {
          return NativeValueTraits<K>::NativeValue(isolate, key, es);
        },
        [isolate](v8::Local<v8::Value> element, ExceptionState& es) {
          return NativeValueTraits<V>::NativeValue(isolate, element, es);
        });
  }
};

// T? (WebIDL §3.2.21): null and undefined are null. Pointers carry null as nullptr, JS values
// as the null value; every other type becomes a std::optional.
template <typename T>
struct NativeValueTraits<IDLNullable<T>> {
  using InnerType = typename NativeValueTraits<T>::ImplType;
  static constexpr bool kPointer = std::is_pointer_v<InnerType>;
  static constexpr bool kJSValue = IsV8Local<InnerType>::value;
  using ImplType = std::conditional_t<
      kPointer,
      InnerType,
      std::conditional_t<kJSValue, v8::Local<v8::Value>, std::optional<InnerType>>>;
  static ImplType NativeValue(v8::Isolate* isolate,
                              v8::Local<v8::Value> value,
                              ExceptionState& es) {
    if (value->IsNullOrUndefined())
      return Null(isolate);
    return ImplType(NativeValueTraits<T>::NativeValue(isolate, value, es));
  }
  static ImplType ArgumentValue(v8::Isolate* isolate,
                                int index,
                                v8::Local<v8::Value> value,
                                ExceptionState& es) {
    if (value->IsNullOrUndefined())
      return Null(isolate);
    return ImplType(NativeValueTraits<T>::ArgumentValue(isolate, index, value, es));
  }

 private:
  static ImplType Null(v8::Isolate* isolate) {
    if constexpr (kPointer)
      return nullptr;
    else if constexpr (kJSValue)
      return v8::Null(isolate);
    else
      return std::nullopt;
  }
};

// ---- arguments (WebIDL §3.7.7 step 4) ----

// An optional argument without a default: nullopt (an empty handle for JS values) when
// undefined or missing.
template <typename T>
using OptionalArgument =
    std::conditional_t<IsV8Local<typename NativeValueTraits<T>::ImplType>::value,
                       typename NativeValueTraits<T>::ImplType,
                       std::optional<typename NativeValueTraits<T>::ImplType>>;
template <typename T>
OptionalArgument<T> OptionalArgumentValue(v8::Isolate* isolate,
                                          int index,
                                          const v8::FunctionCallbackInfo<v8::Value>& info,
                                          ExceptionState& es) {
  if (info[index]->IsUndefined())
    return OptionalArgument<T>();
  return OptionalArgument<T>(NativeValueTraits<T>::ArgumentValue(isolate, index, info[index], es));
}

// A variadic argument: every argument from `index` on, each converted.
template <typename T>
std::vector<typename NativeValueTraits<T>::ImplType> VariadicArgumentValues(
    v8::Isolate* isolate,
    int index,
    const v8::FunctionCallbackInfo<v8::Value>& info,
    ExceptionState& es) {
  std::vector<typename NativeValueTraits<T>::ImplType> values;
  for (int i = index; i < info.Length(); ++i) {
    values.push_back(NativeValueTraits<T>::ArgumentValue(isolate, i, info[i], es));
    if (es.HadException())
      break;
  }
  return values;
}

// ---- dictionary members (WebIDL §3.2.17 step 4) ----

// Reads member `name` of `object` into `out` when it is present (not undefined). A failed
// conversion's message names the member, as browsers do. Returns false after an exception.
template <typename T, typename Out>
bool ReadDictionaryMember(v8::Isolate* isolate,
                          v8::Local<v8::Object> object,
                          const char* dictionary,
                          const char* name,
                          bool required,
                          ExceptionState& es,
                          Out& out) {
  v8::Local<v8::Value> member = GetDictionaryMember(isolate, object, name, es);
  if (es.HadException())
    return false;
  if (member->IsUndefined()) {
    if (required) {
      es.ThrowTypeError(std::string("Failed to read the '") + name + "' property from '" +
                        dictionary + "': Required member is undefined.");
      return false;
    }
    return true;
  }
  auto converted = NativeValueTraits<T>::NativeValue(isolate, member, es);
  if (es.HadException()) {
    es.PrefixMessage(std::string("Failed to read the '") + name + "' property from '" + dictionary +
                     "': ");
    return false;
  }
  out = std::move(converted);
  return true;
}

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_NATIVE_VALUE_TRAITS_H_
