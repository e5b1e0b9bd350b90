// Streams Standard §7: ByteLengthQueuingStrategy and CountQueuingStrategy, and the
// abstract operations that read a strategy (ExtractHighWaterMark, ExtractSizeAlgorithm).
#ifndef V8WS_CORE_STREAMS_QUEUING_STRATEGY_H_
#define V8WS_CORE_STREAMS_QUEUING_STRATEGY_H_

#include <v8.h>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/generated/v8_queuing_strategy.h"
#include "bindings/generated/v8_queuing_strategy_init.h"

namespace v8ws {

class ExceptionState;
class ExecutionContext;

class ByteLengthQueuingStrategy final : public ScriptWrappable {
 public:
  static ByteLengthQueuingStrategy* Create(ExecutionContext*,
                                           const QueuingStrategyInit& init,
                                           ExceptionState&) {
    return new ByteLengthQueuingStrategy(init.highWaterMark);
  }
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  double highWaterMark() const { return high_water_mark_; }
  // The global's byte length queuing strategy size function: chunk.byteLength.
  v8::Local<v8::Value> size(v8::Isolate* isolate) const;

 private:
  explicit ByteLengthQueuingStrategy(double high_water_mark) : high_water_mark_(high_water_mark) {}
  double high_water_mark_;
};

class CountQueuingStrategy final : public ScriptWrappable {
 public:
  static CountQueuingStrategy* Create(ExecutionContext*,
                                      const QueuingStrategyInit& init,
                                      ExceptionState&) {
    return new CountQueuingStrategy(init.highWaterMark);
  }
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  double highWaterMark() const { return high_water_mark_; }
  // The global's count queuing strategy size function: always 1.
  v8::Local<v8::Value> size(v8::Isolate* isolate) const;

 private:
  explicit CountQueuingStrategy(double high_water_mark) : high_water_mark_(high_water_mark) {}
  double high_water_mark_;
};

namespace streams {

// ExtractHighWaterMark(strategy, defaultHWM): false after a RangeError in `es`.
bool ExtractHighWaterMark(const QueuingStrategy& strategy,
                          double default_hwm,
                          double* hwm,
                          ExceptionState& es);

}  // namespace streams
}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_QUEUING_STRATEGY_H_
