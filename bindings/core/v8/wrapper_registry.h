// WrapperRegistry: every live ScriptWrappable of one context, deleted at its tear-down. An
// intrusive list through the objects themselves: every wrapper made (an event per message)
// joins it and leaves it, and a hash set cost an allocation and a rehash share each time.
#ifndef V8WS_BINDINGS_CORE_V8_WRAPPER_REGISTRY_H_
#define V8WS_BINDINGS_CORE_V8_WRAPPER_REGISTRY_H_

#include <v8.h>

#include <cstddef>

namespace v8ws {

class ScriptWrappable;

class WrapperRegistry {
 public:
  WrapperRegistry() = default;
  ~WrapperRegistry();
  WrapperRegistry(const WrapperRegistry&) = delete;
  WrapperRegistry& operator=(const WrapperRegistry&) = delete;

  void Add(ScriptWrappable* object);
  void Remove(ScriptWrappable* object);
  size_t size() const { return size_; }

  // Deletes every object still alive: their wrappers stay behind as empty shells.
  void DestroyAll(v8::Isolate* isolate);

 private:
  ScriptWrappable* head_ = nullptr;
  size_t size_ = 0;
};

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_WRAPPER_REGISTRY_H_
