// console: the Console Standard's Logger (§2.1) and Formatter (§2.2.1), step numbers in the
// comments. Values print as strings, objects as JSON where they allow it, errors as their
// stack: a first printer, until the shell's issue brings an inspect-like one.
#include "core/console/console.h"

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

// How a value that is not a format string prints (and what %o and %O show).
std::string Display(v8::Local<v8::Context> context, v8::Local<v8::Value> value) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::TryCatch try_catch(isolate);  // a throwing toJSON or toString prints as unprintable
  if (value->IsString())
    return ToUtf8(isolate, value);
  if (value->IsSymbol()) {
    v8::Local<v8::Value> description = value.As<v8::Symbol>()->Description(isolate);
    return "Symbol(" + (description->IsUndefined() ? "" : ToUtf8(isolate, description)) + ")";
  }
  if (value->IsNativeError()) {
    v8::Local<v8::Value> stack;
    if (value.As<v8::Object>()->Get(context, Str(isolate, "stack")).ToLocal(&stack) &&
        stack->IsString())
      return ToUtf8(isolate, stack);
  }
  if (value->IsObject() && !value->IsFunction() && !value->IsNativeError()) {
    v8::Local<v8::String> json;
    if (v8::JSON::Stringify(context, value).ToLocal(&json) && !json->IsUndefined()) {
      std::string s = ToUtf8(isolate, json);
      if (s != "{}" || value->IsArray())
        return s;
    }
  }
  v8::Local<v8::String> string;
  if (!value->ToString(context).ToLocal(&string))
    return "<unprintable>";
  return ToUtf8(isolate, string);
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
      return Display(context, value);
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
