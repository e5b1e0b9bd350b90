// ValuePrinter: an inspect-style printer. No getter, toString, toJSON or proxy trap of the
// page runs while printing, except the attribute getters of v8ws's own platform objects.
#include "core/console/value_printer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/core/v8/wrapper_type_info.h"

namespace v8ws {
namespace {

std::string Utf8(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  v8::String::Utf8Value text(isolate, value);
  return *text ? std::string(*text, text.length()) : std::string();
}

bool IsIdentifier(const std::string& key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0])))
    return false;
  for (unsigned char c : key) {
    if (!std::isalnum(c) && c != '_' && c != '$')
      return false;
  }
  return true;
}

// Single quotes unless the text holds one and no double quote, then double, then backticks.
std::string Quote(const std::string& text) {
  char quote = '\'';
  if (text.find('\'') != std::string::npos) {
    if (text.find('"') == std::string::npos)
      quote = '"';
    else if (text.find('`') == std::string::npos && text.find("${") == std::string::npos)
      quote = '`';
  }
  std::string out(1, quote);
  for (unsigned char c : text) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\v':
        out += "\\v";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (c == static_cast<unsigned char>(quote)) {
          out += '\\';
          out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\x%02X", c);
          out += hex;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + quote;
}

// ECMAScript's Date.prototype.toISOString, in C++ (no page code runs).
std::string IsoDate(double ms) {
  if (!std::isfinite(ms))
    return "Invalid Date";
  int64_t t = static_cast<int64_t>(ms);
  int64_t days = t / 86400000 - (t % 86400000 < 0 ? 1 : 0);
  int64_t in_day = t - days * 86400000;
  // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t day_of_year = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * day_of_year + 2) / 153;
  int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  int64_t month = mp < 10 ? mp + 3 : mp - 9;
  int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char text[64];
  const char* year_format =
      year >= 0 && year <= 9999 ? "%04lld" : (year < 0 ? "-%06lld" : "+%06lld");
  int n = std::snprintf(text, sizeof text, year_format, static_cast<long long>(std::llabs(year)));
  std::snprintf(text + n, sizeof text - n, "-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(month), static_cast<long long>(day),
                static_cast<long long>(in_day / 3600000),
                static_cast<long long>(in_day / 60000 % 60),
                static_cast<long long>(in_day / 1000 % 60), static_cast<long long>(in_day % 1000));
  return text;
}

class Printer {
 public:
  Printer(v8::Local<v8::Context> context, const PrintOptions& options)
      : context_(context), isolate_(context->GetIsolate()), options_(options) {}

  std::string Format(v8::Local<v8::Value> value, int level, bool nested) {
    if (!value->IsObject())
      return Primitive(value, nested || options_.quote_strings);
    v8::Local<v8::Object> object = value.As<v8::Object>();
    for (size_t i = 0; i < stack_.size(); ++i) {
      if (stack_[i] == object)
        return "[Circular *" + std::to_string(RefOf(object)) + "]";
    }
    stack_.push_back(object);
    std::string text = Object(object, level);
    stack_.pop_back();
    for (auto& [seen, ref] : refs_) {
      if (seen == object)
        return "<ref *" + std::to_string(ref) + "> " + text;
    }
    return text;
  }

 private:
  int RefOf(v8::Local<v8::Object> object) {
    for (auto& [seen, ref] : refs_) {
      if (seen == object)
        return ref;
    }
    refs_.emplace_back(object, static_cast<int>(refs_.size()) + 1);
    return refs_.back().second;
  }

  std::string Primitive(v8::Local<v8::Value> value, bool nested) {
    if (value->IsString()) {
      std::string text = Utf8(isolate_, value);
      size_t more = 0;
      if (text.size() > options_.max_string_length) {
        more = text.size() - options_.max_string_length;
        text.resize(options_.max_string_length);
      }
      if (!nested)
        return text;
      return Quote(text) + (more ? "... " + std::to_string(more) + " more characters" : "");
    }
    if (value->IsNumber()) {
      double d = value.As<v8::Number>()->Value();
      if (d == 0 && std::signbit(d))
        return "-0";
    }
    if (value->IsBigInt())
      return Utf8(isolate_, value) + "n";
    if (value->IsSymbol()) {
      v8::Local<v8::Value> description = value.As<v8::Symbol>()->Description(isolate_);
      return "Symbol(" + (description->IsUndefined() ? "" : Utf8(isolate_, description)) + ")";
    }
    return Utf8(isolate_, value);
  }

  std::string Key(v8::Local<v8::Value> key) {
    if (key->IsSymbol())
      return "[" + Primitive(key, false) + "]";
    std::string text = Utf8(isolate_, key);
    return IsIdentifier(text) ? text : Quote(text);
  }

  // A property as "key: value", or the accessor's kind: getters are never called.
  bool Property(v8::Local<v8::Object> object,
                v8::Local<v8::Value> key,
                int level,
                std::vector<std::string>* entries) {
    v8::Local<v8::Value> descriptor;
    if (!object->GetOwnPropertyDescriptor(context_, key.As<v8::Name>()).ToLocal(&descriptor) ||
        !descriptor->IsObject())
      return false;
    v8::Local<v8::Object> d = descriptor.As<v8::Object>();
    v8::Local<v8::Value> get, set, value;
    if (!d->Get(context_, Name("get")).ToLocal(&get) ||
        !d->Get(context_, Name("set")).ToLocal(&set))
      return false;
    // A platform object's own accessors ([LegacyUnforgeable] isTrusted) are v8ws's, and
    // read without side effects.
    if (get->IsFunction() && ScriptWrappable::TypeInfoOf(object)) {
      v8::TryCatch try_catch(isolate_);
      if (get.As<v8::Function>()->Call(context_, object, 0, nullptr).ToLocal(&value)) {
        entries->push_back(Key(key) + ": " + Format(value, level + 1, true));
        return true;
      }
    }
    if (get->IsFunction() || set->IsFunction()) {
      const char* kind =
          get->IsFunction() ? (set->IsFunction() ? "[Getter/Setter]" : "[Getter]") : "[Setter]";
      entries->push_back(Key(key) + ": " + kind);
      return true;
    }
    if (!d->Get(context_, Name("value")).ToLocal(&value))
      return false;
    entries->push_back(Key(key) + ": " + Format(value, level + 1, true));
    return true;
  }

  void OwnProperties(v8::Local<v8::Object> object,
                     int level,
                     bool skip_indices,
                     std::vector<std::string>* entries) {
    v8::Local<v8::Array> keys;
    auto filter = static_cast<v8::PropertyFilter>(v8::ONLY_ENUMERABLE);
    if (!object->GetOwnPropertyNames(context_, filter, v8::KeyConversionMode::kKeepNumbers)
             .ToLocal(&keys))
      return;
    for (uint32_t i = 0; i < keys->Length(); ++i) {
      v8::Local<v8::Value> key;
      if (!keys->Get(context_, i).ToLocal(&key))
        continue;
      if (skip_indices && key->IsNumber())
        continue;
      if (key->IsNumber())
        key = key->ToString(context_).ToLocalChecked();
      Property(object, key, level, entries);
    }
  }

  v8::Local<v8::String> Name(const char* name) {
    return v8::String::NewFromUtf8(isolate_, name).ToLocalChecked();
  }

  // The constructor's name as V8 records it (no getter runs); null for a null prototype.
  std::string ClassName(v8::Local<v8::Object> object) {
    if (object->GetPrototype()->IsNull())
      return std::string();
    return Utf8(isolate_, object->GetConstructorName());
  }

  std::string More(size_t count, const char* what) {
    return "... " + std::to_string(count) + " more " + what + (count == 1 ? "" : "s");
  }

  std::string Object(v8::Local<v8::Object> object, int level) {
    v8::TryCatch try_catch(isolate_);  // anything the page could make throw prints less
    std::string name = ClassName(object);
    std::string prefix = name.empty() ? "[Object: null prototype] " : name + " ";
    const WrapperTypeInfo* platform = ScriptWrappable::TypeInfoOf(object);
    if (platform)
      prefix = std::string(platform->interface_name) + " ";

    if (object->IsProxy())
      return Format(object.As<v8::Proxy>()->GetTarget(), level, true);
    if (object->IsFunction()) {
      v8::Local<v8::Function> fn = object.As<v8::Function>();
      std::string fn_name = Utf8(isolate_, fn->GetName());
      v8::Local<v8::String> source;
      bool is_class = fn->FunctionProtoToString(context_).ToLocal(&source) &&
                      Utf8(isolate_, source).rfind("class", 0) == 0;
      std::string base = is_class
                             ? "[class " + (fn_name.empty() ? "(anonymous)" : fn_name) + "]"
                             : "[Function: " + (fn_name.empty() ? "(anonymous)" : fn_name) + "]";
      if (fn_name.empty() && !is_class)
        base = "[Function (anonymous)]";
      std::vector<std::string> entries;
      if (level <= options_.depth)
        OwnProperties(object, level, false, &entries);
      return entries.empty() ? base : Join(base + " ", "{", entries, "}", level);
    }
    if (object->IsNativeError()) {
      v8::Local<v8::Value> stack;
      std::string text;
      if (object->Get(context_, Name("stack")).ToLocal(&stack) && stack->IsString())
        text = Utf8(isolate_, stack);
      else
        text = "[" + Utf8(isolate_, object) + "]";
      std::vector<std::string> entries;
      if (level <= options_.depth)
        OwnProperties(object, level, false, &entries);
      entries.erase(std::remove_if(entries.begin(), entries.end(),
                                   [](const std::string& e) { return e.rfind("stack:", 0) == 0; }),
                    entries.end());
      if (level > 0)
        text = Indent(text, level);
      return entries.empty() ? text : Join(text + " ", "{", entries, "}", level);
    }
    if (object->IsBooleanObject() || object->IsNumberObject() || object->IsStringObject() ||
        object->IsBigIntObject() || object->IsSymbolObject()) {
      const char* kind = object->IsBooleanObject()  ? "Boolean"
                         : object->IsNumberObject() ? "Number"
                         : object->IsStringObject() ? "String"
                         : object->IsBigIntObject() ? "BigInt"
                                                    : "Symbol";
      v8::Local<v8::Value> inner;
      if (object->IsBooleanObject())
        inner = v8::Boolean::New(isolate_, object.As<v8::BooleanObject>()->ValueOf());
      else if (object->IsNumberObject())
        inner = v8::Number::New(isolate_, object.As<v8::NumberObject>()->ValueOf());
      else if (object->IsStringObject())
        inner = object.As<v8::StringObject>()->ValueOf();
      else if (object->IsBigIntObject())
        inner = object.As<v8::BigIntObject>()->ValueOf();
      else
        inner = object.As<v8::SymbolObject>()->ValueOf();
      return std::string("[") + kind + ": " + Primitive(inner, true) + "]";
    }
    if (object->IsDate())
      return IsoDate(object.As<v8::Date>()->ValueOf());
    if (object->IsRegExp()) {
      std::string flags;
      int f = object.As<v8::RegExp>()->GetFlags();
      // Flag letters in the order RegExp.prototype.flags gives them.
      if (f & v8::RegExp::kHasIndices)
        flags += 'd';
      if (f & v8::RegExp::kGlobal)
        flags += 'g';
      if (f & v8::RegExp::kIgnoreCase)
        flags += 'i';
      if (f & v8::RegExp::kMultiline)
        flags += 'm';
      if (f & v8::RegExp::kDotAll)
        flags += 's';
      if (f & v8::RegExp::kUnicode)
        flags += 'u';
      if (f & v8::RegExp::kSticky)
        flags += 'y';
      return "/" + Utf8(isolate_, object.As<v8::RegExp>()->GetSource()) + "/" + flags;
    }
    if (level > options_.depth && !platform && (object->IsArray() || name == "Object")) {
      // Past the depth limit an empty array or object still prints whole, as in Node.
      v8::Local<v8::Array> keys;
      if (object->GetOwnPropertyNames(context_, v8::ONLY_ENUMERABLE).ToLocal(&keys) &&
          keys->Length() == 0 && (!object->IsArray() || object.As<v8::Array>()->Length() == 0))
        return object->IsArray() ? "[]" : "{}";
    }
    if (level > options_.depth) {
      if (object->IsArray())
        return "[Array]";
      return "[" +
             (name.empty() ? std::string("Object: null prototype")
              : platform   ? platform->interface_name
                           : name) +
             "]";
    }
    // As Node's inspect: the level of the object formatted last, which Join reads once this
    // object's entries are done (its compact = 3 rule).
    current_depth_ = level;

    std::vector<std::string> entries;
    if (object->IsArray() || object->IsTypedArray()) {
      bool typed = object->IsTypedArray();
      size_t length =
          typed ? object.As<v8::TypedArray>()->Length() : object.As<v8::Array>()->Length();
      Elements(object, length, level, &entries);
      OwnProperties(object, level, true, &entries);
      std::string head;
      if (typed || name != "Array")
        head =
            (name.empty() ? "[" + std::string(typed ? "TypedArray" : "Array") + ": null prototype]"
                          : name) +
            "(" + std::to_string(length) + ") ";
      if (entries.empty())
        return head + "[]";
      return Join(head, "[", Group(entries), "]", level);
    }
    if (object->IsArrayBuffer() || object->IsSharedArrayBuffer()) {
      std::shared_ptr<v8::BackingStore> store =
          object->IsArrayBuffer() ? object.As<v8::ArrayBuffer>()->GetBackingStore()
                                  : object.As<v8::SharedArrayBuffer>()->GetBackingStore();
      size_t size = store->ByteLength();
      const uint8_t* bytes = static_cast<const uint8_t*>(store->Data());
      std::string contents = "[Uint8Contents]: <";
      size_t shown = std::min<size_t>(size, 50);
      for (size_t i = 0; i < shown; ++i) {
        char hex[4];
        std::snprintf(hex, sizeof hex, i ? " %02x" : "%02x", bytes[i]);
        contents += hex;
      }
      if (size > shown)
        contents += " " + More(size - shown, "byte");
      entries.push_back(contents + ">");
      entries.push_back("byteLength: " + std::to_string(size));
      OwnProperties(object, level, false, &entries);
      return Join(prefix, "{", entries, "}", level);
    }
    if (object->IsDataView()) {
      v8::Local<v8::DataView> view = object.As<v8::DataView>();
      entries.push_back("byteLength: " + std::to_string(view->ByteLength()));
      entries.push_back("byteOffset: " + std::to_string(view->ByteOffset()));
      entries.push_back("buffer: " + Format(view->Buffer(), level + 1, true));
      return Join(prefix, "{", entries, "}", level);
    }
    if (object->IsMap() || object->IsSet()) {
      bool map = object->IsMap();
      v8::Local<v8::Array> flat =
          map ? object.As<v8::Map>()->AsArray() : object.As<v8::Set>()->AsArray();
      size_t count = map ? object.As<v8::Map>()->Size() : object.As<v8::Set>()->Size();
      Entries(flat, map, level, &entries);
      OwnProperties(object, level, false, &entries);
      std::string head = (name.empty() ? std::string(map ? "Map" : "Set") : name) + "(" +
                         std::to_string(count) + ") ";
      return entries.empty() ? head + "{}" : Join(head, "{", entries, "}", level);
    }
    if (object->IsWeakMap() || object->IsWeakSet())
      return prefix + "{ <items unknown> }";
    if (object->IsMapIterator() || object->IsSetIterator()) {
      bool pairs = false;
      v8::Local<v8::Array> preview;
      if (object->PreviewEntries(&pairs).ToLocal(&preview)) {
        if (pairs) {  // entries(): each entry as the [key, value] array it yields
          for (uint32_t i = 0; i + 1 < preview->Length() && i / 2 < options_.max_array_length;
               i += 2) {
            v8::Local<v8::Value> key, value;
            if (preview->Get(context_, i).ToLocal(&key) &&
                preview->Get(context_, i + 1).ToLocal(&value))
              entries.push_back("[ " + Format(key, level + 2, true) + ", " +
                                Format(value, level + 2, true) + " ]");
          }
        } else {
          Entries(preview, false, level, &entries);
        }
      }
      std::string head = std::string(object->IsMapIterator() ? "[Map " : "[Set ") +
                         (pairs ? "Entries] " : "Iterator] ");
      return entries.empty() ? head + "{}" : Join(head, "{", entries, "}", level);
    }
    if (object->IsPromise()) {
      v8::Local<v8::Promise> promise = object.As<v8::Promise>();
      if (promise->State() == v8::Promise::kPending)
        entries.push_back("<pending>");
      else
        entries.push_back(
            std::string(promise->State() == v8::Promise::kRejected ? "<rejected> " : "") +
            Format(promise->Result(), level + 1, true));
      OwnProperties(object, level, false, &entries);
      return Join(prefix, "{", entries, "}", level);
    }
    if (object->IsModuleNamespaceObject())
      prefix = "[Module: null prototype] ";
    if (platform)
      Attributes(object, level, &entries);
    OwnProperties(object, level, false, &entries);
    if (prefix == "Object ")
      prefix.clear();
    if (entries.empty())
      return prefix + "{}";
    return Join(prefix, "{", entries, "}", level);
  }

  // A platform object's state: the value of each attribute its interfaces define (their
  // getters are v8ws's own and have no side effects), base interface first, event handler
  // attributes left out.
  void Attributes(v8::Local<v8::Object> object, int level, std::vector<std::string>* entries) {
    std::vector<std::vector<std::string>> by_interface;
    v8::Local<v8::Value> proto = object->GetPrototype();
    // Up to, not including, Object.prototype (the one prototype whose own is null).
    while (proto->IsObject() && !proto.As<v8::Object>()->GetPrototype()->IsNull()) {
      v8::Local<v8::Object> p = proto.As<v8::Object>();
      v8::Local<v8::Array> names;
      if (!p->GetOwnPropertyNames(context_, static_cast<v8::PropertyFilter>(v8::SKIP_SYMBOLS))
               .ToLocal(&names))
        break;
      std::vector<std::string> own;
      for (uint32_t i = 0; i < names->Length(); ++i) {
        v8::Local<v8::Value> key, descriptor, get, value;
        if (!names->Get(context_, i).ToLocal(&key))
          continue;
        std::string text = Utf8(isolate_, key);
        if (text.rfind("on", 0) == 0 || text == "constructor")
          continue;
        if (!p->GetOwnPropertyDescriptor(context_, key.As<v8::Name>()).ToLocal(&descriptor) ||
            !descriptor->IsObject() ||
            !descriptor.As<v8::Object>()->Get(context_, Name("get")).ToLocal(&get) ||
            !get->IsFunction())
          continue;
        v8::TryCatch try_catch(isolate_);
        if (!get.As<v8::Function>()->Call(context_, object, 0, nullptr).ToLocal(&value))
          continue;
        own.push_back(Key(key) + ": " + Format(value, level + 1, true));
      }
      by_interface.push_back(std::move(own));
      proto = p->GetPrototype();
    }
    for (auto it = by_interface.rbegin(); it != by_interface.rend(); ++it)
      entries->insert(entries->end(), it->begin(), it->end());
  }

  void Elements(v8::Local<v8::Object> object,
                size_t length,
                int level,
                std::vector<std::string>* entries) {
    size_t shown = std::min(length, options_.max_array_length);
    size_t holes = 0;
    auto flush_holes = [&] {
      if (holes)
        entries->push_back("<" + std::to_string(holes) + " empty item" + (holes == 1 ? "" : "s") +
                           ">");
      holes = 0;
    };
    for (size_t i = 0; i < shown; ++i) {
      uint32_t index = static_cast<uint32_t>(i);
      if (!object->IsTypedArray() && !object->HasOwnProperty(context_, index).FromMaybe(false)) {
        ++holes;
        continue;
      }
      flush_holes();
      v8::Local<v8::Value> descriptor, get, value;
      v8::Local<v8::Value> key =
          v8::Integer::NewFromUnsigned(isolate_, index)->ToString(context_).ToLocalChecked();
      std::vector<std::string> one;
      if (object->IsTypedArray()) {
        if (object->Get(context_, index).ToLocal(&value))
          entries->push_back(Primitive(value, true));
        continue;
      }
      if (Property(object, key, level, &one))
        entries->push_back(one[0].substr(one[0].find(": ") + 2));
    }
    flush_holes();
    if (length > shown)
      entries->push_back(More(length - shown, "item"));
  }

  void Entries(v8::Local<v8::Array> flat,
               bool pairs,
               int level,
               std::vector<std::string>* entries) {
    uint32_t step = pairs ? 2 : 1;
    uint32_t count = flat->Length() / step;
    uint32_t shown = std::min<uint32_t>(count, static_cast<uint32_t>(options_.max_array_length));
    for (uint32_t i = 0; i < shown; ++i) {
      v8::Local<v8::Value> key, value;
      if (!flat->Get(context_, i * step).ToLocal(&key))
        continue;
      std::string text = Format(key, level + 1, true);
      if (pairs && flat->Get(context_, i * step + 1).ToLocal(&value))
        text += " => " + Format(value, level + 1, true);
      entries->push_back(text);
    }
    if (count > shown)
      entries->push_back(More(count - shown, "item"));
  }

  // Arrays of more than six short entries print in aligned columns (numbers right-aligned),
  // as Node's and Deno's do, so a Uint8Array of 100 bytes is a few lines, not a hundred.
  std::vector<std::string> Group(const std::vector<std::string>& entries) {
    size_t count = entries.size();
    bool has_more = count && entries.back().rfind("... ", 0) == 0;
    size_t data = has_more ? count - 1 : count;
    if (count <= 6 || data == 0)
      return entries;
    size_t total = 0, widest = 0;
    for (size_t i = 0; i < data; ++i) {
      if (entries[i].find('\n') != std::string::npos)
        return entries;
      total += entries[i].size() + 2;
      widest = std::max(widest, entries[i].size());
    }
    size_t column_width = widest + 2;
    size_t indent = static_cast<size_t>(stack_.size() - 1) * 2;
    if (!(column_width * 3 + indent < options_.break_length &&
          (static_cast<double>(total) / column_width > 5 || widest <= 6)))
      return entries;
    double bias = std::sqrt(column_width - static_cast<double>(total) / count);
    double biased = std::max(column_width - 3 - bias, 1.0);
    size_t columns =
        std::min<size_t>({static_cast<size_t>(std::round(std::sqrt(2.5 * biased * data) / biased)),
                          (options_.break_length - indent) / column_width, size_t{12}, size_t{15}});
    if (columns <= 1)
      return entries;
    std::vector<size_t> widths(columns, 0);
    for (size_t i = 0; i < data; ++i)
      widths[i % columns] = std::max(widths[i % columns], entries[i].size());
    bool numeric = true;
    for (size_t i = 0; i < data && numeric; ++i) {
      const std::string& e = entries[i];
      numeric = !e.empty() && (std::isdigit(static_cast<unsigned char>(e[0])) || e[0] == '-' ||
                               e == "NaN" || e == "Infinity");
    }
    std::vector<std::string> rows;
    for (size_t start = 0; start < data; start += columns) {
      std::string row;
      size_t end = std::min(start + columns, data);
      for (size_t j = start; j < end; ++j) {
        std::string cell = entries[j] + (j + 1 < end ? ", " : "");
        size_t width = widths[j - start] + (j + 1 < end ? 2 : 0);
        std::string pad(width > cell.size() ? width - cell.size() : 0, ' ');
        row += numeric ? pad + cell : (j + 1 < end ? cell + pad : cell);
      }
      rows.push_back(row);
    }
    if (has_more)
      rows.push_back(entries.back());
    grouped_ = true;
    return rows;
  }

  std::string Indent(const std::string& text, int level) {
    std::string pad(static_cast<size_t>(level) * 2, ' ');
    std::string out;
    for (char c : text) {
      out += c;
      if (c == '\n')
        out += pad;
    }
    return out;
  }

  // One line when it fits and nothing inside broke; else one entry per line.
  std::string Join(const std::string& head,
                   const char* open,
                   const std::vector<std::string>& entries,
                   const char* close,
                   int level) {
    bool grouped = grouped_;
    grouped_ = false;
    size_t indent = static_cast<size_t>(level) * 2;
    // As Node measures it: the entries, a separator each, the count again, the brace, and
    // ten columns of slack.
    size_t total = head.size() + indent + 2 * entries.size() + 1;
    bool breaks = grouped;
    for (const std::string& e : entries) {
      total += e.size();
      breaks = breaks || e.find('\n') != std::string::npos;
    }
    // Node's compact = 3: an object prints on one line only if what was formatted last
    // inside it is fewer than three levels deeper (so at most three levels share a line).
    bool compact = current_depth_ - level < 3;
    if (compact && !breaks && total + 10 <= options_.break_length) {
      std::string out = head + open + " ";
      for (size_t i = 0; i < entries.size(); ++i)
        out += (i ? ", " : "") + entries[i];
      return out + " " + close;
    }
    std::string pad(indent + 2, ' ');
    std::string out = head + open + "\n";
    for (size_t i = 0; i < entries.size(); ++i)
      out += pad + entries[i] + (i + 1 < entries.size() ? ",\n" : "\n");
    return out + std::string(indent, ' ') + close;
  }

  v8::Local<v8::Context> context_;
  v8::Isolate* isolate_;
  int current_depth_ = 0;
  const PrintOptions& options_;
  std::vector<v8::Local<v8::Object>> stack_;
  std::vector<std::pair<v8::Local<v8::Object>, int>> refs_;
  bool grouped_ = false;  // the entries Join() gets next are rows of columns
};

}  // namespace

std::string PrintValue(v8::Local<v8::Context> context,
                       v8::Local<v8::Value> value,
                       const PrintOptions& options) {
  v8::HandleScope scope(context->GetIsolate());
  return Printer(context, options).Format(value, 0, false);
}

}  // namespace v8ws
