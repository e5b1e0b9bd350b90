// The Emitter: collects generated files; each emit_*.js adds the methods for one kind of output.
'use strict';

const { snake } = require('./naming');

class Emitter {
  constructor(model, impl) {
    this.model = model;
    this.impl = impl;
    this.files = new Map();
  }

  write(name, text) { this.files.set(name, text); }

  includesForTypes(types, self) {
    const inc = new Set();
    const visit = (t) => {
      if (!t) return;
      if (t.inner) visit(t.inner);
      // A union's header includes what its alternatives need.
      if (t.kind === 'dictionary' && t.dict !== self) inc.add(`bindings/generated/v8_${snake(t.dict)}.h`);
      if (t.kind === 'callback' && t.callback && t.callback !== self) inc.add(`bindings/generated/v8_${snake(t.callback)}.h`);
      if (t.kind === 'enum' && t.enumName !== self) inc.add(`bindings/generated/v8_${snake(t.enumName)}.h`);
      if (t.kind === 'union') inc.add(`bindings/generated/v8_union_${snake(t.cpp)}.h`);
      if (t.kind === 'interface' && t.iface !== self) {
        inc.add(`bindings/generated/v8_${snake(t.iface)}.h`);
        // The C++ class too: conversions cast to it.
        if (this.impl[t.iface]) inc.add(this.impl[t.iface].header);
      }
    };
    types.forEach(visit);
    return [...inc].sort();
  }
}

for (const part of ['emit_callback', 'emit_enum', 'emit_dictionary', 'emit_union', 'emit_interface', 'emit_iterator',
  'emit_operation', 'emit_contract', 'emit_interface_list', 'emit_namespace']) {
  Object.assign(Emitter.prototype, require('./' + part));
}

module.exports = { Emitter };
