// What a ReadableStream asks of its controller, default or byte (Streams Standard §4.9.2,
// "interfacing with controllers"): [[CancelSteps]], [[PullSteps]] and [[ReleaseSteps]].
#ifndef V8WS_CORE_STREAMS_READABLE_STREAM_CONTROLLER_H_
#define V8WS_CORE_STREAMS_READABLE_STREAM_CONTROLLER_H_

#include <v8.h>

#include <memory>

#include "bindings/core/v8/script_wrappable.h"

namespace v8ws {

class ReadRequest;

class ReadableStreamController : public ScriptWrappable {
 public:
  virtual bool IsByteController() const = 0;
  virtual v8::Local<v8::Promise> CancelSteps(v8::Isolate* isolate, v8::Local<v8::Value> reason) = 0;
  virtual void PullSteps(v8::Isolate* isolate, std::unique_ptr<ReadRequest> request) = 0;
  virtual void ReleaseSteps(v8::Isolate* isolate) = 0;
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_READABLE_STREAM_CONTROLLER_H_
