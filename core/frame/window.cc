// Window: the global's template, interface object and wrapper.
#include "core/frame/window.h"

#include "bindings/core/v8/per_isolate_data.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_event_target.h"
#include "core/execution_context.h"
#include "core/url/url.h"

namespace v8ws {
namespace {

void IllegalConstructor(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  isolate->ThrowException(
      v8::Exception::TypeError(v8::String::NewFromUtf8Literal(isolate, "Illegal constructor")));
}

// HTML §8.1.8.2 GlobalEventHandlers' onerror, an OnErrorEventHandler: [Global] puts it on
// the global itself. Getter and setter follow the other event handler attributes.
void OnErrorGetter(const v8::FunctionCallbackInfo<v8::Value>& info) {
  EventTarget* impl = V8EventTarget::ToImpl(info.Holder());
  if (!impl) {
    ThrowIllegalInvocation(info.GetIsolate());
    return;
  }
  info.GetReturnValue().Set(impl->GetEventHandler(info.GetIsolate(), "error"));
}

void OnErrorSetter(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  EventTarget* impl = V8EventTarget::ToImpl(info.Holder());
  if (!impl) {
    ThrowIllegalInvocation(isolate);
    return;
  }
  // [LegacyTreatNonObjectAsNull]: a non-object becomes null.
  impl->SetEventHandler(isolate, "error",
                        info[0]->IsObject() ? info[0] : v8::Null(isolate).As<v8::Value>());
}

// Window's own members here are the interface name and onerror.
void InstallWindowTemplate(v8::Isolate* isolate, v8::Local<v8::FunctionTemplate> tmpl) {
  tmpl->SetCallHandler(&IllegalConstructor);
  tmpl->SetClassName(v8::String::NewFromUtf8Literal(isolate, "Window"));
  tmpl->SetLength(0);
  tmpl->ReadOnlyPrototype();
  // WebIDL §3.7.3: each interface prototype object has its own @@toStringTag.
  tmpl->PrototypeTemplate()->Set(v8::Symbol::GetToStringTag(isolate),
                                 v8::String::NewFromUtf8Literal(isolate, "Window"),
                                 static_cast<v8::PropertyAttribute>(v8::ReadOnly | v8::DontEnum));
  // WebIDL §3.8: a [Global] object's [[SetPrototypeOf]] is that of an immutable prototype
  // exotic object.
  tmpl->InstanceTemplate()->SetImmutableProto();
  v8::Local<v8::Signature> signature = v8::Signature::New(isolate, tmpl);
  v8::Local<v8::FunctionTemplate> getter =
      v8::FunctionTemplate::New(isolate, OnErrorGetter, v8::Local<v8::Value>(), signature, 0,
                                v8::ConstructorBehavior::kThrow);
  getter->SetClassName(v8::String::NewFromUtf8Literal(isolate, "get onerror"));
  v8::Local<v8::FunctionTemplate> setter =
      v8::FunctionTemplate::New(isolate, OnErrorSetter, v8::Local<v8::Value>(), signature, 1,
                                v8::ConstructorBehavior::kThrow);
  setter->SetClassName(v8::String::NewFromUtf8Literal(isolate, "set onerror"));
  tmpl->InstanceTemplate()->SetAccessorProperty(v8::String::NewFromUtf8Literal(isolate, "onerror"),
                                                getter, setter);
}

void ReturnData(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(info.Data());
}

// Navigation: a shell has no document to replace.
void ThrowNavigationNotSupported(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  isolate->ThrowException(NewDOMException(isolate, DOMExceptionCode::kNotSupportedError,
                                          "Navigation is not supported here."));
}

// HTML §7.2.4 Location, read-only: the parts of the base URL as accessors (as its
// [LegacyUnforgeable] members are), toString() giving href, and every way to navigate
// throwing NotSupportedError, as Deno's does.
v8::Local<v8::Object> NewLocation(v8::Local<v8::Context> context, const Url& url) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::Object> location = v8::Object::New(isolate);
  std::string host = url.host.value_or("");
  std::string port = url.port ? std::to_string(*url.port) : "";
  std::string search = url.query && !url.query->empty() ? "?" + *url.query : "";
  std::string hash = url.fragment && !url.fragment->empty() ? "#" + *url.fragment : "";
  const std::pair<const char*, std::string> parts[] = {
      {"href", url.Serialize()},
      {"origin", url.SerializeOrigin()},
      {"protocol", url.scheme + ":"},
      {"host", port.empty() ? host : host + ":" + port},
      {"hostname", host},
      {"port", port},
      {"pathname", url.SerializePath()},
      {"search", search},
      {"hash", hash},
  };
  v8::Local<v8::Function> setter =
      v8::Function::New(context, ThrowNavigationNotSupported, v8::Local<v8::Value>(), 1,
                        v8::ConstructorBehavior::kThrow)
          .ToLocalChecked();
  for (const auto& [name, value] : parts) {
    v8::Local<v8::Function> getter =
        v8::Function::New(context, ReturnData, ToV8String(isolate, value), 0,
                          v8::ConstructorBehavior::kThrow)
            .ToLocalChecked();
    location->SetAccessorProperty(
        ToV8String(isolate, name), getter,
        std::string(name) == "origin" ? v8::Local<v8::Function>() : setter,
        static_cast<v8::PropertyAttribute>(v8::DontDelete));
  }
  auto method = [&](const char* name, v8::FunctionCallback callback, v8::Local<v8::Value> data,
                    int length) {
    v8::Local<v8::Function> fn =
        v8::Function::New(context, callback, data, length, v8::ConstructorBehavior::kThrow)
            .ToLocalChecked();
    fn->SetName(ToV8String(isolate, name));
    location
        ->DefineOwnProperty(context, ToV8String(isolate, name), fn,
                            static_cast<v8::PropertyAttribute>(v8::ReadOnly | v8::DontDelete))
        .Check();
  };
  method("toString", ReturnData, ToV8String(isolate, url.Serialize()), 0);
  method("assign", ThrowNavigationNotSupported, v8::Local<v8::Value>(), 1);
  method("replace", ThrowNavigationNotSupported, v8::Local<v8::Value>(), 1);
  method("reload", ThrowNavigationNotSupported, v8::Local<v8::Value>(), 0);
  location
      ->DefineOwnProperty(context, v8::Symbol::GetToStringTag(isolate),
                          v8::String::NewFromUtf8Literal(isolate, "Location"),
                          static_cast<v8::PropertyAttribute>(v8::ReadOnly | v8::DontEnum))
      .Check();
  location->SetIntegrityLevel(context, v8::IntegrityLevel::kFrozen).Check();
  return location;
}

const WrapperTypeInfo kWindowTypeInfo = {"Window", &V8EventTarget::wrapper_type_info,
                                         &InstallWindowTemplate, nullptr};

}  // namespace

