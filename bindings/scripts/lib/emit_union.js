// Emits v8_union_<name>.{h,cc}: each union as a class over std::variant, and its conversion.
'use strict';

const { snake, guard } = require('./naming');
const { convertExpr, toV8Expr } = require('./types');
const { kHeaderBanner } = require('./banner');

module.exports = {
  // -------------------------------------------------- unions
  // One header per union, so a change to one rebuilds only what uses it.
  emitUnions() {
    for (const u of this.model.unions.values()) this.emitUnion(u);
  },

  emitUnion(u) {
    const base = `v8_union_${snake(u.cpp)}`;
    // Only unions whose every alternative has a JS value: a BufferSource is a view of bytes
    // during a call, and dictionaries convert back only when a member returns them.
    const toJS = u.members.every(m => !['buffersource', 'record'].includes(m.kind) &&
      (m.kind !== 'dictionary' || this.model.returnedDictionaries.has(m.dict)));
    const alternatives = u.members.map(m => m.cpp).join(', ');
    // The header only names interface classes (core headers include it); the .cc needs them
    // whole.
    const ifaceNames = [...new Set(u.members.filter(m => m.kind === 'interface').map(m => m.iface))].sort();
    const implHeaders = ifaceNames.flatMap(n => [`bindings/generated/v8_${snake(n)}.h`, this.impl[n].header]);
    const includes = this.includesForTypes(u.members.filter(m => m.kind !== 'interface'), null);
    const h = [kHeaderBanner(`the union (${u.members.map(m => m.name).join(' or ')})`),
      `#ifndef ${guard(base + '.h')}`, `#define ${guard(base + '.h')}`, '',
      '#include <v8.h>', '', '#include <string>', '#include <variant>', '#include <vector>', '',
      '#include "bindings/core/v8/exception_state.h"', '#include "bindings/core/v8/native_value_traits.h"',
      ...includes.map(i => `#include "${i}"`), '', 'namespace v8ws {', '',
      ...ifaceNames.map(n => `class ${n};`), ...(ifaceNames.length ? [''] : []),
      `// (${u.members.map(m => m.name).join(' or ')}): a class of its own, so two unions with the`,
      '// same C++ alternatives stay two types.',
      `class ${u.cpp} : public std::variant<${alternatives}> {`, ' public:',
      `  using std::variant<${alternatives}>::variant;`, '};', '',
      'template <>', `struct NativeValueTraits<${u.cpp}> : NativeValueTraitsBase<NativeValueTraits<${u.cpp}>> {`,
      `  using ImplType = ${u.cpp};`,
      `  static ${u.cpp} NativeValue(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es);`, '};', '',
      ...(toJS ? ['// C++ to JS: the value of the alternative it holds.',
        `v8::Local<v8::Value> ToV8(v8::Isolate* isolate, const ${u.cpp}& value);`, ''] : []),
      '}  // namespace v8ws', '', `#endif  // ${guard(base + '.h')}`, ''];
    const cc = [kHeaderBanner(`the union (${u.members.map(m => m.name).join(' or ')})`), `#include "bindings/generated/${base}.h"`, '',
      ...implHeaders.map(i => `#include "${i}"`), ...(implHeaders.length ? [''] : []),
      'namespace v8ws {', '', ...this.unionConverter(u), '', ...(toJS ? this.unionToV8(u) : []),
      '}  // namespace v8ws', ''];
    this.write(base + '.h', h.join('\n'));
    this.write(base + '.cc', cc.join('\n'));
  },

  unionToV8(u) {
    const alternatives = u.members.map(m => m.cpp).join(', ');
    return [`v8::Local<v8::Value> ToV8(v8::Isolate* isolate, const ${u.cpp}& value) {`,
      `  const std::variant<${alternatives}>& alternative = value;`, '  switch (alternative.index()) {',
      ...u.members.flatMap((m, i) => [`    case ${i}:`, `      return ${toV8Expr(m, `std::get<${i}>(alternative)`)};`]),
      '  }', '  return v8::Undefined(isolate);', '}', ''];
  },

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
    const out = [`${u.cpp} NativeValueTraits<${u.cpp}>::NativeValue(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {`];
    if (dict) out.push('  if (value->IsNullOrUndefined()) {', ...ret(dict, convertExpr(dict, 'value')), '  }');
    for (const i of ifaces) {
      out.push(`  if (ScriptWrappable* impl = PerIsolateData::From(isolate)->InstanceOf(&V8${i.iface}::wrapper_type_info, value)) {`,
        ...ret(i, `static_cast<${i.cpp}>(impl)`), '  }');
    }
    if (buf) out.push('  if (IsBufferSource(value)) {', ...ret(buf, convertExpr(buf, 'value')), '  }');
    if (seq || dict || obj || rec) {
      out.push('  if (value->IsObject()) {');
      if (seq) {
        out.push('    bool iterable = HasIterator(isolate, value, es);',
          `    if (es.HadException())\n      return ${u.cpp}();`,
          '    if (iterable) {', ...ret(seq, convertExpr(seq, 'value')).map(l => '  ' + l), '    }');
      }
      if (dict) out.push('  ' + ret(dict, convertExpr(dict, 'value'))[0], '    return result;');
      else if (rec) out.push(...ret(rec, convertExpr(rec, 'value')));
      else if (obj) out.push(...ret(obj, 'value.As<v8::Object>()'));
      out.push('  }');
    }
    if (bool) out.push('  if (value->IsBoolean()) {', ...ret(bool, 'value->BooleanValue(isolate)'), '  }');
    if (num) out.push('  if (value->IsNumber()) {', ...ret(num, convertExpr(num, 'value')), '  }');
    if (str) out.push('  {', ...ret(str, convertExpr(str, 'value')), '  }');
    else if (num) out.push('  {', ...ret(num, convertExpr(num, 'value')), '  }');
    else if (bool) out.push('  {', ...ret(bool, 'value->BooleanValue(isolate)'), '  }');
    else {
      out.push(`  es.ThrowTypeError("The provided value is not of type '(${u.members.map(m => m.name).join(' or ')})'.");`,
        `  return ${u.cpp}();`);
    }
    out.push('}');
    return out;
  }
};
