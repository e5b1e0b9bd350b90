// The Encoding Standard's indexes (§5), generated at build time into
// gen/core/encoding/encoding_indexes.cc by core/encoding/scripts/generate_indexes.js.
// An entry of 0 is null: the pointer has no code point.
#ifndef V8WS_CORE_ENCODING_ENCODING_INDEXES_H_
#define V8WS_CORE_ENCODING_ENCODING_INDEXES_H_

#include <cstddef>
#include <cstdint>

namespace v8ws::encoding::indexes {

// The 27 single-byte indexes (pointer = byte - 0x80), in the order SingleByteIndexOf()
// (legacy_decoders.cc) gives.
extern const uint16_t kSingleByte[][128];
extern const size_t kSingleByteCount;

extern const uint16_t kGb18030[];
extern const size_t kGb18030Size;
// index gb18030 ranges: {pointer, code point} pairs in ascending order.
extern const uint32_t kGb18030Ranges[][2];
extern const size_t kGb18030RangesSize;
// index Big5 holds code points beyond the BMP, hence 32 bits.
extern const uint32_t kBig5[];
extern const size_t kBig5Size;
extern const uint16_t kJis0208[];
extern const size_t kJis0208Size;
extern const uint16_t kJis0212[];
extern const size_t kJis0212Size;
extern const uint16_t kEucKr[];
extern const size_t kEucKrSize;

}  // namespace v8ws::encoding::indexes

#endif  // V8WS_CORE_ENCODING_ENCODING_INDEXES_H_
