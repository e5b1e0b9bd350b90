// HTML §2.7 "serializable objects": the platform objects structuredClone() copies, within one
// realm: DOMException (name and message; a WebSocketError with its close code and reason, as
// the WebSocketStream proposal says) and Blob (its bytes are immutable, so shared, not
// copied). Anything else with a wrapper is not serializable (DataCloneError).
#ifndef V8WS_CORE_FRAME_SERIALIZABLE_OBJECTS_H_
#define V8WS_CORE_FRAME_SERIALIZABLE_OBJECTS_H_

#include <v8.h>

#include <vector>

#include "core/fileapi/blob.h"

namespace v8ws {

// One clone's state: what Write() put aside for Read() (the Blobs' snapshots).
class PlatformObjectCloner {
 public:
  // The serialization steps of `object`'s interface, into `serializer`: false when it has
  // none.
  bool Write(v8::Isolate* isolate, v8::ValueSerializer* serializer, v8::Local<v8::Object> object);
  // The deserialization steps: a new object in the current context; empty (with a
  // DataCloneError pending) when the data is not what Write() wrote.
  v8::MaybeLocal<v8::Object> Read(v8::Isolate* isolate, v8::ValueDeserializer* deserializer);

 private:
  std::vector<Blob::Snapshot> blobs_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_FRAME_SERIALIZABLE_OBJECTS_H_