v8::Local<v8::ObjectTemplate> Window::GlobalTemplate(v8::Isolate* isolate) {
  return PerIsolateData::From(isolate)->TemplateFor(&kWindowTypeInfo)->InstanceTemplate();
}

void Window::InstallGlobal(ExecutionContext* execution_context, v8::Local<v8::Context> context) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::Function> interface_object = PerIsolateData::From(isolate)
                                                 ->TemplateFor(&kWindowTypeInfo)
                                                 ->GetFunction(context)
                                                 .ToLocalChecked();
  v8::Local<v8::Function> event_target = PerIsolateData::From(isolate)
                                             ->TemplateFor(&V8EventTarget::wrapper_type_info)
                                             ->GetFunction(context)
                                             .ToLocalChecked();
  interface_object->SetPrototype(context, event_target).Check();
  v8::Local<v8::Object> global = context->Global();
  global->DefineOwnProperty(context, ToV8String(isolate, "Window"), interface_object, v8::DontEnum)
      .Check();

  // Script sees the global proxy (event.target === globalThis); V8 passes the global object
  // behind it as the holder of accessor and method calls, so both carry the fields.
  auto* window = new Window(execution_context);
  window->AssociateWithWrapper(isolate, global);
  v8::Local<v8::Object> global_object = global->GetPrototype().As<v8::Object>();
  global_object->SetAlignedPointerInInternalField(kWrapperImplField, window);
  global_object->SetAlignedPointerInInternalField(kWrapperTypeInfoField,
                                                  const_cast<WrapperTypeInfo*>(&kWindowTypeInfo));
  window->global_object_.Reset(isolate, global_object);
  execution_context->set_window(window);

  // HTML: `window` is [LegacyUnforgeable] and `self` [Replaceable]; in a browser both are
  // accessors, data properties are enough here.
  global
      ->DefineOwnProperty(context, ToV8String(isolate, "window"), global,
                          static_cast<v8::PropertyAttribute>(v8::ReadOnly | v8::DontDelete))
      .Check();
  global->DefineOwnProperty(context, ToV8String(isolate, "self"), global).Check();

  // `location` exists only with a base URL to describe (Deno: only with --location).
  if (std::optional<Url> base = ParseUrl(execution_context->options().base_url)) {
    global
        ->DefineOwnProperty(context, ToV8String(isolate, "location"), NewLocation(context, *base),
                            static_cast<v8::PropertyAttribute>(v8::ReadOnly | v8::DontDelete))
        .Check();
  }
}

Window::~Window() {
  GetExecutionContext()->set_window(nullptr);
  if (global_object_.IsEmpty())
    return;
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  v8::HandleScope scope(isolate);
  global_object_.Get(isolate)->SetAlignedPointerInInternalField(kWrapperImplField, nullptr);
  global_object_.Reset();
}

const WrapperTypeInfo* Window::GetWrapperTypeInfo() const {
  return &kWindowTypeInfo;
}

}  // namespace v8ws
