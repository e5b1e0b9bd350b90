// ScriptWrappable and WrapperRegistry: wrapper association, GC strength, tear-down.
#include "bindings/core/v8/script_wrappable.h"

#include <vector>

#include "bindings/core/v8/per_isolate_data.h"
#include "bindings/core/v8/wrapper_registry.h"
#include "core/execution_context.h"

namespace v8ws {

ScriptWrappable::~ScriptWrappable() {
  if (registry_)
    registry_->Remove(this);
  wrapper_.Reset();
}

v8::Local<v8::Object> ScriptWrappable::ToV8(v8::Isolate* isolate, v8::Local<v8::Context> context) {
  if (!wrapper_.IsEmpty())
    return wrapper_.Get(isolate);
  // A copy of a pristine instance made once per context and interface: V8 copies an
  // object in a fraction of what instantiating the template costs (one wrapper per
  // received message). No script reaches the pristine one, so every copy starts as a new
  // instance would (same map, same prototype, internal fields undefined).
  const WrapperTypeInfo* info = GetWrapperTypeInfo();
  ExecutionContext* execution_context = ExecutionContext::From(context);
  v8::Local<v8::Object> wrapper;
  v8::Local<v8::Value> pristine =
      execution_context ? execution_context->CachedValue(info) : v8::Local<v8::Value>();
  if (pristine.IsEmpty()) {
    // The template handles stay in the caller's scope: cheaper than an escapable scope.
    v8::Local<v8::FunctionTemplate> tmpl = PerIsolateData::From(isolate)->TemplateFor(info);
    v8::Context::Scope context_scope(context);
    pristine = tmpl->InstanceTemplate()->NewInstance(context).ToLocalChecked();
    if (execution_context)
      execution_context->SetCachedValue(info, pristine);
  }
  wrapper = pristine.As<v8::Object>()->Clone();
  Associate(isolate, wrapper, execution_context);
  return wrapper;
}

void ScriptWrappable::AssociateWithWrapper(v8::Isolate* isolate, v8::Local<v8::Object> wrapper) {
  Associate(isolate, wrapper, ExecutionContext::From(wrapper->GetCreationContextChecked()));
}

void ScriptWrappable::Associate(v8::Isolate* isolate,
                                v8::Local<v8::Object> wrapper,
                                ExecutionContext* execution_context) {
  // Both fields in one call: V8 checks the object's layout once instead of twice.
  int fields[] = {kWrapperImplField, kWrapperTypeInfoField};
  void* values[] = {this, const_cast<WrapperTypeInfo*>(GetWrapperTypeInfo())};
  wrapper->SetAlignedPointerInInternalFields(2, fields, values);
  wrapper_.Reset(isolate, wrapper);
  if (execution_context) {
    registry_ = &execution_context->wrapper_registry();
    registry_->Add(this);
  }
  UpdateHandleStrength();
  OnWrapperAssociated(isolate);
}

void ScriptWrappable::SetHasPendingActivity(bool pending) {
  if (pending_activity_ == pending)
    return;
  pending_activity_ = pending;
  UpdateHandleStrength();
}

void ScriptWrappable::UpdateHandleStrength() {
  if (wrapper_.IsEmpty())
    return;
  if (pending_activity_)
    wrapper_.ClearWeak();
  else
    wrapper_.SetWeak(this, FirstWeakCallback, v8::WeakCallbackType::kParameter);
}

void ScriptWrappable::FirstWeakCallback(const v8::WeakCallbackInfo<ScriptWrappable>& info) {
  // V8 allows only resetting the handle here; the delete waits for the second pass.
  info.GetParameter()->wrapper_.Reset();
  info.SetSecondPassCallback(SecondWeakCallback);
}

void ScriptWrappable::SecondWeakCallback(const v8::WeakCallbackInfo<ScriptWrappable>& info) {
  delete info.GetParameter();
}

void ScriptWrappable::DetachWrapper(v8::Isolate* isolate) {
  if (wrapper_.IsEmpty())
    return;
  v8::HandleScope scope(isolate);
  v8::Local<v8::Object> wrapper = wrapper_.Get(isolate);
  wrapper->SetAlignedPointerInInternalField(kWrapperImplField, nullptr);
  wrapper_.Reset();
}

// Keys 1..kWrapperSlotCount are the wrapper's own internal fields: events set several per
// dispatch, and a Map per event was the largest cost of a received message. The next
// kOverflowSlots keys are the internal fields of an object made on first use (a stream's
// pending promises, say, are set and taken for every chunk); the rest live in a Map in its
// last field.
constexpr uint32_t kOverflowSlots = 16;
constexpr int kOverflowMapField = kOverflowSlots;
const char kOverflowTemplateKey = 0;

static void FillOverflowTemplate(v8::Isolate*, v8::Local<v8::ObjectTemplate> tmpl) {
  tmpl->SetInternalFieldCount(kOverflowSlots + 1);
}

static bool IsSlotKey(uint32_t key) {
  return key >= 1 && key <= kWrapperSlotCount;
}
static int SlotField(uint32_t key) {
  return kWrapperFirstSlotField + static_cast<int>(key) - 1;
}
static bool IsOverflowKey(uint32_t key) {
  return key > kWrapperSlotCount && key <= kWrapperSlotCount + kOverflowSlots;
}
static int OverflowField(uint32_t key) {
  return static_cast<int>(key - kWrapperSlotCount - 1);
}

// The overflow object, or an empty handle when there is none and `create` is false.
static v8::Local<v8::Object> Overflow(v8::Isolate* isolate,
                                      v8::Local<v8::Object> wrapper,
                                      bool create) {
  v8::Local<v8::Value> field = wrapper->GetInternalField(kWrapperValuesField);
  if (field->IsObject())
    return field.As<v8::Object>();
  if (!create)
    return v8::Local<v8::Object>();
  v8::Local<v8::Object> overflow;
  if (!PerIsolateData::From(isolate)
           ->ObjectTemplateFor(&kOverflowTemplateKey, FillOverflowTemplate)
           ->NewInstance(isolate->GetCurrentContext())
           .ToLocal(&overflow))
    return overflow;  // empty: execution is terminating
  wrapper->SetInternalField(kWrapperValuesField, overflow);
  return overflow;
}

static v8::Local<v8::Map> ValuesMap(v8::Isolate* isolate,
                                    v8::Local<v8::Object> overflow,
                                    bool create) {
  v8::Local<v8::Value> field = overflow->GetInternalField(kOverflowMapField);
  if (field->IsMap())
    return field.As<v8::Map>();
  if (!create)
    return v8::Local<v8::Map>();
  v8::Local<v8::Map> map = v8::Map::New(isolate);
  overflow->SetInternalField(kOverflowMapField, map);
  return map;
}

void ScriptWrappable::SetWrapperValue(v8::Isolate* isolate,
                                      uint32_t key,
                                      v8::Local<v8::Value> value) {
  v8::Local<v8::Object> wrapper = wrapper_.Get(isolate);
  if (IsSlotKey(key)) {
    wrapper->SetInternalField(SlotField(key), value);
    return;
  }
  v8::Local<v8::Object> overflow = Overflow(isolate, wrapper, true);
  if (overflow.IsEmpty())
    return;
  if (IsOverflowKey(key)) {
    overflow->SetInternalField(OverflowField(key), value);
    return;
  }
  // The Map's operations run builtins, which fail only while execution is being terminated.
  ValuesMap(isolate, overflow, true)
      ->Set(isolate->GetCurrentContext(), v8::Integer::NewFromUnsigned(isolate, key), value)
      .IsEmpty();
}

v8::Local<v8::Value> ScriptWrappable::GetWrapperValue(v8::Isolate* isolate, uint32_t key) const {
  if (wrapper_.IsEmpty())
    return v8::Undefined(isolate);
  v8::Local<v8::Object> wrapper = wrapper_.Get(isolate);
  if (IsSlotKey(key))
    return wrapper->GetInternalField(SlotField(key));
  v8::Local<v8::Object> overflow = Overflow(isolate, wrapper, false);
  if (overflow.IsEmpty())
    return v8::Undefined(isolate);
  if (IsOverflowKey(key))
    return overflow->GetInternalField(OverflowField(key));
  v8::Local<v8::Map> map = ValuesMap(isolate, overflow, false);
  if (map.IsEmpty())
    return v8::Undefined(isolate);
  v8::Local<v8::Value> value;
  if (!map->Get(isolate->GetCurrentContext(), v8::Integer::NewFromUnsigned(isolate, key))
           .ToLocal(&value))
    return v8::Undefined(isolate);
  return value;
}

void ScriptWrappable::DeleteWrapperValue(v8::Isolate* isolate, uint32_t key) {
  if (wrapper_.IsEmpty())
    return;
  v8::Local<v8::Object> wrapper = wrapper_.Get(isolate);
  if (IsSlotKey(key)) {
    wrapper->SetInternalField(SlotField(key), v8::Undefined(isolate));
    return;
  }
  v8::Local<v8::Object> overflow = Overflow(isolate, wrapper, false);
  if (overflow.IsEmpty())
    return;
  if (IsOverflowKey(key)) {
    overflow->SetInternalField(OverflowField(key), v8::Undefined(isolate));
    return;
  }
  v8::Local<v8::Map> map = ValuesMap(isolate, overflow, false);
  if (!map.IsEmpty())
    map->Delete(isolate->GetCurrentContext(), v8::Integer::NewFromUnsigned(isolate, key)).IsJust();
}

v8::Local<v8::Value> ScriptWrappable::GetReactionCache(v8::Isolate* isolate) const {
  return wrapper_.Get(isolate)->GetInternalField(kWrapperReactionsField);
}

void ScriptWrappable::SetReactionCache(v8::Isolate* isolate, v8::Local<v8::Object> cache) {
  wrapper_.Get(isolate)->SetInternalField(kWrapperReactionsField, cache);
}

ScriptWrappable* ScriptWrappable::FromWrapper(v8::Local<v8::Object> object) {
  if (object->InternalFieldCount() < kWrapperFieldCount)
    return nullptr;
  return static_cast<ScriptWrappable*>(
      object->GetAlignedPointerFromInternalField(kWrapperImplField));
}

const WrapperTypeInfo* ScriptWrappable::TypeInfoOf(v8::Local<v8::Object> object) {
  if (object->InternalFieldCount() < kWrapperFieldCount)
    return nullptr;
  return static_cast<const WrapperTypeInfo*>(
      object->GetAlignedPointerFromInternalField(kWrapperTypeInfoField));
}

void WrapperRegistry::Add(ScriptWrappable* object) {
  object->registry_prev_ = nullptr;
  object->registry_next_ = head_;
  if (head_)
    head_->registry_prev_ = object;
  head_ = object;
  ++size_;
}

void WrapperRegistry::Remove(ScriptWrappable* object) {
  if (object->registry_prev_)
    object->registry_prev_->registry_next_ = object->registry_next_;
  else
    head_ = object->registry_next_;
  if (object->registry_next_)
    object->registry_next_->registry_prev_ = object->registry_prev_;
  object->registry_prev_ = object->registry_next_ = nullptr;
  --size_;
}

WrapperRegistry::~WrapperRegistry() {
  // DestroyAll ran first (ExecutionContext guarantees it); anything left is only unlinked.
  while (head_) {
    head_->registry_ = nullptr;
    Remove(head_);
  }
}

void WrapperRegistry::DestroyAll(v8::Isolate* isolate) {
  std::vector<ScriptWrappable*> objects;
  objects.reserve(size_);
  while (head_) {
    ScriptWrappable* object = head_;
    Remove(object);
    objects.push_back(object);
  }
  for (ScriptWrappable* object : objects) {
    object->registry_ = nullptr;
    object->DetachWrapper(isolate);
  }
  for (ScriptWrappable* object : objects)
    delete object;
}

}  // namespace v8ws
