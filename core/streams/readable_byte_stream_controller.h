// ReadableByteStreamController (Streams Standard §4.7), ReadableStreamBYOBRequest (§4.8) and
// the byte stream controller abstract operations of §4.9.5.
//
// The JS values (the queue's buffers, each pull-into descriptor's buffer, the BYOB request)
// live in the controller's wrapper under keys the C++ records carry.
#ifndef V8WS_CORE_STREAMS_READABLE_BYTE_STREAM_CONTROLLER_H_
#define V8WS_CORE_STREAMS_READABLE_BYTE_STREAM_CONTROLLER_H_

#include <v8.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "bindings/core/v8/wrapper_key_pool.h"
#include "core/streams/readable_stream_controller.h"

namespace v8ws {

class ExceptionState;
class ReadIntoRequest;
class ReadableByteStreamController;
class ReadableStream;
class UnderlyingSourceBase;
struct UnderlyingSource;

class ReadableStreamBYOBRequest final : public ScriptWrappable {
 public:
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  v8::Local<v8::Value> view(v8::Isolate* isolate) const;
  void respond(v8::Isolate* isolate, uint64_t bytes_written, ExceptionState& es);
  void respondWithNewView(v8::Isolate* isolate,
                          v8::Local<v8::ArrayBufferView> view,
                          ExceptionState& es);

 private:
  friend class ReadableByteStreamController;
  ReadableStreamBYOBRequest() = default;

  ReadableByteStreamController* controller_ = nullptr;  // null once invalidated
};

class ReadableByteStreamController final : public ReadableStreamController {
 public:
  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  ReadableStreamBYOBRequest* byobRequest(v8::Isolate* isolate);
  std::optional<double> desiredSize() const { return GetDesiredSize(); }
  void close(v8::Isolate* isolate, ExceptionState& es);
  void enqueue(v8::Isolate* isolate, v8::Local<v8::ArrayBufferView> chunk, ExceptionState& es);
  void error(v8::Isolate* isolate, v8::Local<v8::Value> error);

  // SetUpReadableByteStreamControllerFromUnderlyingSource (its checks were made by the
  // constructor): false with an exception pending when start() threw.
  static bool SetUpFromUnderlyingSource(v8::Isolate* isolate,
                                        ReadableStream* stream,
                                        v8::Local<v8::Value> underlying_source,
                                        const UnderlyingSource& source,
                                        double high_water_mark);

  // SetUpReadableByteStreamController with a C++ source's algorithms (CreateReadableByteStream):
  // its Start() and Pull() get no controller.
  static void SetUpWithSource(v8::Isolate* isolate,
                              ReadableStream* stream,
                              UnderlyingSourceBase* source);

  // ReadableStreamController
  bool IsByteController() const override { return true; }
  v8::Local<v8::Promise> CancelSteps(v8::Isolate* isolate, v8::Local<v8::Value> reason) override;
  void PullSteps(v8::Isolate* isolate, std::unique_ptr<ReadRequest> request) override;
  void ReleaseSteps(v8::Isolate* isolate) override;

  // ReadableByteStreamControllerPullInto.
  void PullInto(v8::Isolate* isolate,
                v8::Local<v8::ArrayBufferView> view,
                uint64_t min,
                std::unique_ptr<ReadIntoRequest> request);
  // ReadableByteStreamControllerClose: false with an exception pending (a partial element
  // was left in the BYOB buffer).
  bool Close(v8::Isolate* isolate);
  // ReadableByteStreamControllerEnqueue: false with an exception pending.
  bool Enqueue(v8::Isolate* isolate, v8::Local<v8::ArrayBufferView> chunk);
  void Error(v8::Isolate* isolate, v8::Local<v8::Value> error);
  // ReadableByteStreamControllerRespond / RespondWithNewView: false with an exception
  // pending.
  bool Respond(v8::Isolate* isolate, uint64_t bytes_written);
  bool RespondWithNewView(v8::Isolate* isolate, v8::Local<v8::ArrayBufferView> view);
  std::optional<double> GetDesiredSize() const;
  // The BYOB request's view (null when there is none): ReadableByteStreamControllerGetBYOBRequest.
  v8::Local<v8::Value> ByobRequestView(v8::Isolate* isolate);
  bool close_requested() const { return close_requested_; }
  bool HasPendingPullIntos() const { return !pending_pull_intos_.empty(); }
  ReadableStream* stream() const { return stream_; }

