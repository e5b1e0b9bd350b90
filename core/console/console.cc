// console: the Console Standard's Logger (§2.1) and Formatter (§2.2.1), step numbers in the
// comments; values print through core/console/value_printer.
#include "core/console/console.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "core/console/value_printer.h"
#include "core/execution_context.h"

namespace v8ws {
namespace {

v8::Local<v8::String> Str(v8::Isolate* isolate, const char* s) {
  return v8::String::NewFromUtf8(isolate, s).ToLocalChecked();
}

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
      if (!context->Global()->Get(context, Str(isolate, name)).ToLocal(&fn) || !fn->IsFunction() ||
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

// The arguments from `first` on, as a list the Formatter takes (assert's and timeLog's
// Logger calls put a value in front of them).
std::vector<v8::Local<v8::Value>> Arguments(const v8::FunctionCallbackInfo<v8::Value>& info,
                                            int first) {
  std::vector<v8::Local<v8::Value>> args;
  for (int i = first; i < info.Length(); ++i)
    args.push_back(info[i]);
  return args;
}

// §2.1 Logger(level, args).
void Logger(v8::Local<v8::Context> context,
            ConsoleLevel level,
            const std::vector<v8::Local<v8::Value>>& args) {
  ExecutionContext* execution_context = ExecutionContext::From(context);
  // Step 1: nothing to print for no arguments.
  if (!execution_context || args.empty())
    return;
  Emit(execution_context, level, Console::Format(context, args));
}

struct Call {
  explicit Call(const v8::FunctionCallbackInfo<v8::Value>& info)
      : isolate(info.GetIsolate()),
        scope(isolate),
        context(isolate->GetCurrentContext()),
        execution_context(ExecutionContext::From(context)) {}
  v8::Isolate* isolate;
  v8::HandleScope scope;
  v8::Local<v8::Context> context;
  ExecutionContext* execution_context;
};

template <ConsoleLevel level>
void LogAt(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Call call(info);
  Logger(call.context, level, Arguments(info, 0));
}

// An optional DOMString label argument, "default" when missing or undefined.
bool Label(const Call& call, v8::Local<v8::Value> value, std::string* label) {
  if (value->IsUndefined()) {
    *label = "default";
    return true;
  }
  v8::Local<v8::String> text;
  if (!value->ToString(call.context).ToLocal(&text))
    return false;  // the exception propagates, as the IDL conversion's would
  *label = ToUtf8(call.isolate, text);
  return true;
}

v8::Local<v8::Value> StringValue(v8::Isolate* isolate, const std::string& text) {
  return v8::String::NewFromUtf8(isolate, text.data(), v8::NewStringType::kNormal,
                                 static_cast<int>(text.size()))
      .ToLocalChecked();
}

// §1.1.1 assert(condition, ...data).
void Assert(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Call call(info);
  // Step 1 (condition is a boolean, false by default).
  if (info.Length() > 0 && info[0]->BooleanValue(call.isolate))
    return;
  // Steps 2-4: "Assertion failed" alone, prepended, or joined to a leading string.
  std::vector<v8::Local<v8::Value>> data = Arguments(info, 1);
  const std::string message = "Assertion failed";
  if (data.empty()) {
    data.push_back(StringValue(call.isolate, message));
  } else if (!data[0]->IsString()) {
    data.insert(data.begin(), StringValue(call.isolate, message));
  } else {
    data[0] = StringValue(call.isolate, message + ": " + ToUtf8(call.isolate, data[0]));
  }
  // Step 5.
  Logger(call.context, ConsoleLevel::kError, data);
}

// §1.2.1 count(label) and §1.2.2 countReset(label).
void Count(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Call call(info);
  std::string label;
  if (!call.execution_context || !Label(call, info[0], &label))
    return;
  uint64_t count = ++call.execution_context->console_state().counts[label];
  Emit(call.execution_context, ConsoleLevel::kInfo, label + ": " + std::to_string(count));
}

void CountReset(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Call call(info);
  std::string label;
  if (!call.execution_context || !Label(call, info[0], &label))
    return;
  auto& counts = call.execution_context->console_state().counts;
  auto found = counts.find(label);
  if (found != counts.end())
    found->second = 0;
  else
    Emit(call.execution_context, ConsoleLevel::kWarn, "Count for '" + label + "' does not exist");
}

// §1.3.1 group(...data), groupCollapsed(...data): the label, then one level deeper.
void Group(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Call call(info);
  if (!call.execution_context)
    return;
  if (info.Length() > 0)
    Emit(call.execution_context, ConsoleLevel::kLog,
         Console::Format(call.context, Arguments(info, 0)));
  ++call.execution_context->console_state().group_depth;
}

// §1.3.3 groupEnd().
void GroupEnd(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Call call(info);
  if (call.execution_context && call.execution_context->console_state().group_depth > 0)
    --call.execution_context->console_state().group_depth;
}

// A duration as Node prints it: milliseconds with up to three decimals, or seconds.
std::string Duration(double ms) {
  char text[64];
  if (ms >= 1000)
    std::snprintf(text, sizeof(text), "%.3f", ms / 1000);
  else
    std::snprintf(text, sizeof(text), "%.3f", ms);
  std::string out(text);
  while (out.back() == '0')
    out.pop_back();
  if (out.back() == '.')
    out.pop_back();
  return out + (ms >= 1000 ? "s" : "ms");
}

// §1.4.1 time(label), §1.4.2 timeLog(label, ...data), §1.4.3 timeEnd(label).
void Time(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Call call(info);
  std::string label;
  if (!call.execution_context || !Label(call, info[0], &label))
    return;
  auto& timers = call.execution_context->console_state().timers;
  if (timers.count(label)) {
    Emit(call.execution_context, ConsoleLevel::kWarn, "Timer '" + label + "' already exists");
    return;
  }
  timers[label] = call.execution_context->Now();
}

template <bool kEnd>
void TimeLogOrEnd(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Call call(info);
  std::string label;
  if (!call.execution_context || !Label(call, info[0], &label))
    return;
  auto& timers = call.execution_context->console_state().timers;
  auto found = timers.find(label);
  if (found == timers.end()) {
    Emit(call.execution_context, ConsoleLevel::kWarn, "Timer '" + label + "' does not exist");
    return;
  }
  std::string concat = label + ": " + Duration(call.execution_context->Now() - found->second);
  if (kEnd) {
    timers.erase(found);
    Emit(call.execution_context, ConsoleLevel::kInfo, concat);
    return;
  }
  // timeLog: the duration, then the data as the Formatter shows them.
  std::vector<v8::Local<v8::Value>> data = Arguments(info, 1);
  if (!data.empty())
    concat += " " + Console::Format(call.context, data);
  Emit(call.execution_context, ConsoleLevel::kInfo, concat);
}

// §1.1.9 trace(...data): "Trace", the formatted data, and where it was called from.
void Trace(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Call call(info);
  if (!call.execution_context)
    return;
  std::string text = "Trace";
  if (info.Length() > 0)
    text += ": " + Console::Format(call.context, Arguments(info, 0));
  v8::Local<v8::StackTrace> stack = v8::StackTrace::CurrentStackTrace(call.isolate, 10);
  for (int i = 0; i < stack->GetFrameCount(); ++i) {
    v8::Local<v8::StackFrame> frame = stack->GetFrame(call.isolate, i);
    std::string where = ToUtf8(call.isolate, frame->GetScriptNameOrSourceURL()) + ":" +
                        std::to_string(frame->GetLineNumber()) + ":" +
                        std::to_string(frame->GetColumn());
    v8::Local<v8::String> function = frame->GetFunctionName();
    std::string name = function.IsEmpty() ? "" : ToUtf8(call.isolate, function);
    text += "\n    at " + (name.empty() ? where : name + " (" + where + ")");
  }
  Emit(call.execution_context, ConsoleLevel::kError, text);
}

// §1.1.4 dir(item, options): the item inspected, a string too; options.depth (null for
// no limit) as Node's takes it.
void Dir(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Call call(info);
  if (!call.execution_context)
    return;
  PrintOptions options;
  options.quote_strings = true;
  if (info.Length() > 1 && info[1]->IsObject()) {
    v8::Local<v8::Value> depth;
    if (!info[1]
             .As<v8::Object>()
             ->Get(call.context, StringValue(call.isolate, "depth"))
             .ToLocal(&depth))
      return;
    if (depth->IsNull())
      options.depth = 1 << 20;
    else if (depth->IsNumber())
      options.depth =
          static_cast<int>(std::max(0.0, std::min(1e6, depth.As<v8::Number>()->Value())));
  }
  Emit(call.execution_context, ConsoleLevel::kLog, PrintValue(call.context, info[0], options));
}

// §1.1.8 table(tabularData, properties): rows by tabularData's own enumerable keys,
// columns by their values' keys (or `properties`), in boxes as Node draws them; anything
// that is not an object is logged as it is.
void Table(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Call call(info);
  if (!call.execution_context)
    return;
  if (!info[0]->IsObject()) {
    Logger(call.context, ConsoleLevel::kLog, Arguments(info, 0));
    return;
  }
  v8::Local<v8::Context> context = call.context;
  v8::Local<v8::Object> data = info[0].As<v8::Object>();
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
      keys->push_back(ToUtf8(call.isolate, key));
      values->push_back(value);
    }
    return true;
  };
  std::vector<std::string> row_keys;
  std::vector<v8::Local<v8::Value>> rows;
  if (!keys_of(data, &row_keys, &rows))
    return;
  // Columns: `properties` if given, else every key of an object row, first seen first.
  std::vector<std::string> columns;
  bool filtered = false;
  if (info.Length() > 1 && info[1]->IsArray()) {
    filtered = true;
    v8::Local<v8::Array> properties = info[1].As<v8::Array>();
    for (uint32_t i = 0; i < properties->Length(); ++i) {
      v8::Local<v8::Value> name;
      if (!properties->Get(context, i).ToLocal(&name))
        return;
      columns.push_back(ToUtf8(call.isolate, name));
    }
  }
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
  Emit(call.execution_context, ConsoleLevel::kLog, text);
}

// §1.1.2 clear(): a terminal's scrollback is not ours to clear; the group stack empties.
void Clear(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Call call(info);
  if (call.execution_context)
    call.execution_context->console_state().group_depth = 0;
}

}  // namespace

