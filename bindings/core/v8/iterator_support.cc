// Default iterator objects for the generated pair iterators.
#include "bindings/core/v8/iterator_support.h"

#include "bindings/core/v8/per_isolate_data.h"

namespace v8ws {
namespace {

constexpr int kTargetField = kWrapperFirstSlotField;
constexpr int kKindField = kWrapperFirstSlotField + 1;
constexpr int kIndexField = kWrapperFirstSlotField + 2;

}  // namespace

void InstallIteratorPrototype(v8::Isolate* isolate,
                              v8::Local<v8::FunctionTemplate> tmpl,
                              const char* tag,
                              v8::FunctionCallback next) {
  v8::Local<v8::String> name = v8::String::NewFromUtf8(isolate, tag).ToLocalChecked();
  tmpl->SetClassName(name);
  v8::Local<v8::ObjectTemplate> prototype = tmpl->PrototypeTemplate();
  prototype->Set(v8::Symbol::GetToStringTag(isolate), name,
                 static_cast<v8::PropertyAttribute>(v8::ReadOnly | v8::DontEnum));
  v8::Local<v8::FunctionTemplate> function =
      v8::FunctionTemplate::New(isolate, next, v8::Local<v8::Value>(), v8::Local<v8::Signature>(),
                                0, v8::ConstructorBehavior::kThrow);
  function->SetClassName(v8::String::NewFromUtf8Literal(isolate, "next"));
  prototype->Set(v8::String::NewFromUtf8Literal(isolate, "next"), function);
}

v8::Local<v8::Object> IteratorPrototypeObject(v8::Local<v8::Context> context,
                                              const WrapperTypeInfo* iterator) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::Function> function =
      PerIsolateData::From(isolate)->TemplateFor(iterator)->GetFunction(context).ToLocalChecked();
  v8::Local<v8::Object> prototype =
      function->Get(context, v8::String::NewFromUtf8Literal(isolate, "prototype"))
          .ToLocalChecked()
          .As<v8::Object>();
  prototype->Delete(context, v8::String::NewFromUtf8Literal(isolate, "constructor")).Check();
  return prototype;
}

void SetUpIteratorPrototype(v8::Local<v8::Context> context, const WrapperTypeInfo* iterator) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::Object> prototype = IteratorPrototypeObject(context, iterator);
  // %IteratorPrototype% is the [[Prototype]] of %ArrayIteratorPrototype%.
  v8::Local<v8::Array> array = v8::Array::New(isolate);
  v8::Local<v8::Value> values =
      array->Get(context, v8::Symbol::GetIterator(isolate)).ToLocalChecked();
  v8::Local<v8::Object> array_iterator =
      values.As<v8::Function>()->Call(context, array, 0, nullptr).ToLocalChecked().As<v8::Object>();
  v8::Local<v8::Value> iterator_prototype =
      array_iterator->GetPrototype().As<v8::Object>()->GetPrototype();
  prototype->SetPrototype(context, iterator_prototype).Check();
}

v8::Local<v8::Object> NewIterator(v8::Isolate* isolate,
                                  const WrapperTypeInfo* iterator,
                                  v8::Local<v8::Object> target,
                                  uint32_t kind) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Object> object = PerIsolateData::From(isolate)
                                     ->TemplateFor(iterator)
                                     ->InstanceTemplate()
                                     ->NewInstance(context)
                                     .ToLocalChecked();
  // Not a wrapper: no C++ object behind it.
  object->SetAlignedPointerInInternalField(kWrapperImplField, nullptr);
  object->SetAlignedPointerInInternalField(kWrapperTypeInfoField, nullptr);
  object->SetInternalField(kTargetField, target);
  object->SetInternalField(kKindField, v8::Integer::NewFromUnsigned(isolate, kind));
  object->SetInternalField(kIndexField, v8::Integer::NewFromUnsigned(isolate, 0));
  return object;
}

bool ReadIterator(v8::Isolate* isolate,
                  v8::Local<v8::Value> value,
                  const WrapperTypeInfo* iterator,
                  v8::Local<v8::Object>* object,
                  uint32_t* kind,
                  uint32_t* index) {
  if (!value->IsObject() ||
      !PerIsolateData::From(isolate)->TemplateFor(iterator)->HasInstance(value))
    return false;
  *object = value.As<v8::Object>();
  *kind = (*object)->GetInternalField(kKindField).As<v8::Uint32>()->Value();
  *index = (*object)->GetInternalField(kIndexField).As<v8::Uint32>()->Value();
  return true;
}

v8::Local<v8::Object> IteratorTarget(v8::Local<v8::Object> iterator) {
  return iterator->GetInternalField(kTargetField).As<v8::Object>();
}

void SetIteratorIndex(v8::Local<v8::Object> iterator, uint32_t index) {
  iterator->SetInternalField(kIndexField,
                             v8::Integer::NewFromUnsigned(iterator->GetIsolate(), index));
}

v8::Local<v8::Object> IteratorResult(v8::Isolate* isolate, v8::Local<v8::Value> value, bool done) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Object> result = v8::Object::New(isolate);
  result->CreateDataProperty(context, v8::String::NewFromUtf8Literal(isolate, "value"), value)
      .Check();
  result
      ->CreateDataProperty(context, v8::String::NewFromUtf8Literal(isolate, "done"),
                           v8::Boolean::New(isolate, done))
      .Check();
  return result;
}

v8::Local<v8::Value> PairArray(v8::Isolate* isolate,
                               v8::Local<v8::Value> key,
                               v8::Local<v8::Value> value) {
  v8::Local<v8::Value> elements[] = {key, value};
  return v8::Array::New(isolate, elements, 2);
}

}  // namespace v8ws
