// console: the Console Standard's Logger (§2.1) and Formatter (§2.2.1), step numbers in the
// comments; values print through core/console/value_printer.
#include "core/console/console.h"

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
std::string Display(v8::Local<v8::Context> context, v8::Local<v8::Value> value,
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

void Log(const v8::FunctionCallbackInfo<v8::Value>& info, ConsoleLevel level) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::HandleScope scope(isolate);
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  ExecutionContext* execution_context = ExecutionContext::From(context);
  if (!execution_context)
    return;
  // §2.1 Logger step 1: nothing to print for no arguments.
  if (info.Length() == 0)
    return;
  execution_context->Print(level, Console::FormatArguments(context, info));
}

template <ConsoleLevel level>
void LogAt(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Log(info, level);
}

}  // namespace

std::string Console::FormatArguments(v8::Local<v8::Context> context,
                                     const v8::FunctionCallbackInfo<v8::Value>& info) {
  int next = 0;
  std::string out;
  // §2.1 Logger step 4: a first argument that is a string is a format string.
  if (info[0]->IsString()) {
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
      if (!known || next >= info.Length()) {
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
  for (int i = next; i < info.Length(); ++i) {
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
      {"log", &LogAt<ConsoleLevel::kLog>},     {"info", &LogAt<ConsoleLevel::kInfo>},
      {"debug", &LogAt<ConsoleLevel::kDebug>}, {"warn", &LogAt<ConsoleLevel::kWarn>},
      {"error", &LogAt<ConsoleLevel::kError>},
  };
  for (const Method& method : methods) {
    v8::Local<v8::Function> fn = v8::Function::New(context, method.callback, v8::Local<v8::Value>(),
                                                   0, v8::ConstructorBehavior::kThrow)
                                     .ToLocalChecked();
    fn->SetName(Str(isolate, method.name));
    // WebIDL §3.13 namespace members: writable, enumerable, configurable.
    console->CreateDataProperty(context, Str(isolate, method.name), fn).Check();
  }
  // WebIDL §3.13: the namespace object is a writable, non-enumerable, configurable property.
  context->Global()
      ->DefineOwnProperty(context, Str(isolate, "console"), console, v8::DontEnum)
      .Check();
}

}  // namespace v8ws
