// Blob: construction from parts, slice(), stream() and the promise-returning reads.
#include "core/fileapi/blob.h"

#include <algorithm>
#include <cstring>

#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_blob.h"
#include "core/execution_context.h"
#include "core/streams/array_buffer_operations.h"
#include "core/streams/readable_byte_stream_controller.h"
#include "core/streams/readable_stream.h"
#include "core/streams/stream_promise.h"
#include "core/streams/underlying_source_base.h"

namespace v8ws {
namespace {

// File API: a type with anything outside U+0020-U+007E is dropped; the rest is lowercased.
std::string NormalizeType(const std::string& type) {
  std::string out;
  for (char c : type) {
    if (c < 0x20 || c > 0x7E)
      return std::string();
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return out;
}

// File API "convert line endings to native": CR, LF and CRLF all become LF here.
std::string ToNativeLineEndings(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n')
        ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

Blob* Blob::Create(ExecutionContext*,
                   const std::optional<std::vector<BufferSourceOrBlobOrUSVString>>& parts,
                   const BlobPropertyBag& options,
                   ExceptionState&) {
  // File API §3.1 "process blob parts".
  auto bytes = std::make_shared<net::Buffer>();
  if (parts) {
    for (const auto& part : *parts) {
      if (const auto* text = std::get_if<std::string>(&part)) {
        if (options.endings == EndingType::kNative) {
          std::string native = ToNativeLineEndings(*text);
          bytes->Append(native.data(), native.size());
        } else {
          bytes->Append(text->data(), text->size());
        }
      } else if (const auto* buffer = std::get_if<BufferSource>(&part)) {
        bytes->Append(buffer->data, buffer->size);
      } else {
        const Blob* blob = std::get<Blob*>(part);
        bytes->Append(blob->data(), blob->size_);
      }
    }
  }
  size_t size = bytes->size();
  return new Blob(std::move(bytes), 0, size, NormalizeType(options.type));
}

Blob* Blob::FromBuffer(net::Buffer buffer) {
  size_t size = buffer.size();
  return new Blob(std::make_shared<const net::Buffer>(std::move(buffer)), 0, size, "");
}

const WrapperTypeInfo* Blob::GetWrapperTypeInfo() const {
  return &V8Blob::wrapper_type_info;
}

Blob* Blob::slice(std::optional<int64_t> start,
                  std::optional<int64_t> end,
                  const std::optional<std::string>& content_type) {
  // File API §3.3.1 slice(), steps 1-4: negative values count from the end.
  const auto size = static_cast<int64_t>(size_);
  auto relative = [size](std::optional<int64_t> value, int64_t fallback) {
    if (!value)
      return fallback;
    if (*value < 0)
      return std::max<int64_t>(size + *value, 0);
    return std::min<int64_t>(*value, size);
  };
  int64_t from = relative(start, 0);
  int64_t to = relative(end, size);
  int64_t span = std::max<int64_t>(to - from, 0);
  return new Blob(storage_, offset_ + static_cast<size_t>(from), static_cast<size_t>(span),
                  content_type ? NormalizeType(*content_type) : std::string());
}

v8::Local<v8::ArrayBuffer> Blob::CopyToArrayBuffer(v8::Isolate* isolate) const {
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, size_);
  if (size_)
    std::memcpy(buffer->GetBackingStore()->Data(), data(), size_);
  return buffer;
}

namespace {

// The source of "get stream" (File API §3.3.4): a byte stream over the blob's bytes, a chunk
// of at most kChunkSize per pull, each enqueued from a task of its own (the standard's
// "queue a global task on the file reading task source"); after the last, the stream closes.
// Reading follows the reader (a high-water mark of 0), as Chromium's does, so a large blob
// is not copied into the queue at once.
class BlobStreamSource final : public UnderlyingSourceBase {
 public:
  static constexpr size_t kChunkSize = 64 * 1024;

  BlobStreamSource(ExecutionContext* context,
                   std::shared_ptr<const net::Buffer> storage,
                   size_t offset,
                   size_t size)
      : context_(context), storage_(std::move(storage)), next_(offset), end_(offset + size) {}

  void Keep(v8::Isolate* isolate, ReadableStream* stream) {
    stream_ = stream;
    SetWrapperValue(isolate, kStreamKey, stream->GetWrapper(isolate));
  }

  v8::Local<v8::Promise> Pull(v8::Isolate* isolate, ReadableStreamDefaultController*) override {
    if (!task_pending_ && !cancelled_) {
      task_pending_ = true;
      SetHasPendingActivity(true);  // the task reaches this source through a raw pointer
      context_->PostTask([this] { ReadChunk(); });
    }
    return streams::ResolvedWithUndefined(isolate);
  }
  v8::Local<v8::Promise> Cancel(v8::Isolate* isolate, v8::Local<v8::Value>) override {
    cancelled_ = true;
    return streams::ResolvedWithUndefined(isolate);
  }

 private:
  static constexpr uint32_t kStreamKey = 1;

  void ReadChunk() {
    task_pending_ = false;
    SetHasPendingActivity(false);
    if (cancelled_)
      return;
    ScriptTaskScope scope(context_);
    v8::Isolate* isolate = context_->isolate();
    auto* controller = static_cast<ReadableByteStreamController*>(stream_->controller());
    if (stream_->state() != ReadableStream::State::kReadable)
      return;
    size_t n = std::min(kChunkSize, end_ - next_);
    if (n > 0) {
      // Step 3.1.3.1: a chunk that cannot be allocated errors the stream.
      v8::Local<v8::ArrayBuffer> buffer;
      v8::Local<v8::Value> error;
      {
        v8::TryCatch try_catch(isolate);
        buffer = streams::AllocateArrayBuffer(isolate, n);
        if (buffer.IsEmpty())
          error = try_catch.Exception();
      }
      if (buffer.IsEmpty()) {
        controller->Error(isolate, error);
        return;
      }
      std::memcpy(buffer->Data(), storage_->data() + next_, n);
      next_ += n;
      v8::TryCatch try_catch(isolate);
      controller->Enqueue(isolate, v8::Uint8Array::New(buffer, 0, n));
    }
    if (next_ == end_) {
      v8::TryCatch try_catch(isolate);
      controller->Close(isolate);
    }
  }

  ExecutionContext* context_;
  std::shared_ptr<const net::Buffer> storage_;
  size_t next_;
  size_t end_;
  ReadableStream* stream_ = nullptr;  // alive: kept in this source's wrapper
  bool task_pending_ = false;
  bool cancelled_ = false;
};

}  // namespace

ReadableStream* Blob::stream(v8::Isolate* isolate) {
  // File API §3.3.4 "get stream" steps 1-4: a stream set up with byte reading support.
  ExecutionContext* context = ExecutionContext::From(isolate->GetCurrentContext());
  auto* source = new BlobStreamSource(context, storage_, offset_, size_);
  ReadableStream* stream = CreateReadableByteStream(isolate, source);
  source->Keep(isolate, stream);
  return stream;
}

v8::Local<v8::Promise> Blob::text(v8::Isolate* isolate) {
  // "UTF-8 decode": a leading BOM is dropped, invalid sequences become U+FFFD.
  const uint8_t* p = data();
  size_t n = size_;
  if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
    p += 3;
    n -= 3;
  }
  v8::Local<v8::String> string =
      v8::String::NewFromUtf8(isolate, reinterpret_cast<const char*>(p), v8::NewStringType::kNormal,
                              static_cast<int>(n))
          .ToLocalChecked();
  return PromiseResolve(isolate, string);
}

v8::Local<v8::Promise> Blob::arrayBuffer(v8::Isolate* isolate) {
  return PromiseResolve(isolate, CopyToArrayBuffer(isolate));
}

v8::Local<v8::Promise> Blob::bytes(v8::Isolate* isolate) {
  return PromiseResolve(isolate, v8::Uint8Array::New(CopyToArrayBuffer(isolate), 0, size_));
}

}  // namespace v8ws
