// C++ underlying sources and CreateReadableStream (Streams Standard §4.9.1).
#include "core/streams/underlying_source_base.h"

#include "core/streams/readable_byte_stream_controller.h"
#include "core/streams/readable_stream.h"
#include "core/streams/readable_stream_default_controller.h"
#include "core/streams/underlying_sink_base.h"
#include "core/streams/writable_stream.h"
#include "core/streams/writable_stream_default_controller.h"

namespace v8ws {
namespace {

void InstallInternalTemplate(v8::Isolate* isolate, v8::Local<v8::FunctionTemplate> tmpl) {
  tmpl->SetClassName(v8::String::NewFromUtf8Literal(isolate, "StreamInternal"));
}

}  // namespace

const WrapperTypeInfo StreamInternalObject::wrapper_type_info = {"StreamInternal", nullptr,
                                                                 &InstallInternalTemplate, nullptr};

v8::Local<v8::Value> UnderlyingSourceBase::Start(v8::Isolate* isolate,
                                                 ReadableStreamDefaultController*) {
  return v8::Undefined(isolate);
}

ReadableStream* CreateReadableStream(v8::Isolate* isolate,
                                     UnderlyingSourceBase* source,
                                     double high_water_mark,
                                     v8::Local<v8::Value> size) {
  // CreateReadableStream steps 1-6.
  source->ToV8(isolate, isolate->GetCurrentContext());
  ReadableStream* stream = ReadableStream::CreateWithoutSetUp(isolate);
  ReadableStreamDefaultController::SetUpWithSource(isolate, stream, source, high_water_mark, size);
  return stream;
}

ReadableStream* CreateReadableByteStream(v8::Isolate* isolate, UnderlyingSourceBase* source) {
  source->ToV8(isolate, isolate->GetCurrentContext());
  ReadableStream* stream = ReadableStream::CreateWithoutSetUp(isolate);
  ReadableByteStreamController::SetUpWithSource(isolate, stream, source);
  return stream;
}

v8::Local<v8::Value> UnderlyingSinkBase::Start(v8::Isolate* isolate,
                                               WritableStreamDefaultController*) {
  return v8::Undefined(isolate);
}

WritableStream* CreateWritableStream(v8::Isolate* isolate,
                                     UnderlyingSinkBase* sink,
                                     double high_water_mark,
                                     v8::Local<v8::Value> size) {
  // CreateWritableStream steps 1-6.
  sink->ToV8(isolate, isolate->GetCurrentContext());
  WritableStream* stream = WritableStream::CreateWithoutSetUp(isolate);
  WritableStreamDefaultController::SetUpWithSink(isolate, stream, sink, high_water_mark, size);
  return stream;
}

}  // namespace v8ws