 private:
  // A view constructor of the pull-into descriptors (ECMA-262 table 71, and %DataView%).
  enum class ViewType {
    kInt8,
    kUint8,
    kUint8Clamped,
    kInt16,
    kUint16,
    kInt32,
    kUint32,
    kFloat32,
    kFloat64,
    kBigInt64,
    kBigUint64,
    kDataView,
  };
  enum class ReaderType { kDefault, kBYOB, kNone };
  struct QueueEntry {
    uint32_t key;  // of its buffer
    size_t byte_offset;
    size_t byte_length;
  };
  struct PullIntoDescriptor {
    uint32_t key;  // of its buffer
    size_t buffer_byte_length;
    size_t byte_offset;
    size_t byte_length;
    size_t bytes_filled;
    size_t minimum_fill;
    size_t element_size;
    ViewType view_type;
    ReaderType reader_type;
  };

  ReadableByteStreamController();

  static size_t ElementSize(ViewType type);
  static ViewType ViewTypeOf(v8::Local<v8::ArrayBufferView> view);
  static v8::Local<v8::ArrayBufferView> NewView(ViewType type,
                                                v8::Local<v8::ArrayBuffer> buffer,
                                                size_t byte_offset,
                                                size_t length);

  uint32_t Keep(v8::Isolate* isolate, v8::Local<v8::ArrayBuffer> buffer);
  v8::Local<v8::ArrayBuffer> BufferOf(v8::Isolate* isolate, uint32_t key) const;
  void Replace(v8::Isolate* isolate, uint32_t key, v8::Local<v8::ArrayBuffer> buffer);
  void Forget(v8::Isolate* isolate, uint32_t key);

  void CallPullIfNeeded(v8::Isolate* isolate);
  bool ShouldCallPull() const;
  void ClearAlgorithms(v8::Isolate* isolate);
  void ClearPendingPullIntos(v8::Isolate* isolate);
  void ResetQueue(v8::Isolate* isolate);
  void CommitPullIntoDescriptor(v8::Isolate* isolate, PullIntoDescriptor descriptor);
  v8::Local<v8::ArrayBufferView> ConvertPullIntoDescriptor(v8::Isolate* isolate,
                                                           const PullIntoDescriptor& descriptor);
  void EnqueueChunkToQueue(v8::Isolate* isolate,
                           v8::Local<v8::ArrayBuffer> buffer,
                           size_t byte_offset,
                           size_t byte_length);
  bool EnqueueClonedChunkToQueue(v8::Isolate* isolate,
                                 v8::Local<v8::ArrayBuffer> buffer,
                                 size_t byte_offset,
                                 size_t byte_length);
  bool EnqueueDetachedPullIntoToQueue(v8::Isolate* isolate);
  bool FillPullIntoDescriptorFromQueue(v8::Isolate* isolate, PullIntoDescriptor& descriptor);
  void FillReadRequestFromQueue(v8::Isolate* isolate, std::unique_ptr<ReadRequest> request);
  void HandleQueueDrain(v8::Isolate* isolate);
  void InvalidateBYOBRequest(v8::Isolate* isolate);
  std::vector<PullIntoDescriptor> ProcessPullIntoDescriptorsUsingQueue(v8::Isolate* isolate);
  void ProcessReadRequestsUsingQueue(v8::Isolate* isolate);
  void RespondInClosedState(v8::Isolate* isolate);
  bool RespondInReadableState(v8::Isolate* isolate, size_t bytes_written);
  bool RespondInternal(v8::Isolate* isolate, size_t bytes_written);
  PullIntoDescriptor ShiftPendingPullInto(v8::Isolate* isolate);

  static void OnStartFulfilled(v8::Isolate* isolate, ScriptWrappable* self, v8::Local<v8::Value>);
  static void OnStartOrPullRejected(v8::Isolate* isolate,
                                    ScriptWrappable* self,
                                    v8::Local<v8::Value> reason);
  static void OnPullFulfilled(v8::Isolate* isolate, ScriptWrappable* self, v8::Local<v8::Value>);

  ReadableStream* stream_ = nullptr;
  ReadableStreamBYOBRequest* byob_request_ = nullptr;  // kept in the wrapper
  std::deque<QueueEntry> queue_;
  double queue_total_size_ = 0;
  std::deque<PullIntoDescriptor> pending_pull_intos_;
  std::optional<uint64_t> auto_allocate_chunk_size_;
  double strategy_hwm_ = 0;
  bool started_ = false;
  bool close_requested_ = false;
  bool pull_again_ = false;
  bool pulling_ = false;
  bool has_algorithms_ = false;                      // the source's methods, kept in the wrapper
  UnderlyingSourceBase* platform_source_ = nullptr;  // a C++ source's algorithms instead
  WrapperKeyPool buffer_keys_;                       // of the buffers queued and pulled into
};

}  // namespace v8ws

#endif  // V8WS_CORE_STREAMS_READABLE_BYTE_STREAM_CONTROLLER_H_
