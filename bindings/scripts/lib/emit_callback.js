// Emits v8_<callback>.{h,cc}: how C++ invokes a callback function (WebIDL §3.12).
'use strict';

const { snake, guard } = require('./naming');
const { idlTag, toV8Expr, paramType } = require('./types');
const { kHeaderBanner } = require('./banner');
const webidl2 = require('../../../third_party/npm/node_modules/webidl2');

module.exports = {
  emitCallback(c) {
    const name = c.name;
    const base = `v8_${snake(name)}`;
    const ret = this.model.resolve(c.idlType);
    const args = c.arguments.map(a => ({ name: a.name, t: this.model.resolve(a.idlType, a.extAttrs), variadic: a.variadic }));
    if (args.some(a => a.variadic)) throw new Error(`callback ${name}: variadic arguments are not supported`);
    // [LegacyTreatNonObjectAsNull] callbacks (event handlers) are invoked by event dispatch.
    if (c.extAttrs.some(a => a.name === 'LegacyTreatNonObjectAsNull')) throw new Error(`callback ${name} is an event handler`);
    const promise = ret.kind === 'promise';
    const result = promise ? 'v8::Local<v8::Promise>' : `v8::Maybe<${ret.cpp}>`;
    const params = ['v8::Isolate* isolate', 'v8::Local<v8::Value> callback', 'v8::Local<v8::Value> this_value',
      ...args.map(a => `${paramType(a.t)} ${a.name}`)];
    const ifaceNames = [...new Set(args.filter(a => a.t.kind === 'interface').map(a => a.t.iface))].sort();
    const includes = this.includesForTypes(args.map(a => a.t).filter(t => t.kind !== 'interface'), name);
    const implHeaders = ifaceNames.flatMap(n => [`bindings/generated/v8_${snake(n)}.h`, this.impl[n].header]);
    const text = webidl2.write([c]).replace(/\s+/g, ' ').trim();
    const h = [kHeaderBanner(`callback ${name}`), `#ifndef ${guard(base + '.h')}`, `#define ${guard(base + '.h')}`, '',
      '#include <v8.h>', '', '#include <string>', '#include <vector>', '',
      '#include "bindings/core/v8/native_value_traits.h"', ...includes.map(i => `#include "${i}"`), '',
      'namespace v8ws {', '', ...ifaceNames.map(n => `class ${n};`), ...(ifaceNames.length ? [''] : []),
      `// ${text}`,
      `class V8${name} {`, ' public:',
      '  // WebIDL §3.12 "invoke a callback function": calls `callback` (a value converted to this',
      '  // type) with `this_value` and the arguments converted to JS, and converts the result.',
      ...(promise
        ? ['  // An exception, or a result that cannot be converted, gives a rejected promise; the',
          '  // handle is empty only when script execution is being terminated.']
        : ['  // Nothing when the callback threw or its result could not be converted: the exception',
          '  // is pending, for the caller\'s v8::TryCatch.']),
      `  static ${result} Invoke(${params.join(', ')});`, '};', '',
      '}  // namespace v8ws', '', `#endif  // ${guard(base + '.h')}`, ''];

    const argv = args.length
      ? [`  v8::Local<v8::Value> argv[] = {${args.map(a => toV8Expr(a.t, a.name)).join(', ')}};`]
      : ['  v8::Local<v8::Value>* argv = nullptr;'];
    const nothing = ret.kind === 'undefined' ? 'v8::Nothing<void>()' : `v8::Nothing<${ret.cpp}>()`;
    const body = ['  v8::Local<v8::Context> context = isolate->GetCurrentContext();'];
    if (promise) body.push('  v8::TryCatch try_catch(isolate);');
    const fail = promise
      ? ['    if (!try_catch.CanContinue())', '      return v8::Local<v8::Promise>();',
        '    return RejectedPromise(isolate, try_catch.Exception());']
      : [`    return ${nothing};`];
    // The conversion to this type made sure the value is callable; a caller that skipped it
    // gets a TypeError, not a crash.
    body.push('  if (!callback->IsFunction()) {',
      '    isolate->ThrowException(v8::Exception::TypeError(',
      `        v8::String::NewFromUtf8Literal(isolate, "The callback provided as ${name} is not a function.")));`,
      ...fail, '  }', ...argv, '  v8::Local<v8::Value> result;',
      `  if (!callback.As<v8::Function>()->Call(context, this_value, ${args.length}, argv).ToLocal(&result)) {`,
      ...fail, '  }');
    // Steps 9 and 14: the result converted to the return type.
    if (promise) {
      body.push('  return PromiseResolve(isolate, result);');
    } else if (ret.kind === 'undefined') {
      body.push('  return v8::JustVoid();');
    } else {
      body.push(`  ScopedExceptionState es(isolate, ExceptionContextType::kNone, ${JSON.stringify(name)}, nullptr);`,
        `  ${ret.cpp} converted = NativeValueTraits<${idlTag(ret)}>::NativeValue(isolate, result, es);`,
        '  if (es.HadException())', `    return ${nothing};`, '  return v8::Just(converted);');
    }
    const cc = [kHeaderBanner(`callback ${name}`), `#include "bindings/generated/${base}.h"`, '',
      '#include "bindings/core/v8/v8_binding.h"', ...implHeaders.map(i => `#include "${i}"`), '',
      'namespace v8ws {', '', `${result} V8${name}::Invoke(${params.join(', ')}) {`, ...body, '}', '',
      '}  // namespace v8ws', ''];
    this.write(base + '.h', h.join('\n'));
    this.write(base + '.cc', cc.join('\n'));
  },
};
