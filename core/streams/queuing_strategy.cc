// Queuing strategies, Streams Standard §7, step numbers in the comments.
#include "core/streams/queuing_strategy.h"

#include <cmath>

#include "bindings/core/v8/exception_state.h"
#include "bindings/generated/v8_byte_length_queuing_strategy.h"
#include "bindings/generated/v8_count_queuing_strategy.h"
#include "core/execution_context.h"

namespace v8ws {
namespace {

// §7.2.3 "byte length queuing strategy size function" steps: return ? GetV(chunk,
// "byteLength").
void ByteLengthSize(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Object> chunk;
  if (!info[0]->ToObject(context).ToLocal(&chunk))
    return;
  v8::Local<v8::Value> length;
  if (chunk->Get(context, v8::String::NewFromUtf8Literal(isolate, "byteLength")).ToLocal(&length))
    info.GetReturnValue().Set(length);
}

// §7.3.3 "count queuing strategy size function" steps: return 1.
void CountSize(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(1);
}

// One function per global, made on first use: CreateBuiltinFunction(steps, 1, "size", « »).
v8::Local<v8::Value> SizeFunction(v8::Isolate* isolate,
                                  const void* key,
                                  v8::FunctionCallback steps) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  ExecutionContext* execution_context = ExecutionContext::From(context);
  v8::Local<v8::Value> cached = execution_context->CachedValue(key);
  if (!cached.IsEmpty())
    return cached;
  v8::Local<v8::Function> function =
      v8::Function::New(context, steps, v8::Local<v8::Value>(), 1, v8::ConstructorBehavior::kThrow)
          .ToLocalChecked();
  function->SetName(v8::String::NewFromUtf8Literal(isolate, "size"));
  execution_context->SetCachedValue(key, function);
  return function;
}

const char kByteLengthSizeKey = 0;
const char kCountSizeKey = 0;

}  // namespace

const WrapperTypeInfo* ByteLengthQueuingStrategy::GetWrapperTypeInfo() const {
  return &V8ByteLengthQueuingStrategy::wrapper_type_info;
}

v8::Local<v8::Value> ByteLengthQueuingStrategy::size(v8::Isolate* isolate) const {
  return SizeFunction(isolate, &kByteLengthSizeKey, ByteLengthSize);
}

const WrapperTypeInfo* CountQueuingStrategy::GetWrapperTypeInfo() const {
  return &V8CountQueuingStrategy::wrapper_type_info;
}

v8::Local<v8::Value> CountQueuingStrategy::size(v8::Isolate* isolate) const {
  return SizeFunction(isolate, &kCountSizeKey, CountSize);
}

namespace streams {

bool ExtractHighWaterMark(const QueuingStrategy& strategy,
                          double default_hwm,
                          double* hwm,
                          ExceptionState& es) {
  // Step 1: no highWaterMark member, the default.
  if (!strategy.highWaterMark) {
    *hwm = default_hwm;
    return true;
  }
  // Steps 2-3: NaN or negative is a RangeError.
  double value = *strategy.highWaterMark;
  if (std::isnan(value) || value < 0) {
    es.ThrowRangeError("The highWaterMark of a queuing strategy must be a non-negative number.");
    return false;
  }
  *hwm = value;
  return true;
}

}  // namespace streams
}  // namespace v8ws
