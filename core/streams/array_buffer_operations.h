// The ArrayBuffer operations the Streams Standard uses (§8.3 "transferable streams" aside):
// TransferArrayBuffer, CloneAsUint8Array, and allocation that fails with a RangeError.
#ifndef V8WS_CORE_STREAMS_ARRAY_BUFFER_OPERATIONS_H_
#define V8WS_CORE_STREAMS_ARRAY_BUFFER_OPERATIONS_H_

#include <v8.h>

#include <cstddef>
#include <cstdint>

namespace v8ws::streams {

// TransferArrayBuffer(O): the same bytes in a new ArrayBuffer, O detached. Empty with a
// TypeError pending when O cannot be detached (or already was).
v8::Local<v8::ArrayBuffer> TransferArrayBuffer(v8::Isolate* isolate,
                                               v8::Local<v8::ArrayBuffer> buffer);
// A new ArrayBuffer of `length` zero bytes; empty with a RangeError pending when it cannot be
// allocated (V8's own allocation would end the process instead).
v8::Local<v8::ArrayBuffer> AllocateArrayBuffer(v8::Isolate* isolate, uint64_t length);
// CloneArrayBuffer(buffer, offset, length): empty with a RangeError pending on failure.
v8::Local<v8::ArrayBuffer> CloneArrayBuffer(v8::Isolate* isolate,
                                            v8::Local<v8::ArrayBuffer> buffer,
                                            size_t byte_offset,
                                            size_t byte_length);
// CloneAsUint8Array(view): a Uint8Array over a copy of the view's bytes.
v8::Local<v8::Uint8Array> CloneAsUint8Array(v8::Isolate* isolate,
                                            v8::Local<v8::ArrayBufferView> view);

}  // namespace v8ws::streams

#endif  // V8WS_CORE_STREAMS_ARRAY_BUFFER_OPERATIONS_H_
