// console: the Console Standard's Logger (§2.1) and Formatter (§2.2.1), step numbers in the
// comments; values print through core/console/value_printer.
#include "core/console/console.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_console.h"
#include "core/console/value_printer.h"
#include "core/execution_context.h"

namespace v8ws {
namespace {

std::string ToUtf8(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  v8::String::Utf8Value text(isolate, value);
  return *text ? std::string(*text, text.length()) : std::string("<unprintable>");
}

// How a value that is not a format string prints: an argument as itself when it is a
// string, anything else (and, quoted, %o and %O's argument) as the printer shows it.
std::string Display(v8::Local<v8::Context> context,
                    v8::Local<v8::Value> value,
                    char specifier = 0) {
  PrintOptions options;
  if (specifier == 'o')
    options.depth = 4;  // %o: "optimally useful formatting", a little deeper, as Node's
  options.quote_strings = specifier == 'o' || specifier == 'O';
  return PrintValue(context, value, options);
}

// §2.2.1 step 4's conversions of one argument for a specifier.
std::string Convert(v8::Local<v8::Context> context, char specifier, v8::Local<v8::Value> value) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::TryCatch try_catch(isolate);
  switch (specifier) {
    case 's': {
      // %s: String(current), which, unlike ToString, also takes a Symbol.
      if (value->IsSymbol())
        return Display(context, value);
      v8::Local<v8::String> s;
      return value->ToString(context).ToLocal(&s) ? ToUtf8(isolate, s) : "<unprintable>";
    }
    case 'd':
    case 'i':
    case 'f': {
      // %d, %i: parseInt(current, 10); %f: parseFloat(current); a Symbol gives NaN.
      if (value->IsSymbol())
        return "NaN";
      const char* name = specifier == 'f' ? "parseFloat" : "parseInt";
      v8::Local<v8::Value> fn, result;
      v8::Local<v8::Value> args[] = {value, v8::Integer::New(isolate, 10)};
      if (!context->Global()->Get(context, ToV8String(isolate, name)).ToLocal(&fn) ||
          !fn->IsFunction() ||
          !fn.As<v8::Function>()
               ->Call(context, v8::Undefined(isolate), specifier == 'f' ? 1 : 2, args)
               .ToLocal(&result))
        return "NaN";
      return Display(context, result);
    }
    default:  // %o, %O: the object as the printer shows it.
      return Display(context, value, specifier);
  }
}

// §2.3 Printer: the line, each of its lines indented by the group stack's depth (two spaces
// a group, as Node and Deno indent).
void Emit(ExecutionContext* execution_context, ConsoleLevel level, const std::string& text) {
  int depth = execution_context->console_state().group_depth;
  if (depth == 0) {
    execution_context->Print(level, text);
    return;
  }
  std::string indent(static_cast<size_t>(depth) * 2, ' ');
  std::string out = indent;
  for (char c : text) {
    out += c;
    if (c == '\n')
      out += indent;
  }
  execution_context->Print(level, out);
}

// §2.1 Logger(level, args).
void Logger(ExecutionContext* execution_context, ConsoleLevel level, const Console::Data& args) {
  // Step 1: nothing to print for no arguments.
  if (!execution_context || args.empty())
    return;
  Emit(execution_context, level, Console::Format(execution_context->context(), args));
}

// A duration as Node prints it: milliseconds with up to three decimals, or seconds.
std::string Duration(double ms) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.3f", ms >= 1000 ? ms / 1000 : ms);
  std::string out(text);
  while (out.back() == '0')
    out.pop_back();
  if (out.back() == '.')
    out.pop_back();
  return out + (ms >= 1000 ? "s" : "ms");
}

}  // namespace

// §1.1.1 assert(condition, ...data).
void Console::assertForBinding(ExecutionContext* execution_context,
                               bool condition,
                               const Data& data) {
  // Step 1.
  if (condition || !execution_context)
    return;
  // Steps 2-4: "Assertion failed" alone, prepended, or joined to a leading string.
  v8::Isolate* isolate = execution_context->isolate();
  Data args = data;
  const std::string message = "Assertion failed";
  if (args.empty()) {
    args.push_back(ToV8String(isolate, message));
  } else if (!args[0]->IsString()) {
    args.insert(args.begin(), ToV8String(isolate, message));
  } else {
    args[0] = ToV8String(isolate, message + ": " + ToUtf8(isolate, args[0]));
  }
  // Step 5.
  Logger(execution_context, ConsoleLevel::kError, args);
}

