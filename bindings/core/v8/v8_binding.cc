// The binding runtime: WebIDL conversions and exceptions.
#include "bindings/core/v8/v8_binding.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "bindings/generated/v8_dom_exception.h"
#include "core/dom/dom_exception.h"
#include "core/execution_context.h"

namespace v8ws {

ScopedExceptionState::~ScopedExceptionState() {
  if (HadException())
    ThrowIntoV8(isolate_, *this);
}

void ThrowIntoV8(v8::Isolate* isolate, const ExceptionState& es) {
  v8::HandleScope scope(isolate);
  v8::Local<v8::String> message = ToV8String(isolate, es.FullMessage());
  switch (es.kind()) {
    case ExceptionKind::kNone:
    case ExceptionKind::kV8Pending:
      return;
    case ExceptionKind::kTypeError:
      isolate->ThrowException(v8::Exception::TypeError(message));
      return;
    case ExceptionKind::kRangeError:
      isolate->ThrowException(v8::Exception::RangeError(message));
      return;
    case ExceptionKind::kDOMException: {
      // The very DOMException interface script sees, so instanceof and the prototype
      // chain hold; the stack is captured like an Error's.
      isolate->ThrowException(NewDOMException(isolate, es.dom_exception_code(), es.FullMessage()));
      return;
    }
  }
}

v8::Local<v8::Object> NewDOMException(v8::Isolate* isolate,
                                      DOMExceptionCode code,
                                      const std::string& message) {
  v8::EscapableHandleScope scope(isolate);
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  auto* exception = new DOMException(message, DOMExceptionName(code));
  return scope.Escape(exception->ToV8(isolate, context));  // the stack is captured there
}

v8::Local<v8::Promise> PromiseResolve(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  // PromiseResolve(%Promise%, x) returns x when it is a promise made by %Promise%; V8 gives
  // no way to read the intrinsic, and reading x.constructor could run script, so every
  // promise counts as one.
  if (value.IsEmpty())
    return v8::Local<v8::Promise>();
  if (value->IsPromise())
    return value.As<v8::Promise>();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Promise::Resolver> resolver = NewPromiseResolver(isolate);
  if (resolver.IsEmpty() || resolver->Resolve(context, value).IsNothing())
    return v8::Local<v8::Promise>();
  return resolver->GetPromise();
}

v8::Local<v8::Promise::Resolver> NewPromiseResolver(v8::Isolate* isolate) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Promise::Resolver> resolver;
  if (v8::Promise::Resolver::New(context).ToLocal(&resolver))
    return resolver;
  ExecutionContext* execution_context = ExecutionContext::From(context);
  return execution_context ? execution_context->StandInResolver()
                           : v8::Local<v8::Promise::Resolver>();
}

v8::Local<v8::Promise> RejectedPromise(v8::Isolate* isolate, v8::Local<v8::Value> reason) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Promise::Resolver> resolver = NewPromiseResolver(isolate);
  if (resolver.IsEmpty())
    return v8::Local<v8::Promise>();
  if (!reason.IsEmpty())
    resolver->Reject(context, reason).IsJust();  // Nothing only while terminating
  return resolver->GetPromise();
}

void ThrowIllegalInvocation(v8::Isolate* isolate) {
  isolate->ThrowException(
      v8::Exception::TypeError(v8::String::NewFromUtf8Literal(isolate, "Illegal invocation")));
}

std::string NotEnoughArguments(int expected, int provided) {
  return std::to_string(expected) + " argument" + (expected == 1 ? "" : "s") +
         " required, but only " + std::to_string(provided) + " present.";
}

