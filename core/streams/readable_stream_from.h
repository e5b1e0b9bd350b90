// ReadableStream.from(asyncIterable): ReadableStreamFromIterable (Streams Standard §4.9.1).
#ifndef V8WS_CORE_STREAMS_READABLE_STREAM_FROM_H_
#define V8WS_CORE_STREAMS_READABLE_STREAM_FROM_H_

#include <v8.h>

#include "bindings/core/v8/v8_binding.h"

namespace v8ws {

class ExceptionState;
class ReadableStream;

// A stream over the values of an async sequence (of a sync iterable, each value awaited, as
// ECMAScript's CreateAsyncFromSyncIterator does). Null with the exception in `es` when
// opening it (WebIDL's "open an async sequence") threw.
ReadableStream* ReadableStreamFromIterable(v8::Isolate* isolate,
                                           const AsyncSequence& async_iterable,
                                           ExceptionState& es);

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_READABLE_STREAM_FROM_H_
