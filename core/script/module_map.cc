// ModuleMap: module graphs per HTML §8.1.4 ("fetch a module script graph", "run a module
// script"), with V8 doing ECMAScript's Link() and Evaluate().
#include "core/script/module_map.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "bindings/core/v8/v8_binding.h"
#include "core/execution_context.h"
#include "core/url/url.h"

namespace v8ws {
namespace {

std::string ToStd(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  v8::String::Utf8Value text(isolate, value);
  return *text ? std::string(*text, text.length()) : std::string();
}

void ThrowTypeError(v8::Isolate* isolate, const std::string& message) {
  isolate->ThrowException(v8::Exception::TypeError(ToV8String(isolate, message)));
}

// HTML "resolve a module specifier", minus import maps (step 7 onwards, "resolve a
// URL-like module specifier").
bool DefaultResolve(const std::string& specifier,
                    const std::string& referrer,
                    std::string* url,
                    std::string* error) {
  bool relative = specifier.rfind("/", 0) == 0 || specifier.rfind("./", 0) == 0 ||
                  specifier.rfind("../", 0) == 0;
  if (relative) {
    std::optional<Url> base = ParseUrl(referrer);
    std::optional<Url> parsed = base ? ParseUrl(specifier, &*base) : std::nullopt;
    if (!parsed) {
      *error = "cannot resolve \"" + specifier + "\" against \"" + referrer + "\"";
      return false;
    }
    *url = parsed->Serialize();
    return true;
  }
  if (std::optional<Url> parsed = ParseUrl(specifier)) {
    *url = parsed->Serialize();
    return true;
  }
  *error = "the module specifier \"" + specifier +
           "\" is neither a URL nor a path starting with \"/\", \"./\" or \"../\"";
  return false;
}

// file: URLs only, as a browser's page on file: would (the host's fetch hook does the rest).
bool DefaultFetch(const std::string& url, std::string* source, std::string* error) {
  std::optional<Url> parsed = ParseUrl(url);
  if (!parsed || parsed->scheme != "file") {
    *error = "only file: URLs load without ContextOptions::modules.fetch";
    return false;
  }
  if (parsed->host && !parsed->host->empty() && *parsed->host != "localhost") {
    *error = "a file: URL with a host (" + *parsed->host + ") names no local file";
    return false;
  }
  std::string path = PercentDecode(parsed->SerializePath());
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = std::strerror(errno);
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    *error = std::strerror(errno);
    return false;
  }
  *source = text.str();
  return true;
}

ModuleMap* MapOf(v8::Local<v8::Context> context) {
  ExecutionContext* execution_context = ExecutionContext::From(context);
  return execution_context ? &execution_context->modules() : nullptr;
}

// import()'s promise, settled as the evaluation promise was: data is [resolver, namespace].
void SettleImport(const v8::FunctionCallbackInfo<v8::Value>& info, bool fulfilled) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Array> data = info.Data().As<v8::Array>();
  v8::Local<v8::Value> resolver_value, ns;
  if (!data->Get(context, 0).ToLocal(&resolver_value) || !data->Get(context, 1).ToLocal(&ns))
    return;
  auto resolver = resolver_value.As<v8::Promise::Resolver>();
  if (fulfilled)
    resolver->Resolve(context, ns).Check();
  else
    resolver->Reject(context, info[0]).Check();
}

}  // namespace

ModuleMap::ModuleMap(ExecutionContext* context) : context_(context) {}

ModuleMap::~ModuleMap() = default;

void ModuleMap::InstallIsolateHooks(v8::Isolate* isolate) {
  isolate->SetHostImportModuleDynamicallyCallback(&ModuleMap::ImportDynamically);
  isolate->SetHostInitializeImportMetaObjectCallback(&ModuleMap::InitializeImportMeta);
}

bool ModuleMap::Resolve(const std::string& specifier,
                        const std::string& referrer,
                        std::string* url,
                        std::string* error) const {
  const ModuleLoader& loader = context_->options().modules;
  if (loader.resolve)
    return loader.resolve(specifier, referrer, url, error);
  return DefaultResolve(specifier, referrer, url, error);
}

