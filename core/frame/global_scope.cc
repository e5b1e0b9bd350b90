// atob/btoa (HTML §8.3), structuredClone (HTML §2.7.10, §8.9), crypto (Web Crypto §10).
#include "core/frame/global_scope.h"

#include <cstring>
#include <vector>

#include "bindings/core/v8/exception_state.h"
#include "bindings/core/v8/script_wrappable.h"
#include "bindings/core/v8/v8_binding.h"
#include "core/execution_context.h"
#include "core/frame/serializable_objects.h"
#include "net/protocol/handshake.h"
#include "net/protocol/random_source.h"

namespace v8ws {
namespace {

v8::Local<v8::String> Str(v8::Isolate* isolate, const char* s) {
  return v8::String::NewFromUtf8(isolate, s).ToLocalChecked();
}

// The argument as a DOMString's code units (WebIDL: ToString, which throws on a Symbol).
bool CodeUnits(v8::Isolate* isolate,
               v8::Local<v8::Value> value,
               ExceptionState& es,
               std::u16string* out) {
  v8::Local<v8::String> string;
  if (!value->ToString(isolate->GetCurrentContext()).ToLocal(&string)) {
    es.RethrowV8Exception();
    return false;
  }
  out->resize(static_cast<size_t>(string->Length()));
  string->Write(isolate, reinterpret_cast<uint16_t*>(out->data()), 0, -1,
                v8::String::NO_NULL_TERMINATION);
  return true;
}

bool NeedArguments(const v8::FunctionCallbackInfo<v8::Value>& info, int count, ExceptionState& es) {
  if (info.Length() >= count)
    return true;
  es.ThrowTypeError(NotEnoughArguments(count, info.Length()));
  return false;
}

// HTML: btoa(data) — every code unit must be at most U+00FF; those bytes, base64 encoded.
void Btoa(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ScopedExceptionState es(isolate, ExceptionContextType::kOperation, "Window", "btoa");
  std::u16string data;
  if (!NeedArguments(info, 1, es) || !CodeUnits(isolate, info[0], es, &data))
    return;
  std::string bytes(data.size(), '\0');
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] > 0xFF) {
      es.ThrowDOMException(DOMExceptionCode::kInvalidCharacterError,
                           "The string to be encoded contains characters outside of the "
                           "Latin1 range.");
      return;
    }
    bytes[i] = static_cast<char>(data[i]);
  }
  std::string encoded = net::Base64Encode(bytes);
  info.GetReturnValue().Set(
      v8::String::NewFromOneByte(isolate, reinterpret_cast<const uint8_t*>(encoded.data()),
                                 v8::NewStringType::kNormal, static_cast<int>(encoded.size()))
          .ToLocalChecked());
}

// HTML: atob(data) — forgiving-base64 decode; failure is an InvalidCharacterError; each
// byte becomes one code unit.
void Atob(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ScopedExceptionState es(isolate, ExceptionContextType::kOperation, "Window", "atob");
  std::u16string data;
  if (!NeedArguments(info, 1, es) || !CodeUnits(isolate, info[0], es, &data))
    return;
  std::string bytes;
  if (!GlobalScope::ForgivingBase64Decode(data, &bytes)) {
    es.ThrowDOMException(DOMExceptionCode::kInvalidCharacterError,
                         "The string to be decoded is not correctly encoded.");
    return;
  }
  info.GetReturnValue().Set(
      v8::String::NewFromOneByte(isolate, reinterpret_cast<const uint8_t*>(bytes.data()),
                                 v8::NewStringType::kNormal, static_cast<int>(bytes.size()))
          .ToLocalChecked());
}

