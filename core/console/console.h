// The `console` namespace (WHATWG Console Standard, idl/Console.idl) for hosts that give
// v8ws a console hook (ContextOptions::console): its methods, Logger and Formatter, printing
// through the hook.
#ifndef V8WS_CORE_CONSOLE_CONSOLE_H_
#define V8WS_CORE_CONSOLE_CONSOLE_H_

#include <v8.h>

#include <cstdint>
#include <map>
#include <optional>
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

// The console namespace (idl/Console.idl): static members the generated binding calls.
class Console {
 public:
  using Data = std::vector<v8::Local<v8::Value>>;

  // Defines `console` on the global of `context` (replacing V8's, which prints nothing
  // without an inspector), as WebIDL defines a namespace object.
  static void Install(ExecutionContext* execution_context, v8::Local<v8::Context> context);

  // Console §2.2.1 Formatter, then the plain joining of §2.1 Logger step 4: the line that
  // console.log(...args) prints.
  static std::string Format(v8::Local<v8::Context> context, const Data& args);

  // IDL: Logging.
  static void assertForBinding(ExecutionContext* execution_context,
                               bool condition,
                               const Data& data);
  static void clear(ExecutionContext* execution_context);
  static void debug(ExecutionContext* execution_context, const Data& data);
  static void error(ExecutionContext* execution_context, const Data& data);
  static void info(ExecutionContext* execution_context, const Data& data);
  static void log(ExecutionContext* execution_context, const Data& data);
  static void table(ExecutionContext* execution_context,
                    v8::Local<v8::Value> tabular_data,
                    const std::optional<std::vector<std::string>>& properties);
  static void trace(ExecutionContext* execution_context, const Data& data);
  static void warn(ExecutionContext* execution_context, const Data& data);
  static void dir(ExecutionContext* execution_context,
                  v8::Local<v8::Value> item,
                  v8::Local<v8::Value> options);
  static void dirxml(ExecutionContext* execution_context, const Data& data);
  // IDL: Counting.
  static void count(ExecutionContext* execution_context, const std::string& label);
  static void countReset(ExecutionContext* execution_context, const std::string& label);
  // IDL: Grouping.
  static void group(ExecutionContext* execution_context, const Data& data);
  static void groupCollapsed(ExecutionContext* execution_context, const Data& data);
  static void groupEnd(ExecutionContext* execution_context);
  // IDL: Timing.
  static void time(ExecutionContext* execution_context, const std::string& label);
  static void timeLog(ExecutionContext* execution_context,
                      const std::string& label,
                      const Data& data);
  static void timeEnd(ExecutionContext* execution_context, const std::string& label);

 private:
  static void TimeLogOrEnd(ExecutionContext* execution_context,
                           const std::string& label,
                           const Data& data,
                           bool end);
};

// What the console's binding does to a new console object ([ContextSetUp] in
// idl/Console.idl): the Console Standard's one quirk.
void SetUpConsoleNamespace(v8::Local<v8::Context> context, v8::Local<v8::Object> console);

}  // namespace v8ws

#endif  // V8WS_CORE_CONSOLE_CONSOLE_H_
