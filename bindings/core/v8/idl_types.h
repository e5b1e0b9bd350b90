// Tag types naming WebIDL types in C++, for NativeValueTraits<IDLType>. A tag is never
// instantiated; it selects the conversion and names its C++ result (ImplType).
// Interfaces, dictionaries, enums and unions are their own tags: the generated headers
// specialize NativeValueTraits for them.
#ifndef V8WS_BINDINGS_CORE_V8_IDL_TYPES_H_
#define V8WS_BINDINGS_CORE_V8_IDL_TYPES_H_

#include <v8.h>

#include <cstdint>
#include <string>

namespace v8ws {

struct IDLBoolean {};

// The integer types (WebIDL §3.2.4-10), plain or wrapped in IDLClamp / IDLEnforceRange.
template <typename T>
struct IDLIntegerType {
  using ImplType = T;
};
using IDLByte = IDLIntegerType<int8_t>;
using IDLOctet = IDLIntegerType<uint8_t>;
using IDLShort = IDLIntegerType<int16_t>;
using IDLUnsignedShort = IDLIntegerType<uint16_t>;
using IDLLong = IDLIntegerType<int32_t>;
using IDLUnsignedLong = IDLIntegerType<uint32_t>;
using IDLLongLong = IDLIntegerType<int64_t>;
using IDLUnsignedLongLong = IDLIntegerType<uint64_t>;
template <typename IntegerType>
struct IDLClamp {};
template <typename IntegerType>
struct IDLEnforceRange {};

// double and float: restricted ones reject NaN and the infinities.
struct IDLDouble {};
struct IDLUnrestrictedDouble {};

struct IDLDOMString {};   // WTF-8: lone surrogates survive
struct IDLUSVString {};   // UTF-8: lone surrogates become U+FFFD
struct IDLByteString {};  // one byte per code unit, TypeError above U+00FF

struct IDLAny {};
struct IDLObject {};

struct IDLBufferSource {};
struct IDLAllowSharedBufferSource {};
struct IDLArrayBuffer {};
struct IDLArrayBufferView {};
struct IDLUint8Array {};
// [AllowShared] on a typed array type: a view on a SharedArrayBuffer is accepted.
template <typename ArrayType>
struct IDLAllowShared {};

template <typename T>
struct IDLSequence {};
// async_sequence<T>: only async_sequence<any> so far (its values are not converted).
template <typename T>
struct IDLAsyncSequence {};
template <typename K, typename V>
struct IDLRecord {};
template <typename T>
struct IDLNullable {};

// Callback functions, callback interfaces and event handlers stay JS values: script calls
// them later through bindings/core/v8/event_listener_support.h.
struct IDLCallbackFunction {};
// A callback function with [LegacyTreatNonObjectAsNull]: any non-object is null.
struct IDLLegacyCallbackFunction {};
struct IDLCallbackInterface {};
struct IDLEventHandler {};

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_IDL_TYPES_H_
