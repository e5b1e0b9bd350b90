// PerIsolateData: template cache keyed by WrapperTypeInfo, one per isolate.
#include "bindings/core/v8/per_isolate_data.h"

#include <mutex>

#include "bindings/core/v8/script_wrappable.h"

namespace v8ws {
namespace {

// Isolate data slots belong to the embedder, so the lookup is a locked map with a
// per-thread cache of the last hit (an isolate is entered by one thread at a time).
std::mutex g_mutex;
std::unordered_map<v8::Isolate*, PerIsolateData*>& Map() {
  static auto* map = new std::unordered_map<v8::Isolate*, PerIsolateData*>();
  return *map;
}
thread_local v8::Isolate* t_last_isolate = nullptr;
thread_local PerIsolateData* t_last_data = nullptr;

}  // namespace

PerIsolateData* PerIsolateData::From(v8::Isolate* isolate) {
  if (t_last_isolate == isolate)
    return t_last_data;
  std::lock_guard<std::mutex> lock(g_mutex);
  auto it = Map().find(isolate);
  PerIsolateData* data = it == Map().end() ? nullptr : it->second;
  t_last_isolate = isolate;
  t_last_data = data;
  return data;
}

void PerIsolateData::Retain(v8::Isolate* isolate) {
  std::lock_guard<std::mutex> lock(g_mutex);
  PerIsolateData*& data = Map()[isolate];
  if (!data)
    data = new PerIsolateData(isolate);
  ++data->contexts_;
  t_last_isolate = nullptr;
}

void PerIsolateData::Release(v8::Isolate* isolate) {
  std::lock_guard<std::mutex> lock(g_mutex);
  auto it = Map().find(isolate);
  if (it == Map().end())
    return;
  if (--it->second->contexts_ == 0) {
    delete it->second;
    Map().erase(it);
  }
  t_last_isolate = nullptr;
}

v8::Local<v8::FunctionTemplate> PerIsolateData::TemplateFor(const WrapperTypeInfo* info) {
  auto it = templates_.find(info);
  if (it != templates_.end())
    return it->second.Get(isolate_);
  v8::EscapableHandleScope scope(isolate_);
  v8::Local<v8::FunctionTemplate> tmpl = v8::FunctionTemplate::New(isolate_);
  if (info->parent)
    tmpl->Inherit(TemplateFor(info->parent));
  tmpl->InstanceTemplate()->SetInternalFieldCount(kWrapperFieldCount);
  info->install(isolate_, tmpl);
  templates_[info].Reset(isolate_, tmpl);
  return scope.Escape(tmpl);
}

v8::Local<v8::ObjectTemplate> PerIsolateData::ObjectTemplateFor(
    const void* key,
    void (*fill)(v8::Isolate*, v8::Local<v8::ObjectTemplate>)) {
  auto it = object_templates_.find(key);
  if (it != object_templates_.end())
    return it->second.Get(isolate_);
  v8::Local<v8::ObjectTemplate> tmpl = v8::ObjectTemplate::New(isolate_);
  fill(isolate_, tmpl);
  object_templates_[key].Reset(isolate_, tmpl);
  return tmpl;
}

v8::Local<v8::String> PerIsolateData::InternalizedString(const char* literal) {
  auto it = strings_.find(literal);
  if (it != strings_.end())
    return it->second.Get(isolate_);
  v8::Local<v8::String> string =
      v8::String::NewFromUtf8(isolate_, literal, v8::NewStringType::kInternalized).ToLocalChecked();
  strings_[literal].Reset(isolate_, string);
  return string;
}

v8::Local<v8::Value> PerIsolateData::EndOfIterationMarker() {
  if (end_of_iteration_.IsEmpty())
    end_of_iteration_.Reset(isolate_, v8::Symbol::New(isolate_));
  return end_of_iteration_.Get(isolate_);
}

ScriptWrappable* PerIsolateData::InstanceOf(const WrapperTypeInfo* info,
                                            v8::Local<v8::Value> value) {
  // The template's own check: exact, and safe on objects other embedders made.
  if (!value->IsObject() || !TemplateFor(info)->HasInstance(value))
    return nullptr;
  return ScriptWrappable::FromWrapper(value.As<v8::Object>());
}

}  // namespace v8ws
