// Emits v8_union_types.{h,cc}: each union as a std::variant and its conversion.
'use strict';

const { snake, guard } = require('./naming');
const { convertExpr } = require('./types');
const { kHeaderBanner } = require('./banner');

module.exports = {
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
};