// The serializer's host hooks: the serializable platform objects (serializable_objects.h) go
// through their own steps; the other platform objects and shared memory are not
// serializable here (HTML: DataCloneError), and errors become DataCloneError DOMExceptions.
class CloneDelegate : public v8::ValueSerializer::Delegate {
 public:
  CloneDelegate(v8::Isolate* isolate, PlatformObjectCloner* cloner)
      : isolate_(isolate), cloner_(cloner) {}
  void set_serializer(v8::ValueSerializer* serializer) { serializer_ = serializer; }
  void ThrowDataCloneError(v8::Local<v8::String> message) override {
    isolate_->ThrowException(NewDOMException(isolate_, DOMExceptionCode::kDataCloneError,
                                             *v8::String::Utf8Value(isolate_, message)));
  }
  // V8 asks for every object with embedder fields: our wrappers.
  v8::Maybe<bool> WriteHostObject(v8::Isolate* isolate, v8::Local<v8::Object> object) override {
    if (cloner_->Write(isolate, serializer_, object))
      return v8::Just(true);
    const WrapperTypeInfo* info = ScriptWrappable::TypeInfoOf(object);
    isolate->ThrowException(NewDOMException(
        isolate, DOMExceptionCode::kDataCloneError,
        std::string(info ? info->interface_name : "An object") + " object could not be cloned."));
    return v8::Nothing<bool>();
  }
  v8::Maybe<uint32_t> GetSharedArrayBufferId(v8::Isolate* isolate,
                                             v8::Local<v8::SharedArrayBuffer>) override {
    // HTML StructuredSerializeInternal: shared memory needs a cross-origin isolated agent
    // cluster, which no v8ws context is.
    isolate->ThrowException(NewDOMException(isolate, DOMExceptionCode::kDataCloneError,
                                            "SharedArrayBuffer cannot be cloned here."));
    return v8::Nothing<uint32_t>();
  }

 private:
  v8::Isolate* isolate_;
  PlatformObjectCloner* cloner_;
  v8::ValueSerializer* serializer_ = nullptr;
};

class CloneReadDelegate : public v8::ValueDeserializer::Delegate {
 public:
  explicit CloneReadDelegate(PlatformObjectCloner* cloner) : cloner_(cloner) {}
  void set_deserializer(v8::ValueDeserializer* deserializer) { deserializer_ = deserializer; }
  v8::MaybeLocal<v8::Object> ReadHostObject(v8::Isolate* isolate) override {
    return cloner_->Read(isolate, deserializer_);
  }

 private:
  PlatformObjectCloner* cloner_;
  v8::ValueDeserializer* deserializer_ = nullptr;
};

// HTML structuredClone(value, { transfer }): StructuredSerializeWithTransfer, then
// StructuredDeserializeWithTransfer in the same realm.
void StructuredClone(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  ScopedExceptionState es(isolate, ExceptionContextType::kOperation, "Window", "structuredClone");
  if (!NeedArguments(info, 1, es))
    return;
  // StructuredSerializeOptions: a dictionary (undefined and null are {}); transfer is a
  // sequence<object>, [] when absent.
  std::vector<v8::Local<v8::Object>> transfer;
  v8::Local<v8::Value> options = info[1];
  if (!options->IsNullOrUndefined()) {
    if (!options->IsObject()) {
      es.ThrowTypeError("The provided value is not of type 'StructuredSerializeOptions'.");
      return;
    }
    v8::Local<v8::Value> list;
    if (!options.As<v8::Object>()->Get(context, Str(isolate, "transfer")).ToLocal(&list)) {
      es.RethrowV8Exception();
      return;
    }
    if (!list->IsUndefined()) {
      transfer =
          ToSequence(isolate, list, es, [&](v8::Local<v8::Value> item, ExceptionState& item_es) {
            if (!item->IsObject()) {
              item_es.ThrowTypeError(
                  "Failed to read the 'transfer' property from "
                  "'StructuredSerializeOptions': The provided value is not "
                  "of type 'object'.");
              return v8::Local<v8::Object>();
            }
            return item.As<v8::Object>();
          });
      if (es.HadException())
        return;
    }
  }
  // StructuredSerializeWithTransfer steps 1-4: only ArrayBuffers transfer here; none twice,
  // none detached (or not detachable).
  std::vector<v8::Local<v8::ArrayBuffer>> buffers;
  for (v8::Local<v8::Object> object : transfer) {
    if (!object->IsArrayBuffer()) {
      es.ThrowDOMException(DOMExceptionCode::kDataCloneError,
                           "Value at index " + std::to_string(buffers.size()) +
                               " does not have a transferable type.");
      return;
    }
    v8::Local<v8::ArrayBuffer> buffer = object.As<v8::ArrayBuffer>();
    for (v8::Local<v8::ArrayBuffer> seen : buffers) {
      if (seen == buffer) {
        es.ThrowDOMException(DOMExceptionCode::kDataCloneError,
                             "ArrayBuffer at index " + std::to_string(buffers.size()) +
                                 " is a duplicate of an earlier ArrayBuffer.");
        return;
      }
    }
    if (!buffer->IsDetachable() || buffer->WasDetached()) {
      es.ThrowDOMException(
          DOMExceptionCode::kDataCloneError,
          "ArrayBuffer at index " + std::to_string(buffers.size()) + " is already detached.");
      return;
    }
    buffers.push_back(buffer);
  }
  PlatformObjectCloner cloner;
  CloneDelegate delegate(isolate, &cloner);
  v8::ValueSerializer serializer(isolate, &delegate);
  delegate.set_serializer(&serializer);
  for (size_t i = 0; i < buffers.size(); ++i)
    serializer.TransferArrayBuffer(static_cast<uint32_t>(i), buffers[i]);
  serializer.WriteHeader();
  bool written = false;
  {
    v8::TryCatch try_catch(isolate);
    written = serializer.WriteValue(context, info[0]).FromMaybe(false);
    if (!written) {
      try_catch.ReThrow();
      return;
    }
  }
  // Step 5.1: a getter run by the serialization may have detached a buffer meanwhile.
  for (size_t i = 0; i < buffers.size(); ++i) {
    if (buffers[i]->WasDetached()) {
      es.ThrowDOMException(DOMExceptionCode::kDataCloneError,
                           "ArrayBuffer at index " + std::to_string(i) + " is already detached.");
      return;
    }
  }
  std::pair<uint8_t*, size_t> data = serializer.Release();
  // Step 5: each transferred buffer's memory moves to a new ArrayBuffer, and the old one
  // is detached.
  std::vector<v8::Local<v8::ArrayBuffer>> moved;
  for (v8::Local<v8::ArrayBuffer> buffer : buffers) {
    std::shared_ptr<v8::BackingStore> store = buffer->GetBackingStore();
    buffer->Detach();
    moved.push_back(v8::ArrayBuffer::New(isolate, store));
  }
  CloneReadDelegate read_delegate(&cloner);
  v8::ValueDeserializer deserializer(isolate, data.first, data.second, &read_delegate);
  read_delegate.set_deserializer(&deserializer);
  for (size_t i = 0; i < moved.size(); ++i)
    deserializer.TransferArrayBuffer(static_cast<uint32_t>(i), moved[i]);
  v8::Local<v8::Value> result;
  bool read = deserializer.ReadHeader(context).FromMaybe(false) &&
              deserializer.ReadValue(context).ToLocal(&result);
  std::free(data.first);
  if (!read) {
    if (!es.HadException())
      es.RethrowV8Exception();
    return;
  }
  info.GetReturnValue().Set(result);
}

