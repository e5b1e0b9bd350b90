// The model: IDL definitions (mixins merged) and the resolution of IDL types to C++ types.
'use strict';

const { upperFirst } = require('./naming');

const kBuiltinTypedefs = new Set(['AllowSharedBufferSource']);
class Model {
  constructor(definitions) {
    this.interfaces = new Map();
    this.namespaces = new Map();          // WebIDL §2.3: operations on a plain object
    this.dictionaries = new Map();
    this.enums = new Map();
    this.typedefs = new Map();
    this.callbacks = new Map();           // callback functions
    this.callbackInterfaces = new Map();
    this.unions = new Map();              // C++ name -> resolved union type
    const mixins = new Map();
    const includes = [];
    for (const d of definitions) {
      switch (d.type) {
        case 'interface': this.interfaces.set(d.name, d); break;
        case 'namespace': this.namespaces.set(d.name, d); break;
        case 'dictionary': this.dictionaries.set(d.name, d); break;
        case 'enum': this.enums.set(d.name, d); break;
        // A typedef of a type the generator maps itself (AllowSharedBufferSource) stays that type.
        case 'typedef': if (!kBuiltinTypedefs.has(d.name)) this.typedefs.set(d.name, d.idlType); break;
        case 'callback': this.callbacks.set(d.name, d); break;
        case 'callback interface': this.callbackInterfaces.set(d.name, d); break;
        case 'interface mixin': mixins.set(d.name, d); break;
        case 'includes': includes.push(d); break;
        case 'eof': break;
        default: throw new Error(`unsupported definition ${d.type} ${d.name || ''}`);
      }
    }
    // WebIDL §2.4 "A includes B": B's members become A's, as if A had declared them.
    for (const inc of includes) {
      const target = this.interfaces.get(inc.target);
      const mixin = mixins.get(inc.includes);
      if (!target || !mixin) throw new Error(`${inc.target} includes ${inc.includes}: unknown name`);
      target.members.push(...mixin.members);
    }
    // Dictionaries a member returns need a C++ -> JS conversion too.
    this.returnedDictionaries = new Set();
    for (const iface of this.interfaces.values()) {
      for (const m of iface.members) {
        // A promise attribute's or operation's dictionary too (Promise<WebSocketOpenInfo>).
        let type = m.idlType;
        if (type && type.generic === 'Promise') type = type.idlType[0];
        const t = type && !type.union && !type.generic ? type.idlType : null;
        if (t && this.dictionaries.has(t) && (m.type === 'operation' || m.type === 'attribute'))
          this.returnedDictionaries.add(t);
      }
    }
  }

  // How a binding reaches interface `name`'s C++ class, from the IDL's extended attributes
  // (as Blink's are): [ImplementedIn="header"] and [ContextSetUp=Function] on the interface,
  // [RaisesException] (the member takes an ExceptionState& last; [RaisesException=Setter] or
  // [RaisesException=Getter] on an attribute) and [CallWith=Isolate] (a v8::Isolate* first) on members.
  implementation(name) {
    const iface = this.interfaces.get(name) || this.namespaces.get(name);
    const attr = (node, key) => node.extAttrs.find(a => a.name === key);
    const header = attr(iface, 'ImplementedIn');
    if (!header || header.rhs.type !== 'string')
      throw new Error(`${iface.type} ${name} needs [ImplementedIn="core/.../header.h"]: the header of its C++ class`);
    const setup = attr(iface, 'ContextSetUp');
    const named = (key) => [...new Set(iface.members.filter(m => m.name && attr(m, key)).map(m => m.name))];
    // [RaisesException=Getter] on an attribute: its getter may throw, not its setter.
    const getterRaises = (m) => attr(m, 'RaisesException') && attr(m, 'RaisesException').rhs &&
      attr(m, 'RaisesException').rhs.value === 'Getter';
    const raises = named('RaisesException').filter(n => !iface.members.some(m => m.name === n && getterRaises(m)));
    const raisesGetter = [...new Set(iface.members.filter(m => m.name && getterRaises(m)).map(m => m.name))];
    const isolate = iface.members.filter(m => m.name && attr(m, 'CallWith'));
    for (const m of isolate) {
      const value = attr(m, 'CallWith').rhs.value;
      if (value !== 'Isolate') throw new Error(`${name}.${m.name}: [CallWith=${value}] is not supported (only Isolate)`);
    }
    return {
      header: JSON.parse(header.rhs.value),
      raises,
      raisesGetter,
      isolate: [...new Set(isolate.map(m => m.name))],
      context_setup: setup ? '&' + setup.rhs.value : undefined,
    };
  }

  // Resolves an idlType to a description the emitters use.
  resolve(idlType, extAttrs = []) {
    const attrs = new Set([...(idlType.extAttrs || []), ...extAttrs].map(a => a.name));
    let t;
    if (idlType.union) {
      t = this.resolveUnion(idlType.idlType.map(m => this.resolve(m)));
    } else if (idlType.generic === 'Promise') {
      // The implementation makes and settles the promise; its type is not converted here.
      t = { kind: 'promise', cpp: 'v8::Local<v8::Promise>', name: 'Promise', js: true };
    } else if (idlType.generic) {
      const inner = this.resolve(idlType.idlType[0]);
      if (idlType.generic === 'sequence') {
        t = { kind: 'sequence', inner, cpp: `std::vector<${inner.cpp}>`, name: inner.name + 'Sequence' };
      } else if (idlType.generic === 'async_sequence') {
        if (inner.kind !== 'any') throw new Error(`async_sequence<${inner.name}>: only async_sequence<any> is supported`);
        t = { kind: 'asyncsequence', inner, cpp: 'AsyncSequence', name: inner.name + 'AsyncSequence' };
      } else if (idlType.generic === 'record') {
        const key = inner;
        const value = this.resolve(idlType.idlType[1]);
        t = { kind: 'record', key, inner: value, cpp: `std::vector<std::pair<${key.cpp}, ${value.cpp}>>`, name: key.name + value.name + 'Record' };
      } else if (idlType.generic === 'FrozenArray') {
        t = { kind: 'frozenarray', inner, cpp: 'v8::Local<v8::Value>', name: inner.name + 'FrozenArray', js: true };
      } else {
        throw new Error(`unsupported generic ${idlType.generic}`);
      }
    } else {
      t = this.resolveNamed(idlType.idlType, attrs);
    }
    if (idlType.nullable) t = this.nullable(t);
    return t;
  }

