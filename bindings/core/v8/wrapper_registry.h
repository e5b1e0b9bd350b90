// WrapperRegistry: every live ScriptWrappable of one context, deleted at its tear-down.
#ifndef V8WS_BINDINGS_CORE_V8_WRAPPER_REGISTRY_H_
#define V8WS_BINDINGS_CORE_V8_WRAPPER_REGISTRY_H_

#include <v8.h>

#include <unordered_set>

namespace v8ws {

class ScriptWrappable;

class WrapperRegistry {
 public:
  WrapperRegistry() = default;
  ~WrapperRegistry();
  WrapperRegistry(const WrapperRegistry&) = delete;
  WrapperRegistry& operator=(const WrapperRegistry&) = delete;

  void Add(ScriptWrappable* object) { objects_.insert(object); }
  void Remove(ScriptWrappable* object) { objects_.erase(object); }
  size_t size() const { return objects_.size(); }

  // Deletes every object still alive: their wrappers stay behind as empty shells.
  void DestroyAll(v8::Isolate* isolate);

 private:
  std::unordered_set<ScriptWrappable*> objects_;
};

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_WRAPPER_REGISTRY_H_
