// MessageEvent: data, origin, lastEventId, source and ports, kept alive by the wrapper.
#include "core/events/message_event.h"

#include "bindings/generated/v8_message_event.h"
#include "core/execution_context.h"

namespace v8ws {

MessageEvent::MessageEvent(ExecutionContext* context,
                           const std::string& type,
                           const EventInit& init,
                           bool trusted,
                           std::shared_ptr<const std::string> origin,
                           std::string last_event_id)
    : Event(context, type, init, trusted),
      origin_(std::move(origin)),
      last_event_id_(std::move(last_event_id)) {}

MessageEvent* MessageEvent::Create(ExecutionContext* context,
                                   const std::string& type,
                                   const MessageEventInit& init,
                                   ExceptionState&) {
  auto* event =
      new MessageEvent(context, type, init, false, std::make_shared<const std::string>(init.origin),
                       init.lastEventId);
  v8::Isolate* isolate = context->isolate();
  event->pending_data_.Reset(isolate, init.data);
  event->pending_source_.Reset(isolate, init.source);
  for (const auto& port : init.ports)
    event->pending_ports_.emplace_back(isolate, port);
  return event;
}

MessageEvent* MessageEvent::CreateTrusted(ExecutionContext* context,
                                          v8::Local<v8::Value> data,
                                          std::shared_ptr<const std::string> origin) {
  auto* event =
      new MessageEvent(context, "message", EventInit(), true, std::move(origin), std::string());
  v8::Isolate* isolate = context->isolate();
  event->ToV8(isolate, context->context());
  // A new wrapper's slots are undefined, which source() and ports() read as null and a new
  // empty array: only the data needs storing (one V8 call per message instead of three).
  event->SetWrapperValue(isolate, kDataKey,
                         data.IsEmpty() ? v8::Null(isolate).As<v8::Value>() : data);
  return event;
}

const WrapperTypeInfo* MessageEvent::GetWrapperTypeInfo() const {
  return &V8MessageEvent::wrapper_type_info;
}

void MessageEvent::OnWrapperAssociated(v8::Isolate* isolate) {
  if (pending_data_.IsEmpty())
    return;
  std::vector<v8::Local<v8::Object>> ports;
  for (const auto& port : pending_ports_)
    ports.push_back(port.Get(isolate));
  StoreValues(isolate, pending_data_.Get(isolate), pending_source_.Get(isolate), ports);
  pending_data_.Reset();
  pending_source_.Reset();
  pending_ports_.clear();
}

void MessageEvent::StoreValues(v8::Isolate* isolate,
                               v8::Local<v8::Value> data,
                               v8::Local<v8::Value> source,
                               const std::vector<v8::Local<v8::Object>>& ports) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  SetWrapperValue(isolate, kDataKey, data.IsEmpty() ? v8::Null(isolate).As<v8::Value>() : data);
  SetWrapperValue(isolate, kSourceKey,
                  source.IsEmpty() ? v8::Null(isolate).As<v8::Value>() : source);
  // No ports (every event a WebSocket fires): the array is made on first read.
  if (ports.empty()) {
    DeleteWrapperValue(isolate, kPortsKey);
    return;
  }
  // FrozenArray: one frozen array, the same object on every read.
  v8::Local<v8::Array> array = v8::Array::New(isolate, static_cast<int>(ports.size()));
  for (size_t i = 0; i < ports.size(); ++i)
    array->Set(context, static_cast<uint32_t>(i), ports[i]).Check();
  array->SetIntegrityLevel(context, v8::IntegrityLevel::kFrozen).Check();
  SetWrapperValue(isolate, kPortsKey, array);
}

v8::Local<v8::Value> MessageEvent::data(v8::Isolate* isolate) const {
  return GetWrapperValue(isolate, kDataKey);
}

v8::Local<v8::Value> MessageEvent::source(v8::Isolate* isolate) const {
  // Never undefined by IDL (MessageEventSource?): undefined is a slot not stored yet.
  v8::Local<v8::Value> source = GetWrapperValue(isolate, kSourceKey);
  return source->IsUndefined() ? v8::Null(isolate).As<v8::Value>() : source;
}

v8::Local<v8::Value> MessageEvent::ports(v8::Isolate* isolate) const {
  v8::Local<v8::Value> ports = GetWrapperValue(isolate, kPortsKey);
  if (!ports->IsUndefined())
    return ports;
  v8::Local<v8::Array> empty = v8::Array::New(isolate, 0);
  empty->SetIntegrityLevel(isolate->GetCurrentContext(), v8::IntegrityLevel::kFrozen).Check();
  const_cast<MessageEvent*>(this)->SetWrapperValue(isolate, kPortsKey, empty);
  return empty;
}

void MessageEvent::initMessageEvent(v8::Isolate* isolate,
                                    const std::string& type,
                                    bool bubbles,
                                    bool cancelable,
                                    v8::Local<v8::Value> data,
                                    const std::string& origin,
                                    const std::string& last_event_id,
                                    v8::Local<v8::Value> source,
                                    const std::vector<v8::Local<v8::Object>>& ports) {
  // HTML §9.2: like initEvent(), nothing happens during dispatch.
  if (dispatching())
    return;
  initEvent(type, bubbles, cancelable);
  origin_ = std::make_shared<const std::string>(origin);
  last_event_id_ = last_event_id;
  StoreValues(isolate, data, source, ports);
}

}  // namespace v8ws
