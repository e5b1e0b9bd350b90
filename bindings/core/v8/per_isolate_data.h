// PerIsolateData: the FunctionTemplate of each interface, built once per isolate.
#ifndef V8WS_BINDINGS_CORE_V8_PER_ISOLATE_DATA_H_
#define V8WS_BINDINGS_CORE_V8_PER_ISOLATE_DATA_H_

#include <v8.h>

#include <unordered_map>

#include "bindings/core/v8/wrapper_type_info.h"

namespace v8ws {

class ScriptWrappable;

class PerIsolateData {
 public:
  // Created by the first context installed in `isolate`, freed with the last one.
  static PerIsolateData* From(v8::Isolate* isolate);
  static void Retain(v8::Isolate* isolate);
  static void Release(v8::Isolate* isolate);

  v8::Local<v8::FunctionTemplate> TemplateFor(const WrapperTypeInfo* info);
  // True when `value` is a wrapper of `info`'s interface or of a subclass.
  bool HasInstance(const WrapperTypeInfo* info, v8::Local<v8::Value> value) {
    return InstanceOf(info, value) != nullptr;
  }
  // The C++ object when `value` is such a wrapper (and its object is alive), else null.
  ScriptWrappable* InstanceOf(const WrapperTypeInfo* info, v8::Local<v8::Value> value);

  // An ObjectTemplate made once per isolate by `fill`, by the address of a static `key`
  // (plain objects of a fixed shape, made often: a stream read's { done, value }).
  v8::Local<v8::ObjectTemplate> ObjectTemplateFor(const void* key,
                                                  void (*fill)(v8::Isolate*,
                                                               v8::Local<v8::ObjectTemplate>));
  // An internalized string made once per isolate, by the address of a static literal.
  v8::Local<v8::String> InternalizedString(const char* literal);

  // A value no script can hold: what an asynchronous iterator's source resolves with at the
  // end of iteration.
  v8::Local<v8::Value> EndOfIterationMarker();

  // The context embedder data slot every v8ws context of this isolate uses (-1: none yet).
  int embedder_data_index() const { return embedder_data_index_; }
  void set_embedder_data_index(int index) { embedder_data_index_ = index; }

 private:
  explicit PerIsolateData(v8::Isolate* isolate) : isolate_(isolate) {}

  v8::Isolate* isolate_;
  int contexts_ = 0;
  int embedder_data_index_ = -1;
  std::unordered_map<const WrapperTypeInfo*, v8::Global<v8::FunctionTemplate>> templates_;
  v8::Global<v8::Symbol> end_of_iteration_;
  std::unordered_map<const void*, v8::Global<v8::ObjectTemplate>> object_templates_;
  std::unordered_map<const char*, v8::Global<v8::String>> strings_;
};

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_PER_ISOLATE_DATA_H_