// Web Crypto §10.1.1 getRandomValues(array): an integer-typed ArrayBufferView of at most
// 65,536 bytes, filled from the CSPRNG and returned.
void GetRandomValues(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ScopedExceptionState es(isolate, ExceptionContextType::kOperation, "Crypto", "getRandomValues");
  if (!NeedArguments(info, 1, es))
    return;
  v8::Local<v8::Value> value = info[0];
  if (!value->IsArrayBufferView()) {
    es.ThrowTypeError("parameter 1 is not of type 'ArrayBufferView'.");
    return;
  }
  bool integer = value->IsInt8Array() || value->IsUint8Array() || value->IsUint8ClampedArray() ||
                 value->IsInt16Array() || value->IsUint16Array() || value->IsInt32Array() ||
                 value->IsUint32Array() || value->IsBigInt64Array() || value->IsBigUint64Array();
  if (!integer) {
    es.ThrowDOMException(DOMExceptionCode::kTypeMismatchError,
                         "The provided ArrayBufferView is of type '" +
                             std::string(*v8::String::Utf8Value(
                                 isolate, value.As<v8::Object>()->GetConstructorName())) +
                             "', which is not an integer array type.");
    return;
  }
  v8::Local<v8::ArrayBufferView> view = value.As<v8::ArrayBufferView>();
  size_t length = view->ByteLength();
  if (length > 65536) {
    es.ThrowDOMException(DOMExceptionCode::kQuotaExceededError,
                         "The ArrayBufferView's byte length (" + std::to_string(length) +
                             ") exceeds the number of bytes of entropy available via this API "
                             "(65536).");
    return;
  }
  if (length) {
    std::shared_ptr<v8::BackingStore> store = view->Buffer()->GetBackingStore();
    net::RandomBytes(static_cast<uint8_t*>(store->Data()) + view->ByteOffset(), length);
  }
  info.GetReturnValue().Set(value);
}