std::string Console::FormatArguments(v8::Local<v8::Context> context,
                                     const v8::FunctionCallbackInfo<v8::Value>& info) {
  return Format(context, Arguments(info, 0));
}

std::string Console::Format(v8::Local<v8::Context> context,
                            const std::vector<v8::Local<v8::Value>>& info) {
  int next = 0;
  int length = static_cast<int>(info.size());
  std::string out;
  // §2.1 Logger step 4: a first argument that is a string is a format string.
  if (length > 0 && info[0]->IsString()) {
    std::string format = ToUtf8(context->GetIsolate(), info[0]);
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
        out += Convert(context, specifier, info[next]);
      ++next;
      ++i;
    }
  }
  // The rest, each as the printer shows it, separated by spaces.
  for (int i = next; i < length; ++i) {
    if (!out.empty() || i > 0)
      out += ' ';
    out += Display(context, info[i]);
  }
  return out;
}

void Console::Install(ExecutionContext* execution_context, v8::Local<v8::Context> context) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::Object> console = v8::Object::New(isolate);
  struct Method {
    const char* name;
    v8::FunctionCallback callback;
  };
  // log, info and debug print at their level; warn and error at theirs (a host sends them
  // to stderr).
  const Method methods[] = {
      // §1.1 Logging: log, info and debug print at their level; warn, error, assert and
      // trace at theirs (a host sends those to stderr).
      {"assert", &Assert},
      {"clear", &Clear},
      {"debug", &LogAt<ConsoleLevel::kDebug>},
      {"error", &LogAt<ConsoleLevel::kError>},
      {"info", &LogAt<ConsoleLevel::kInfo>},
      {"log", &LogAt<ConsoleLevel::kLog>},
      {"table", &Table},
      {"trace", &Trace},
      {"warn", &LogAt<ConsoleLevel::kWarn>},
      {"dir", &Dir},
      {"dirxml", &LogAt<ConsoleLevel::kLog>},
      // §1.2 Counting, §1.3 Grouping, §1.4 Timing.
      {"count", &Count},
      {"countReset", &CountReset},
      {"group", &Group},
      {"groupCollapsed", &Group},
      {"groupEnd", &GroupEnd},
      {"time", &Time},
      {"timeLog", &TimeLogOrEnd<false>},
      {"timeEnd", &TimeLogOrEnd<true>},
  };
  for (const Method& method : methods) {
    v8::Local<v8::Function> fn = v8::Function::New(context, method.callback, v8::Local<v8::Value>(),
                                                   0, v8::ConstructorBehavior::kThrow)
                                     .ToLocalChecked();
    fn->SetName(Str(isolate, method.name));
    // WebIDL §3.13 namespace members: writable, enumerable, configurable.
    console->CreateDataProperty(context, Str(isolate, method.name), fn).Check();
  }
  // WebIDL §3.13.1: a namespace object's class string is its identifier.
  console
      ->DefineOwnProperty(context, v8::Symbol::GetToStringTag(isolate), Str(isolate, "console"),
                          static_cast<v8::PropertyAttribute>(v8::ReadOnly | v8::DontEnum))
      .Check();
  // WebIDL §3.13: the namespace object is a writable, non-enumerable, configurable property.
  context->Global()
      ->DefineOwnProperty(context, Str(isolate, "console"), console, v8::DontEnum)
      .Check();
}

}  // namespace v8ws
