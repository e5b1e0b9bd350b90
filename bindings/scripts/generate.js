#!/usr/bin/env node
// The bindings generator: reads idl/*.idl with webidl2 (the parser web-platform-tests uses)
// and writes the V8 binding of every interface, dictionary, enum and union into --out.
//
//   generate.js --out DIR --impl impl.json [--outputs a,b,...] A.idl B.idl ...
//
// Each interface X gets v8_x.{h,cc}: class V8X with its WrapperTypeInfo, the template
// installer, and one callback per member. The callbacks call the C++ class named in
// impl.json by the IDL member's name, so a member the class lacks fails the build.
'use strict';

const fs = require('fs');
const path = require('path');
const webidl2 = require(path.join(__dirname, '../../third_party/npm/node_modules/webidl2'));

// ---------------------------------------------------------------- command line
function parseArgs(argv) {
  const args = { idl: [], outputs: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') args.out = argv[++i];
    else if (argv[i] === '--impl') args.impl = argv[++i];
    else if (argv[i] === '--outputs') args.outputs = argv[++i].split(',').filter(Boolean);
    else args.idl.push(argv[i]);
  }
  if (!args.out || !args.impl || args.idl.length === 0) {
    console.error('usage: generate.js --out DIR --impl impl.json [--outputs list] IDL...');
    process.exit(2);
  }
  return args;
}