v8::MaybeLocal<v8::Promise> ModuleMap::RunModule(const std::string& source,
                                                 const std::string& given_url) {
  // The map's keys are serialized URLs: "file:///a/./b.mjs" is "file:///a/b.mjs".
  std::optional<Url> parsed = ParseUrl(given_url);
  std::string url = parsed ? parsed->Serialize() : given_url;
  v8::Isolate* isolate = context_->isolate();
  v8::EscapableHandleScope scope(isolate);
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Module> module;
  v8::Local<v8::Promise> evaluation;
  if (!LoadGraph(url, &source).ToLocal(&module) || !LinkAndEvaluate(module).ToLocal(&evaluation)) {
    if (try_catch.HasCaught() && !try_catch.HasTerminated())
      context_->ReportException(try_catch);
    return v8::MaybeLocal<v8::Promise>();
  }
  // "Run a module script" step 7: a rejected evaluation promise is reported. Catch() also
  // marks it handled, so the host's unhandled-rejection tracking does not see it twice.
  v8::Local<v8::Context> context = context_->context();
  v8::Local<v8::Function> report =
      v8::Function::New(
          context,
          [](const v8::FunctionCallbackInfo<v8::Value>& info) {
            v8::Isolate* isolate = info.GetIsolate();
            ExecutionContext* owner = ExecutionContext::From(isolate->GetCurrentContext());
            if (owner)
              owner->ReportException(info[0], v8::Exception::CreateMessage(isolate, info[0]));
          },
          v8::Local<v8::Value>(), 1, v8::ConstructorBehavior::kThrow)
          .ToLocalChecked();
  v8::Local<v8::Promise> ignored;
  if (!evaluation->Catch(context, report).ToLocal(&ignored))
    return v8::MaybeLocal<v8::Promise>();
  return scope.Escape(evaluation);
}

v8::MaybeLocal<v8::Module> ModuleMap::LoadGraph(const std::string& url, const std::string* source) {
  std::vector<std::string> added;
  v8::MaybeLocal<v8::Module> module = Load(url, source, std::string(), &added);
  if (module.IsEmpty()) {
    for (const std::string& gone : added) {
      auto it = modules_.find(gone);
      if (it == modules_.end())
        continue;
      int hash = it->second.Get(context_->isolate())->GetIdentityHash();
      auto [first, last] = urls_by_hash_.equal_range(hash);
      for (auto h = first; h != last; ++h) {
        if (h->second == gone) {
          urls_by_hash_.erase(h);
          break;
        }
      }
      modules_.erase(it);
    }
  }
  return module;
}

v8::MaybeLocal<v8::Module> ModuleMap::Load(const std::string& url,
                                           const std::string* given_source,
                                           const std::string& imported_at,
                                           std::vector<std::string>* added) {
  v8::Isolate* isolate = context_->isolate();
  v8::EscapableHandleScope scope(isolate);
  v8::Local<v8::Module> module;
  // One fetch per URL per context: a cycle, or a module two others import, is found here.
  if (Find(url).ToLocal(&module))
    return scope.Escape(module);

  std::string source, error;
  if (given_source) {
    source = *given_source;
  } else {
    const ModuleLoader& loader = context_->options().modules;
    bool fetched =
        loader.fetch ? loader.fetch(url, &source, &error) : DefaultFetch(url, &source, &error);
    if (!fetched) {
      ThrowTypeError(isolate, "Cannot load module " + url +
                                  (imported_at.empty() ? "" : " imported from " + imported_at) +
                                  ": " + (error.empty() ? "the host could not fetch it" : error));
      return v8::MaybeLocal<v8::Module>();
    }
  }

  v8::ScriptOrigin origin(isolate, ToV8String(isolate, url), 0, 0, false, -1,
                          v8::Local<v8::Value>(), false, false, /*is_module=*/true);
  v8::ScriptCompiler::Source compile_source(ToV8String(isolate, source), origin);
  if (!v8::ScriptCompiler::CompileModule(isolate, &compile_source).ToLocal(&module))
    return v8::MaybeLocal<v8::Module>();  // the SyntaxError names this file and line
  modules_.emplace(url, v8::Global<v8::Module>(isolate, module));
  urls_by_hash_.emplace(module->GetIdentityHash(), url);
  added->push_back(url);

  // "Fetch the descendants of a module script": each request resolved against this
  // module's URL, then loaded, depth first.
  v8::Local<v8::Context> context = context_->context();
  v8::Local<v8::FixedArray> requests = module->GetModuleRequests();
  for (int i = 0; i < requests->Length(); ++i) {
    v8::Local<v8::ModuleRequest> request = requests->Get(context, i).As<v8::ModuleRequest>();
    std::string specifier = ToStd(isolate, request->GetSpecifier());
    v8::Location where = module->SourceOffsetToLocation(request->GetSourceOffset());
    std::string at = url + ":" + std::to_string(where.GetLineNumber() + 1) + ":" +
                     std::to_string(where.GetColumnNumber() + 1);
    std::string child_url;
    if (!Resolve(specifier, url, &child_url, &error)) {
      ThrowTypeError(isolate,
                     "Cannot resolve \"" + specifier + "\" imported from " + at + ": " + error);
      return v8::MaybeLocal<v8::Module>();
    }
    v8::Local<v8::Module> child;
    if (!Load(child_url, nullptr, at, added).ToLocal(&child))
      return v8::MaybeLocal<v8::Module>();
  }
  return scope.Escape(module);
}

