// Blob (File API §3): immutable bytes with a type. Slices share their parent's bytes, and
// a Blob made from a received message owns the buffer the network thread filled.
#ifndef V8WS_CORE_FILEAPI_BLOB_H_
#define V8WS_CORE_FILEAPI_BLOB_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/generated/v8_blob_property_bag.h"
#include "bindings/generated/v8_union_buffer_source_or_blob_or_usv_string.h"
#include "net/buffer.h"

namespace v8ws {

class ExecutionContext;
class ExceptionState;
class ReadableStream;

class Blob : public ScriptWrappable {
 public:
  static Blob* Create(ExecutionContext* context,
                      const std::optional<std::vector<BufferSourceOrBlobOrUSVString>>& parts,
                      const BlobPropertyBag& options,
                      ExceptionState& es);
  // A Blob over `bytes` (taken, not copied), with an empty type.
  static Blob* FromBuffer(net::Buffer bytes);

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  uint64_t size() const { return size_; }
  std::string type() const { return type_; }
  Blob* slice(std::optional<int64_t> start,
              std::optional<int64_t> end,
              const std::optional<std::string>& content_type);
  ReadableStream* stream(v8::Isolate* isolate);
  v8::Local<v8::Promise> text(v8::Isolate* isolate);
  v8::Local<v8::Promise> arrayBuffer(v8::Isolate* isolate);
  v8::Local<v8::Promise> bytes(v8::Isolate* isolate);

  const uint8_t* data() const { return storage_->data() + offset_; }

  // What a structured clone carries (HTML §2.7 [Serializable]): the same bytes, shared, and
  // the type.
  struct Snapshot {
    std::shared_ptr<const net::Buffer> storage;
    size_t offset;
    size_t size;
    std::string type;
  };
  Snapshot snapshot() const { return {storage_, offset_, size_, type_}; }
  static Blob* FromSnapshot(const Snapshot& snapshot) {
    return new Blob(snapshot.storage, snapshot.offset, snapshot.size, snapshot.type);
  }

 private:
  Blob(std::shared_ptr<const net::Buffer> storage, size_t offset, size_t size, std::string type)
      : storage_(std::move(storage)), offset_(offset), size_(size), type_(std::move(type)) {}
  v8::Local<v8::ArrayBuffer> CopyToArrayBuffer(v8::Isolate* isolate) const;

  std::shared_ptr<const net::Buffer> storage_;
  size_t offset_;
  size_t size_;
  std::string type_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_FILEAPI_BLOB_H_
