// The error names table (WebIDL §2.8.1) behind DOMExceptionCode.
#include "bindings/core/v8/dom_exception_code.h"

namespace v8ws {
namespace {

struct Entry {
  const char* name;
  uint16_t code;
};

constexpr Entry kTable[] = {
#define V8WS_DOM_EXCEPTION_ENTRY(enumerator, name, code) {name, code},
    V8WS_DOM_EXCEPTION_NAMES(V8WS_DOM_EXCEPTION_ENTRY)
#undef V8WS_DOM_EXCEPTION_ENTRY
};

}  // namespace

const char* DOMExceptionName(DOMExceptionCode code) {
  return kTable[static_cast<size_t>(code)].name;
}

uint16_t LegacyCodeForName(std::string_view name) {
  for (const Entry& entry : kTable) {
    if (name == entry.name)
      return entry.code;
  }
  return 0;
}

}  // namespace v8ws