// ---------------------------------------------------------------- naming
const kSnakeOverrides = { WebSocket: 'websocket' };
function snake(name) {
  if (kSnakeOverrides[name]) return kSnakeOverrides[name];
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
function upperFirst(s) { return s.charAt(0).toUpperCase() + s.slice(1); }
function enumConstant(value) {
  const words = value.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return 'k' + (words.length ? words.map(upperFirst).join('') : 'Empty');
}
function guard(file) { return 'V8WS_BINDINGS_GENERATED_' + file.toUpperCase().replace(/[^A-Z0-9]/g, '_') + '_'; }
function cstr(s) { return JSON.stringify(s); }
function isReplaceable(member) { return member.extAttrs.some(x => x.name === 'Replaceable'); }
// An IDL member named like a C++ keyword (URLSearchParams.delete) gets a suffix in C++.
const kCppKeywords = new Set(['delete', 'new', 'default', 'operator', 'register', 'union', 'template', 'this']);
function cppName(name) { return kCppKeywords.has(name) ? name + 'ForBinding' : name; }

// ---------------------------------------------------------------- model
const kBuiltinTypedefs = new Set(['AllowSharedBufferSource']);
class Model {
  constructor(definitions) {
    this.interfaces = new Map();
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
        const t = m.idlType && !m.idlType.union && !m.idlType.generic ? m.idlType.idlType : null;
        if (t && this.dictionaries.has(t) && (m.type === 'operation' || m.type === 'attribute'))
          this.returnedDictionaries.add(t);
      }
    }
  }

  // Resolves an idlType to a description the emitters use.
  resolve(idlType, extAttrs = []) {
    const attrs = new Set([...(idlType.extAttrs || []), ...extAttrs].map(a => a.name));
    let t;
    if (idlType.union) {
      t = this.resolveUnion(idlType.idlType.map(m => this.resolve(m)));
    } else if (idlType.generic === 'Promise') {
      // The implementation makes and settles the promise; its type is not converted here.
      t = { kind: 'promise', cpp: 'v8::Local<v8::Value>', name: 'Promise', js: true };
    } else if (idlType.generic) {
      const inner = this.resolve(idlType.idlType[0]);
      if (idlType.generic === 'sequence') {
        t = { kind: 'sequence', inner, cpp: `std::vector<${inner.cpp}>`, name: inner.name + 'Sequence' };
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
      case 'EventHandler': return { kind: 'eventhandler', cpp: 'v8::Local<v8::Value>', name: 'EventHandler', js: true };
    }
    if (this.typedefs.has(name)) return this.resolve(this.typedefs.get(name), [...attrs].map(n => ({ name: n })));
    if (this.interfaces.has(name)) return { kind: 'interface', iface: name, cpp: `${name}*`, name };
    if (this.dictionaries.has(name)) return { kind: 'dictionary', dict: name, cpp: name, name };
    if (this.enums.has(name)) return { kind: 'enum', enumName: name, cpp: name, name };
    if (this.callbacks.has(name)) {
      const legacy = this.callbacks.get(name).extAttrs.some(a => a.name === 'LegacyTreatNonObjectAsNull');
      return { kind: 'callback', cpp: 'v8::Local<v8::Value>', name, legacy, js: true };
    }
    if (this.callbackInterfaces.has(name)) return { kind: 'callbackinterface', cpp: 'v8::Local<v8::Value>', name, js: true };
    throw new Error(`unknown type ${name}`);
  }

  nullable(t) {
    const n = Object.assign({}, t, { nullable: true, name: 'Nullable' + t.name, inner: t });
    // Pointers and JS values carry null themselves; the rest become std::optional.
    if (['interface', 'any', 'object', 'callback', 'callbackinterface', 'eventhandler'].includes(t.kind)) {
      n.cpp = t.kind === 'object' ? 'v8::Local<v8::Value>' : t.cpp;
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

// ---------------------------------------------------------------- conversions
// Returns a C++ expression that converts `v` (a v8::Local<v8::Value>) to t's C++ type,
// recording failures in `es`. `what` names the value in messages.
function convertExpr(t, v, what) {
  if (t.nullable) {
    const inner = convertExpr(t.inner, v, what);
    if (t.inner.kind === 'callback' || t.inner.kind === 'callbackinterface' || t.inner.kind === 'eventhandler')
      return inner;  // these converters handle null themselves
    if (t.nullInline) {
      const nul = t.inner.kind === 'interface' ? 'nullptr' : 'v8::Local<v8::Value>(v8::Null(isolate))';
      return `(${v}->IsNullOrUndefined() ? static_cast<${t.cpp}>(${nul}) : static_cast<${t.cpp}>(${inner}))`;
    }
    return `(${v}->IsNullOrUndefined() ? ${t.cpp}() : ${t.cpp}(${inner}))`;
  }
  switch (t.kind) {
    case 'boolean': return `ToBoolean(isolate, ${v})`;
    case 'integer': return `ToInteger<${t.cpp}>(isolate, ${v}, IntegerConversion::${t.mode}, es)`;
    case 'double': return `ToDouble(isolate, ${v}, ${t.restricted}, es)`;
    case 'string': return `${t.conv}(isolate, ${v}, es)`;
    case 'any': return v;
    case 'object': return `ToObject(isolate, ${v}, es)`;
    case 'buffersource':
      return t.allowShared ? `ToAllowSharedBufferSource(isolate, ${v}, es)` : `ToBufferSource(isolate, ${v}, es)`;
    case 'uint8array': return `ToUint8Array(isolate, ${v}, ${!!t.allowShared}, es)`;
    case 'interface': return `ToImpl<V8${t.iface}>(isolate, ${v}, es, ${cstr(what)})`;
    case 'dictionary': return `To${t.dict}(isolate, ${v}, es)`;
    case 'enum': return `To${t.enumName}(isolate, ${v}, es)`;
    case 'union': return `To${t.cpp}(isolate, ${v}, es)`;
    case 'sequence':
      return `ToSequence(isolate, ${v}, es, [&](v8::Local<v8::Value> element, ExceptionState& es) { return ${convertExpr(t.inner, 'element', 'element')}; })`;
    case 'record':
      return `ToRecord(isolate, ${v}, es, [&](v8::Local<v8::Value> key, ExceptionState& es) { return ${convertExpr(t.key, 'key', 'key')}; }, [&](v8::Local<v8::Value> element, ExceptionState& es) { return ${convertExpr(t.inner, 'element', 'element')}; })`;
    case 'callbackinterface':
      return `ToCallbackInterface(isolate, ${v}, ${!!t.nullable}, es)`;
    case 'callback':
      return `ToCallbackFunction(isolate, ${v}, ${!!t.nullable}, ${!!t.legacy}, es)`;
    case 'eventhandler':
      return `ToCallbackFunction(isolate, ${v}, true, true, es)`;
  }
  throw new Error(`no conversion for ${t.kind}`);
}

// Returns a C++ expression turning `expr` (t's C++ type) into a v8::Local<v8::Value>.
function toV8Expr(t, expr) {
  if (t.nullable && !t.nullInline) {
    return `(${expr} ? ${toV8Expr(t.inner, '(*' + expr + ')')} : v8::Local<v8::Value>(v8::Null(isolate)))`;
  }
  switch (t.kind) {
    case 'interface': return `ToV8(isolate, static_cast<ScriptWrappable*>(${expr}))`;
    case 'enum': return `ToV8String(isolate, ${t.enumName}ToString(${expr}))`;
    case 'uint8array': return `v8::Local<v8::Value>(${expr})`;
    case 'sequence':
      if (t.inner.kind === 'interface') {
        return `ToV8(isolate, std::vector<ScriptWrappable*>(${expr}.begin(), ${expr}.end()))`;
      }
      return `ToV8(isolate, ${expr})`;
    default: return `v8::Local<v8::Value>(ToV8(isolate, ${expr}))`;
  }
}

// The C++ literal for a WebIDL default value (webidl2's `default` node) of type t.
function defaultExpr(t, def) {
  switch (def.type) {
    case 'boolean': return String(def.value);
    case 'number': return String(def.value);
    case 'string':
      if (t.kind === 'enum') return `${t.enumName}::${enumConstant(def.value)}`;
      if (t.kind === 'union') {
        return `${t.cpp}(std::in_place_type<std::string>, ${cstr(def.value)})`;
      }
      return cstr(def.value);
    case 'null':
      if (t.js && !t.nullInline) return 'v8::Local<v8::Value>(v8::Null(isolate))';
      if (t.nullInline) return t.inner && t.inner.kind === 'interface' ? 'nullptr' : 'v8::Local<v8::Value>(v8::Null(isolate))';
      return `${t.cpp}()`;
    case 'dictionary':
      if (t.kind === 'union') {
        const d = t.members.find(m => m.kind === 'dictionary');
        return `${t.cpp}(${d.cpp}())`;
      }
      return `${t.cpp}()`;
    case 'sequence':
      if (t.kind === 'union') {
        const s = t.members.find(m => m.kind === 'sequence');
        return `${t.cpp}(${s.cpp}())`;
      }
      return `${t.cpp}()`;
  }
  throw new Error(`unsupported default ${def.type}`);
}

// Whether a default needs the isolate (and so cannot be a struct member initializer).
function defaultNeedsIsolate(expr) { return expr.includes('isolate'); }

function paramType(t) {
  if (['string', 'dictionary', 'union', 'sequence', 'record'].includes(t.kind) || (t.nullable && !t.nullInline)) {
    return `const ${t.cpp}&`;
  }
  return t.cpp;
}

// ---------------------------------------------------------------- emitters
const kHeaderBanner = (src) => `// Generated by bindings/scripts/generate.js from ${src}. Do not edit.\n`;

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
      if (t.members) t.members.forEach(visit);
      if (t.kind === 'dictionary' && t.dict !== self) inc.add(`bindings/generated/v8_${snake(t.dict)}.h`);
      if (t.kind === 'enum' && t.enumName !== self) inc.add(`bindings/generated/v8_${snake(t.enumName)}.h`);
      if (t.kind === 'union') inc.add('bindings/generated/v8_union_types.h');
      if (t.kind === 'interface' && t.iface !== self) {
        inc.add(`bindings/generated/v8_${snake(t.iface)}.h`);
        // The C++ class too: conversions cast to it.
        if (this.impl[t.iface]) inc.add(this.impl[t.iface].header);
      }
    };
    types.forEach(visit);
    return [...inc].sort();
  }

  // -------------------------------------------------- enums
  emitEnum(e) {
    const base = `v8_${snake(e.name)}`;
    const values = e.values.map(v => v.value);
    const h = [kHeaderBanner(`enum ${e.name}`), `#ifndef ${guard(base + '.h')}`, `#define ${guard(base + '.h')}`, '',
      '#include <v8.h>', '', '#include <optional>', '#include <string>', '',
      '#include "bindings/core/v8/exception_state.h"', '', 'namespace v8ws {', '',
      `enum class ${e.name} {`, ...values.map(v => `  ${enumConstant(v)},  // ${cstr(v)}`), '};', '',
      `const char* ${e.name}ToString(${e.name} value);`,
      `// The IDL value named by \`value\`, if it is one.`,
      `std::optional<${e.name}> Parse${e.name}(const std::string& value);`,
      `// Argument conversion: TypeError for a string that is not a value of the enum.`,
      `${e.name} To${e.name}(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es);`,
      '', '}  // namespace v8ws', '', `#endif  // ${guard(base + '.h')}`, ''];
    const cc = [kHeaderBanner(`enum ${e.name}`), `#include "bindings/generated/${base}.h"`, '',
      '#include "bindings/core/v8/v8_binding.h"', '', 'namespace v8ws {', '',
      `const char* ${e.name}ToString(${e.name} value) {`, '  switch (value) {',
      ...values.map(v => `    case ${e.name}::${enumConstant(v)}:\n      return ${cstr(v)};`), '  }', '  return "";', '}', '',
      `std::optional<${e.name}> Parse${e.name}(const std::string& value) {`,
      ...values.map(v => `  if (value == ${cstr(v)})\n    return ${e.name}::${enumConstant(v)};`), '  return std::nullopt;', '}', '',
      `${e.name} To${e.name}(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {`,
      '  std::string string = ToDOMString(isolate, value, es);',
      `  if (es.HadException())\n    return ${e.name}::${enumConstant(values[0])};`,
      `  std::optional<${e.name}> parsed = Parse${e.name}(string);`,
      `  if (!parsed) {`,
      `    es.ThrowTypeError("The provided value '" + string + "' is not a valid enum value of type ${e.name}.");`,
      `    return ${e.name}::${enumConstant(values[0])};`, '  }', '  return *parsed;', '}', '',
      '}  // namespace v8ws', ''];
    this.write(base + '.h', h.join('\n'));
    this.write(base + '.cc', cc.join('\n'));
  }

  // -------------------------------------------------- dictionaries
  dictMembers(d) {
    return d.members.map(m => {
      const t = this.model.resolve(m.idlType, m.extAttrs);
      return { name: m.name, t, required: m.required, def: m.default };
    }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));  // WebIDL: lexicographic
  }

  emitDictionary(d) {
    const base = `v8_${snake(d.name)}`;
    const returned = this.model.returnedDictionaries.has(d.name);
    const members = this.dictMembers(d);
    const parent = d.inheritance;
    // Interface members are pointers: the header names the class, the .cc includes it
    // (core headers include dictionaries through the union types, so a cycle would form).
    const ifaceNames = [...new Set(members.filter(m => m.t.kind === 'interface' || (m.t.inner && m.t.inner.kind === 'interface'))
      .map(m => m.t.iface || m.t.inner.iface))].sort();
    const allIncludes = this.includesForTypes(members.map(m => m.t), d.name);
    const ifaceIncludes = ifaceNames.flatMap(n => [`bindings/generated/v8_${snake(n)}.h`, this.impl[n].header]);
    const includes = allIncludes.filter(i => !ifaceIncludes.includes(i));
    if (parent) includes.push(`bindings/generated/v8_${snake(parent)}.h`);
    const fields = members.map(m => {
      let cpp = m.t.cpp;
      let init = '';
      if (m.def) {
        const e = defaultExpr(m.t, m.def);
        if (!defaultNeedsIsolate(e)) init = ` = ${e}`;
      } else if (!m.required) {
        cpp = m.t.js ? m.t.cpp : `std::optional<${m.t.cpp}>`;  // "not present"; JS values use empty
      }
      return `  ${cpp} ${m.name}${init};`;
    });
    const h = [kHeaderBanner(`dictionary ${d.name}`), `#ifndef ${guard(base + '.h')}`, `#define ${guard(base + '.h')}`, '',
      '#include <v8.h>', '', '#include <optional>', '#include <string>', '#include <vector>', '',
      '#include "bindings/core/v8/exception_state.h"', '#include "bindings/core/v8/v8_binding.h"',
      ...[...new Set(includes)].sort().map(i => `#include "${i}"`), '', 'namespace v8ws {', '',
      ...ifaceNames.map(n => `class ${n};`), ...(ifaceNames.length ? [''] : []),
      `struct ${d.name}${parent ? ' : ' + parent : ''} {`, ...fields, '};', '',
      `// WebIDL §3.2.17: undefined and null give the defaults; other non-objects throw TypeError.`,
      `${d.name} To${d.name}(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es);`,
      `bool Fill${d.name}(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es, ${d.name}& out);`,
      ...(returned ? ['// WebIDL §3.2.17, C++ to JS: an object with each present member, in order.',
        `v8::Local<v8::Value> ToV8(v8::Isolate* isolate, const ${d.name}& value);`] : []),
      '', '}  // namespace v8ws', '', `#endif  // ${guard(base + '.h')}`, ''];
    const toV8 = [];
    if (returned) {
      if (parent) throw new Error(`returning ${d.name}, a dictionary with a parent, is not supported`);
      toV8.push(`v8::Local<v8::Value> ToV8(v8::Isolate* isolate, const ${d.name}& value) {`,
        '  v8::Local<v8::Context> context = isolate->GetCurrentContext();',
        '  v8::Local<v8::Object> object = v8::Object::New(isolate);');
      for (const m of members) {
        const present = !m.def && !m.required && !m.t.js;
        const expr = present ? `(*value.${m.name})` : `value.${m.name}`;
        if (present) toV8.push(`  if (value.${m.name})`);
        toV8.push(`${present ? '  ' : ''}  object->CreateDataProperty(context, ToV8String(isolate, ${cstr(m.name)}), ${toV8Expr(m.t, expr)}).Check();`);
      }
      toV8.push('  return object;', '}', '');
    }
    const body = [];
    for (const m of members) {
      if (m.def) {
        const e = defaultExpr(m.t, m.def);
        if (defaultNeedsIsolate(e)) body.push(`  out.${m.name} = ${e};`);
      }
    }
    body.push('  if (value->IsNullOrUndefined())', '    return true;');
    body.push('  if (!value->IsObject()) {',
      `    es.ThrowTypeError("The provided value is not of type '${d.name}'.");`, '    return false;', '  }');
    if (parent) body.push(`  if (!Fill${parent}(isolate, value, es, out))`, '    return false;');
    body.push('  v8::Local<v8::Object> object = value.As<v8::Object>();');
    for (const m of members) {
      body.push('  {',
        `    v8::Local<v8::Value> member = GetDictionaryMember(isolate, object, ${cstr(m.name)}, es);`,
        '    if (es.HadException())', '      return false;',
        '    if (!member->IsUndefined()) {',
        `      out.${m.name} = ${convertExpr(m.t, 'member', `${m.name} member of ${d.name}`)};`,
        '      if (es.HadException())', '        return false;');
      if (m.required) {
        body.push('    } else {',
          `      es.ThrowTypeError("Failed to read the '${m.name}' property from '${d.name}': Required member is undefined.");`,
          '      return false;');
      }
      body.push('    }', '  }');
    }
    body.push('  return true;');
    const cc = [kHeaderBanner(`dictionary ${d.name}`), `#include "bindings/generated/${base}.h"`, '',
      ...ifaceIncludes.map(i => `#include "${i}"`), ...(ifaceIncludes.length ? [''] : []),
      'namespace v8ws {', '',
      `bool Fill${d.name}(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es, ${d.name}& out) {`,
      ...body, '}', '',
      `${d.name} To${d.name}(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {`,
      `  ${d.name} out;`, `  Fill${d.name}(isolate, value, es, out);`, '  return out;', '}', '',
      ...toV8, '}  // namespace v8ws', ''];
    this.write(base + '.h', h.join('\n'));
    this.write(base + '.cc', cc.join('\n'));
  }

  // -------------------------------------------------- unions
  emitUnions() {
    const unions = [...this.model.unions.values()].sort((a, b) => (a.cpp < b.cpp ? -1 : 1));
    const members = unions.flatMap(u => u.members);
    // The header only names interface classes (core headers include this one); the .cc
    // needs them whole.
    const ifaceNames = [...new Set(members.filter(m => m.kind === 'interface').map(m => m.iface))].sort();
    const implHeaders = ifaceNames.flatMap(n => [`bindings/generated/v8_${snake(n)}.h`, this.impl[n].header]);
    const includes = this.includesForTypes(members.filter(m => m.kind !== 'interface'), null);
    const h = [kHeaderBanner('the union types of idl/'), `#ifndef ${guard('v8_union_types.h')}`, `#define ${guard('v8_union_types.h')}`, '',
      '#include <v8.h>', '', '#include <string>', '#include <variant>', '#include <vector>', '',
      '#include "bindings/core/v8/exception_state.h"', '#include "bindings/core/v8/v8_binding.h"',
      ...includes.filter(i => !i.endsWith('v8_union_types.h')).map(i => `#include "${i}"`), '', 'namespace v8ws {', '',
      ...ifaceNames.map(n => `class ${n};`), ...(ifaceNames.length ? [''] : [])];
    const cc = [kHeaderBanner('the union types of idl/'), '#include "bindings/generated/v8_union_types.h"', '',
      ...implHeaders.map(i => `#include "${i}"`), ...(implHeaders.length ? [''] : []),
      'namespace v8ws {', ''];
    for (const u of unions) {
      h.push(`// (${u.members.map(m => m.name).join(' or ')})`);
      h.push(`using ${u.cpp} = std::variant<${u.members.map(m => m.cpp).join(', ')}>;`);
      h.push(`${u.cpp} To${u.cpp}(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es);`, '');
      cc.push(...this.unionConverter(u), '');
    }
    h.push('}  // namespace v8ws', '', `#endif  // ${guard('v8_union_types.h')}`, '');
    cc.push('}  // namespace v8ws', '');
    this.write('v8_union_types.h', h.join('\n'));
    this.write('v8_union_types.cc', cc.join('\n'));
  }

  // WebIDL §3.2.24 "union types": the member is chosen by the value's type, in this order.
  unionConverter(u) {
    const find = (k) => u.members.find(m => m.kind === k);
    const dict = find('dictionary');
    const seq = find('sequence');
    const rec = find('record');
    const obj = find('object');
    const buf = find('buffersource');
    const bool = find('boolean');
    const num = u.members.find(m => m.numeric);
    const str = find('string');
    const ifaces = u.members.filter(m => m.kind === 'interface');
    const ret = (m, expr) => [`    ${u.cpp} result(std::in_place_type<${m.cpp}>, ${expr});`, '    return result;'];
    const out = [`${u.cpp} To${u.cpp}(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {`];
    if (dict) out.push('  if (value->IsNullOrUndefined()) {', ...ret(dict, convertExpr(dict, 'value', 'value')), '  }');
    for (const i of ifaces) {
      out.push(`  if (PerIsolateData::From(isolate)->HasInstance(&V8${i.iface}::wrapper_type_info, value)) {`,
        ...ret(i, `static_cast<${i.cpp}>(ScriptWrappable::FromWrapper(value.As<v8::Object>()))`), '  }');
    }
    if (buf) out.push('  if (IsBufferSource(value)) {', ...ret(buf, 'ToBufferSource(isolate, value, es)'), '  }');
    if (seq || dict || obj || rec) {
      out.push('  if (value->IsObject()) {');
      if (seq) {
        out.push('    bool iterable = HasIterator(isolate, value, es);',
          `    if (es.HadException())\n      return ${u.cpp}();`,
          '    if (iterable) {', ...ret(seq, convertExpr(seq, 'value', 'value')).map(l => '  ' + l), '    }');
      }
      if (dict) out.push('  ' + ret(dict, convertExpr(dict, 'value', 'value'))[0], '    return result;');
      else if (rec) out.push(...ret(rec, convertExpr(rec, 'value', 'value')));
      else if (obj) out.push(...ret(obj, 'value.As<v8::Object>()'));
      out.push('  }');
    }
    if (bool) out.push('  if (value->IsBoolean()) {', ...ret(bool, 'value->BooleanValue(isolate)'), '  }');
    if (num) out.push('  if (value->IsNumber()) {', ...ret(num, convertExpr(num, 'value', 'value')), '  }');
    if (str) out.push('  {', ...ret(str, convertExpr(str, 'value', 'value')), '  }');
    else if (num) out.push('  {', ...ret(num, convertExpr(num, 'value', 'value')), '  }');
    else if (bool) out.push('  {', ...ret(bool, 'value->BooleanValue(isolate)'), '  }');
    else {
      out.push(`  es.ThrowTypeError("The provided value is not of type '(${u.members.map(m => m.name).join(' or ')})'.");`,
        `  return ${u.cpp}();`);
    }
    out.push('}');
    return out;
  }

  // -------------------------------------------------- interfaces
  emitInterface(iface) {
    const name = iface.name;
    const base = `v8_${snake(name)}`;
    const impl = this.impl[name];
    if (!impl) throw new Error(`impl.json has no entry for ${name}`);
    const raises = new Set(impl.raises || []);
    const withIsolate = new Set(impl.isolate || []);
    const parent = iface.inheritance;
    const ctor = iface.members.find(m => m.type === 'constructor');
    const consts = iface.members.filter(m => m.type === 'const');
    const attrs = iface.members.filter(m => m.type === 'attribute' && (!m.special || m.special === 'stringifier'));
    // WebIDL §3.7.8: a stringifier (an attribute's, or a bare one calling toString()).
    const stringifierAttr = attrs.find(a => a.special === 'stringifier');
    const stringifier = stringifierAttr || iface.members.find(m => m.type === 'operation' && m.special === 'stringifier');
    // WebIDL §3.7.9: a pair iterator from iterable<K, V>.
    const iterable = iface.members.find(m => m.type === 'iterable');
    if (iterable && iterable.idlType.length !== 2) throw new Error(`${name}: only pair iterators (iterable<K, V>) are supported`);
    const ops = iface.members.filter(m => m.type === 'operation' && m.name && (!m.special || m.special === 'static'));
    // Overloads share one JS function (WebIDL §3.7.7); group them by name and placement.
    const opGroups = new Map();
    for (const op of ops) {
      const key = (op.special === 'static' ? 'static ' : '') + op.name;
      if (!opGroups.has(key)) opGroups.set(key, []);
      opGroups.get(key).push(op);
    }
    const types = [...attrs.map(a => this.model.resolve(a.idlType, a.extAttrs)),
      ...ops.flatMap(o => [this.model.resolve(o.idlType), ...o.arguments.map(a => this.model.resolve(a.idlType, a.extAttrs))]),
      ...(ctor ? ctor.arguments.map(a => this.model.resolve(a.idlType, a.extAttrs)) : [])];
    const includes = this.includesForTypes(types, name);
    if (parent) includes.push(`bindings/generated/v8_${snake(parent)}.h`);
    if (iterable) includes.push('bindings/core/v8/iterator_support.h');

    const h = [kHeaderBanner(`interface ${name}`), `#ifndef ${guard(base + '.h')}`, `#define ${guard(base + '.h')}`, '',
      '#include <v8.h>', '', '#include "bindings/core/v8/wrapper_type_info.h"', '',
      'namespace v8ws {', '', `class ${name};`, '',
      `// The binding of interface ${name}${parent ? ' : ' + parent : ''}. ${name} (${impl.header}) must provide:`,
      ...this.contractLines(iface, impl).map(l => '//   ' + l),
      `class V8${name} {`, ' public:', `  using ImplType = ${name};`,
      '  static const WrapperTypeInfo wrapper_type_info;',
      `  // The C++ object behind \`object\` (nullptr if it is not a live ${name} wrapper).`,
      `  static ${name}* ToImpl(v8::Local<v8::Object> object);`,
      '  static void InstallTemplate(v8::Isolate* isolate, v8::Local<v8::FunctionTemplate> tmpl);',
      '  // [LegacyUnforgeable] members are own properties of every instance, so subclasses',
      '  // install their ancestors\' too.',
      '  static void InstallUnforgeableMembers(v8::Isolate* isolate, v8::Local<v8::ObjectTemplate> instance,',
      '                                        v8::Local<v8::Signature> signature);',
      '};', '', '}  // namespace v8ws', '', `#endif  // ${guard(base + '.h')}`, ''];

    const cc = [kHeaderBanner(`interface ${name}`), `#include "bindings/generated/${base}.h"`, '',
      '#include "bindings/core/v8/v8_binding.h"', '#include "bindings/core/v8/event_listener_support.h"', '#include "bindings/core/v8/per_isolate_data.h"',
      '#include "core/execution_context.h"', `#include "${impl.header}"`,
      ...[...new Set(includes)].sort().map(i => `#include "${i}"`), '', 'namespace v8ws {', '', 'namespace {', ''];

    // Receiver check shared by every member: the signature already rejected foreign objects;
    // a wrapper whose object is gone (context torn down) is rejected here.
    const holder = (indent = '  ') => [
      `${indent}${name}* impl = V8${name}::ToImpl(info.Holder());`,
      `${indent}if (!impl) {`, `${indent}  ThrowIllegalInvocation(isolate);`, `${indent}  return;`, `${indent}}`];

    // Converts info[i] for each argument into arg<i>; returns the statements.
    const convertArgs = (args, ctxType, member) => {
      const lines = [];
      const required = args.filter(a => !a.optional && !a.variadic).length;
      if (required > 0) {
        lines.push(`  if (info.Length() < ${required}) {`,
          `    es.ThrowTypeError(NotEnoughArguments(${required}, info.Length()));`, '    return;', '  }');
      }
      args.forEach((a, i) => {
        const t = this.model.resolve(a.idlType, a.extAttrs);
        const what = `parameter ${i + 1}`;
        if (a.variadic) {
          // WebIDL §3.7.7: the remaining arguments, each converted, in a list.
          lines.push(`  std::vector<${t.cpp}> arg${i};`, `  for (int i = ${i}; i < info.Length(); ++i) {`,
            `    arg${i}.push_back(${convertExpr(t, 'info[i]', what)});`, '    if (es.HadException())', '      return;', '  }');
        } else if (a.optional && !a.default) {
          const cpp = t.js ? t.cpp : `std::optional<${t.cpp}>`;
          lines.push(`  ${cpp} arg${i};`, `  if (!info[${i}]->IsUndefined()) {`,
            `    arg${i} = ${convertExpr(t, `info[${i}]`, what)};`, '    if (es.HadException())', '      return;', '  }');
        } else if (a.optional) {
          lines.push(`  ${t.cpp} arg${i} = info[${i}]->IsUndefined() ? ${t.cpp}(${defaultExpr(t, a.default)}) : ${t.cpp}(${convertExpr(t, `info[${i}]`, what)});`,
            '  if (es.HadException())', '    return;');
        } else {
          lines.push(`  ${t.cpp} arg${i} = ${convertExpr(t, `info[${i}]`, what)};`, '  if (es.HadException())', '    return;');
        }
      });
      return lines;
    };
    const argList = (args) => args.map((_, i) => `arg${i}`);

    // constructor
    cc.push('void ConstructorCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {',
      '  v8::Isolate* isolate = info.GetIsolate();');
    if (ctor) {
      cc.push(`  ScopedExceptionState es(isolate, ExceptionContextType::kConstructor, ${cstr(name)}, nullptr);`,
        '  if (!info.IsConstructCall()) {',
        `    es.ThrowTypeError("Please use the 'new' operator, this DOM object constructor cannot be called as a function.");`,
        '    return;', '  }',
        ...convertArgs(ctor.arguments, 'kConstructor', 'constructor'),
        '  ExecutionContext* execution_context = ExecutionContext::From(isolate->GetCurrentContext());',
        `  ${name}* impl = ${name}::Create(${['execution_context', ...argList(ctor.arguments), 'es'].join(', ')});`,
        '  if (es.HadException() || !impl)', '    return;',
        '  impl->AssociateWithWrapper(isolate, info.This());',
        '  info.GetReturnValue().Set(info.This());');
    } else {
      cc.push('  isolate->ThrowException(v8::Exception::TypeError(v8::String::NewFromUtf8Literal(isolate, "Illegal constructor")));');
    }
    cc.push('}', '');

    // attributes
    for (const a of attrs) {
      const t = this.model.resolve(a.idlType, a.extAttrs);
      const cap = upperFirst(a.name);
      const iso = withIsolate.has(a.name) ? 'isolate' : '';
      cc.push(`void ${cap}Getter(const v8::FunctionCallbackInfo<v8::Value>& info) {`, '  v8::Isolate* isolate = info.GetIsolate();', ...holder());
      if (t.kind === 'eventhandler') {
        cc.push(`  info.GetReturnValue().Set(impl->GetEventHandler(isolate, ${cstr(a.name.replace(/^on/, ''))}));`);
      } else {
        cc.push(`  info.GetReturnValue().Set(${toV8Expr(t, `impl->${a.name}(${iso})`)});`);
      }
      cc.push('}', '');
      if (a.readonly && isReplaceable(a)) {
        // WebIDL §3.7.6 attribute setter step 5: [Replaceable] shadows the attribute with an
        // own data property of the receiver.
        cc.push(`void ${cap}Setter(const v8::FunctionCallbackInfo<v8::Value>& info) {`, '  v8::Isolate* isolate = info.GetIsolate();', ...holder(),
          '  (void)impl;', '  v8::Local<v8::Context> context = isolate->GetCurrentContext();',
          `  if (info.Holder()->CreateDataProperty(context, v8::String::NewFromUtf8Literal(isolate, ${cstr(a.name)}), info[0]).IsNothing())`,
          '    return;', '}', '');
      }
      if (!a.readonly) {
        cc.push(`void ${cap}Setter(const v8::FunctionCallbackInfo<v8::Value>& info) {`, '  v8::Isolate* isolate = info.GetIsolate();', ...holder(),
          `  ScopedExceptionState es(isolate, ExceptionContextType::kAttributeSet, ${cstr(name)}, ${cstr(a.name)});`,
          '  v8::Local<v8::Value> value = info[0];');
        if (t.kind === 'eventhandler') {
          cc.push(`  impl->SetEventHandler(isolate, ${cstr(a.name.replace(/^on/, ''))}, ToCallbackFunction(isolate, value, true, true, es));`);
        } else if (t.kind === 'enum') {
          // WebIDL §3.7.6: a string that is not an enum value is ignored, without an exception.
          cc.push('  std::string string = ToDOMString(isolate, value, es);', '  if (es.HadException())', '    return;',
            `  if (auto parsed = Parse${t.enumName}(string))`, `    impl->set${cap}(*parsed);`);
        } else {
          cc.push(`  ${t.cpp} converted = ${convertExpr(t, 'value', 'value')};`, '  if (es.HadException())', '    return;',
            `  impl->set${cap}(${iso ? 'isolate, ' : ''}converted${raises.has(a.name) ? ', es' : ''});`);
        }
        cc.push('}', '');
      }
    }

    // operations
    for (const [key, group] of opGroups) {
      const isStatic = key.startsWith('static ');
      const cap = (isStatic ? 'Static' : '') + upperFirst(group[0].name);
      group.forEach((op, index) => {
        const fn = group.length > 1 ? `${cap}Operation${index + 1}` : `${cap}Operation`;
        cc.push(...this.operationBody(name, op, fn, isStatic, { holder, convertArgs, argList, raises, withIsolate }));
      });
      if (group.length > 1) cc.push(...this.overloadDispatcher(name, group, cap));
    }

    if (stringifier) {
      const call = stringifierAttr ? `impl->${stringifierAttr.name}()` : 'impl->toString()';
      cc.push('void ToStringOperation(const v8::FunctionCallbackInfo<v8::Value>& info) {', '  v8::Isolate* isolate = info.GetIsolate();',
        ...holder(), `  info.GetReturnValue().Set(ToV8String(isolate, ${call}));`, '}', '');
    }
    if (iterable) cc.push(...this.pairIterator(name, iterable, holder));

    cc.push('}  // namespace', '');

    // WrapperTypeInfo, ToImpl, template installation.
    const ctorLength = ctor ? ctor.arguments.filter(a => !a.optional && !a.variadic).length : 0;
    const setup = iterable ? 'SetUpContext' : impl.context_setup ? impl.context_setup : 'nullptr';
    if (iterable) {
      cc.splice(cc.lastIndexOf('}  // namespace'), 0,
        '// Per context: the iterator prototype inherits %IteratorPrototype% (WebIDL §3.7.10.1).',
        'void SetUpContext(v8::Local<v8::Context> context, v8::Local<v8::Function> interface_object) {',
        ...(impl.context_setup ? [`  ${impl.context_setup.replace(/^&/, '')}(context, interface_object);`] : ['  (void)interface_object;']),
        '  SetUpIteratorPrototype(context, &kIteratorTypeInfo);', '}', '');
    }
    cc.push(`const WrapperTypeInfo V8${name}::wrapper_type_info = {`,
      `    ${cstr(name)}, ${parent ? `&V8${parent}::wrapper_type_info` : 'nullptr'}, &V8${name}::InstallTemplate, ${setup}};`, '',
      `${name}* V8${name}::ToImpl(v8::Local<v8::Object> object) {`,
      '  return static_cast<' + name + '*>(ScriptWrappable::FromWrapper(object));', '}', '',
      `void V8${name}::InstallTemplate(v8::Isolate* isolate, v8::Local<v8::FunctionTemplate> tmpl) {`,
      `  tmpl->SetClassName(v8::String::NewFromUtf8Literal(isolate, ${cstr(name)}));`,
      '  tmpl->SetCallHandler(ConstructorCallback);',
      `  tmpl->SetLength(${ctorLength});`,
      '  tmpl->ReadOnlyPrototype();',
      '  v8::Local<v8::Signature> signature = v8::Signature::New(isolate, tmpl);',
      '  v8::Local<v8::ObjectTemplate> prototype = tmpl->PrototypeTemplate();',
      '  v8::Local<v8::ObjectTemplate> instance = tmpl->InstanceTemplate();',
      '  (void)signature;', '  (void)instance;',
      '  // WebIDL §3.7.3: the class string.',
      `  prototype->Set(v8::Symbol::GetToStringTag(isolate), v8::String::NewFromUtf8Literal(isolate, ${cstr(name)}),`,
      '                 static_cast<v8::PropertyAttribute>(v8::ReadOnly | v8::DontEnum));');
    if (consts.length) cc.push('  // WebIDL §3.7.5: constants on the interface object and the prototype.');
    for (const c of consts) {
      cc.push(`  for (v8::Local<v8::Template> target : {v8::Local<v8::Template>(tmpl), v8::Local<v8::Template>(prototype)})`,
        `    target->Set(v8::String::NewFromUtf8Literal(isolate, ${cstr(c.name)}), v8::Integer::New(isolate, ${c.value.value}),`,
        '                static_cast<v8::PropertyAttribute>(v8::ReadOnly | v8::DontDelete));');
    }
    if (attrs.length) cc.push('  // WebIDL §3.7.6: attributes are accessor properties.');
    const isUnforgeable = (a) => a.extAttrs.some(x => x.name === 'LegacyUnforgeable');
    const unforgeableLines = [];
    for (const a of attrs) {
      const cap = upperFirst(a.name);
      const unforgeable = isUnforgeable(a);
      const where = unforgeable ? 'instance' : 'prototype';
      const out = unforgeable ? unforgeableLines : cc;
      out.push('  {',
        `    v8::Local<v8::FunctionTemplate> getter = v8::FunctionTemplate::New(isolate, ${cap}Getter, v8::Local<v8::Value>(), signature, 0, v8::ConstructorBehavior::kThrow, v8::SideEffectType::kHasNoSideEffect);`,
        `    getter->SetClassName(v8::String::NewFromUtf8Literal(isolate, ${cstr('get ' + a.name)}));`);
      if (!a.readonly || isReplaceable(a)) {
        out.push(`    v8::Local<v8::FunctionTemplate> setter = v8::FunctionTemplate::New(isolate, ${cap}Setter, v8::Local<v8::Value>(), signature, 1, v8::ConstructorBehavior::kThrow);`,
          `    setter->SetClassName(v8::String::NewFromUtf8Literal(isolate, ${cstr('set ' + a.name)}));`);
      } else {
        out.push('    v8::Local<v8::FunctionTemplate> setter;');
      }
      out.push(`    ${where}->SetAccessorProperty(v8::String::NewFromUtf8Literal(isolate, ${cstr(a.name)}), getter, setter, ${unforgeable ? 'v8::DontDelete' : 'v8::None'});`,
        '  }');
    }
    if (ops.length) {
      cc.push('  // WebIDL §3.7.7: operations are data properties holding functions; static ones live',
        '  // on the interface object. `length` is the shortest overload\'s required count.');
    }
    for (const [key, group] of opGroups) {
      const isStatic = key.startsWith('static ');
      const cap = (isStatic ? 'Static' : '') + upperFirst(group[0].name);
      const length = Math.min(...group.map(op => op.arguments.filter(a => !a.optional && !a.variadic).length));
      // Promise-returning and static operations check their receiver themselves.
      const noSignature = isStatic || this.model.resolve(group[0].idlType).kind === 'promise';
      cc.push('  {',
        `    v8::Local<v8::FunctionTemplate> function = v8::FunctionTemplate::New(isolate, ${cap}Operation, v8::Local<v8::Value>(), ${noSignature ? 'v8::Local<v8::Signature>()' : 'signature'}, ${length}, v8::ConstructorBehavior::kThrow);`,
        `    function->SetClassName(v8::String::NewFromUtf8Literal(isolate, ${cstr(group[0].name)}));`,
        `    ${isStatic ? 'tmpl' : 'prototype'}->Set(v8::String::NewFromUtf8Literal(isolate, ${cstr(group[0].name)}), function);`, '  }');
    }
    if (stringifier) {
      cc.push('  // WebIDL §3.7.8: the stringifier is toString().', '  {',
        '    v8::Local<v8::FunctionTemplate> function = v8::FunctionTemplate::New(isolate, ToStringOperation, v8::Local<v8::Value>(), signature, 0, v8::ConstructorBehavior::kThrow);',
        '    function->SetClassName(v8::String::NewFromUtf8Literal(isolate, "toString"));',
        '    prototype->Set(v8::String::NewFromUtf8Literal(isolate, "toString"), function);', '  }');
    }
    if (iterable) {
      cc.push('  // WebIDL §3.7.9: entries, keys, values and forEach; @@iterator is entries itself.');
      for (const [fn, js, length] of [['EntriesOperation', 'entries', 0], ['KeysOperation', 'keys', 0], ['ValuesOperation', 'values', 0], ['ForEachOperation', 'forEach', 1]]) {
        cc.push('  {',
          `    v8::Local<v8::FunctionTemplate> function = v8::FunctionTemplate::New(isolate, ${fn}, v8::Local<v8::Value>(), signature, ${length}, v8::ConstructorBehavior::kThrow);`,
          `    function->SetClassName(v8::String::NewFromUtf8Literal(isolate, ${cstr(js)}));`,
          `    prototype->Set(v8::String::NewFromUtf8Literal(isolate, ${cstr(js)}), function);`,
          ...(js === 'entries' ? ['    prototype->Set(v8::Symbol::GetIterator(isolate), function, v8::DontEnum);'] : []), '  }');
      }
    }
    cc.push(`  InstallUnforgeableMembers(isolate, instance, signature);`, '}', '',
      `void V8${name}::InstallUnforgeableMembers(v8::Isolate* isolate, v8::Local<v8::ObjectTemplate> instance,`,
      '                                        v8::Local<v8::Signature> signature) {',
      ...(parent ? [`  V8${parent}::InstallUnforgeableMembers(isolate, instance, signature);`] : []),
      ...(unforgeableLines.length ? unforgeableLines : ['  (void)isolate;', '  (void)instance;', '  (void)signature;']),
      '}', '', '}  // namespace v8ws', '');

    this.write(base + '.h', h.join('\n'));
    this.write(base + '.cc', cc.join('\n'));
  }

  // WebIDL §3.7.10 default iterator objects for iterable<K, V>: the iterator keeps its
  // target, kind and index in slot fields and reads the target's value pairs on each next().
  pairIterator(name, iterable, holder) {
    const key = this.model.resolve(iterable.idlType[0]);
    const value = this.model.resolve(iterable.idlType[1]);
    const out = [
      'enum IteratorKind { kKeys = 0, kValues = 1, kEntries = 2 };', '',
      'void IteratorNext(const v8::FunctionCallbackInfo<v8::Value>& info);', '',
      'void InstallIteratorTemplate(v8::Isolate* isolate, v8::Local<v8::FunctionTemplate> tmpl) {',
      `  InstallIteratorPrototype(isolate, tmpl, ${cstr(name + ' Iterator')}, IteratorNext);`, '}', '',
      `const WrapperTypeInfo kIteratorTypeInfo = {${cstr(name + ' Iterator')}, nullptr, &InstallIteratorTemplate, nullptr};`, '',
      'void IteratorNext(const v8::FunctionCallbackInfo<v8::Value>& info) {', '  v8::Isolate* isolate = info.GetIsolate();',
      '  v8::Local<v8::Object> iterator;', `  ${name}* impl = nullptr;`, '  uint32_t kind = 0, index = 0;',
      `  if (!ReadIterator(isolate, info.This(), &kIteratorTypeInfo, &iterator, &kind, &index) ||`,
      `      !(impl = V8${name}::ToImpl(IteratorTarget(iterator)))) {`,
      '    ThrowIllegalInvocation(isolate);', '    return;', '  }',
      '  const auto& pairs = impl->value_pairs();',
      '  if (index >= pairs.size()) {', '    info.GetReturnValue().Set(IteratorResult(isolate, v8::Undefined(isolate), true));', '    return;', '  }',
      '  SetIteratorIndex(iterator, index + 1);', '  const auto& pair = pairs[index];',
      '  v8::Local<v8::Value> result;',
      `  if (kind == kKeys)`, `    result = ${toV8Expr(key, 'pair.first')};`,
      `  else if (kind == kValues)`, `    result = ${toV8Expr(value, 'pair.second')};`,
      '  else',
      `    result = PairArray(isolate, ${toV8Expr(key, 'pair.first')}, ${toV8Expr(value, 'pair.second')});`,
      '  info.GetReturnValue().Set(IteratorResult(isolate, result, false));', '}', ''];
    for (const [fn, kind] of [['EntriesOperation', 'kEntries'], ['KeysOperation', 'kKeys'], ['ValuesOperation', 'kValues']]) {
      out.push(`void ${fn}(const v8::FunctionCallbackInfo<v8::Value>& info) {`, '  v8::Isolate* isolate = info.GetIsolate();', ...holder(),
        '  (void)impl;', `  info.GetReturnValue().Set(NewIterator(isolate, &kIteratorTypeInfo, info.Holder(), ${kind}));`, '}', '');
    }
    out.push('void ForEachOperation(const v8::FunctionCallbackInfo<v8::Value>& info) {', '  v8::Isolate* isolate = info.GetIsolate();', ...holder(),
      `  ScopedExceptionState es(isolate, ExceptionContextType::kOperation, ${cstr(name)}, "forEach");`,
      '  if (info.Length() < 1 || !info[0]->IsFunction()) {',
      '    es.ThrowTypeError("The callback provided as parameter 1 is not a function.");', '    return;', '  }',
      '  v8::Local<v8::Context> context = isolate->GetCurrentContext();',
      '  v8::Local<v8::Function> callback = info[0].As<v8::Function>();',
      '  // The pairs are read again after each call: the callback may change them.',
      '  for (size_t i = 0; i < impl->value_pairs().size(); ++i) {',
      '    const auto pair = impl->value_pairs()[i];',
      `    v8::Local<v8::Value> args[] = {${toV8Expr(value, 'pair.second')}, ${toV8Expr(key, 'pair.first')}, info.Holder()};`,
      '    if (callback->Call(context, info[1], 3, args).IsEmpty()) {', '      es.RethrowV8Exception();', '      return;', '    }', '  }', '}', '');
    return out;
  }

  // One operation (or one overload of it) as a callback named `fn`.
  operationBody(name, op, fn, isStatic, { holder, convertArgs, argList, raises, withIsolate }) {
    const cc = [];
    const ret = this.model.resolve(op.idlType);
    const promise = ret.kind === 'promise';
    const body = promise ? fn + 'Body' : fn;
    cc.push(`void ${body}(const v8::FunctionCallbackInfo<v8::Value>& info) {`, '  v8::Isolate* isolate = info.GetIsolate();');
    if (isStatic) {
      cc.push('  ExecutionContext* execution_context = ExecutionContext::From(isolate->GetCurrentContext());');
    } else if (promise) {
      // WebIDL §3.7.7 step 2: an operation returning a promise reports every exception,
      // the receiver check included, as a rejected promise. So it has no V8 signature and
      // checks its receiver here.
      cc.push(`  if (!PerIsolateData::From(isolate)->HasInstance(&V8${name}::wrapper_type_info, info.This())) {`,
        '    ThrowIllegalInvocation(isolate);', '    return;', '  }',
        `  ${name}* impl = V8${name}::ToImpl(info.This());`);
    } else {
      cc.push(...holder());
    }
    cc.push(`  ScopedExceptionState es(isolate, ExceptionContextType::kOperation, ${cstr(name)}, ${cstr(op.name)});`,
      ...convertArgs(op.arguments, 'kOperation', op.name));
    const callArgs = [...(isStatic ? ['execution_context'] : []), ...(withIsolate.has(op.name) ? ['isolate'] : []),
      ...argList(op.arguments), ...(raises.has(op.name) ? ['es'] : [])];
    const call = `${isStatic ? name + '::' : 'impl->'}${cppName(op.name)}(${callArgs.join(', ')})`;
    if (ret.kind === 'undefined') {
      cc.push(`  ${call};`);
    } else {
      cc.push(`  auto result = ${call};`, '  if (es.HadException())', '    return;',
        `  info.GetReturnValue().Set(${toV8Expr(ret, 'result')});`);
    }
    cc.push('}', '');
    if (promise) {
      cc.push(`void ${fn}(const v8::FunctionCallbackInfo<v8::Value>& info) {`,
        '  v8::Isolate* isolate = info.GetIsolate();', '  v8::TryCatch try_catch(isolate);',
        `  ${body}(info);`, '  if (try_catch.HasCaught())',
        '    info.GetReturnValue().Set(RejectedPromise(isolate, try_catch.Exception()));', '}', '');
    }
    return cc;
  }

  // WebIDL §3.7.7 "overload resolution algorithm": picks an overload by argument count, then
  // by the type of the value at the distinguishing index, in the order the standard lists.
  overloadDispatcher(name, group, cap) {
    const types = (op) => op.arguments.map(a => ({ t: this.model.resolve(a.idlType, a.extAttrs), optional: a.optional, variadic: a.variadic }));
    const maxarg = Math.max(...group.map(op => op.arguments.length));
    // The effective overload set (§2.5.8): one entry per operation and argument count.
    const entries = [];
    group.forEach((op, index) => {
      const args = types(op);
      const required = args.filter(a => !a.optional && !a.variadic).length;
      for (let n = required; n <= args.length; ++n) entries.push({ index, n, args: args.slice(0, n) });
      if (args.length && args[args.length - 1].variadic) {
        for (let n = args.length + 1; n <= maxarg; ++n) entries.push({ index, n, args: [...args, ...Array(n - args.length).fill(args[args.length - 1])] });
      }
    });
    const out = [`void ${cap}Operation(const v8::FunctionCallbackInfo<v8::Value>& info) {`, '  v8::Isolate* isolate = info.GetIsolate();',
      `  ScopedExceptionState es(isolate, ExceptionContextType::kOperation, ${cstr(name)}, ${cstr(group[0].name)});`,
      `  int count = std::min(info.Length(), ${maxarg});`];
    const byCount = new Map();
    for (const e of entries) {
      if (!byCount.has(e.n)) byCount.set(e.n, []);
      if (!byCount.get(e.n).some(x => x.index === e.index)) byCount.get(e.n).push(e);
    }
    const call = (e) => [`    ${cap}Operation${e.index + 1}(info);`, '    return;'];
    // A count with no entry is a TypeError.
    for (const n of [...byCount.keys()].sort((a, b) => b - a)) {
      const set = byCount.get(n);
      out.push(`  if (count == ${n}) {`);
      if (set.length === 1) {
        out.push(...call(set[0]));
      } else {
        // The distinguishing argument index: the first position whose types differ.
        let d = 0;
        while (d < n && set.every(e => e.args[d].t.name === set[0].args[d].t.name)) ++d;
        out.push(`    v8::Local<v8::Value> value = info[${d}];`);
        const conds = [];
        const pick = (pred, cond) => { for (const e of set) if (pred(e.args[d])) conds.push([cond, e]); };
        const kinds = (a) => (a.t.kind === 'union' ? a.t.members : [a.t]);
        const has = (a, f) => kinds(a).some(f);
        pick(a => a.optional, 'value->IsUndefined()');
        pick(a => a.t.nullable || has(a, k => k.kind === 'dictionary'), 'value->IsNullOrUndefined()');
        for (const e of set) {
          for (const k of kinds(e.args[d]).filter(k => k.kind === 'interface' || (k.nullable && k.inner.kind === 'interface'))) {
            const iface = k.iface || k.inner.iface;
            conds.push([`PerIsolateData::From(isolate)->HasInstance(&V8${iface}::wrapper_type_info, value)`, e]);
          }
        }
        pick(a => has(a, k => k.kind === 'buffersource'), 'IsBufferSource(value)');
        pick(a => has(a, k => k.kind === 'callback' || (k.nullable && k.inner.kind === 'callback')), 'value->IsFunction()');
        pick(a => has(a, k => k.kind === 'sequence' || k.kind === 'frozenarray'), 'value->IsObject() && HasIterator(isolate, value, es)');
        pick(a => has(a, k => ['callbackinterface', 'dictionary', 'object', 'record'].includes(k.kind) || (k.nullable && ['callbackinterface', 'object'].includes(k.inner.kind))), 'value->IsObject()');
        pick(a => has(a, k => k.kind === 'boolean'), 'value->IsBoolean()');
        pick(a => has(a, k => k.numeric), 'value->IsNumber()');
        pick(a => has(a, k => k.kind === 'string'), 'true');
        pick(a => has(a, k => k.numeric), 'true');
        pick(a => has(a, k => k.kind === 'boolean'), 'true');
        pick(a => has(a, k => k.kind === 'any'), 'true');
        const seen = new Set();
        let fallback = null;
        for (const [cond, e] of conds) {
          const key = cond + '#' + e.index;
          if (seen.has(key)) continue;
          seen.add(key);
          if (cond === 'true') { fallback = e; break; }
          out.push(`    if (${cond}) {`, ...call(e).map(l => '  ' + l), '    }');
          if (cond.includes('HasIterator')) out.push('    if (es.HadException())', '      return;');
        }
        if (fallback) out.push(...call(fallback));
        else out.push(`    es.ThrowTypeError("No function was found that matched the signature provided.");`, '    return;');
      }
      out.push('  }');
    }
    const minimum = Math.min(...byCount.keys());
    if (minimum > 0) {
      out.push(`  if (count < ${minimum}) {`, `    es.ThrowTypeError(NotEnoughArguments(${minimum}, info.Length()));`, '    return;', '  }');
    }
    if (byCount.size < maxarg - minimum + 1)  // a count between the overloads' lengths
      out.push('  es.ThrowTypeError("No function was found that matched the signature provided.");');
    out.push('}', '');
    return out;
  }

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

  // v8_interfaces.{h,cc}: the list of interfaces to expose on a global.
  emitInterfaceList(ifaces) {
    const h = [kHeaderBanner('idl/'), `#ifndef ${guard('v8_interfaces.h')}`, `#define ${guard('v8_interfaces.h')}`, '',
      '#include <cstddef>', '', '#include "bindings/core/v8/wrapper_type_info.h"', '', 'namespace v8ws {', '',
      '// Every interface in idl/ exposed in a Window or Worker global, in declaration order.',
      'extern const WrapperTypeInfo* const kExposedInterfaces[];', 'extern const size_t kExposedInterfaceCount;', '',
      '}  // namespace v8ws', '', `#endif  // ${guard('v8_interfaces.h')}`, ''];
    const exposed = ifaces.filter(i => {
      const e = i.extAttrs.find(a => a.name === 'Exposed');
      if (!e) return false;
      const rhs = e.rhs;
      if (rhs.type === '*') return true;
      const values = Array.isArray(rhs.value) ? rhs.value.map(v => v.value) : [rhs.value];
      return values.includes('Window') || values.includes('Worker');
    });
    const cc = [kHeaderBanner('idl/'), '#include "bindings/generated/v8_interfaces.h"', '',
      ...exposed.map(i => `#include "bindings/generated/v8_${snake(i.name)}.h"`), '', 'namespace v8ws {', '',
      'const WrapperTypeInfo* const kExposedInterfaces[] = {',
      ...exposed.map(i => `    &V8${i.name}::wrapper_type_info,`), '};',
      `const size_t kExposedInterfaceCount = ${exposed.length};`, '', '}  // namespace v8ws', ''];
    this.write('v8_interfaces.h', h.join('\n'));
    this.write('v8_interfaces.cc', cc.join('\n'));
  }
}