// §1.1.2 clear(): a terminal's scrollback is not ours to clear; the group stack empties.
void Console::clear(ExecutionContext* execution_context) {
  if (execution_context)
    execution_context->console_state().group_depth = 0;
}

// §1.1.3-1.1.7, 1.1.9, 1.1.11: Logger at each method's level (a host sends warn and error
// to stderr; dirxml logs as log does).
void Console::debug(ExecutionContext* execution_context, const Data& data) {
  Logger(execution_context, ConsoleLevel::kDebug, data);
}
void Console::error(ExecutionContext* execution_context, const Data& data) {
  Logger(execution_context, ConsoleLevel::kError, data);
}
void Console::info(ExecutionContext* execution_context, const Data& data) {
  Logger(execution_context, ConsoleLevel::kInfo, data);
}
void Console::log(ExecutionContext* execution_context, const Data& data) {
  Logger(execution_context, ConsoleLevel::kLog, data);
}
void Console::warn(ExecutionContext* execution_context, const Data& data) {
  Logger(execution_context, ConsoleLevel::kWarn, data);
}
void Console::dirxml(ExecutionContext* execution_context, const Data& data) {
  Logger(execution_context, ConsoleLevel::kLog, data);
}

// §1.1.8 table(tabularData, properties): rows by tabularData's own enumerable keys,
// columns by their values' keys (or `properties`), in boxes as Node draws them; anything
// that is not an object is logged as it is.
void Console::table(ExecutionContext* execution_context,
                    v8::Local<v8::Value> tabular_data,
                    const std::optional<std::vector<std::string>>& properties) {
  if (!execution_context)
    return;
  v8::Isolate* isolate = execution_context->isolate();
  // A missing optional argument comes as an empty handle: undefined.
  if (tabular_data.IsEmpty())
    tabular_data = v8::Undefined(isolate);
  if (!tabular_data->IsObject()) {
    Logger(execution_context, ConsoleLevel::kLog, {tabular_data});
    return;
  }
  v8::Local<v8::Context> context = execution_context->context();
  v8::Local<v8::Object> data = tabular_data.As<v8::Object>();
  PrintOptions cell_options;
  cell_options.quote_strings = true;
  cell_options.depth = 1;
  cell_options.break_length = 1 << 20;
  auto keys_of = [&](v8::Local<v8::Object> object, std::vector<std::string>* keys,
                     std::vector<v8::Local<v8::Value>>* values) {
    v8::Local<v8::Array> names;
    if (!object
             ->GetOwnPropertyNames(context, v8::ONLY_ENUMERABLE,
                                   v8::KeyConversionMode::kConvertToString)
             .ToLocal(&names))
      return false;
    for (uint32_t i = 0; i < names->Length(); ++i) {
      v8::Local<v8::Value> key, value;
      if (!names->Get(context, i).ToLocal(&key) || !object->Get(context, key).ToLocal(&value))
        return false;
      keys->push_back(ToUtf8(isolate, key));
      values->push_back(value);
    }
    return true;
  };
  std::vector<std::string> row_keys;
  std::vector<v8::Local<v8::Value>> rows;
  if (!keys_of(data, &row_keys, &rows))
    return;
  // Columns: `properties` if given, else every key of an object row, first seen first.
  bool filtered = properties.has_value();
  std::vector<std::string> columns = filtered ? *properties : std::vector<std::string>();
  std::vector<std::map<std::string, std::string>> cells(rows.size());
  std::vector<std::string> plain(rows.size());
  bool has_values = false;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r]->IsObject() && !rows[r]->IsFunction()) {
      std::vector<std::string> keys;
      std::vector<v8::Local<v8::Value>> values;
      if (!keys_of(rows[r].As<v8::Object>(), &keys, &values))
        return;
      for (size_t k = 0; k < keys.size(); ++k) {
        if (!filtered && std::find(columns.begin(), columns.end(), keys[k]) == columns.end())
          columns.push_back(keys[k]);
        cells[r][keys[k]] = PrintValue(context, values[k], cell_options);
      }
    } else {
      has_values = true;
      plain[r] = PrintValue(context, rows[r], cell_options);
    }
  }
  std::vector<std::string> header = {"(index)"};
  header.insert(header.end(), columns.begin(), columns.end());
  if (has_values)
    header.push_back("Values");
  std::vector<std::vector<std::string>> body;
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<std::string> line = {row_keys[r]};
    for (const std::string& column : columns) {
      auto found = cells[r].find(column);
      line.push_back(found == cells[r].end() ? "" : found->second);
    }
    if (has_values)
      line.push_back(plain[r]);
    body.push_back(line);
  }
  // Widths in code points (what a terminal shows for most text), one space either side.
  auto width = [](const std::string& text) {
    size_t n = 0;
    for (unsigned char c : text)
      n += (c & 0xC0) != 0x80;
    return n;
  };
  std::vector<size_t> widths;
  for (size_t c = 0; c < header.size(); ++c) {
    size_t w = width(header[c]);
    for (const auto& line : body)
      w = std::max(w, width(line[c]));
    widths.push_back(w + 2);
  }
  auto rule = [&](const char* left, const char* middle, const char* right) {
    std::string out = left;
    for (size_t c = 0; c < widths.size(); ++c) {
      for (size_t i = 0; i < widths[c]; ++i)
        out += "\u2500";
      out += c + 1 < widths.size() ? middle : right;
    }
    return out;
  };
  auto row = [&](const std::vector<std::string>& line) {
    std::string out = "\u2502";
    for (size_t c = 0; c < line.size(); ++c)
      out += " " + line[c] + std::string(widths[c] - 1 - width(line[c]), ' ') + "\u2502";
    return out;
  };
  std::string text = rule("\u250c", "\u252c", "\u2510") + "\n" + row(header) + "\n" +
                     rule("\u251c", "\u253c", "\u2524");
  for (const auto& line : body)
    text += "\n" + row(line);
  text += "\n" + rule("\u2514", "\u2534", "\u2518");
  Emit(execution_context, ConsoleLevel::kLog, text);
}

