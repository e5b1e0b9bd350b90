// Emits operation callbacks and the overload resolution between them.
'use strict';

const { cstr, cppName } = require('./naming');
const { idlTag, argumentExpr, toV8Expr, defaultExpr } = require('./types');

module.exports = {
  // A callback `fn` whose exceptions become a rejected promise: `body` runs in fnBody, and
  // fn catches what it throws (WebIDL §3.7.6 and §3.7.7, for promise-typed members).
  promiseCallback(fn, body) {
    return [`void ${fn}Body(const v8::FunctionCallbackInfo<v8::Value>& info) {`, '  v8::Isolate* isolate = info.GetIsolate();',
      ...body, '}', '',
      `void ${fn}(const v8::FunctionCallbackInfo<v8::Value>& info) {`,
      '  v8::Isolate* isolate = info.GetIsolate();', '  v8::TryCatch try_catch(isolate);',
      `  ${fn}Body(info);`, '  if (try_catch.HasCaught() && try_catch.CanContinue())',
      '    info.GetReturnValue().Set(RejectedPromise(isolate, try_catch.Exception()));', '}', ''];
  },

  // Converts info[i] for each argument into arg<i> (WebIDL §3.7.7 step 4); returns the
  // statements. The C++ types come from NativeValueTraits.
  convertArgs(args) {
    const lines = [];
    const required = args.filter(a => !a.optional && !a.variadic).length;
    if (required > 0) {
      lines.push(`  if (info.Length() < ${required}) {`,
        `    es.ThrowTypeError(NotEnoughArguments(${required}, info.Length()));`, '    return;', '  }');
    }
    args.forEach((a, i) => {
      const t = this.model.resolve(a.idlType, a.extAttrs);
      const tag = idlTag(t);
      if (a.variadic) {
        lines.push(`  auto arg${i} = VariadicArgumentValues<${tag}>(isolate, ${i}, info, es);`);
      } else if (a.optional && !a.default) {
        lines.push(`  auto arg${i} = OptionalArgumentValue<${tag}>(isolate, ${i}, info, es);`);
      } else if (a.optional) {
        lines.push(`  ${t.cpp} arg${i} = info[${i}]->IsUndefined()`,
          `      ? ${t.cpp}(${defaultExpr(t, a.default)})`, `      : ${t.cpp}(${argumentExpr(t, i)});`);
      } else {
        lines.push(`  auto arg${i} = ${argumentExpr(t, i)};`);
      }
      lines.push('  if (es.HadException())', '    return;');
    });
    return lines;
  },

  // The converted arguments' names, in order.
  argList(args) { return args.map((_, i) => `arg${i}`); },

  // The callbacks of one operation (all its overloads, in `group`): `${cap}Operation`, or
  // for overloads `${cap}Operation1`... and the `${cap}Operation` that dispatches among them.
  operationGroup(name, group, cap, isStatic, helpers) {
    const cc = [];
    group.forEach((op, index) => {
      const fn = group.length > 1 ? `${cap}Operation${index + 1}` : `${cap}Operation`;
      cc.push(...this.operationBody(name, op, fn, isStatic, helpers));
    });
    if (group.length > 1) cc.push(...this.overloadDispatcher(name, group, cap));
    return cc;
  },

  // WebIDL §3.7.7: an operation function's `length`, the shortest overload's required count.
  operationLength(group) {
    return Math.min(...group.map(op => op.arguments.filter(a => !a.optional && !a.variadic).length));
  },

  // One operation (or one overload of it) as a callback named `fn`.
  // `cppClass` is the C++ class when it is not named as the definition (a namespace's).
  operationBody(name, op, fn, isStatic, { holder, promiseReceiver, convertArgs, argList, raises, withIsolate, cppClass }) {
    const cc = [];
    const ret = this.model.resolve(op.idlType);
    const promise = ret.kind === 'promise';
    if (isStatic) {
      cc.push('  ExecutionContext* execution_context = ExecutionContext::From(isolate->GetCurrentContext());');
    } else if (promise) {
      // WebIDL §3.7.7 step 2: an operation returning a promise reports every exception,
      // the receiver check included, as a rejected promise. So it has no V8 signature and
      // checks its receiver here.
      cc.push(...promiseReceiver());
    } else {
      cc.push(...holder());
    }
    cc.push(`  ScopedExceptionState es(isolate, ExceptionContextType::kOperation, ${cstr(name)}, ${cstr(op.name)});`,
      ...convertArgs(op.arguments));
    const callArgs = [...(isStatic ? ['execution_context'] : []), ...(withIsolate.has(op.name) ? ['isolate'] : []),
      ...argList(op.arguments), ...(raises.has(op.name) ? ['es'] : [])];
    const call = `${isStatic ? (cppClass || name) + '::' : 'impl->'}${cppName(op.name)}(${callArgs.join(', ')})`;
    if (ret.kind === 'undefined') {
      cc.push(`  ${call};`);
    } else {
      cc.push(`  auto result = ${call};`, '  if (es.HadException())', '    return;',
        `  info.GetReturnValue().Set(${toV8Expr(ret, 'result')});`);
    }
    if (promise) return this.promiseCallback(fn, cc);
    return [`void ${fn}(const v8::FunctionCallbackInfo<v8::Value>& info) {`, '  v8::Isolate* isolate = info.GetIsolate();',
      ...cc, '}', ''];
  },

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
};
