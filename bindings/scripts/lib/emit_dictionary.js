// Emits v8_<dictionary>.{h,cc}: the C++ struct and its conversions both ways.
'use strict';

const { snake, guard, cstr } = require('./naming');
const { idlTag, toV8Expr, defaultExpr, defaultNeedsIsolate } = require('./types');
const { kHeaderBanner } = require('./banner');

module.exports = {
  // -------------------------------------------------- dictionaries
  dictMembers(d) {
    return d.members.map(m => {
      const t = this.model.resolve(m.idlType, m.extAttrs);
      return { name: m.name, t, required: m.required, def: m.default };
    }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));  // WebIDL: lexicographic
  },

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
      '#include "bindings/core/v8/exception_state.h"', '#include "bindings/core/v8/native_value_traits.h"',
      ...[...new Set(includes)].sort().map(i => `#include "${i}"`), '', 'namespace v8ws {', '',
      ...ifaceNames.map(n => `class ${n};`), ...(ifaceNames.length ? [''] : []),
      `struct ${d.name}${parent ? ' : ' + parent : ''} {`, ...fields, '};', '',
      'template <>', `struct NativeValueTraits<${d.name}> : NativeValueTraitsBase<NativeValueTraits<${d.name}>> {`,
      `  using ImplType = ${d.name};`,
      '  // WebIDL §3.2.17: undefined and null give the defaults; other non-objects throw TypeError.',
      `  static ${d.name} NativeValue(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es);`,
      `  // Fills \`out\` (this dictionary's part of it); false after an exception.`,
      `  static bool Fill(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es, ${d.name}& out);`,
      '};',
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
    if (parent) body.push(`  if (!NativeValueTraits<${parent}>::Fill(isolate, value, es, out))`, '    return false;');
    body.push('  v8::Local<v8::Object> object = value.As<v8::Object>();');
    // Step 4: each member in lexicographic order, through the traits of its type.
    const reads = members.map(m => `ReadDictionaryMember<${idlTag(m.t)}>(isolate, object, ${cstr(d.name)}, ${cstr(m.name)}, ${!!m.required}, es, out.${m.name})`);
    body.push(reads.length ? `  return ${reads.join(' &&\n         ')};` : '  return true;');
    const cc = [kHeaderBanner(`dictionary ${d.name}`), `#include "bindings/generated/${base}.h"`, '',
      ...ifaceIncludes.map(i => `#include "${i}"`), ...(ifaceIncludes.length ? [''] : []),
      'namespace v8ws {', '',
      `bool NativeValueTraits<${d.name}>::Fill(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es, ${d.name}& out) {`,
      ...body, '}', '',
      `${d.name} NativeValueTraits<${d.name}>::NativeValue(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {`,
      `  ${d.name} out;`, '  Fill(isolate, value, es, out);', '  return out;', '}', '',
      ...toV8, '}  // namespace v8ws', ''];
    this.write(base + '.h', h.join('\n'));
    this.write(base + '.cc', cc.join('\n'));
  }
};
