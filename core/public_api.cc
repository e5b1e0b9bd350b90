// The public API (include/v8ws/v8ws.h) on core/'s ExecutionContext and net/'s service:
// the only file that sees both the host's types and ours.
#include <algorithm>

#include "bindings/core/v8/per_isolate_data.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_interfaces.h"
#include "core/console/console.h"
#include "core/execution_context.h"
#include "core/frame/global_scope.h"
#include "core/frame/window.h"
#include "core/script/module_map.h"
#include "include/v8ws/v8ws.h"
#include "net/network_service.h"

namespace v8ws {
namespace {

class NetworkImpl final : public Network {
 public:
  explicit NetworkImpl(net::NetworkService::Options options)
      : service_(std::make_shared<net::LazyNetworkService>(std::move(options))) {}
  size_t ConnectionCount() const override { return service_->ConnectionCount(); }
  const std::shared_ptr<net::LazyNetworkService>& service() const { return service_; }

 private:
  std::shared_ptr<net::LazyNetworkService> service_;
};

class EnvironmentImpl final : public Environment {
 public:
  explicit EnvironmentImpl(std::unique_ptr<ExecutionContext> context)
      : context_(std::move(context)) {}
  ~EnvironmentImpl() override = default;

  ExecutionContext* execution_context() const { return context_.get(); }

  v8::Local<v8::Context> GetContext() const override { return context_->context(); }
  void ReportException(v8::Local<v8::Value> exception, v8::Local<v8::Message> message) override {
    context_->ReportException(exception, message);
  }
  bool HasPendingActivity() const override { return context_->HasPendingActivity(); }
  double TimeOrigin() const override { return context_->TimeOrigin(); }
  double Now() const override { return context_->Now(); }

  bool RunScript(const std::string& source,
                 const std::string& name,
                 const std::string& url) override {
    v8::Isolate* isolate = context_->isolate();
    v8::HandleScope scope(isolate);
    v8::Local<v8::Context> context = context_->context();
    v8::TryCatch try_catch(isolate);
    // The URL rides in the host-defined options, where import() finds its referrer.
    v8::Local<v8::PrimitiveArray> host_options =
        v8::PrimitiveArray::New(isolate, url.empty() ? 0 : 1);
    if (!url.empty())
      host_options->Set(isolate, 0, ToV8String(isolate, url));
    v8::ScriptOrigin origin(isolate, ToV8String(isolate, name), 0, 0, false, -1,
                            v8::Local<v8::Value>(), false, false, false, host_options);
    v8::Local<v8::Script> script;
    v8::Local<v8::Value> result;
    if (v8::Script::Compile(context, ToV8String(isolate, source), &origin).ToLocal(&script) &&
        script->Run(context).ToLocal(&result))
      return true;
    if (!try_catch.HasTerminated())
      context_->ReportException(try_catch);
    return false;
  }

  v8::MaybeLocal<v8::Promise> RunModule(const std::string& source,
                                        const std::string& url) override {
    return context_->modules().RunModule(source, url);
  }

