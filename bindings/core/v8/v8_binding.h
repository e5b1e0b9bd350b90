// The binding runtime: WebIDL conversions (JS -> C++ and back) and throwing into V8.
// Generated bindings are short lists of calls into this file.
#ifndef V8WS_BINDINGS_CORE_V8_V8_BINDING_H_
#define V8WS_BINDINGS_CORE_V8_V8_BINDING_H_

#include <v8.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "bindings/core/v8/exception_state.h"
#include "bindings/core/v8/per_isolate_data.h"
#include "bindings/core/v8/script_wrappable.h"

namespace v8ws {

// An ExceptionState for a binding callback: whatever it recorded is thrown into V8
// when the callback returns.
class ScopedExceptionState : public ExceptionState {
 public:
  ScopedExceptionState(v8::Isolate* isolate,
                       ExceptionContextType type,
                       const char* interface_name,
                       const char* member_name)
      : ExceptionState(type, interface_name, member_name), isolate_(isolate) {}
  ~ScopedExceptionState() override;

 private:
  v8::Isolate* isolate_;
};

// Throws what `es` recorded: a DOMException made by the constructor script sees, or a
// TypeError/RangeError. Does nothing for kV8Pending (already thrown).
void ThrowIntoV8(v8::Isolate* isolate, const ExceptionState& es);
// "Illegal invocation" for a receiver that is not an instance of the interface.
void ThrowIllegalInvocation(v8::Isolate* isolate);
// A new DOMException in the current context, with a stack like an Error's.
v8::Local<v8::Object> NewDOMException(v8::Isolate* isolate,
                                      DOMExceptionCode code,
                                      const std::string& message);
// "A promise resolved with" `value` (WebIDL §3.2.25, ECMAScript PromiseResolve): a promise
// itself, anything else in a new promise of the current context, thenables adopted.
v8::Local<v8::Promise> PromiseResolve(v8::Isolate* isolate, v8::Local<v8::Value> value);
// A new promise resolver in the current context; while execution terminates, when V8 makes
// none, the context's stand-in (ExecutionContext::StandInResolver).
v8::Local<v8::Promise::Resolver> NewPromiseResolver(v8::Isolate* isolate);
// A promise rejected with `reason`, in the current context.
v8::Local<v8::Promise> RejectedPromise(v8::Isolate* isolate, v8::Local<v8::Value> reason);
std::string NotEnoughArguments(int expected, int provided);
// WebIDL §3.14.1: DOMException.prototype's [[Prototype]] is %Error.prototype%.
void SetUpDOMExceptionInterface(v8::Local<v8::Context> context,
                                v8::Local<v8::Function> interface_object);

// ---- JS -> C++ (WebIDL §3.2) ----

enum class IntegerConversion { kDefault, kEnforceRange, kClamp };

bool ToBoolean(v8::Isolate* isolate, v8::Local<v8::Value> value);
// DOMString as WTF-8: lone surrogates survive the round trip through ToV8String.
std::string ToDOMString(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es);
// USVString as UTF-8: lone surrogates become U+FFFD (WebIDL §3.2.12).
std::string ToUSVString(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es);
// ByteString: TypeError for a code unit above 0xFF; the bytes are the code units.
std::string ToByteString(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es);
// The integer types, by ConvertToInt (WebIDL §3.2.4.9).
template <typename T>
T ToInteger(v8::Isolate* isolate,
            v8::Local<v8::Value> value,
            IntegerConversion mode,
            ExceptionState& es);
// double (restricted: NaN and infinities throw) and unrestricted double.
double ToDouble(v8::Isolate* isolate,
                v8::Local<v8::Value> value,
                bool restricted,
                ExceptionState& es);
v8::Local<v8::Object> ToObject(v8::Isolate* isolate,
                               v8::Local<v8::Value> value,
                               ExceptionState& es);

// An IDL async_sequence<T> value (WebIDL, "async sequences"): the object, the method that opens it,
// and whether that is its @@iterator (its iterator is then wrapped by CreateAsyncFromSyncIterator).
struct AsyncSequence {
  v8::Local<v8::Object> object;
  v8::Local<v8::Function> method;
  bool sync = false;
};
// The conversion to async_sequence<T>: a non-object, or an object with neither
// @@asyncIterator nor @@iterator, is a TypeError.
AsyncSequence ToAsyncSequence(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es);

// A view of the bytes of an ArrayBuffer or ArrayBufferView, valid during the call.
struct BufferSource {
  const uint8_t* data = nullptr;
  size_t size = 0;
};
bool IsBufferSource(v8::Local<v8::Value> value);
BufferSource ToBufferSource(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es);
// AllowSharedBufferSource: BufferSource, or a SharedArrayBuffer (or a view on one).
BufferSource ToAllowSharedBufferSource(v8::Isolate* isolate,
                                       v8::Local<v8::Value> value,
                                       ExceptionState& es);
// Uint8Array (WebIDL §3.2.31): a view on shared memory only with [AllowShared].
v8::Local<v8::Uint8Array> ToUint8Array(v8::Isolate* isolate,
                                       v8::Local<v8::Value> value,
                                       bool allow_shared,
                                       ExceptionState& es);

// ArrayBuffer (WebIDL §3.2.26): not a SharedArrayBuffer.
v8::Local<v8::ArrayBuffer> ToArrayBuffer(v8::Isolate* isolate,
                                         v8::Local<v8::Value> value,
                                         ExceptionState& es);
// ArrayBufferView (§3.2.30): any typed array or DataView; on shared memory only with
// [AllowShared].
v8::Local<v8::ArrayBufferView> ToArrayBufferView(v8::Isolate* isolate,
                                                 v8::Local<v8::Value> value,
                                                 bool allow_shared,
                                                 ExceptionState& es);

// An interface type: the C++ object behind a wrapper of T's interface, or TypeError.
template <typename V8T>
typename V8T::ImplType* ToImpl(v8::Isolate* isolate,
                               v8::Local<v8::Value> value,
                               ExceptionState& es,
                               const char* what) {
  if (ScriptWrappable* impl =
          PerIsolateData::From(isolate)->InstanceOf(&V8T::wrapper_type_info, value))
    return static_cast<typename V8T::ImplType*>(impl);
  es.ThrowTypeError(std::string(what) + " is not of type '" +
                    V8T::wrapper_type_info.interface_name + "'.");
  return nullptr;
}

// sequence<T> (WebIDL §3.2.23): iterates with @@iterator; `convert` turns one element.
template <typename Convert>
auto ToSequence(v8::Isolate* isolate,
                v8::Local<v8::Value> value,
                ExceptionState& es,
                Convert convert) -> std::vector<decltype(convert(value, es))>;
// WebIDL §3.2.22 record<K, V>: the object's own enumerable keys in order, each converted
// with `convert_key` (a string type) and its value with `convert_value`; a repeated key
// keeps its first position and its last value.
template <typename ConvertKey, typename ConvertValue>
auto ToRecord(v8::Isolate* isolate,
              v8::Local<v8::Value> value,
              ExceptionState& es,
              ConvertKey convert_key,
              ConvertValue convert_value)
    -> std::vector<std::pair<decltype(convert_key(value, es)), decltype(convert_value(value, es))>>;
// True when `value` is an object with a callable @@iterator (the union test for sequences).
bool HasIterator(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es);

// Reads dictionary member `name` of `object` (undefined when absent).
v8::Local<v8::Value> GetDictionaryMember(v8::Isolate* isolate,
                                         v8::Local<v8::Object> object,
                                         const char* name,
                                         ExceptionState& es);

// ---- C++ -> JS ----

v8::Local<v8::String> ToV8String(v8::Isolate* isolate, std::string_view wtf8);
inline v8::Local<v8::Value> ToV8(v8::Isolate* isolate, bool value) {
  return v8::Boolean::New(isolate, value);
}
inline v8::Local<v8::Value> ToV8(v8::Isolate* isolate, uint16_t value) {
  return v8::Integer::NewFromUnsigned(isolate, value);
}
inline v8::Local<v8::Value> ToV8(v8::Isolate* isolate, uint32_t value) {
  return v8::Integer::NewFromUnsigned(isolate, value);
}
inline v8::Local<v8::Value> ToV8(v8::Isolate* isolate, int32_t value) {
  return v8::Integer::New(isolate, value);
}
inline v8::Local<v8::Value> ToV8(v8::Isolate* isolate, int8_t value) {
  return v8::Integer::New(isolate, value);
}
inline v8::Local<v8::Value> ToV8(v8::Isolate* isolate, uint8_t value) {
  return v8::Integer::NewFromUnsigned(isolate, value);
}
inline v8::Local<v8::Value> ToV8(v8::Isolate* isolate, int16_t value) {
  return v8::Integer::New(isolate, value);
}
// WebIDL §3.2.9-10: long long values become Numbers (exact up to 2^53).
inline v8::Local<v8::Value> ToV8(v8::Isolate* isolate, int64_t value) {
  return v8::Number::New(isolate, static_cast<double>(value));
}
inline v8::Local<v8::Value> ToV8(v8::Isolate* isolate, uint64_t value) {
  return v8::Number::New(isolate, static_cast<double>(value));
}
inline v8::Local<v8::Value> ToV8(v8::Isolate* isolate, double value) {
  return v8::Number::New(isolate, value);
}
inline v8::Local<v8::Value> ToV8(v8::Isolate* isolate, const std::string& value) {
  return ToV8String(isolate, value);
}
// UTF-16 as it is (V8 stores it in one byte per character when it can). Longer than a V8
// string can be: a RangeError thrown, and an empty handle.
v8::MaybeLocal<v8::String> NewStringFromUtf16(v8::Isolate* isolate, const std::u16string& value);
// A string result as its maker has it, as Blink's String is: UTF-16 code units, or Latin-1
// (each byte one code unit, as V8's one-byte strings are), so that neither is widened,
// narrowed or scanned again on its way into V8.
struct WebString {
  static WebString Latin1(std::string bytes) { return {std::move(bytes), {}, true}; }
  static WebString Utf16(std::u16string units) { return {{}, std::move(units), false}; }
  std::string latin1;
  std::u16string utf16;
  bool is_latin1 = false;
};
v8::Local<v8::Value> ToV8(v8::Isolate* isolate, const WebString& value);
inline v8::Local<v8::Value> ToV8(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  return value;
}
v8::Local<v8::Value> ToV8(v8::Isolate* isolate, ScriptWrappable* object);
template <typename T>
v8::Local<v8::Value> ToV8(v8::Isolate* isolate, const std::vector<T>& values) {
  v8::Local<v8::Array> array = v8::Array::New(isolate, static_cast<int>(values.size()));
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  for (size_t i = 0; i < values.size(); ++i)
    array->Set(context, static_cast<uint32_t>(i), ToV8(isolate, values[i])).Check();
  return array;
}

// ---- template definitions ----

template <typename Convert>
auto ToSequence(v8::Isolate* isolate,
                v8::Local<v8::Value> value,
                ExceptionState& es,
                Convert convert) -> std::vector<decltype(convert(value, es))> {
  using Element = decltype(convert(value, es));
  std::vector<Element> result;
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (!value->IsObject()) {
    es.ThrowTypeError("The provided value cannot be converted to a sequence.");
    return result;
  }
  v8::Local<v8::Object> object = value.As<v8::Object>();
  v8::Local<v8::Value> method;
  if (!object->Get(context, v8::Symbol::GetIterator(isolate)).ToLocal(&method)) {
    es.RethrowV8Exception();
    return result;
  }
  if (!method->IsFunction()) {
    es.ThrowTypeError("The object must have a callable @@iterator property.");
    return result;
  }
  v8::Local<v8::Value> iterator_value;
  if (!method.As<v8::Function>()->Call(context, object, 0, nullptr).ToLocal(&iterator_value)) {
    es.RethrowV8Exception();
    return result;
  }
  if (!iterator_value->IsObject()) {
    es.ThrowTypeError("The iterator is not an object.");
    return result;
  }
  v8::Local<v8::Object> iterator = iterator_value.As<v8::Object>();
  v8::Local<v8::Value> next;
  if (!iterator->Get(context, v8::String::NewFromUtf8Literal(isolate, "next")).ToLocal(&next)) {
    es.RethrowV8Exception();
    return result;
  }
  if (!next->IsFunction()) {
    es.ThrowTypeError("The iterator's next is not callable.");
    return result;
  }
  for (;;) {
    v8::Local<v8::Value> step;
    if (!next.As<v8::Function>()->Call(context, iterator, 0, nullptr).ToLocal(&step)) {
      es.RethrowV8Exception();
      return result;
    }
    if (!step->IsObject()) {
      es.ThrowTypeError("The iterator result is not an object.");
      return result;
    }
    v8::Local<v8::Value> done;
    if (!step.As<v8::Object>()
             ->Get(context, v8::String::NewFromUtf8Literal(isolate, "done"))
             .ToLocal(&done)) {
      es.RethrowV8Exception();
      return result;
    }
    if (done->BooleanValue(isolate))
      return result;
    v8::Local<v8::Value> element;
    if (!step.As<v8::Object>()
             ->Get(context, v8::String::NewFromUtf8Literal(isolate, "value"))
             .ToLocal(&element)) {
      es.RethrowV8Exception();
      return result;
    }
    result.push_back(convert(element, es));
    if (es.HadException())
      return result;
  }
}

template <typename ConvertKey, typename ConvertValue>
auto ToRecord(v8::Isolate* isolate,
              v8::Local<v8::Value> value,
              ExceptionState& es,
              ConvertKey convert_key,
              ConvertValue convert_value)
    -> std::vector<
        std::pair<decltype(convert_key(value, es)), decltype(convert_value(value, es))>> {
  std::vector<std::pair<decltype(convert_key(value, es)), decltype(convert_value(value, es))>>
      result;
  // Step 1.
  if (!value->IsObject()) {
    es.ThrowTypeError("The provided value cannot be converted to a record.");
    return result;
  }
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Object> object = value.As<v8::Object>();
  // Step 3: [[OwnPropertyKeys]], symbols included (converting one to a string throws).
  v8::Local<v8::Array> keys;
  if (!object
           ->GetPropertyNames(context, v8::KeyCollectionMode::kOwnOnly, v8::ALL_PROPERTIES,
                              v8::IndexFilter::kIncludeIndices,
                              v8::KeyConversionMode::kConvertToString)
           .ToLocal(&keys)) {
    es.RethrowV8Exception();
    return result;
  }
  for (uint32_t i = 0; i < keys->Length(); ++i) {
    v8::Local<v8::Value> key;
    v8::Local<v8::Value> descriptor;
    if (!keys->Get(context, i).ToLocal(&key) ||
        !object->GetOwnPropertyDescriptor(context, key.As<v8::Name>()).ToLocal(&descriptor)) {
      es.RethrowV8Exception();
      return result;
    }
    // Step 4.2: only present, enumerable properties.
    if (descriptor->IsUndefined())
      continue;
    v8::Local<v8::Value> enumerable;
    if (!descriptor.As<v8::Object>()
             ->Get(context, v8::String::NewFromUtf8Literal(isolate, "enumerable"))
             .ToLocal(&enumerable)) {
      es.RethrowV8Exception();
      return result;
    }
    if (!enumerable->BooleanValue(isolate))
      continue;
    auto typed_key = convert_key(key, es);
    if (es.HadException())
      return result;
    v8::Local<v8::Value> raw;
    if (!object->Get(context, key).ToLocal(&raw)) {
      es.RethrowV8Exception();
      return result;
    }
    auto typed_value = convert_value(raw, es);
    if (es.HadException())
      return result;
    bool replaced = false;
    for (auto& entry : result) {
      if (entry.first == typed_key) {
        entry.second = std::move(typed_value);
        replaced = true;
        break;
      }
    }
    if (!replaced)
      result.emplace_back(std::move(typed_key), std::move(typed_value));
  }
  return result;
}

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_V8_BINDING_H_