void SetUpDOMExceptionInterface(v8::Local<v8::Context> context,
                                v8::Local<v8::Function> interface_object) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::Value> prototype;
  v8::Local<v8::Value> error_prototype;
  v8::Local<v8::String> key = v8::String::NewFromUtf8Literal(isolate, "prototype");
  v8::Local<v8::Value> error = context->Global()
                                   ->Get(context, v8::String::NewFromUtf8Literal(isolate, "Error"))
                                   .ToLocalChecked();
  if (!interface_object->Get(context, key).ToLocal(&prototype) || !error->IsObject() ||
      !error.As<v8::Object>()->Get(context, key).ToLocal(&error_prototype))
    return;
  prototype.As<v8::Object>()->SetPrototype(context, error_prototype).Check();
}

bool ToBoolean(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  return value->BooleanValue(isolate);
}

static bool ToV8StringValue(v8::Isolate* isolate,
                            v8::Local<v8::Value> value,
                            ExceptionState& es,
                            v8::Local<v8::String>* out) {
  if (value->IsString()) {
    *out = value.As<v8::String>();
    return true;
  }
  if (!value->ToString(isolate->GetCurrentContext()).ToLocal(out)) {
    es.RethrowV8Exception();
    return false;
  }
  return true;
}

static std::string Utf8Of(v8::Isolate* isolate, v8::Local<v8::String> string, int flags) {
  std::string out;
  if (string->IsOneByte()) {
    // Latin-1 in one copy instead of V8's two passes (measure, then write): ASCII is its own
    // UTF-8 and every other unit takes two bytes. No surrogates here, so `flags` agree.
    size_t units = static_cast<size_t>(string->Length());
    out.resize(units);
    auto* bytes = reinterpret_cast<uint8_t*>(out.data());
    string->WriteOneByte(isolate, bytes, 0, -1, v8::String::NO_NULL_TERMINATION);
    size_t i = 0;
    uint64_t any = 0;
    for (; i + 8 <= units; i += 8) {  // eight at a time: most text is ASCII
      uint64_t word;
      std::memcpy(&word, bytes + i, 8);
      any |= word;
    }
    for (; i < units; ++i)
      any |= bytes[i];
    if (!(any & 0x8080808080808080ull))
      return out;
    size_t high = 0;
    for (i = 0; i < units; ++i)
      high += bytes[i] >> 7;
    out.resize(units + high);
    bytes = reinterpret_cast<uint8_t*>(out.data());
    for (size_t from = units, to = units + high; from > 0;) {  // back to front, in place
      uint8_t unit = bytes[--from];
      if (unit < 0x80) {
        bytes[--to] = unit;
      } else {
        bytes[--to] = static_cast<uint8_t>(0x80 | (unit & 0x3F));
        bytes[--to] = static_cast<uint8_t>(0xC0 | (unit >> 6));
      }
    }
    return out;
  }
  int length = string->Utf8Length(isolate);
  out.resize(static_cast<size_t>(length));
  string->WriteUtf8(isolate, out.data(), length, nullptr, flags | v8::String::NO_NULL_TERMINATION);
  return out;
}

