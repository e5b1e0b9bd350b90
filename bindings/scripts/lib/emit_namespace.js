// Emits v8_<namespace>.{h,cc} for a WebIDL namespace (§3.13): its operations as callbacks
// that call the static members of its C++ class, and an installer that defines the
// namespace object on a context's global.
'use strict';

const { snake, upperFirst, guard, cstr } = require('./naming');
const { kHeaderBanner } = require('./banner');

module.exports = {
  emitNamespace(ns) {
    const name = ns.name;
    // Namespaces are named in lower case (console); their C++ classes, as classes are.
    const cls = upperFirst(name);
    const base = `v8_${snake(name)}`;
    const impl = this.impl[name];
    const raises = new Set(impl.raises || []);
    const withIsolate = new Set(impl.isolate || []);
    const unsupported = ns.members.find(m => m.type !== 'operation' || !m.name);
    if (unsupported) throw new Error(`namespace ${name}: only regular operations are supported (found ${unsupported.type})`);
    const groups = new Map();
    for (const op of ns.members) {
      if (!groups.has(op.name)) groups.set(op.name, []);
      groups.get(op.name).push(op);
    }
    const types = ns.members.flatMap(o => [this.model.resolve(o.idlType),
      ...o.arguments.map(a => this.model.resolve(a.idlType, a.extAttrs))]);
    const includes = this.includesForTypes(types, name);

    const h = [kHeaderBanner(`namespace ${name}`), `#ifndef ${guard(base + '.h')}`, `#define ${guard(base + '.h')}`, '',
      '#include <v8.h>', '', 'namespace v8ws {', '',
      `// The binding of namespace ${name}. ${cls} (${impl.header}) must provide:`,
      ...this.contractMembers(ns, impl).map(m => `//   ${this.contractText(m)};`),
      `class V8${cls} {`, ' public:',
      `  // Defines \`${name}\` on the global of \`context\` (WebIDL §3.13.1), writable and`,
      '  // configurable, not enumerable; its object is made when script first reads it.',
      '  static void Install(v8::Local<v8::Context> context);', '};', '',
      '}  // namespace v8ws', '', `#endif  // ${guard(base + '.h')}`, ''];

    const cc = [kHeaderBanner(`namespace ${name}`), `#include "bindings/generated/${base}.h"`, '', '#include <iterator>', '',
      '#include "bindings/core/v8/binding_contract.h"', '#include "bindings/core/v8/idl_member_installer.h"',
      '#include "bindings/core/v8/native_value_traits.h"', '#include "bindings/core/v8/v8_binding.h"',
      '#include "core/execution_context.h"', `#include "${impl.header}"`,
      ...includes.map(i => `#include "${i}"`), '', 'namespace v8ws {', '',
      ...this.contractChecks(ns, impl, cls), '', 'namespace {', ''];
    const helpers = { convertArgs: (args) => this.convertArgs(args), argList: (args) => this.argList(args), raises,
      withIsolate, cppClass: cls };
    for (const [opName, group] of groups) cc.push(...this.operationGroup(name, group, upperFirst(opName), true, helpers));
    // WebIDL §3.13.1: the operations, in IDL order.
    cc.push('constexpr OperationConfig kOperations[] = {',
      ...[...groups].map(([opName, group]) =>
        `    {${cstr(opName)}, ${upperFirst(opName)}Operation, ${this.operationLength(group)}, ReceiverCheck::kByCallback},`),
      '};',
      `constexpr NamespaceConfig kNamespace = {${cstr(name)}, kOperations, std::size(kOperations), ${impl.context_setup || 'nullptr'}};`,
      '', '}  // namespace', '',
      `void V8${cls}::Install(v8::Local<v8::Context> context) {`,
      '  IDLMemberInstaller::InstallNamespace(context, kNamespace);', '}', '',
      '}  // namespace v8ws', '');

    this.write(base + '.h', h.join('\n'));
    this.write(base + '.cc', cc.join('\n'));
  }
};
