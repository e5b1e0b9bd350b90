// ValuePrinter: how console.log shows a value that is not a string, the way Node's and
// Deno's inspect do (the Console Standard leaves the form to the implementation): Map(1)
// { 1 => 2 }, Uint8Array(2) [ 1, 2 ], errors by their stack, cycles as <ref *1> and
// [Circular *1], accessors as [Getter] without calling them, a depth limit, and platform
// objects by interface name with their attributes (a WebSocket with its url and readyState).
#ifndef V8WS_CORE_CONSOLE_VALUE_PRINTER_H_
#define V8WS_CORE_CONSOLE_VALUE_PRINTER_H_

#include <v8.h>

#include <cstddef>
#include <string>

namespace v8ws {

struct PrintOptions {
  int depth = 2;                  // objects nested deeper print as [Object], [Array], ...
  size_t max_array_length = 100;  // elements, entries and bytes shown before "... N more"
  size_t max_string_length = 10000;
  size_t break_length = 80;    // a list longer than this breaks into lines
  bool quote_strings = false;  // a string argument too prints quoted (%o, %O)
};

// `value` as console.log prints an argument: a string as itself, anything else inspected.
std::string PrintValue(v8::Local<v8::Context> context,
                       v8::Local<v8::Value> value,
                       const PrintOptions& options = PrintOptions());

}  // namespace v8ws

#endif  // V8WS_CORE_CONSOLE_VALUE_PRINTER_H_