v8::MaybeLocal<v8::Promise> ModuleMap::LinkAndEvaluate(v8::Local<v8::Module> module) {
  v8::Local<v8::Context> context = context_->context();
  if (module->GetStatus() == v8::Module::kUninstantiated &&
      !module->InstantiateModule(context, &ModuleMap::ResolveStatic).FromMaybe(false))
    return v8::MaybeLocal<v8::Promise>();
  // With top-level await, Evaluate() gives a promise (settled already when no module in
  // the graph awaits).
  v8::Local<v8::Value> result;
  if (!module->Evaluate(context).ToLocal(&result))
    return v8::MaybeLocal<v8::Promise>();
  return result.As<v8::Promise>();
}

const std::string* ModuleMap::UrlOf(v8::Local<v8::Module> module) const {
  v8::Isolate* isolate = context_->isolate();
  auto [first, last] = urls_by_hash_.equal_range(module->GetIdentityHash());
  for (auto it = first; it != last; ++it) {
    auto found = modules_.find(it->second);
    if (found != modules_.end() && found->second.Get(isolate) == module)
      return &found->first;
  }
  return nullptr;
}

v8::MaybeLocal<v8::Module> ModuleMap::Find(const std::string& url) const {
  auto it = modules_.find(url);
  if (it == modules_.end())
    return v8::MaybeLocal<v8::Module>();
  return it->second.Get(context_->isolate());
}

// Link(): every request was loaded by LoadGraph before instantiation, so this only looks
// the module up again.
v8::MaybeLocal<v8::Module> ModuleMap::ResolveStatic(v8::Local<v8::Context> context,
                                                    v8::Local<v8::String> specifier,
                                                    v8::Local<v8::FixedArray>,
                                                    v8::Local<v8::Module> referrer) {
  v8::Isolate* isolate = context->GetIsolate();
  ModuleMap* map = MapOf(context);
  const std::string* referrer_url = map ? map->UrlOf(referrer) : nullptr;
  std::string text = ToStd(isolate, specifier);
  std::string url, error;
  v8::Local<v8::Module> module;
  if (!referrer_url || !map->Resolve(text, *referrer_url, &url, &error) ||
      !map->Find(url).ToLocal(&module)) {
    ThrowTypeError(isolate, "Cannot link \"" + text + "\"" +
                                (referrer_url ? " imported from " + *referrer_url : "") +
                                (error.empty() ? "" : ": " + error));
    return v8::MaybeLocal<v8::Module>();
  }
  return module;
}

// HostLoadImportedModule for import(): the promise is V8's to return now; the graph loads
// in a task, and the promise settles with the namespace once evaluation has.
v8::MaybeLocal<v8::Promise> ModuleMap::ImportDynamically(v8::Local<v8::Context> context,
                                                         v8::Local<v8::Data> host_defined_options,
                                                         v8::Local<v8::Value> resource_name,
                                                         v8::Local<v8::String> specifier,
                                                         v8::Local<v8::FixedArray>) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::EscapableHandleScope scope(isolate);
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver))
    return v8::MaybeLocal<v8::Promise>();
  auto reject = [&](const std::string& message) {
    resolver->Reject(context, v8::Exception::TypeError(ToV8String(isolate, message))).Check();
    return scope.Escape(resolver->GetPromise());
  };
  ExecutionContext* owner = ExecutionContext::From(context);
  if (!owner)
    return reject("import() is not available in a context without v8ws");
  // The referrer: a module's URL is its resource name; a classic script run by
  // Environment::RunScript carries its URL in the host-defined options; anything else
  // resolves against the context's base URL.
  std::string referrer;
  if (!host_defined_options.IsEmpty() && host_defined_options->IsFixedArray()) {
    v8::Local<v8::PrimitiveArray> options = host_defined_options.As<v8::PrimitiveArray>();
    if (options->Length() == 1 && options->Get(isolate, 0)->IsString())
      referrer = ToStd(isolate, options->Get(isolate, 0));
  }
  if (referrer.empty() && resource_name->IsString()) {
    std::string name = ToStd(isolate, resource_name);
    if (ParseUrl(name))
      referrer = name;
  }
  if (referrer.empty())
    referrer = owner->options().base_url;
  std::string text = ToStd(isolate, specifier);
  std::string url, error;
  if (!owner->modules().Resolve(text, referrer, &url, &error))
    return reject("Cannot resolve \"" + text + "\"" +
                  (referrer.empty() ? "" : " imported from " + referrer) + ": " + error);
  auto held = std::make_shared<v8::Global<v8::Promise::Resolver>>(isolate, resolver);
  owner->PostTask([owner, url, held] {
    owner->modules().FinishDynamicImport(url, held->Get(owner->isolate()));
  });
  return scope.Escape(resolver->GetPromise());
}