// §1.1.9 trace(...data): "Trace", the formatted data, and where it was called from.
void Console::trace(ExecutionContext* execution_context, const Data& data) {
  if (!execution_context)
    return;
  v8::Isolate* isolate = execution_context->isolate();
  std::string text = "Trace";
  if (!data.empty())
    text += ": " + Format(execution_context->context(), data);
  v8::Local<v8::StackTrace> stack = v8::StackTrace::CurrentStackTrace(isolate, 10);
  for (int i = 0; i < stack->GetFrameCount(); ++i) {
    v8::Local<v8::StackFrame> frame = stack->GetFrame(isolate, i);
    std::string where = ToUtf8(isolate, frame->GetScriptNameOrSourceURL()) + ":" +
                        std::to_string(frame->GetLineNumber()) + ":" +
                        std::to_string(frame->GetColumn());
    v8::Local<v8::String> function = frame->GetFunctionName();
    std::string name = function.IsEmpty() ? "" : ToUtf8(isolate, function);
    text += "\n    at " + (name.empty() ? where : name + " (" + where + ")");
  }
  Emit(execution_context, ConsoleLevel::kError, text);
}

// §1.1.10 dir(item, options): the item inspected, a string too; options.depth (null for
// no limit) as Node's takes it.
void Console::dir(ExecutionContext* execution_context,
                  v8::Local<v8::Value> item,
                  v8::Local<v8::Value> options) {
  if (!execution_context)
    return;
  v8::Isolate* isolate = execution_context->isolate();
  v8::Local<v8::Context> context = execution_context->context();
  PrintOptions print;
  print.quote_strings = true;
  // Missing optional arguments come as empty handles: undefined.
  if (item.IsEmpty())
    item = v8::Undefined(isolate);
  if (!options.IsEmpty() && options->IsObject()) {
    v8::Local<v8::Value> depth;
    if (!options.As<v8::Object>()->Get(context, ToV8String(isolate, "depth")).ToLocal(&depth))
      return;
    if (depth->IsNull())
      print.depth = 1 << 20;
    else if (depth->IsNumber())
      print.depth = static_cast<int>(std::max(0.0, std::min(1e6, depth.As<v8::Number>()->Value())));
  }
  Emit(execution_context, ConsoleLevel::kLog, PrintValue(context, item, print));
}

// §1.2.1 count(label).
void Console::count(ExecutionContext* execution_context, const std::string& label) {
  if (!execution_context)
    return;
  uint64_t count = ++execution_context->console_state().counts[label];
  Emit(execution_context, ConsoleLevel::kInfo, label + ": " + std::to_string(count));
}