// Web Crypto §10.1.2 randomUUID(): RFC 4122 §4.4, a version 4 UUID in lower-case hex.
void RandomUUID(const v8::FunctionCallbackInfo<v8::Value>& info) {
  uint8_t bytes[16];
  net::RandomBytes(bytes, sizeof bytes);
  bytes[6] = (bytes[6] & 0x0F) | 0x40;
  bytes[8] = (bytes[8] & 0x3F) | 0x80;
  static const char kHex[] = "0123456789abcdef";
  char text[37];
  size_t at = 0;
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      text[at++] = '-';
    text[at++] = kHex[bytes[i] >> 4];
    text[at++] = kHex[bytes[i] & 15];
  }
  info.GetReturnValue().Set(v8::String::NewFromOneByte(info.GetIsolate(),
                                                       reinterpret_cast<const uint8_t*>(text),
                                                       v8::NewStringType::kNormal, 36)
                                .ToLocalChecked());
}

v8::Local<v8::Function> NewMethod(v8::Local<v8::Context> context,
                                  const char* name,
                                  v8::FunctionCallback callback,
                                  int length) {
  v8::Local<v8::Function> fn = v8::Function::New(context, callback, v8::Local<v8::Value>(), length,
                                                 v8::ConstructorBehavior::kThrow)
                                   .ToLocalChecked();
  fn->SetName(Str(context->GetIsolate(), name));
  return fn;
}

}  // namespace

bool GlobalScope::ForgivingBase64Decode(const std::u16string& input, std::string* out) {
  // Infra: step 1, strip ASCII whitespace.
  std::u16string data;
  for (char16_t c : input) {
    if (c != u'\t' && c != u'\n' && c != u'\f' && c != u'\r' && c != u' ')
      data += c;
  }
  // Step 2: a length divisible by 4 loses one or two trailing '='.
  if (data.size() % 4 == 0) {
    if (!data.empty() && data.back() == u'=')
      data.pop_back();
    if (!data.empty() && data.back() == u'=')
      data.pop_back();
  }
  // Steps 3-4: a remainder of 1 fails, as does anything outside the base64 alphabet.
  if (data.size() % 4 == 1)
    return false;
  out->clear();
  uint32_t buffer = 0;
  int bits = 0;
  for (char16_t c : data) {
    int v;
    if (c >= u'A' && c <= u'Z')
      v = c - u'A';
    else if (c >= u'a' && c <= u'z')
      v = c - u'a' + 26;
    else if (c >= u'0' && c <= u'9')
      v = c - u'0' + 52;
    else if (c == u'+')
      v = 62;
    else if (c == u'/')
      v = 63;
    else
      return false;
    // Steps 6-7: six bits per character; every full byte is output, leftover bits dropped.
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return true;
}

void GlobalScope::Install(ExecutionContext* execution_context, v8::Local<v8::Context> context) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::Object> global = context->Global();
  bool replace = execution_context->options().replace_existing_globals;
  auto define = [&](const char* name, v8::Local<v8::Value> value,
                    v8::PropertyAttribute attributes) {
    v8::Local<v8::String> key = Str(isolate, name);
    if (!replace && global->HasOwnProperty(context, key).FromMaybe(false)) {
      execution_context->AddConsoleMessage(
          ConsoleLevel::kWarn, std::string("v8ws: kept the global's own '") + name +
                                   "' (ContextOptions::replace_existing_globals replaces it)");
      return;
    }
    global->DefineOwnProperty(context, key, value, attributes).Check();
  };
  // WebIDL §3.7.6 operations of the global: writable, enumerable, configurable.
  define("atob", NewMethod(context, "atob", &Atob, 1), v8::None);
  define("btoa", NewMethod(context, "btoa", &Btoa, 1), v8::None);
  define("structuredClone", NewMethod(context, "structuredClone", &StructuredClone, 1), v8::None);

  // `crypto`: a Crypto object ([SecureContext] is not enforced: a shell script has no
  // insecure origin to guard against). Its methods sit on a prototype, as an interface's do.
  v8::Local<v8::Object> prototype = v8::Object::New(isolate);
  prototype
      ->DefineOwnProperty(context, Str(isolate, "getRandomValues"),
                          NewMethod(context, "getRandomValues", &GetRandomValues, 1))
      .Check();
  prototype
      ->DefineOwnProperty(context, Str(isolate, "randomUUID"),
                          NewMethod(context, "randomUUID", &RandomUUID, 0))
      .Check();
  prototype
      ->DefineOwnProperty(context, v8::Symbol::GetToStringTag(isolate), Str(isolate, "Crypto"),
                          v8::ReadOnly)
      .Check();
  v8::Local<v8::Object> crypto = v8::Object::New(isolate);
  crypto->SetPrototype(context, prototype).Check();
  // [Replaceable] readonly attribute in spirit: a plain writable property is the nearest.
  define("crypto", crypto, v8::None);
}

}  // namespace v8ws