std::string ToDOMString(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {
  v8::Local<v8::String> string;
  if (!ToV8StringValue(isolate, value, es, &string))
    return std::string();
  // Without REPLACE_INVALID_UTF8, V8 writes a lone surrogate as its 3-byte form (WTF-8).
  return Utf8Of(isolate, string, v8::String::NO_OPTIONS);
}

std::string ToUSVString(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {
  v8::Local<v8::String> string;
  if (!ToV8StringValue(isolate, value, es, &string))
    return std::string();
  return Utf8Of(isolate, string, v8::String::REPLACE_INVALID_UTF8);
}

std::string ToByteString(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {
  v8::Local<v8::String> string;
  if (!ToV8StringValue(isolate, value, es, &string))
    return std::string();
  v8::String::Value units(isolate, string);
  std::string out;
  out.reserve(static_cast<size_t>(units.length()));
  for (int i = 0; i < units.length(); ++i) {
    if ((*units)[i] > 0xFF) {
      es.ThrowTypeError("Value is not a valid ByteString.");
      return std::string();
    }
    out.push_back(static_cast<char>((*units)[i]));
  }
  return out;
}

template <typename T>
T ToInteger(v8::Isolate* isolate,
            v8::Local<v8::Value> value,
            IntegerConversion mode,
            ExceptionState& es) {
  // WebIDL §3.2.4.9 ConvertToInt, steps 1-11.
  constexpr int kBits = sizeof(T) * 8;
  constexpr bool kSigned = std::is_signed<T>::value;
  const double upper =
      kBits == 64 ? 9007199254740991.0 : static_cast<double>(std::numeric_limits<T>::max());
  const double lower = kBits == 64 ? (kSigned ? -9007199254740991.0 : 0.0)
                                   : static_cast<double>(std::numeric_limits<T>::min());
  double x;
  if (value->IsInt32()) {
    x = value.As<v8::Int32>()->Value();
  } else if (!value->NumberValue(isolate->GetCurrentContext()).To(&x)) {
    es.RethrowV8Exception();
    return 0;
  }
  if (x == 0)
    x = 0;  // step 4: -0 becomes +0
  if (mode == IntegerConversion::kEnforceRange) {
    if (std::isnan(x) || std::isinf(x)) {
      es.ThrowTypeError("Value is not a finite number.");
      return 0;
    }
    x = std::trunc(x);
    if (x < lower || x > upper) {
      es.ThrowTypeError("Value is outside the '" + std::string(kSigned ? "" : "unsigned ") +
                        "integer' value range.");
      return 0;
    }
    return static_cast<T>(x);
  }
  if (mode == IntegerConversion::kClamp && !std::isnan(x)) {
    x = std::min(std::max(x, lower), upper);
    x = std::nearbyint(x);  // round half to even under the default rounding mode
    return static_cast<T>(x == 0 ? 0 : x);
  }
  if (std::isnan(x) || std::isinf(x))
    return 0;
  x = std::trunc(x);
  const double modulus = std::ldexp(1.0, kBits);
  x = std::fmod(x, modulus);
  if (x < 0)
    x += modulus;
  if (kSigned && x >= modulus / 2)
    x -= modulus;
  if (kBits == 64) {
    // fmod of a double keeps 53 bits; cast through the unsigned type for the wrap.
    if (kSigned)
      return static_cast<T>(static_cast<int64_t>(x));
    return static_cast<T>(static_cast<uint64_t>(x));
  }
  return static_cast<T>(x);
}

template int8_t ToInteger<int8_t>(v8::Isolate*,
                                  v8::Local<v8::Value>,
                                  IntegerConversion,
                                  ExceptionState&);
template uint8_t ToInteger<uint8_t>(v8::Isolate*,
                                    v8::Local<v8::Value>,
                                    IntegerConversion,
                                    ExceptionState&);
template int16_t ToInteger<int16_t>(v8::Isolate*,
                                    v8::Local<v8::Value>,
                                    IntegerConversion,
                                    ExceptionState&);
template uint16_t ToInteger<uint16_t>(v8::Isolate*,
                                      v8::Local<v8::Value>,
                                      IntegerConversion,
                                      ExceptionState&);
template int32_t ToInteger<int32_t>(v8::Isolate*,
                                    v8::Local<v8::Value>,
                                    IntegerConversion,
                                    ExceptionState&);
template uint32_t ToInteger<uint32_t>(v8::Isolate*,
                                      v8::Local<v8::Value>,
                                      IntegerConversion,
                                      ExceptionState&);
template int64_t ToInteger<int64_t>(v8::Isolate*,
                                    v8::Local<v8::Value>,
                                    IntegerConversion,
                                    ExceptionState&);
template uint64_t ToInteger<uint64_t>(v8::Isolate*,
                                      v8::Local<v8::Value>,
                                      IntegerConversion,
                                      ExceptionState&);

double ToDouble(v8::Isolate* isolate,
                v8::Local<v8::Value> value,
                bool restricted,
                ExceptionState& es) {
  double x;
  if (!value->NumberValue(isolate->GetCurrentContext()).To(&x)) {
    es.RethrowV8Exception();
    return 0;
  }
  if (restricted && !std::isfinite(x)) {
    es.ThrowTypeError("The provided double value is non-finite.");
    return 0;
  }
  return x;
}

v8::Local<v8::Object> ToObject(v8::Isolate* isolate,
                               v8::Local<v8::Value> value,
                               ExceptionState& es) {
  if (!value->IsObject()) {
    es.ThrowTypeError("The provided value is not an object.");
    return v8::Local<v8::Object>();
  }
  return value.As<v8::Object>();
}

namespace {

// GetMethod(object, key) (ECMA-262 §7.3.11) for a conversion: undefined for undefined or null,
// false with the exception in `es` when getting throws or the value is not callable.
bool GetMethodOf(v8::Isolate* isolate,
                 v8::Local<v8::Object> object,
                 v8::Local<v8::Symbol> key,
                 const char* not_callable,
                 v8::Local<v8::Value>* method,
                 ExceptionState& es) {
  if (!object->Get(isolate->GetCurrentContext(), key).ToLocal(method)) {
    es.RethrowV8Exception();
    return false;
  }
  if ((*method)->IsNullOrUndefined()) {
    *method = v8::Undefined(isolate);
  } else if (!(*method)->IsFunction()) {
    es.ThrowTypeError(not_callable);
    return false;
  }
  return true;
}

}  // namespace

AsyncSequence ToAsyncSequence(v8::Isolate* isolate,
                              v8::Local<v8::Value> value,
                              ExceptionState& es) {
  AsyncSequence sequence;
  // Step 1.
  if (!value->IsObject()) {
    es.ThrowTypeError("The provided value cannot be converted to an async sequence.");
    return sequence;
  }
  v8::Local<v8::Object> object = value.As<v8::Object>();
  v8::Local<v8::Value> method;
  // Steps 2-4: @@asyncIterator, else @@iterator.
  if (!GetMethodOf(isolate, object, v8::Symbol::GetAsyncIterator(isolate),
                   "The object's @@asyncIterator property is not callable.", &method, es))
    return sequence;
  if (method->IsUndefined()) {
    if (!GetMethodOf(isolate, object, v8::Symbol::GetIterator(isolate),
                     "The object's @@iterator property is not callable.", &method, es))
      return sequence;
    if (method->IsUndefined()) {
      es.ThrowTypeError("The object must have an @@asyncIterator or @@iterator method.");
      return sequence;
    }
    sequence.sync = true;
  }
  sequence.object = object;
  sequence.method = method.As<v8::Function>();
  return sequence;
}

bool IsBufferSource(v8::Local<v8::Value> value) {
  return value->IsArrayBuffer() || value->IsArrayBufferView();
}

BufferSource ToBufferSource(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {
  BufferSource out;
  if (value->IsArrayBuffer()) {
    v8::Local<v8::ArrayBuffer> buffer = value.As<v8::ArrayBuffer>();
    std::shared_ptr<v8::BackingStore> store = buffer->GetBackingStore();
    out.data = static_cast<const uint8_t*>(store->Data());
    out.size = buffer->ByteLength();
    return out;
  }
  if (value->IsArrayBufferView()) {
    v8::Local<v8::ArrayBufferView> view = value.As<v8::ArrayBufferView>();
    std::shared_ptr<v8::BackingStore> store = view->Buffer()->GetBackingStore();
    out.size = view->ByteLength();
    out.data = out.size ? static_cast<const uint8_t*>(store->Data()) + view->ByteOffset() : nullptr;
    return out;
  }
  es.ThrowTypeError("The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.");
  return out;
}

BufferSource ToAllowSharedBufferSource(v8::Isolate* isolate,
                                       v8::Local<v8::Value> value,
                                       ExceptionState& es) {
  if (value->IsSharedArrayBuffer()) {
    BufferSource out;
    v8::Local<v8::SharedArrayBuffer> buffer = value.As<v8::SharedArrayBuffer>();
    out.size = buffer->ByteLength();
    out.data = out.size ? static_cast<const uint8_t*>(buffer->GetBackingStore()->Data()) : nullptr;
    return out;
  }
  if (!IsBufferSource(value)) {
    es.ThrowTypeError(
        "The provided value is not of type '(ArrayBuffer or SharedArrayBuffer or "
        "ArrayBufferView)'.");
    return BufferSource();
  }
  return ToBufferSource(isolate, value, es);
}

v8::Local<v8::Uint8Array> ToUint8Array(v8::Isolate* isolate,
                                       v8::Local<v8::Value> value,
                                       bool allow_shared,
                                       ExceptionState& es) {
  if (!value->IsUint8Array()) {
    es.ThrowTypeError("The provided value is not of type 'Uint8Array'.");
    return v8::Local<v8::Uint8Array>();
  }
  v8::Local<v8::Uint8Array> array = value.As<v8::Uint8Array>();
  if (!allow_shared && array->Buffer()->GetBackingStore()->IsShared()) {
    es.ThrowTypeError("The provided ArrayBufferView value must not be shared.");
    return v8::Local<v8::Uint8Array>();
  }
  return array;
}

v8::Local<v8::ArrayBuffer> ToArrayBuffer(v8::Isolate* isolate,
                                         v8::Local<v8::Value> value,
                                         ExceptionState& es) {
  // WebIDL §3.2.26 steps 1-2: a SharedArrayBuffer is not an ArrayBuffer.
  if (!value->IsArrayBuffer()) {
    es.ThrowTypeError("The provided value is not of type 'ArrayBuffer'.");
    return v8::Local<v8::ArrayBuffer>();
  }
  return value.As<v8::ArrayBuffer>();
}

v8::Local<v8::ArrayBufferView> ToArrayBufferView(v8::Isolate* isolate,
                                                 v8::Local<v8::Value> value,
                                                 bool allow_shared,
                                                 ExceptionState& es) {
  // WebIDL §3.2.30 steps 1-2.
  if (!value->IsArrayBufferView()) {
    es.ThrowTypeError("The provided value is not of type 'ArrayBufferView'.");
    return v8::Local<v8::ArrayBufferView>();
  }
  v8::Local<v8::ArrayBufferView> view = value.As<v8::ArrayBufferView>();
  if (!allow_shared && view->Buffer()->GetBackingStore()->IsShared()) {
    es.ThrowTypeError("The provided ArrayBufferView value must not be shared.");
    return v8::Local<v8::ArrayBufferView>();
  }
  return view;
}

bool HasIterator(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {
  if (!value->IsObject())
    return false;
  v8::Local<v8::Value> method;
  if (!value.As<v8::Object>()
           ->Get(isolate->GetCurrentContext(), v8::Symbol::GetIterator(isolate))
           .ToLocal(&method)) {
    es.RethrowV8Exception();
    return false;
  }
  return !method->IsUndefined() && !method->IsNull();
}

v8::Local<v8::Value> GetDictionaryMember(v8::Isolate* isolate,
                                         v8::Local<v8::Object> object,
                                         const char* name,
                                         ExceptionState& es) {
  v8::Local<v8::Value> value;
  if (!object->Get(isolate->GetCurrentContext(), ToV8String(isolate, name)).ToLocal(&value)) {
    es.RethrowV8Exception();
    return v8::Undefined(isolate);
  }
  return value;
}

namespace {

// A string of `length` code units fits in V8; else a RangeError, as V8's own would say.
bool FitsInV8String(v8::Isolate* isolate, size_t length) {
  if (length <= static_cast<size_t>(v8::String::kMaxLength))
    return true;
  isolate->ThrowException(
      v8::Exception::RangeError(v8::String::NewFromUtf8Literal(isolate, "Invalid string length")));
  return false;
}

}  // namespace

v8::MaybeLocal<v8::String> NewStringFromUtf16(v8::Isolate* isolate, const std::u16string& value) {
  if (!FitsInV8String(isolate, value.size()))
    return {};
  return v8::String::NewFromTwoByte(isolate, reinterpret_cast<const uint16_t*>(value.data()),
                                    v8::NewStringType::kNormal, static_cast<int>(value.size()));
}

v8::Local<v8::Value> ToV8(v8::Isolate* isolate, const WebString& value) {
  if (!value.is_latin1)
    return NewStringFromUtf16(isolate, value.utf16).FromMaybe(v8::Local<v8::String>());
  if (!FitsInV8String(isolate, value.latin1.size()))
    return {};
  return v8::String::NewFromOneByte(isolate, reinterpret_cast<const uint8_t*>(value.latin1.data()),
                                    v8::NewStringType::kNormal,
                                    static_cast<int>(value.latin1.size()))
      .ToLocalChecked();
}

v8::Local<v8::String> ToV8String(v8::Isolate* isolate, std::string_view wtf8) {
  bool ascii = true;
  bool surrogates = false;
  for (size_t i = 0; i < wtf8.size(); ++i) {
    auto c = static_cast<uint8_t>(wtf8[i]);
    if (c >= 0x80) {
      ascii = false;
      // 0xED 0xA0..0xBF is an encoded surrogate: only WTF-8 has those.
      if (c == 0xED && i + 1 < wtf8.size() && static_cast<uint8_t>(wtf8[i + 1]) >= 0xA0)
        surrogates = true;
    }
  }
  if (ascii) {
    return v8::String::NewFromOneByte(isolate, reinterpret_cast<const uint8_t*>(wtf8.data()),
                                      v8::NewStringType::kNormal, static_cast<int>(wtf8.size()))
        .ToLocalChecked();
  }
  if (!surrogates) {
    return v8::String::NewFromUtf8(isolate, wtf8.data(), v8::NewStringType::kNormal,
                                   static_cast<int>(wtf8.size()))
        .ToLocalChecked();
  }
  std::u16string units;
  units.reserve(wtf8.size());
  for (size_t i = 0; i < wtf8.size();) {
    auto c = static_cast<uint8_t>(wtf8[i]);
    uint32_t cp;
    size_t n;
    if (c < 0x80) {
      cp = c;
      n = 1;
    } else if ((c & 0xE0) == 0xC0 && i + 1 < wtf8.size()) {
      cp = ((c & 0x1Fu) << 6) | (wtf8[i + 1] & 0x3Fu);
      n = 2;
    } else if ((c & 0xF0) == 0xE0 && i + 2 < wtf8.size()) {
      cp = ((c & 0x0Fu) << 12) | ((wtf8[i + 1] & 0x3Fu) << 6) | (wtf8[i + 2] & 0x3Fu);
      n = 3;
    } else if ((c & 0xF8) == 0xF0 && i + 3 < wtf8.size()) {
      cp = ((c & 0x07u) << 18) | ((wtf8[i + 1] & 0x3Fu) << 12) | ((wtf8[i + 2] & 0x3Fu) << 6) |
           (wtf8[i + 3] & 0x3Fu);
      n = 4;
    } else {
      cp = 0xFFFD;
      n = 1;
    }
    if (cp >= 0x10000) {
      units.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      units.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    } else {
      units.push_back(static_cast<char16_t>(cp));
    }
    i += n;
  }
  return v8::String::NewFromTwoByte(isolate, reinterpret_cast<const uint16_t*>(units.data()),
                                    v8::NewStringType::kNormal, static_cast<int>(units.size()))
      .ToLocalChecked();
}

v8::Local<v8::Value> ToV8(v8::Isolate* isolate, ScriptWrappable* object) {
  if (!object)
    return v8::Null(isolate);
  return object->ToV8(isolate, isolate->GetCurrentContext());
}

}  // namespace v8ws