  resolveNamed(name, attrs) {
    const integers = {
      'byte': 'int8_t', 'octet': 'uint8_t', 'short': 'int16_t', 'unsigned short': 'uint16_t',
      'long': 'int32_t', 'unsigned long': 'uint32_t', 'long long': 'int64_t',
      'unsigned long long': 'uint64_t',
    };
    if (integers[name]) {
      const mode = attrs.has('EnforceRange') ? 'kEnforceRange' : attrs.has('Clamp') ? 'kClamp' : 'kDefault';
      return { kind: 'integer', cpp: integers[name], mode, name: name.split(' ').map(upperFirst).join(''), numeric: true };
    }
    switch (name) {
      case 'undefined': return { kind: 'undefined', cpp: 'void', name: 'Undefined' };
      case 'boolean': return { kind: 'boolean', cpp: 'bool', name: 'Boolean' };
      case 'double': case 'float':
        return { kind: 'double', cpp: 'double', restricted: true, name: upperFirst(name), numeric: true };
      case 'unrestricted double': case 'unrestricted float':
        return { kind: 'double', cpp: 'double', restricted: false, name: 'UnrestrictedDouble', numeric: true };
      case 'DOMString': return { kind: 'string', cpp: 'std::string', conv: 'ToDOMString', name };
      case 'USVString': return { kind: 'string', cpp: 'std::string', conv: 'ToUSVString', name };
      case 'ByteString': return { kind: 'string', cpp: 'std::string', conv: 'ToByteString', name };
      case 'any': return { kind: 'any', cpp: 'v8::Local<v8::Value>', name: 'Any', js: true };
      case 'object': return { kind: 'object', cpp: 'v8::Local<v8::Object>', name: 'Object', js: true };
      case 'BufferSource': return { kind: 'buffersource', cpp: 'BufferSource', name: 'BufferSource' };
      case 'AllowSharedBufferSource':
        return { kind: 'buffersource', cpp: 'BufferSource', name, allowShared: true };
      case 'Uint8Array':
        return { kind: 'uint8array', cpp: 'v8::Local<v8::Uint8Array>', name, js: true, allowShared: attrs.has('AllowShared') };
      case 'ArrayBuffer': return { kind: 'arraybuffer', cpp: 'v8::Local<v8::ArrayBuffer>', name, js: true };
      case 'ArrayBufferView':
        return { kind: 'arraybufferview', cpp: 'v8::Local<v8::ArrayBufferView>', name, js: true, allowShared: attrs.has('AllowShared') };
      // WebIDL §2.13.1: callback Function = any (any... arguments);
      case 'Function': return { kind: 'callback', cpp: 'v8::Local<v8::Value>', name, legacy: false, js: true };
      case 'EventHandler': return { kind: 'eventhandler', cpp: 'v8::Local<v8::Value>', name: 'EventHandler', js: true };
    }
    if (this.typedefs.has(name)) return this.resolve(this.typedefs.get(name), [...attrs].map(n => ({ name: n })));
    if (this.interfaces.has(name)) return { kind: 'interface', iface: name, cpp: `${name}*`, name };
    if (this.dictionaries.has(name)) return { kind: 'dictionary', dict: name, cpp: name, name };
    if (this.enums.has(name)) return { kind: 'enum', enumName: name, cpp: name, name };
    if (this.callbacks.has(name)) {
      const legacy = this.callbacks.get(name).extAttrs.some(a => a.name === 'LegacyTreatNonObjectAsNull');
      return { kind: 'callback', cpp: 'v8::Local<v8::Value>', name, legacy, js: true, callback: legacy ? undefined : name };
    }
    if (this.callbackInterfaces.has(name)) return { kind: 'callbackinterface', cpp: 'v8::Local<v8::Value>', name, js: true };
    throw new Error(`unknown type ${name}`);
  }

  nullable(t) {
    const n = Object.assign({}, t, { nullable: true, name: 'Nullable' + t.name, inner: t });
    // Pointers and JS values carry null themselves; the rest become std::optional.
    if (['interface', 'any', 'object', 'arraybuffer', 'arraybufferview', 'uint8array', 'callback', 'callbackinterface', 'eventhandler'].includes(t.kind)) {
      n.cpp = ['object', 'arraybuffer', 'arraybufferview', 'uint8array'].includes(t.kind) ? 'v8::Local<v8::Value>' : t.cpp;
      n.nullInline = true;
    } else {
      n.cpp = `std::optional<${t.cpp}>`;
    }
    return n;
  }

  resolveUnion(members) {
    const name = members.map(m => m.name).join('Or');
    const t = { kind: 'union', members, cpp: name, name };
    for (const m of members) {
      if (m.nullable) throw new Error(`nullable union members are not supported (${name})`);
    }
    if (!this.unions.has(name)) this.unions.set(name, t);
    return t;
  }
}

module.exports = { Model };
