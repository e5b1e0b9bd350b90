// TestOverloads: the C++ side of tests/bindings/test_overloads.idl. Each member reports which
// overload the generated binding chose and with what converted arguments.
#ifndef V8WS_TESTS_UNIT_TEST_OVERLOADS_H_
#define V8WS_TESTS_UNIT_TEST_OVERLOADS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bindings/core/v8/async_iterator_support.h"
#include "bindings/core/v8/script_wrappable.h"
#include "bindings/generated/v8_test_measure.h"

namespace v8ws {

class ExceptionState;
class ExecutionContext;

class TestOverloads : public ScriptWrappable {
 public:
  static TestOverloads* Create(ExecutionContext*, const std::string& label, ExceptionState&) {
    return new TestOverloads(label);
  }
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  std::string label() const { return label_; }
  int32_t replaceable() const { return 42; }
  std::string describe(v8::Isolate*) { return "none"; }
  std::string describe(v8::Isolate*, TestOverloads* other) { return "other:" + other->label_; }
  std::string describe(v8::Isolate*, bool flag) { return flag ? "boolean:true" : "boolean:false"; }
  std::string describe(v8::Isolate*, double number, const std::string& unit);
  std::string describe(v8::Isolate*, const std::string& text) { return "string:" + text; }
  std::string describe(v8::Isolate*, const std::vector<int32_t>& list);
  std::string describe(v8::Isolate*, v8::Local<v8::Value>) { return "callback"; }
  std::string describe(v8::Isolate*, const std::string& text, TestOverloads* other, int32_t count);
  std::string join(const std::string& separator, const std::vector<std::string>& parts);
  std::string sequenceKind(const AsyncSequence& values) { return values.sync ? "sync" : "async"; }
  static int64_t sum(ExecutionContext*, const std::vector<int32_t>& values);
  static TestOverloads* create(ExecutionContext*, const std::string& label) {
    return new TestOverloads(label);
  }
  v8::Local<v8::Promise> later(v8::Isolate* isolate, const std::string& value);
  // A promise resolved with the label.
  v8::Local<v8::Promise> ready(v8::Isolate* isolate);
  // Invokes `callback` with this object's wrapper as `this`, and `input` and this object.
  v8::Local<v8::Promise> transform(v8::Isolate* isolate,
                                   v8::Local<v8::Value> callback,
                                   const std::string& input);
  // Invokes `callback` with `this_value`; -1 (and the exception pending) when it threw.
  int32_t compute(v8::Isolate* isolate,
                  v8::Local<v8::Value> callback,
                  v8::Local<v8::Value> this_value,
                  const std::string& input);
  // "<view's type>:<byteLength>/<shared view's type>:<byteLength>".
  std::string viewKind(v8::Local<v8::ArrayBufferView> view, v8::Local<v8::ArrayBufferView> shared);
  uint32_t bufferLength(v8::Local<v8::ArrayBuffer> buffer) {
    return static_cast<uint32_t>(buffer->ByteLength());
  }
  // An iterator over label + "0", label + "1", ... (`count` strings); every step it takes is
  // appended to iterationLog.
  AsyncIteratorBase* CreateAsyncIterator(v8::Isolate* isolate, int32_t count);
  std::string iterationLog() const { return log_; }
  void Log(const std::string& step) { log_ += step + ";"; }
  v8::Local<v8::Value> callFunction(v8::Isolate* isolate,
                                    v8::Local<v8::Value> f,
                                    v8::Local<v8::Value> argument);
  // From the TestMixin mixin.
  std::string mixedIn() const { return "mixed:" + label_; }
  TestMeasure measure(v8::Local<v8::Uint8Array> bytes) {
    TestMeasure result;
    result.size = bytes->ByteLength();
    return result;
  }

 private:
  explicit TestOverloads(std::string label) : label_(std::move(label)) {}
  std::string label_;
  std::string log_;
};

// The C++ side of namespace testNamespace: static members, as a namespace's are.
class TestNamespace {
 public:
  static std::string greet(ExecutionContext*, const std::string& name) { return "hello " + name; }
  static int64_t add(ExecutionContext*, const std::vector<int32_t>& values) {
    int64_t total = 0;
    for (int32_t v : values)
      total += v;
    return total;
  }
  static std::string pick(ExecutionContext*, int32_t index) {
    return "index:" + std::to_string(index);
  }
  static std::string pick(ExecutionContext*, const std::string& name) { return "name:" + name; }
};

// testNamespace's set-up ([ContextSetUp]): marks the new object.
inline void SetUpTestNamespace(v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
  v8::Isolate* isolate = context->GetIsolate();
  object->Set(context, v8::String::NewFromUtf8Literal(isolate, "setUp"), v8::True(isolate)).Check();
}

}  // namespace v8ws

#endif  // V8WS_TESTS_UNIT_TEST_OVERLOADS_H_
