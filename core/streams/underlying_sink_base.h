// A writable stream's underlying sink written in C++ (a platform sink, or a transform
// stream's writable side): the algorithms of the Streams Standard's CreateWritableStream.
#ifndef V8WS_CORE_STREAMS_UNDERLYING_SINK_BASE_H_
#define V8WS_CORE_STREAMS_UNDERLYING_SINK_BASE_H_

#include <v8.h>

#include "core/streams/underlying_source_base.h"

namespace v8ws {

class WritableStream;
class WritableStreamDefaultController;

class UnderlyingSinkBase : public StreamInternalObject {
 public:
  // startAlgorithm: its result is resolved; the default does nothing.
  virtual v8::Local<v8::Value> Start(v8::Isolate* isolate,
                                     WritableStreamDefaultController* controller);
  // writeAlgorithm, closeAlgorithm, abortAlgorithm.
  virtual v8::Local<v8::Promise> Write(v8::Isolate* isolate,
                                       v8::Local<v8::Value> chunk,
                                       WritableStreamDefaultController* controller) = 0;
  virtual v8::Local<v8::Promise> Close(v8::Isolate* isolate) = 0;
  virtual v8::Local<v8::Promise> Abort(v8::Isolate* isolate, v8::Local<v8::Value> reason) = 0;
};

// CreateWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm,
// highWaterMark, sizeAlgorithm): `size` is a JS size function, or empty for 1 per chunk.
WritableStream* CreateWritableStream(v8::Isolate* isolate,
                                     UnderlyingSinkBase* sink,
                                     double high_water_mark,
                                     v8::Local<v8::Value> size);

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_UNDERLYING_SINK_BASE_H_
