// ReadableStreamPipeTo (Streams Standard §4.9.1): reads every chunk of a readable stream
// and writes it to a writable stream, honouring the destination's backpressure, passing
// errors and closing both ways unless the options prevent it, and stopping on the signal.
#ifndef V8WS_CORE_STREAMS_READABLE_STREAM_PIPE_H_
#define V8WS_CORE_STREAMS_READABLE_STREAM_PIPE_H_

#include <v8.h>

namespace v8ws {

class AbortSignal;
class ReadableStream;
class WritableStream;

struct PipeOptions {
  bool prevent_close = false;
  bool prevent_abort = false;
  bool prevent_cancel = false;
  AbortSignal* signal = nullptr;
  // pipeThrough(): the pipe's promise is handled from the start, since it may be rejected
  // before PipeTo returns (an aborted signal with nothing to abort or cancel).
  bool promise_is_handled = false;
};

// Both streams must be unlocked (the callers check).
v8::Local<v8::Promise> ReadableStreamPipeTo(v8::Isolate* isolate,
                                            ReadableStream* source,
                                            WritableStream* dest,
                                            const PipeOptions& options);

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_READABLE_STREAM_PIPE_H_
