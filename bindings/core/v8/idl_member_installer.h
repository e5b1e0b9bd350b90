// IDLMemberInstaller: puts an interface's members on its templates from tables, the way
// WebIDL §3.7 defines their properties, so a generated binding lists its members as data
// instead of repeating the installation code for each one.
#ifndef V8WS_BINDINGS_CORE_V8_IDL_MEMBER_INSTALLER_H_
#define V8WS_BINDINGS_CORE_V8_IDL_MEMBER_INSTALLER_H_

#include <v8.h>

#include <cstddef>

namespace v8ws {

// WebIDL §3.7.5: a constant, on the interface object and the prototype.
struct ConstantConfig {
  const char* name;
  double value;
};

// Who checks that `this` is an instance of the interface.
enum class ReceiverCheck {
  kBySignature,  // a V8 signature throws before the callback runs
  kByCallback,   // the callback: a promise-returning member rejects instead of throwing
};

// WebIDL §3.7.6: an attribute, an accessor property. `setter` is null for a readonly one
// (a [Replaceable] attribute has one).
struct AttributeConfig {
  const char* name;
  v8::FunctionCallback getter;
  v8::FunctionCallback setter;
  ReceiverCheck getter_receiver = ReceiverCheck::kBySignature;
};

// WebIDL §3.7.7: an operation, a data property holding a function of `length` required
// arguments.
struct OperationConfig {
  const char* name;
  v8::FunctionCallback callback;
  int length;
  ReceiverCheck receiver = ReceiverCheck::kBySignature;
};

// A namespace: its name, its operations, and what its binding does to a new namespace
// object (nullptr: nothing; [ContextSetUp=Function] in the IDL).
struct NamespaceConfig {
  const char* name;
  const OperationConfig* operations;
  size_t count;
  void (*set_up)(v8::Local<v8::Context> context, v8::Local<v8::Object> object);
};

class IDLMemberInstaller {
 public:
  template <size_t N>
  static void InstallConstants(v8::Isolate* isolate,
                               v8::Local<v8::FunctionTemplate> interface_template,
                               const ConstantConfig (&constants)[N]) {
    InstallConstants(isolate, interface_template, constants, N);
  }
  // `target` is the prototype, or the instance for [LegacyUnforgeable] attributes (then
  // they are not configurable).
  template <size_t N>
  static void InstallAttributes(v8::Isolate* isolate,
                                v8::Local<v8::ObjectTemplate> target,
                                v8::Local<v8::Signature> signature,
                                const AttributeConfig (&attributes)[N],
                                bool unforgeable = false) {
    InstallAttributes(isolate, target, signature, attributes, N, unforgeable);
  }
  // `target` is the prototype, or the interface object for static operations.
  template <size_t N>
  static void InstallOperations(v8::Isolate* isolate,
                                v8::Local<v8::Template> target,
                                v8::Local<v8::Signature> signature,
                                const OperationConfig (&operations)[N]) {
    InstallOperations(isolate, target, signature, operations, N);
  }

  static void InstallConstants(v8::Isolate* isolate,
                               v8::Local<v8::FunctionTemplate> interface_template,
                               const ConstantConfig* constants,
                               size_t count);
  static void InstallAttributes(v8::Isolate* isolate,
                                v8::Local<v8::ObjectTemplate> target,
                                v8::Local<v8::Signature> signature,
                                const AttributeConfig* attributes,
                                size_t count,
                                bool unforgeable);
  static void InstallOperations(v8::Isolate* isolate,
                                v8::Local<v8::Template> target,
                                v8::Local<v8::Signature> signature,
                                const OperationConfig* operations,
                                size_t count);
  // WebIDL §3.7.9: entries, keys, values and forEach of a pair iterator; @@iterator is the
  // entries function itself.
  static void InstallPairIterator(v8::Isolate* isolate,
                                  v8::Local<v8::ObjectTemplate> prototype,
                                  v8::Local<v8::Signature> signature,
                                  v8::FunctionCallback entries,
                                  v8::FunctionCallback keys,
                                  v8::FunctionCallback values,
                                  v8::FunctionCallback for_each);
  // WebIDL §3.7.10.2: values() of a value asynchronous iterable; @@asyncIterator is the same
  // function.
  static void InstallAsyncIterator(v8::Isolate* isolate,
                                   v8::Local<v8::ObjectTemplate> prototype,
                                   v8::Local<v8::Signature> signature,
                                   v8::FunctionCallback values,
                                   int length);
  // WebIDL §3.13.1: defines a namespace on the global of `context`, writable, configurable
  // and not enumerable. Its object is made the first time script reads it (a script that
  // never touches it pays nothing): [[Prototype]] %Object.prototype%, each operation a
  // writable, enumerable, configurable function, @@toStringTag the namespace's name; then
  // the namespace's own set-up, if any.
  static void InstallNamespace(v8::Local<v8::Context> context, const NamespaceConfig& config);
  // One operation; returns its function template.
  static v8::Local<v8::FunctionTemplate> InstallOperation(v8::Isolate* isolate,
                                                          v8::Local<v8::Template> target,
                                                          v8::Local<v8::Signature> signature,
                                                          const OperationConfig& operation);
};

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_IDL_MEMBER_INSTALLER_H_