// ---------------------------------------------------------------- main
function main() {
  const args = parseArgs(process.argv.slice(2));
  const impl = JSON.parse(fs.readFileSync(args.impl, 'utf8'));
  const definitions = [];
  for (const file of args.idl) {
    try {
      definitions.push(...webidl2.parse(fs.readFileSync(file, 'utf8'), { sourceName: file }));
    } catch (e) {
      console.error(`${file}: ${e.message}`);
      process.exit(1);
    }
  }
  const validation = webidl2.validate(definitions);
  if (validation.length) {
    for (const v of validation) console.error(v.message);
    process.exit(1);
  }
  const model = new Model(definitions);
  const emitter = new Emitter(model, impl);
  const ifaces = [...model.interfaces.values()];
  ifaces.forEach(i => emitter.emitInterface(i));
  model.dictionaries.forEach(d => emitter.emitDictionary(d));
  model.enums.forEach(e => emitter.emitEnum(e));
  emitter.emitUnions();  // after the others: they register the unions they use
  emitter.emitInterfaceList(ifaces);

  if (args.outputs) {
    const made = [...emitter.files.keys()].sort();
    const want = [...args.outputs].sort();
    const missing = made.filter(f => !want.includes(f));
    const extra = want.filter(f => !made.includes(f));
    if (missing.length || extra.length) {
      console.error('generate.js: the outputs in bindings/BUILD.gn do not match idl/.');
      if (missing.length) console.error('  add: ' + missing.join(' '));
      if (extra.length) console.error('  remove: ' + extra.join(' '));
      process.exit(1);
    }
  }
  fs.mkdirSync(args.out, { recursive: true });
  for (const [file, text] of emitter.files) {
    const target = path.join(args.out, file);
    // Leave unchanged files alone so ninja rebuilds only what changed.
    if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === text) continue;
    fs.writeFileSync(target, text);
  }
}

main();