// §1.2.2 countReset(label).
void Console::countReset(ExecutionContext* execution_context, const std::string& label) {
  if (!execution_context)
    return;
  auto& counts = execution_context->console_state().counts;
  auto found = counts.find(label);
  if (found != counts.end())
    found->second = 0;
  else
    Emit(execution_context, ConsoleLevel::kWarn, "Count for '" + label + "' does not exist");
}

// §1.3.1 group(...data), §1.3.2 groupCollapsed(...data): the label, then one level deeper.
void Console::group(ExecutionContext* execution_context, const Data& data) {
  if (!execution_context)
    return;
  if (!data.empty())
    Emit(execution_context, ConsoleLevel::kLog, Format(execution_context->context(), data));
  ++execution_context->console_state().group_depth;
}
void Console::groupCollapsed(ExecutionContext* execution_context, const Data& data) {
  group(execution_context, data);
}

// §1.3.3 groupEnd().
void Console::groupEnd(ExecutionContext* execution_context) {
  if (execution_context && execution_context->console_state().group_depth > 0)
    --execution_context->console_state().group_depth;
}

// §1.4.1 time(label).
void Console::time(ExecutionContext* execution_context, const std::string& label) {
  if (!execution_context)
    return;
  auto& timers = execution_context->console_state().timers;
  if (timers.count(label)) {
    Emit(execution_context, ConsoleLevel::kWarn, "Timer '" + label + "' already exists");
    return;
  }
  timers[label] = execution_context->Now();
}

// §1.4.2 timeLog(label, ...data) and §1.4.3 timeEnd(label): "label: duration", then the
// data; timeEnd forgets the timer.
void Console::TimeLogOrEnd(ExecutionContext* execution_context,
                           const std::string& label,
                           const Data& data,
                           bool end) {
  if (!execution_context)
    return;
  auto& timers = execution_context->console_state().timers;
  auto found = timers.find(label);
  if (found == timers.end()) {
    Emit(execution_context, ConsoleLevel::kWarn, "Timer '" + label + "' does not exist");
    return;
  }
  std::string concat = label + ": " + Duration(execution_context->Now() - found->second);
  if (end)
    timers.erase(found);
  if (!data.empty())
    concat += " " + Format(execution_context->context(), data);
  Emit(execution_context, ConsoleLevel::kInfo, concat);
}
void Console::timeLog(ExecutionContext* execution_context,
                      const std::string& label,
                      const Data& data) {
  TimeLogOrEnd(execution_context, label, data, false);
}
void Console::timeEnd(ExecutionContext* execution_context, const std::string& label) {
  TimeLogOrEnd(execution_context, label, {}, true);
}

std::string Console::Format(v8::Local<v8::Context> context, const Data& args) {
  int next = 0;
  int length = static_cast<int>(args.size());
  std::string out;
  // §2.1 Logger step 4: a first argument that is a string is a format string.
  if (length > 0 && args[0]->IsString()) {
    std::string format = ToUtf8(context->GetIsolate(), args[0]);
    next = 1;
    for (size_t i = 0; i < format.size(); ++i) {
      char c = format[i];
      if (c != '%' || i + 1 == format.size()) {
        out += c;
        continue;
      }
      char specifier = format[i + 1];
      if (specifier == '%') {  // "%%" prints "%", as every browser does
        out += '%';
        ++i;
        continue;
      }
      bool known = std::string("sdifoOc").find(specifier) != std::string::npos;
      if (!known || next >= length) {
        out += c;  // §2.2.1: an unknown specifier, or one with no argument left, stays
        continue;
      }
      // %c takes CSS, which a terminal has no use for: it consumes its argument.
      if (specifier != 'c')
        out += Convert(context, specifier, args[next]);
      ++next;
      ++i;
    }
  }
  // The rest, each as the printer shows it, separated by spaces.
  for (int i = next; i < length; ++i) {
    if (!out.empty() || i > 0)
      out += ' ';
    out += Display(context, args[i]);
  }
  return out;
}

void Console::Install(ExecutionContext* execution_context, v8::Local<v8::Context> context) {
  V8Console::Install(context);
}

void SetUpConsoleNamespace(v8::Local<v8::Context> context, v8::Local<v8::Object> console) {
  // Console §1: "for historical web-compatibility reasons", the namespace object's
  // [[Prototype]] is an empty object (itself of %Object.prototype%), not %Object.prototype%.
  console->SetPrototype(context, v8::Object::New(context->GetIsolate())).Check();
}

}  // namespace v8ws
