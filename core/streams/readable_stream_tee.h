// ReadableStreamTee (Streams Standard §4.9.1): two branches that read from one reader of the
// stream; a chunk goes to both, and the stream is cancelled only when both branches are, with
// both reasons.
#ifndef V8WS_CORE_STREAMS_READABLE_STREAM_TEE_H_
#define V8WS_CORE_STREAMS_READABLE_STREAM_TEE_H_

#include <v8.h>

#include <utility>

namespace v8ws {

class ExceptionState;
class ReadableStream;

// Null (with a TypeError in `es`) when the stream is locked.
std::pair<ReadableStream*, ReadableStream*> ReadableStreamDefaultTee(v8::Isolate* isolate,
                                                                     ReadableStream* stream,
                                                                     ExceptionState& es);
// ReadableByteStreamTee, for a stream with a byte controller: two byte streams, the second
// getting copies (readable_byte_stream_tee.cc).
std::pair<ReadableStream*, ReadableStream*> ReadableByteStreamTee(v8::Isolate* isolate,
                                                                  ReadableStream* stream,
                                                                  ExceptionState& es);

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_READABLE_STREAM_TEE_H_