 private:
  std::unique_ptr<ExecutionContext> context_;
};

const WrapperTypeInfo* FindInterface(const std::string& name) {
  for (size_t i = 0; i < kExposedInterfaceCount; ++i) {
    if (name == kExposedInterfaces[i]->interface_name)
      return kExposedInterfaces[i];
  }
  return nullptr;
}

}  // namespace

Network::~Network() = default;

std::shared_ptr<Network> Network::Create(NetworkOptions options) {
  net::NetworkService::Options service;
  service.max_connections = options.max_connections;
  service.closing_handshake_timeout_s = options.closing_handshake_timeout_s;
  service.close_timeout_s = options.close_timeout_s;
  service.uv_loop = options.uv_loop;
  service.one_connecting_per_endpoint = options.one_connecting_per_endpoint;
  service.resolve = std::move(options.resolve);
  return std::make_shared<NetworkImpl>(std::move(service));
}

Environment::~Environment() = default;

std::vector<std::string> Environment::InterfaceNames() {
  std::vector<std::string> names;
  for (size_t i = 0; i < kExposedInterfaceCount; ++i)
    names.emplace_back(kExposedInterfaces[i]->interface_name);
  std::sort(names.begin(), names.end());
  return names;
}

std::unique_ptr<Environment> Environment::Install(v8::Local<v8::Context> context,
                                                  std::shared_ptr<TaskRunner> task_runner,
                                                  std::shared_ptr<Network> network,
                                                  ContextOptions options) {
  v8::Isolate* isolate = context->GetIsolate();
  // Every check before anything changes, so a refused Install leaves the context as it was.
  std::vector<const WrapperTypeInfo*> chosen;
  uint32_t exposure = ExposureOf(options.global);
  if (options.interfaces.empty()) {
    // WebIDL §3.3: only what is exposed in this kind of global.
    for (size_t i = 0; i < kExposedInterfaceCount; ++i) {
      if (kExposedInterfaces[i]->exposure & exposure)
        chosen.push_back(kExposedInterfaces[i]);
    }
  } else {
    for (const std::string& name : options.interfaces) {
      const WrapperTypeInfo* info = FindInterface(name);
      if (!info) {
        ExecutionContext::AddConsoleMessage(options, ConsoleLevel::kError,
                                            "v8ws: no interface named '" + name + "' to install");
        return nullptr;
      }
      if (!(info->exposure & exposure)) {
        ExecutionContext::AddConsoleMessage(
            options, ConsoleLevel::kError,
            "v8ws: '" + name + "' is not exposed in this kind of global ([Exposed])");
        return nullptr;
      }
      chosen.push_back(info);
    }
  }
  int index = options.embedder_data_index;
  PerIsolateData* existing = PerIsolateData::From(isolate);
  int isolate_index = existing ? existing->embedder_data_index() : -1;
  if (index < 0 || (isolate_index >= 0 && isolate_index != index)) {
    ExecutionContext::AddConsoleMessage(options, ConsoleLevel::kError,
                                        "v8ws: embedder data slot " + std::to_string(index) +
                                            " cannot be used (this isolate's contexts use " +
                                            std::to_string(isolate_index) + ")");
    return nullptr;
  }
  if (!task_runner || !network) {
    ExecutionContext::AddConsoleMessage(options, ConsoleLevel::kError,
                                        "v8ws: Install needs a TaskRunner and a Network");
    return nullptr;
  }

  bool with_console = static_cast<bool>(options.console);
  auto execution_context = std::make_unique<ExecutionContext>(
      context, std::move(task_runner), static_cast<NetworkImpl&>(*network).service(),
      std::move(options));
  v8::Context::Scope context_scope(context);
  PerIsolateData* data = PerIsolateData::From(isolate);
  v8::Local<v8::Object> global = context->Global();
  const ContextOptions& installed = execution_context->options();
  for (const WrapperTypeInfo* info : chosen) {
    v8::Local<v8::String> name = ToV8String(isolate, info->interface_name);
    if (!installed.replace_existing_globals && global->Has(context, name).FromMaybe(false)) {
      execution_context->AddConsoleMessage(
          ConsoleLevel::kWarn, std::string("v8ws: kept the global's own '") + info->interface_name +
                                   "' (ContextOptions::" + "replace_existing_globals replaces it)");
      continue;
    }
    v8::Local<v8::Function> interface_object =
        data->TemplateFor(info)->GetFunction(context).ToLocalChecked();
    // WebIDL §3.7.1: { [[Writable]]: true, [[Enumerable]]: false, [[Configurable]]: true }.
    if (!global->DefineOwnProperty(context, name, interface_object, v8::DontEnum)
             .FromMaybe(false)) {
      execution_context->AddConsoleMessage(
          ConsoleLevel::kWarn,
          std::string("v8ws: could not define '") + info->interface_name + "' on the global");
      continue;
    }
    // WebIDL §3.7.1: the interface object's [[Prototype]] is its parent's interface object
    // (FunctionTemplate::Inherit only links the prototype objects).
    if (info->parent) {
      v8::Local<v8::Function> parent =
          data->TemplateFor(info->parent)->GetFunction(context).ToLocalChecked();
      interface_object->SetPrototype(context, parent).Check();
    }
    if (info->context_setup)
      info->context_setup(context, interface_object);
  }
  if (with_console)
    Console::Install(execution_context.get(), context);
  GlobalScope::Install(execution_context.get(), context);
  ModuleMap::InstallIsolateHooks(isolate);
  return std::make_unique<EnvironmentImpl>(std::move(execution_context));
}

std::unique_ptr<Environment> Environment::CreateWindowContext(
    v8::Isolate* isolate,
    std::shared_ptr<TaskRunner> task_runner,
    std::shared_ptr<Network> network,
    ContextOptions options) {
  // The template cache must outlive this call: Install() retains it for the context.
  PerIsolateData::Retain(isolate);
  v8::Local<v8::Context> context =
      v8::Context::New(isolate, nullptr, Window::GlobalTemplate(isolate));
  options.global = GlobalScopeKind::kWindow;
  auto env = Install(context, std::move(task_runner), std::move(network), std::move(options));
  if (env) {
    v8::Context::Scope context_scope(context);
    Window::InstallGlobal(static_cast<EnvironmentImpl&>(*env).execution_context(), context);
  }
  PerIsolateData::Release(isolate);
  return env;
}

std::string DescribeException(v8::Local<v8::Context> context,
                              v8::Local<v8::Value> exception,
                              v8::Local<v8::Message> message) {
  return ExecutionContext::DescribeException(context, exception, message);
}

const char* Version() {
  return "0.2.0";
}

}  // namespace v8ws
