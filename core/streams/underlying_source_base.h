// A readable stream's underlying source written in C++ (a platform source, or the branches
// of tee()): the algorithms the Streams Standard's CreateReadableStream takes. Being a
// ScriptWrappable, it keeps the JS values it needs in a wrapper of its own (never shown to
// script), which the stream's controller holds.
#ifndef V8WS_CORE_STREAMS_UNDERLYING_SOURCE_BASE_H_
#define V8WS_CORE_STREAMS_UNDERLYING_SOURCE_BASE_H_

#include <v8.h>

#include "bindings/core/v8/script_wrappable.h"

namespace v8ws {

class ReadableStream;
class ReadableStreamDefaultController;

// An object of the streams implementation that script never sees, with a wrapper (a plain
// object with internal fields) to keep its JS values where the collector sees them.
class StreamInternalObject : public ScriptWrappable {
 public:
  static const WrapperTypeInfo wrapper_type_info;
  const WrapperTypeInfo* GetWrapperTypeInfo() const final { return &wrapper_type_info; }
};

class UnderlyingSourceBase : public StreamInternalObject {
 public:
  // startAlgorithm: its result is resolved; the default does nothing. (`controller` is null
  // for a byte stream's source, here and in Pull().)
  virtual v8::Local<v8::Value> Start(v8::Isolate* isolate,
                                     ReadableStreamDefaultController* controller);
  // pullAlgorithm and cancelAlgorithm.
  virtual v8::Local<v8::Promise> Pull(v8::Isolate* isolate,
                                      ReadableStreamDefaultController* controller) = 0;
  virtual v8::Local<v8::Promise> Cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason) = 0;
};

// CreateReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark = 1,
// sizeAlgorithm): a stream over `source` (which gets its wrapper here); `size` is a JS size
// function, or empty for 1 per chunk.
ReadableStream* CreateReadableStream(v8::Isolate* isolate,
                                     UnderlyingSourceBase* source,
                                     double high_water_mark = 1,
                                     v8::Local<v8::Value> size = v8::Local<v8::Value>());

// CreateReadableByteStream(startAlgorithm, pullAlgorithm, cancelAlgorithm): a byte stream
// over `source`, whose Start() and Pull() get a null controller.
ReadableStream* CreateReadableByteStream(v8::Isolate* isolate, UnderlyingSourceBase* source);

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_UNDERLYING_SOURCE_BASE_H_
