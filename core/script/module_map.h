// ModuleMap: HTML's module map of one context (each module URL fetched and compiled once),
// and the host side of ECMAScript modules: loading a graph, linking it, dynamic import()
// and import.meta. Sources come through ContextOptions::modules (default: file: URLs).
#ifndef V8WS_CORE_SCRIPT_MODULE_MAP_H_
#define V8WS_CORE_SCRIPT_MODULE_MAP_H_

#include <v8.h>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace v8ws {

class ExecutionContext;

class ModuleMap {
 public:
  explicit ModuleMap(ExecutionContext* context);
  ~ModuleMap();
  ModuleMap(const ModuleMap&) = delete;
  ModuleMap& operator=(const ModuleMap&) = delete;

  // The isolate's dynamic import() and import.meta callbacks (idempotent).
  static void InstallIsolateHooks(v8::Isolate* isolate);

  // Environment::RunModule: loads, links and evaluates the graph rooted at `url`.
  v8::MaybeLocal<v8::Promise> RunModule(const std::string& source, const std::string& url);

  // HTML "resolve a module specifier" through the context's loader; false sets `error`.
  bool Resolve(const std::string& specifier,
               const std::string& referrer,
               std::string* url,
               std::string* error) const;

 private:
  // Fetches and compiles the module at `url` (with `source` when given) and everything it
  // imports, depth first, each URL once. Empty, with an exception thrown, on failure;
  // modules this call added are forgotten then, so a later import tries again.
  v8::MaybeLocal<v8::Module> LoadGraph(const std::string& url, const std::string* source);
  v8::MaybeLocal<v8::Module> Load(const std::string& url,
                                  const std::string* source,
                                  const std::string& imported_at,
                                  std::vector<std::string>* added);
  // Links and evaluates `module`: the evaluation promise, or empty with an exception thrown.
  v8::MaybeLocal<v8::Promise> LinkAndEvaluate(v8::Local<v8::Module> module);
  // The URL `module` was loaded from (null for a module of another map).
  const std::string* UrlOf(v8::Local<v8::Module> module) const;
  v8::MaybeLocal<v8::Module> Find(const std::string& url) const;
  // The second half of import(): runs as a task, as HTML's fetch would finish later.
  void FinishDynamicImport(const std::string& url, v8::Local<v8::Promise::Resolver> resolver);

  static v8::MaybeLocal<v8::Module> ResolveStatic(v8::Local<v8::Context> context,
                                                  v8::Local<v8::String> specifier,
                                                  v8::Local<v8::FixedArray> import_assertions,
                                                  v8::Local<v8::Module> referrer);
  static v8::MaybeLocal<v8::Promise> ImportDynamically(v8::Local<v8::Context> context,
                                                       v8::Local<v8::Data> host_defined_options,
                                                       v8::Local<v8::Value> resource_name,
                                                       v8::Local<v8::String> specifier,
                                                       v8::Local<v8::FixedArray> assertions);
  static void InitializeImportMeta(v8::Local<v8::Context> context,
                                   v8::Local<v8::Module> module,
                                   v8::Local<v8::Object> meta);

  ExecutionContext* context_;
  std::map<std::string, v8::Global<v8::Module>> modules_;
  // Module identity hash -> URLs (hashes may collide; the handle decides).
  std::unordered_multimap<int, std::string> urls_by_hash_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_SCRIPT_MODULE_MAP_H_
