// IDLMemberInstaller: the property of each IDL member, as WebIDL §3.7 defines it.
#include "bindings/core/v8/idl_member_installer.h"

#include <string>

namespace v8ws {

namespace {

v8::Local<v8::String> Name(v8::Isolate* isolate, const char* name) {
  return v8::String::NewFromUtf8(isolate, name, v8::NewStringType::kInternalized).ToLocalChecked();
}

}  // namespace

void IDLMemberInstaller::InstallConstants(v8::Isolate* isolate,
                                          v8::Local<v8::FunctionTemplate> interface_template,
                                          const ConstantConfig* constants,
                                          size_t count) {
  v8::Local<v8::ObjectTemplate> prototype = interface_template->PrototypeTemplate();
  const auto attributes = static_cast<v8::PropertyAttribute>(v8::ReadOnly | v8::DontDelete);
  for (size_t i = 0; i < count; ++i) {
    v8::Local<v8::Number> value = v8::Number::New(isolate, constants[i].value);
    interface_template->Set(Name(isolate, constants[i].name), value, attributes);
    prototype->Set(Name(isolate, constants[i].name), value, attributes);
  }
}

void IDLMemberInstaller::InstallAttributes(v8::Isolate* isolate,
                                           v8::Local<v8::ObjectTemplate> target,
                                           v8::Local<v8::Signature> signature,
                                           const AttributeConfig* attributes,
                                           size_t count,
                                           bool unforgeable) {
  for (size_t i = 0; i < count; ++i) {
    const AttributeConfig& attribute = attributes[i];
    // §3.7.6: the getter's name is "get <name>" and its length 0; the setter's "set <name>",
    // length 1.
    v8::Local<v8::FunctionTemplate> getter = v8::FunctionTemplate::New(
        isolate, attribute.getter, v8::Local<v8::Value>(),
        attribute.getter_receiver == ReceiverCheck::kBySignature ? signature
                                                                 : v8::Local<v8::Signature>(),
        0, v8::ConstructorBehavior::kThrow, v8::SideEffectType::kHasNoSideEffect);
    getter->SetClassName(Name(isolate, ("get " + std::string(attribute.name)).c_str()));
    v8::Local<v8::FunctionTemplate> setter;
    if (attribute.setter) {
      setter = v8::FunctionTemplate::New(isolate, attribute.setter, v8::Local<v8::Value>(),
                                         signature, 1, v8::ConstructorBehavior::kThrow);
      setter->SetClassName(Name(isolate, ("set " + std::string(attribute.name)).c_str()));
    }
    target->SetAccessorProperty(Name(isolate, attribute.name), getter, setter,
                                unforgeable ? v8::DontDelete : v8::None);
  }
}

v8::Local<v8::FunctionTemplate> IDLMemberInstaller::InstallOperation(
    v8::Isolate* isolate,
    v8::Local<v8::Template> target,
    v8::Local<v8::Signature> signature,
    const OperationConfig& operation) {
  v8::Local<v8::FunctionTemplate> function = v8::FunctionTemplate::New(
      isolate, operation.callback, v8::Local<v8::Value>(),
      operation.receiver == ReceiverCheck::kBySignature ? signature : v8::Local<v8::Signature>(),
      operation.length, v8::ConstructorBehavior::kThrow);
  function->SetClassName(Name(isolate, operation.name));
  target->Set(Name(isolate, operation.name), function);
  return function;
}

void IDLMemberInstaller::InstallOperations(v8::Isolate* isolate,
                                           v8::Local<v8::Template> target,
                                           v8::Local<v8::Signature> signature,
                                           const OperationConfig* operations,
                                           size_t count) {
  for (size_t i = 0; i < count; ++i)
    InstallOperation(isolate, target, signature, operations[i]);
}

namespace {

v8::Local<v8::Object> NewNamespaceObject(v8::Local<v8::Context> context,
                                         const NamespaceConfig& config) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::Object> object = v8::Object::New(isolate);
  for (size_t i = 0; i < config.count; ++i) {
    const OperationConfig& operation = config.operations[i];
    v8::Local<v8::Function> function =
        v8::Function::New(context, operation.callback, v8::Local<v8::Value>(), operation.length,
                          v8::ConstructorBehavior::kThrow)
            .ToLocalChecked();
    v8::Local<v8::String> name = v8::String::NewFromUtf8(isolate, operation.name).ToLocalChecked();
    function->SetName(name);
    object->CreateDataProperty(context, name, function).Check();
  }
  object
      ->DefineOwnProperty(context, v8::Symbol::GetToStringTag(isolate),
                          v8::String::NewFromUtf8(isolate, config.name).ToLocalChecked(),
                          static_cast<v8::PropertyAttribute>(v8::ReadOnly | v8::DontEnum))
      .Check();
  if (config.set_up)
    config.set_up(context, object);
  return object;
}

// The global's lazy data property: made in the global's own context, whichever reads it.
void NamespaceGetter(v8::Local<v8::Name>, const v8::PropertyCallbackInfo<v8::Value>& info) {
  auto* config = static_cast<const NamespaceConfig*>(info.Data().As<v8::External>()->Value());
  v8::Local<v8::Context> context;
  if (!info.Holder()->GetCreationContext().ToLocal(&context))
    context = info.GetIsolate()->GetCurrentContext();
  info.GetReturnValue().Set(NewNamespaceObject(context, *config));
}

}  // namespace

void IDLMemberInstaller::InstallNamespace(v8::Local<v8::Context> context,
                                          const NamespaceConfig& config) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::Object> global = context->Global();
  v8::Local<v8::String> name = v8::String::NewFromUtf8(isolate, config.name).ToLocalChecked();
  // A property of that name already there (V8's own console) goes first.
  global->Delete(context, name).Check();
  global
      ->SetLazyDataProperty(context, name, NamespaceGetter,
                            v8::External::New(isolate, const_cast<NamespaceConfig*>(&config)),
                            v8::DontEnum)
      .Check();
}

void IDLMemberInstaller::InstallPairIterator(v8::Isolate* isolate,
                                             v8::Local<v8::ObjectTemplate> prototype,
                                             v8::Local<v8::Signature> signature,
                                             v8::FunctionCallback entries,
                                             v8::FunctionCallback keys,
                                             v8::FunctionCallback values,
                                             v8::FunctionCallback for_each) {
  v8::Local<v8::FunctionTemplate> entries_function =
      InstallOperation(isolate, prototype, signature, {"entries", entries, 0});
  InstallOperation(isolate, prototype, signature, {"keys", keys, 0});
  InstallOperation(isolate, prototype, signature, {"values", values, 0});
  InstallOperation(isolate, prototype, signature, {"forEach", for_each, 1});
  prototype->Set(v8::Symbol::GetIterator(isolate), entries_function, v8::DontEnum);
}

void IDLMemberInstaller::InstallAsyncIterator(v8::Isolate* isolate,
                                              v8::Local<v8::ObjectTemplate> prototype,
                                              v8::Local<v8::Signature> signature,
                                              v8::FunctionCallback values,
                                              int length) {
  v8::Local<v8::FunctionTemplate> function =
      InstallOperation(isolate, prototype, signature, {"values", values, length});
  prototype->Set(v8::Symbol::GetAsyncIterator(isolate), function, v8::DontEnum);
}

}  // namespace v8ws
