// The contract between a binding and its core class: every C++ member the binding calls,
// with the signature it calls it with, checked at compile time (bindings/core/v8/binding_contract.h).
'use strict';

const { upperFirst, cppName, cstr } = require('./naming');
const { paramType } = require('./types');

module.exports = {
  // The members as { name, isStatic, ret, args }, in IDL order, one per overload.
  contractMembers(iface, impl) {
    const members = [];
    const raises = new Set(impl.raises || []);
    const withIsolate = new Set(impl.isolate || []);
    const resolve = (a) => this.model.resolve(a.idlType, a.extAttrs);
    const argTypes = (args) => args.map(a => {
      const t = resolve(a);
      if (a.variadic) return `const std::vector<${t.cpp}>&`;
      return paramType(t, a.optional && !a.default);
    });
    for (const m of iface.members) {
      if (m.type === 'constructor') {
        members.push({ name: 'Create', isStatic: true, ret: `${iface.name}*`,
          args: ['ExecutionContext*', ...argTypes(m.arguments), 'ExceptionState&'] });
      } else if (m.type === 'attribute') {
        const t = resolve(m);
        if (t.kind === 'eventhandler') continue;  // EventTarget's GetEventHandler/SetEventHandler
        const getterRaises = (impl.raisesGetter || []).includes(m.name);
        members.push({ name: m.name, ret: t.cpp,
          args: [...(withIsolate.has(m.name) ? ['v8::Isolate*'] : []), ...(getterRaises ? ['ExceptionState&'] : [])] });
        if (!m.readonly) {
          members.push({ name: `set${upperFirst(m.name)}`, ret: 'void',
            args: [...(withIsolate.has(m.name) && t.kind !== 'enum' ? ['v8::Isolate*'] : []), paramType(t),
              ...(raises.has(m.name) && t.kind !== 'enum' ? ['ExceptionState&'] : [])] });
        }
      } else if (m.type === 'async_iterable') {
        const has = (key) => m.extAttrs.some(a => a.name === key);
        members.push({ name: 'CreateAsyncIterator', ret: 'AsyncIteratorBase*',
          args: [...(has('CallWith') ? ['v8::Isolate*'] : []), ...argTypes(m.arguments), ...(has('RaisesException') ? ['ExceptionState&'] : [])] });
      } else if (m.type === 'iterable') {
        const k = this.model.resolve(m.idlType[0]);
        const v = this.model.resolve(m.idlType[1]);
        members.push({ name: 'value_pairs', ret: `std::vector<std::pair<${k.cpp}, ${v.cpp}>>`, args: [] });
      } else if (m.type === 'operation' && m.special === 'stringifier' && !m.name) {
        members.push({ name: 'toString', ret: 'std::string', args: [] });
      } else if (m.type === 'operation' && m.name && (!m.special || m.special === 'static')) {
        // A namespace's operations are static members of its C++ class.
        const isStatic = m.special === 'static' || iface.type === 'namespace';
        const ret = this.model.resolve(m.idlType).cpp;
        // A string an operation returns may be UTF-16 too (binding_contract.h).
        members.push({ name: cppName(m.name), isStatic, ret, stringResult: !isStatic && ret === 'std::string',
          args: [...(isStatic ? ['ExecutionContext*'] : []), ...(withIsolate.has(m.name) ? ['v8::Isolate*'] : []),
            ...argTypes(m.arguments), ...(raises.has(m.name) ? ['ExceptionState&'] : [])] });
      }
    }
    return members;
  },

  // One line per member, as C++ declares it.
  contractText(member) {
    return `${member.isStatic ? 'static ' : ''}${member.ret} ${member.name}(${member.args.join(', ')})`;
  },

  // The checks that open v8_x.cc: a detector per member name, a static_assert per member.
  contractChecks(iface, impl, cppClass = iface.name) {
    const name = cppClass;
    const members = this.contractMembers(iface, impl);
    const lines = [`// The contract: each member of ${name} that this binding calls, with the signature it`,
      '// calls it with (bindings/core/v8/binding_contract.h).'];
    const detectors = new Map();
    for (const m of members) {
      if (!detectors.has(m.name)) {
        const detector = `HasMember_${m.name}`;
        detectors.set(m.name, detector);
        lines.push(`V8WS_MEMBER_DETECTOR(${detector}, ${m.name});`);
      }
    }
    for (const m of members) {
      const check = m.isStatic ? 'kHasStaticMethod' : m.stringResult ? 'kHasStringMethod' : 'kHasMethod';
      const params = [detectors.get(m.name), name, ...(m.stringResult ? [] : [m.ret]), ...m.args].join(', ');
      lines.push(`static_assert(${check}<${params}>,`,
        `              ${cstr(`${name} (${impl.header}) must declare: ${this.contractText(m)}`)});`);
    }
    return lines;
  },
};
