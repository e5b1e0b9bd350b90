// The `console` namespace (WHATWG Console Standard) for hosts that give v8ws a console hook
// (ContextOptions::console): its Logger and Formatter, printing through the hook.
#ifndef V8WS_CORE_CONSOLE_CONSOLE_H_
#define V8WS_CORE_CONSOLE_CONSOLE_H_

#include <v8.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace v8ws {

class ExecutionContext;

// What a context's console remembers between calls (Console §1.2-1.4): the count map, the
// timer table, and how deep the group stack is.
struct ConsoleState {
  std::map<std::string, uint64_t> counts;
  std::map<std::string, double> timers;  // label -> start, in ms since the time origin
  int group_depth = 0;
};

class Console {
 public:
  // Defines `console` on the global of `context` (replacing V8's, which prints nothing
  // without an inspector), writable and configurable as an IDL namespace is.
  static void Install(ExecutionContext* execution_context, v8::Local<v8::Context> context);

  // Console §2.2.1 Formatter, then the plain joining of §2.1 Logger step 4: the line that
  // console.log(...args) prints.
  static std::string FormatArguments(v8::Local<v8::Context> context,
                                     const v8::FunctionCallbackInfo<v8::Value>& info);
  static std::string Format(v8::Local<v8::Context> context,
                            const std::vector<v8::Local<v8::Value>>& args);
};

}  // namespace v8ws

#endif  // V8WS_CORE_CONSOLE_CONSOLE_H_