void ModuleMap::FinishDynamicImport(const std::string& url,
                                    v8::Local<v8::Promise::Resolver> resolver) {
  v8::Isolate* isolate = context_->isolate();
  v8::Local<v8::Context> context = context_->context();
  // A task: microtasks (the promise's reactions) run when it ends, as after any script.
  std::optional<v8::MicrotasksScope> microtasks;
  if (isolate->GetMicrotasksPolicy() == v8::MicrotasksPolicy::kScoped)
    microtasks.emplace(isolate, v8::MicrotasksScope::kRunMicrotasks);
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Module> module;
  v8::Local<v8::Promise> evaluation;
  if (!LoadGraph(url, nullptr).ToLocal(&module) || !LinkAndEvaluate(module).ToLocal(&evaluation)) {
    if (try_catch.HasTerminated())
      return;
    resolver->Reject(context, try_catch.Exception()).Check();
    return;
  }
  // Settle with the namespace when the evaluation does (at once when nothing awaits).
  v8::Local<v8::Array> data = v8::Array::New(isolate, 2);
  data->Set(context, 0, resolver).Check();
  data->Set(context, 1, module->GetModuleNamespace()).Check();
  v8::Local<v8::Function> on_fulfilled, on_rejected;
  v8::Local<v8::Promise> ignored;
  if (!v8::Function::New(
           context,
           [](const v8::FunctionCallbackInfo<v8::Value>& info) { SettleImport(info, true); }, data)
           .ToLocal(&on_fulfilled) ||
      !v8::Function::New(
           context,
           [](const v8::FunctionCallbackInfo<v8::Value>& info) { SettleImport(info, false); }, data)
           .ToLocal(&on_rejected) ||
      !evaluation->Then(context, on_fulfilled, on_rejected).ToLocal(&ignored)) {
    if (!try_catch.HasTerminated())
      resolver->Reject(context, try_catch.Exception()).Check();
  }
}

// HTML's HostGetImportMetaProperties: import.meta.url, and import.meta.resolve().
void ModuleMap::InitializeImportMeta(v8::Local<v8::Context> context,
                                     v8::Local<v8::Module> module,
                                     v8::Local<v8::Object> meta) {
  v8::Isolate* isolate = context->GetIsolate();
  ModuleMap* map = MapOf(context);
  const std::string* url = map ? map->UrlOf(module) : nullptr;
  if (!url)
    return;
  v8::Local<v8::String> url_value = ToV8String(isolate, *url);
  meta->CreateDataProperty(context, ToV8String(isolate, "url"), url_value).Check();
  v8::Local<v8::Function> resolve;
  if (!v8::Function::New(
           context,
           [](const v8::FunctionCallbackInfo<v8::Value>& info) {
             v8::Isolate* isolate = info.GetIsolate();
             v8::Local<v8::Context> context = isolate->GetCurrentContext();
             ModuleMap* map = MapOf(context);
             v8::Local<v8::String> specifier;
             if (!info[0]->ToString(context).ToLocal(&specifier) || !map)
               return;
             std::string referrer = ToStd(isolate, info.Data());
             std::string text = ToStd(isolate, specifier), url, error;
             if (!map->Resolve(text, referrer, &url, &error)) {
               ThrowTypeError(isolate, "Cannot resolve \"" + text + "\": " + error);
               return;
             }
             info.GetReturnValue().Set(ToV8String(isolate, url));
           },
           url_value, 1, v8::ConstructorBehavior::kThrow)
           .ToLocal(&resolve))
    return;
  resolve->SetName(ToV8String(isolate, "resolve"));
  meta->CreateDataProperty(context, ToV8String(isolate, "resolve"), resolve).Check();
}

}  // namespace v8ws
