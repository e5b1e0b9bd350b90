// The C++ members a binding calls: the contract between a binding and its core class.
'use strict';

const { upperFirst, cppName } = require('./naming');
const { paramType } = require('./types');

module.exports = {
  // The C++ members a binding calls, written out in the header as the class's contract.
  contractLines(iface, impl) {
    const lines = [];
    const raises = new Set(impl.raises || []);
    const withIsolate = new Set(impl.isolate || []);
    for (const m of iface.members) {
      if (m.type === 'constructor') {
        const args = m.arguments.map(a => {
          const t = this.model.resolve(a.idlType, a.extAttrs);
          return a.optional && !a.default && !t.js ? `const std::optional<${t.cpp}>&` : paramType(t);
        });
        lines.push(`static ${iface.name}* Create(${['ExecutionContext*', ...args, 'ExceptionState&'].join(', ')});`);
      } else if (m.type === 'attribute') {
        const t = this.model.resolve(m.idlType, m.extAttrs);
        if (t.kind === 'eventhandler') { lines.push(`(event handler) on${m.name.replace(/^on/, '')}`); continue; }
        lines.push(`${t.cpp} ${m.name}(${withIsolate.has(m.name) ? 'v8::Isolate*' : ''}) const;`);
        if (!m.readonly) lines.push(`void set${upperFirst(m.name)}(${[paramType(t), ...(raises.has(m.name) ? ['ExceptionState&'] : [])].join(', ')});`);
      } else if (m.type === 'iterable') {
        const k = this.model.resolve(m.idlType[0]);
        const v = this.model.resolve(m.idlType[1]);
        lines.push(`const std::vector<std::pair<${k.cpp}, ${v.cpp}>>& value_pairs() const;`);
      } else if (m.type === 'operation' && m.special === 'stringifier' && !m.name) {
        lines.push('std::string toString() const;');
      } else if (m.type === 'operation' && m.name && (!m.special || m.special === 'static')) {
        const ret = this.model.resolve(m.idlType);
        const isStatic = m.special === 'static';
        const args = [...(isStatic ? ['ExecutionContext*'] : []), ...(withIsolate.has(m.name) ? ['v8::Isolate*'] : []),
          ...m.arguments.map(a => {
            const t = this.model.resolve(a.idlType, a.extAttrs);
            return a.optional && !a.default && !t.js ? `std::optional<${t.cpp}>` : paramType(t);
          }), ...(raises.has(m.name) ? ['ExceptionState&'] : [])];
        const variadic = (a) => a.variadic;
        if (m.arguments.some(variadic)) {
          const i = m.arguments.findIndex(variadic);
          args[i + (isStatic ? 1 : 0) + (withIsolate.has(m.name) ? 1 : 0)] = `const std::vector<${this.model.resolve(m.arguments[i].idlType, m.arguments[i].extAttrs).cpp}>&`;
        }
        lines.push(`${isStatic ? 'static ' : ''}${ret.cpp} ${cppName(m.name)}(${args.join(', ')});`);
      }
    }
    return lines;
  }
};
