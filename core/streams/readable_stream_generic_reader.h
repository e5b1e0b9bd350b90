// What the default and BYOB readers share (Streams Standard §4.3, the
// ReadableStreamGenericReader mixin, and §4.9.3's generic reader operations): the stream,
// the closed promise, cancel and release, and the resolvers of pending read promises.
#ifndef V8WS_CORE_STREAMS_READABLE_STREAM_GENERIC_READER_H_
#define V8WS_CORE_STREAMS_READABLE_STREAM_GENERIC_READER_H_

#include <v8.h>

#include <cstdint>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/core/v8/wrapper_key_pool.h"

namespace v8ws {

class ExceptionState;
class ReadableStream;

class ReadableStreamGenericReader : public ScriptWrappable {
 public:
  virtual bool IsBYOBReader() const = 0;
  ReadableStream* stream() const { return stream_; }

  // ReadableStreamDefaultReaderRelease / ReadableStreamBYOBReaderRelease.
  virtual void Release(v8::Isolate* isolate) = 0;
  // For ReadableStreamClose and ReadableStreamError: the requests that wait on this reader.
  virtual void CloseRequests(v8::Isolate* isolate) = 0;
  virtual void ErrorRequests(v8::Isolate* isolate, v8::Local<v8::Value> error) = 0;

  // ReadableStreamReaderGenericCancel.
  v8::Local<v8::Promise> GenericCancel(v8::Isolate* isolate, v8::Local<v8::Value> reason);
  // The closed promise settles.
  void ResolveClosed(v8::Isolate* isolate);
  void RejectClosed(v8::Isolate* isolate, v8::Local<v8::Value> error);

  // What pending read requests refer to (their promises' resolvers, tee's state) lives in
  // the wrapper under these keys.
  uint32_t KeepResolver(v8::Isolate* isolate, v8::Local<v8::Value> value);
  v8::Local<v8::Value> TakeResolver(v8::Isolate* isolate, uint32_t key);

 protected:
  static const char kReleasedMessage[];

  // The mixin's members, for the concrete readers' IDL.
  v8::Local<v8::Promise> Closed(v8::Isolate* isolate) const;
  v8::Local<v8::Promise> Cancel(v8::Isolate* isolate, v8::Local<v8::Value> reason);
  // ReadableStreamReaderGenericInitialize.
  void GenericInitialize(v8::Isolate* isolate, ReadableStream* stream);
  // ReadableStreamReaderGenericRelease.
  void GenericRelease(v8::Isolate* isolate);

 private:
  ReadableStream* stream_ = nullptr;
  WrapperKeyPool resolver_keys_{16};  // past the fixed keys; see kFirstResolverKey
  bool fast_key_in_use_ = false;
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_READABLE_STREAM_GENERIC_READER_H_
