// Serializable platform objects: HTML §2.7.3-2.7.4 as structuredClone() runs them.
#include "core/frame/serializable_objects.h"

#include <string>

#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_blob.h"
#include "bindings/generated/v8_dom_exception.h"
#include "bindings/generated/v8_websocket_error.h"
#include "core/dom/dom_exception.h"
#include "core/websockets/websocket_error.h"

namespace v8ws {
namespace {

enum Tag : uint32_t { kDOMException = 1, kWebSocketError = 2, kBlob = 3 };

void WriteString(v8::ValueSerializer* serializer, const std::string& value) {
  serializer->WriteUint32(static_cast<uint32_t>(value.size()));
  serializer->WriteRawBytes(value.data(), value.size());
}

// A DOMException's stack, which HTML lets the serialization carry: the original's, as a
// string, or none.
void WriteStack(v8::Isolate* isolate,
                v8::ValueSerializer* serializer,
                v8::Local<v8::Object> object) {
  v8::Local<v8::Value> stack;
  v8::TryCatch try_catch(isolate);
  bool has =
      object->Get(isolate->GetCurrentContext(), v8::String::NewFromUtf8Literal(isolate, "stack"))
          .ToLocal(&stack) &&
      stack->IsString();
  serializer->WriteUint32(has ? 1 : 0);
  if (has)
    WriteString(serializer, *v8::String::Utf8Value(isolate, stack));
}

bool ReadString(v8::ValueDeserializer* deserializer, std::string* value) {
  uint32_t size;
  const void* data;
  if (!deserializer->ReadUint32(&size) || !deserializer->ReadRawBytes(size, &data))
    return false;
  value->assign(static_cast<const char*>(data), size);
  return true;
}

}  // namespace

bool PlatformObjectCloner::Write(v8::Isolate* isolate,
                                 v8::ValueSerializer* serializer,
                                 v8::Local<v8::Object> object) {
  const WrapperTypeInfo* info = ScriptWrappable::TypeInfoOf(object);
  ScriptWrappable* impl = ScriptWrappable::FromWrapper(object);
  if (!info || !impl)
    return false;
  if (info == &V8WebSocketError::wrapper_type_info) {
    // The DOMException steps, then the close code and reason.
    auto* error = static_cast<WebSocketError*>(impl);
    serializer->WriteUint32(kWebSocketError);
    WriteString(serializer, error->message());
    serializer->WriteUint32(error->closeCode() ? 1 : 0);
    serializer->WriteUint32(error->closeCode().value_or(0));
    WriteString(serializer, error->reason());
    WriteStack(isolate, serializer, object);
    return true;
  }
  if (info == &V8DOMException::wrapper_type_info) {
    // DOMException's serialization steps: its name and message.
    auto* exception = static_cast<DOMException*>(impl);
    serializer->WriteUint32(kDOMException);
    WriteString(serializer, exception->name());
    WriteString(serializer, exception->message());
    WriteStack(isolate, serializer, object);
    return true;
  }
  if (info == &V8Blob::wrapper_type_info) {
    // Blob's serialization steps: its snapshot state.
    serializer->WriteUint32(kBlob);
    serializer->WriteUint32(static_cast<uint32_t>(blobs_.size()));
    blobs_.push_back(static_cast<Blob*>(impl)->snapshot());
    return true;
  }
  return false;
}

v8::MaybeLocal<v8::Object> PlatformObjectCloner::Read(v8::Isolate* isolate,
                                                      v8::ValueDeserializer* deserializer) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  uint32_t tag;
  bool ok = deserializer->ReadUint32(&tag);
  DOMException* exception = nullptr;
  ScriptWrappable* made = nullptr;
  if (ok && tag == kDOMException) {
    std::string name, message;
    ok = ReadString(deserializer, &name) && ReadString(deserializer, &message);
    if (ok)
      made = exception = new DOMException(message, name);
  } else if (ok && tag == kWebSocketError) {
    std::string message, reason;
    uint32_t has_code = 0, code = 0;
    ok = ReadString(deserializer, &message) && deserializer->ReadUint32(&has_code) &&
         deserializer->ReadUint32(&code) && ReadString(deserializer, &reason) && code <= 0xFFFF;
    if (ok) {
      made = exception = WebSocketError::CreateUnwrapped(
          message, has_code ? std::optional<uint16_t>(static_cast<uint16_t>(code)) : std::nullopt,
          reason);
    }
  } else if (ok && tag == kBlob) {
    uint32_t index;
    ok = deserializer->ReadUint32(&index) && index < blobs_.size();
    if (ok)
      made = Blob::FromSnapshot(blobs_[index]);
  } else {
    ok = false;
  }
  uint32_t has_stack = 0;
  std::string stack;
  if (ok && exception)
    ok = deserializer->ReadUint32(&has_stack) && (!has_stack || ReadString(deserializer, &stack));
  if (!ok) {
    delete made;
    isolate->ThrowException(NewDOMException(isolate, DOMExceptionCode::kDataCloneError,
                                            "Unable to deserialize cloned data."));
    return {};
  }
  // No script may run while V8 deserializes: the copy takes the original's stack as a data
  // property instead of capturing its own.
  if (exception)
    exception->set_capture_stack(false);
  v8::Local<v8::Object> wrapper = made->ToV8(isolate, context);
  if (has_stack) {
    wrapper
        ->CreateDataProperty(context, v8::String::NewFromUtf8Literal(isolate, "stack"),
                             v8::String::NewFromUtf8(isolate, stack.c_str()).ToLocalChecked())
        .Check();
  }
  return wrapper;
}

}  // namespace v8ws
