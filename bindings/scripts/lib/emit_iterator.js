// Emits the default iterator of an interface with iterable<K, V>.
'use strict';

const { cstr } = require('./naming');
const { toV8Expr } = require('./types');

module.exports = {
  // WebIDL §3.7.10.2 asynchronous iterators for async_iterable<V>(arguments): values() (and
  // @@asyncIterator, the same function) runs the C++ class's initialization steps,
  // CreateAsyncIterator, and returns the iterator; next() and return() are
  // bindings/core/v8/async_iterator_support.cc's. [AsyncIteratorReturn] on the declaration:
  // the class defines "asynchronous iterator return" (AsyncIteratorBase::IteratorReturn).
  asyncIterator(name, decl, holder, convertArgs, argList) {
    const callWith = decl.extAttrs.some(a => a.name === 'CallWith');
    const raises = decl.extAttrs.some(a => a.name === 'RaisesException');
    const hasReturn = decl.extAttrs.some(a => a.name === 'AsyncIteratorReturn');
    const callArgs = [...(callWith ? ['isolate'] : []), ...argList(decl.arguments), ...(raises ? ['es'] : [])];
    return [
      'void InstallAsyncIteratorTemplate(v8::Isolate* isolate, v8::Local<v8::FunctionTemplate> tmpl);', '',
      `const WrapperTypeInfo kAsyncIteratorTypeInfo = {${cstr(name + ' AsyncIterator')}, nullptr, &InstallAsyncIteratorTemplate, nullptr};`, '',
      'void InstallAsyncIteratorTemplate(v8::Isolate* isolate, v8::Local<v8::FunctionTemplate> tmpl) {',
      `  InstallAsyncIteratorPrototype(isolate, tmpl, ${cstr(name + ' AsyncIterator')}, &kAsyncIteratorTypeInfo, ${hasReturn});`, '}', '',
      'void AsyncValuesOperation(const v8::FunctionCallbackInfo<v8::Value>& info) {', '  v8::Isolate* isolate = info.GetIsolate();',
      ...holder(), `  ScopedExceptionState es(isolate, ExceptionContextType::kOperation, ${cstr(name)}, "values");`,
      ...convertArgs(decl.arguments),
      `  AsyncIteratorBase* state = impl->CreateAsyncIterator(${callArgs.join(', ')});`,
      '  if (es.HadException() || !state)', '    return;',
      '  info.GetReturnValue().Set(NewAsyncIterator(isolate, &kAsyncIteratorTypeInfo, info.Holder(), state));', '}', ''];
  },

  // WebIDL §3.7.10 default iterator objects for iterable<K, V>: the iterator keeps its
  // target, kind and index in slot fields and reads the target's value pairs on each next().
  pairIterator(name, iterable, holder, receiverCheck) {
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
      out.push(`void ${fn}(const v8::FunctionCallbackInfo<v8::Value>& info) {`, '  v8::Isolate* isolate = info.GetIsolate();', ...receiverCheck(),
        `  info.GetReturnValue().Set(NewIterator(isolate, &kIteratorTypeInfo, info.Holder(), ${kind}));`, '}', '');
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
};
