// Emits v8_<interface>.{h,cc}: the WrapperTypeInfo, member callbacks and template installer.
'use strict';

const { snake, upperFirst, guard, cstr, isReplaceable, exposure, exposureExpr } = require('./naming');
const { idlTag, convertExpr, argumentExpr, toV8Expr, defaultExpr } = require('./types');
const { kHeaderBanner } = require('./banner');

module.exports = {
  // -------------------------------------------------- interfaces
  emitInterface(iface) {
    const name = iface.name;
    const base = `v8_${snake(name)}`;
    const impl = this.impl[name];
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
    // WebIDL §3.7.10.2: a value asynchronous iterator from async_iterable<V>(arguments).
    const asyncIterable = iface.members.find(m => m.type === 'async_iterable');
    if (asyncIterable && asyncIterable.idlType.length !== 1) throw new Error(`${name}: only value async iterables (async_iterable<V>) are supported`);
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
    if (asyncIterable) includes.push('bindings/core/v8/async_iterator_support.h');

    const h = [kHeaderBanner(`interface ${name}`), `#ifndef ${guard(base + '.h')}`, `#define ${guard(base + '.h')}`, '',
      '#include <v8.h>', '', '#include "bindings/core/v8/wrapper_type_info.h"', '',
      'namespace v8ws {', '', `class ${name};`, '',
      `// The binding of interface ${name}${parent ? ' : ' + parent : ''}. ${name} (${impl.header}) must provide:`,
      ...this.contractMembers(iface, impl).map(m => `//   ${this.contractText(m)};`),
      `class V8${name} {`, ' public:', `  using ImplType = ${name};`,
      '  static const WrapperTypeInfo wrapper_type_info;',
      `  // The C++ object behind \`object\` (nullptr if it is not a live ${name} wrapper).`,
      `  static ${name}* ToImpl(v8::Local<v8::Object> object);`,
      '  static void InstallTemplate(v8::Isolate* isolate, v8::Local<v8::FunctionTemplate> tmpl);',
      '  // [LegacyUnforgeable] members are own properties of every instance, so subclasses',
      '  // install their ancestors\' too.',
      '  static void InstallUnforgeableMembers(v8::Isolate* isolate, v8::Local<v8::ObjectTemplate> instance,',
      '                                        v8::Local<v8::Signature> signature);',
      '};', '', `template <>`, `struct V8TypeOf<${name}> {`, `  using Type = V8${name};`, '};', '',
      '}  // namespace v8ws', '', `#endif  // ${guard(base + '.h')}`, ''];

    const cc = [kHeaderBanner(`interface ${name}`), `#include "bindings/generated/${base}.h"`, '',
      '#include "bindings/core/v8/binding_contract.h"', '#include "bindings/core/v8/idl_member_installer.h"', '#include "bindings/core/v8/native_value_traits.h"', '#include "bindings/core/v8/v8_binding.h"', '#include "bindings/core/v8/event_listener_support.h"', '#include "bindings/core/v8/per_isolate_data.h"',
      '#include "core/execution_context.h"', `#include "${impl.header}"`,
      ...[...new Set(includes)].sort().map(i => `#include "${i}"`), '', 'namespace v8ws {', '',
      ...this.contractChecks(iface, impl), '', 'namespace {', ''];

    // Receiver check shared by every member: the signature already rejected foreign objects;
    // a wrapper whose object is gone (context torn down) is rejected here.
    const holder = (indent = '  ') => [
      `${indent}${name}* impl = V8${name}::ToImpl(info.Holder());`,
      `${indent}if (!impl) {`, `${indent}  ThrowIllegalInvocation(isolate);`, `${indent}  return;`, `${indent}}`];

    // The check of a member that rejects a foreign receiver instead of throwing: it has no V8
    // signature.
    const promiseReceiver = () => [
      `  ${name}* impl = static_cast<${name}*>(`,
      `      PerIsolateData::From(isolate)->InstanceOf(&V8${name}::wrapper_type_info, info.This()));`,
      '  if (!impl) {', '    ThrowIllegalInvocation(isolate);', '    return;', '  }'];
    // The same check for a member that does not call the C++ object.
    const receiverCheck = (indent = '  ') => [
      `${indent}if (!V8${name}::ToImpl(info.Holder())) {`, `${indent}  ThrowIllegalInvocation(isolate);`, `${indent}  return;`, `${indent}}`];

    const convertArgs = (args) => this.convertArgs(args);
    const argList = (args) => this.argList(args);

    // constructor
    cc.push('void ConstructorCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {',
      '  v8::Isolate* isolate = info.GetIsolate();');
    if (ctor) {
      cc.push(`  ScopedExceptionState es(isolate, ExceptionContextType::kConstructor, ${cstr(name)}, nullptr);`,
        '  if (!info.IsConstructCall()) {',
        `    es.ThrowTypeError("Please use the 'new' operator, this DOM object constructor cannot be called as a function.");`,
        '    return;', '  }',
        ...convertArgs(ctor.arguments),
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
      if (t.kind === 'promise') {
        // WebIDL §3.7.6 attribute getter step 1.2: a promise-typed attribute reports every
        // exception, the receiver check included, as a rejected promise.
        cc.push(...this.promiseCallback(`${cap}Getter`, [...promiseReceiver(),
          `  info.GetReturnValue().Set(${toV8Expr(t, `impl->${a.name}(${iso})`)});`]));
      } else {
        const getterRaises = (impl.raisesGetter || []).includes(a.name);
        if (getterRaises) {
          cc.push(`void ${cap}Getter(const v8::FunctionCallbackInfo<v8::Value>& info) {`, '  v8::Isolate* isolate = info.GetIsolate();',
            ...holder(), `  ScopedExceptionState es(isolate, ExceptionContextType::kAttributeGet, ${cstr(name)}, ${cstr(a.name)});`,
            `  auto result = impl->${a.name}(${[iso, 'es'].filter(Boolean).join(', ')});`, '  if (es.HadException())', '    return;',
            `  info.GetReturnValue().Set(${toV8Expr(t, 'result')});`, '}', '');
        } else {
          const value = t.kind === 'eventhandler'
            ? `impl->GetEventHandler(isolate, ${cstr(a.name.replace(/^on/, ''))})`
            : toV8Expr(t, `impl->${a.name}(${iso})`);
          cc.push(`void ${cap}Getter(const v8::FunctionCallbackInfo<v8::Value>& info) {`, '  v8::Isolate* isolate = info.GetIsolate();',
            ...holder(), `  info.GetReturnValue().Set(${value});`, '}', '');
        }
      }
      if (a.readonly && isReplaceable(a)) {
        // WebIDL §3.7.6 attribute setter step 5: [Replaceable] shadows the attribute with an
        // own data property of the receiver.
        cc.push(`void ${cap}Setter(const v8::FunctionCallbackInfo<v8::Value>& info) {`, '  v8::Isolate* isolate = info.GetIsolate();', ...receiverCheck(),
          '  v8::Local<v8::Context> context = isolate->GetCurrentContext();',
          `  if (info.Holder()->CreateDataProperty(context, v8::String::NewFromUtf8Literal(isolate, ${cstr(a.name)}), info[0]).IsNothing())`,
          '    return;', '}', '');
      }
      if (!a.readonly) {
        cc.push(`void ${cap}Setter(const v8::FunctionCallbackInfo<v8::Value>& info) {`, '  v8::Isolate* isolate = info.GetIsolate();', ...holder(),
          `  ScopedExceptionState es(isolate, ExceptionContextType::kAttributeSet, ${cstr(name)}, ${cstr(a.name)});`,
          '  v8::Local<v8::Value> value = info[0];');
        if (t.kind === 'eventhandler') {
          cc.push(`  impl->SetEventHandler(isolate, ${cstr(a.name.replace(/^on/, ''))}, ${convertExpr(t, 'value')});`);
        } else if (t.kind === 'enum') {
          // WebIDL §3.7.6: a string that is not an enum value is ignored, without an exception.
          cc.push('  std::string string = ToDOMString(isolate, value, es);', '  if (es.HadException())', '    return;',
            `  if (auto parsed = Parse${t.enumName}(string))`, `    impl->set${cap}(*parsed);`);
        } else {
          cc.push(`  ${t.cpp} converted = ${convertExpr(t, 'value')};`, '  if (es.HadException())', '    return;',
            `  impl->set${cap}(${iso ? 'isolate, ' : ''}converted${raises.has(a.name) ? ', es' : ''});`);
        }
        cc.push('}', '');
      }
    }

    // operations
    for (const [key, group] of opGroups) {
      const isStatic = key.startsWith('static ');
      const cap = (isStatic ? 'Static' : '') + upperFirst(group[0].name);
      cc.push(...this.operationGroup(name, group, cap, isStatic, { holder, promiseReceiver, convertArgs, argList, raises, withIsolate }));
    }

    if (stringifier) {
      const call = stringifierAttr ? `impl->${stringifierAttr.name}()` : 'impl->toString()';
      cc.push('void ToStringOperation(const v8::FunctionCallbackInfo<v8::Value>& info) {', '  v8::Isolate* isolate = info.GetIsolate();',
        ...holder(), `  info.GetReturnValue().Set(ToV8String(isolate, ${call}));`, '}', '');
    }
    if (iterable) cc.push(...this.pairIterator(name, iterable, holder, receiverCheck));
    if (asyncIterable) cc.push(...this.asyncIterator(name, asyncIterable, holder, convertArgs, argList));

    cc.push('}  // namespace', '');

    // The member tables (bindings/core/v8/idl_member_installer.h), in IDL order.
    const isUnforgeable = (a) => a.extAttrs.some(x => x.name === 'LegacyUnforgeable');
    const attributeRow = (a) => {
      const cap = upperFirst(a.name);
      const promise = this.model.resolve(a.idlType, a.extAttrs).kind === 'promise';
      return `    {${cstr(a.name)}, ${cap}Getter, ${!a.readonly || isReplaceable(a) ? cap + 'Setter' : 'nullptr'}${promise ? ', ReceiverCheck::kByCallback' : ''}},`;
    };
    const tables = [];
    const table = (type, tableName, rows) => {
      if (rows.length) tables.push(`constexpr ${type} ${tableName}[] = {`, ...rows, '};', '');
      return rows.length > 0;
    };
    const hasConstants = table('ConstantConfig', 'kConstants', consts.map(c => `    {${cstr(c.name)}, ${c.value.value}},`));
    const hasAttributes = table('AttributeConfig', 'kAttributes', attrs.filter(a => !isUnforgeable(a)).map(attributeRow));
    const hasUnforgeable = table('AttributeConfig', 'kUnforgeableAttributes', attrs.filter(isUnforgeable).map(attributeRow));
    const operationRows = (wantStatic) => [...opGroups].filter(([key]) => key.startsWith('static ') === wantStatic).map(([key, group]) => {
      const cap = (wantStatic ? 'Static' : '') + upperFirst(group[0].name);
      // Promise operations reject a foreign receiver instead of throwing, so they check it
      // themselves.
      const length = this.operationLength(group);
      const promise = this.model.resolve(group[0].idlType).kind === 'promise';
      return `    {${cstr(group[0].name)}, ${cap}Operation, ${length}${wantStatic || promise ? ', ReceiverCheck::kByCallback' : ''}},`;
    });
    // WebIDL §3.7.8: the stringifier is toString().
    const regular = [...operationRows(false), ...(stringifier ? ['    {"toString", ToStringOperation, 0},'] : [])];
    const hasOperations = table('OperationConfig', 'kOperations', regular);
    const hasStatic = table('OperationConfig', 'kStaticOperations', operationRows(true));
    cc.splice(cc.lastIndexOf('}  // namespace'), 0, ...tables);

    // WrapperTypeInfo, ToImpl, template installation.
    const ctorLength = ctor ? ctor.arguments.filter(a => !a.optional && !a.variadic).length : 0;
    // WebIDL §3.3: a member exposed in fewer globals than its interface is removed, per
    // context, where the context's global is not one of them (the templates are shared).
    const ifaceExposure = exposure(iface) || ['kExposedEverywhere'];
    const narrower = [...attrs, ...ops].filter(m => exposure(m) && exposureExpr(exposure(m)) !== exposureExpr(ifaceExposure));
    const exposureLines = narrower.length ? [
      '  uint32_t exposure = ExecutionContext::From(context)->exposure();',
      '  v8::Isolate* isolate = context->GetIsolate();',
      ...(narrower.some(m => m.special !== 'static')
        ? ['  v8::Local<v8::Object> prototype = interface_object',
          '      ->Get(context, v8::String::NewFromUtf8Literal(isolate, "prototype")).ToLocalChecked().As<v8::Object>();']
        : []),
      ...narrower.flatMap(m => [`  if (!(exposure & (${exposureExpr(exposure(m))})))`,
        `    ${m.special === 'static' ? 'interface_object' : 'prototype'}->Delete(context, v8::String::NewFromUtf8Literal(isolate, ${cstr(m.name)})).Check();`]),
    ] : [];
    const needsSetUp = iterable || asyncIterable || exposureLines.length;
    const setup = needsSetUp ? 'SetUpContext' : impl.context_setup ? impl.context_setup : 'nullptr';
    if (needsSetUp) {
      cc.splice(cc.lastIndexOf('}  // namespace'), 0,
        '// Per context: iterator prototypes inherit %IteratorPrototype% or',
        '// %AsyncIteratorPrototype% (WebIDL §3.7.10); members not exposed in this global go.',
        'void SetUpContext(v8::Local<v8::Context> context, v8::Local<v8::Function> interface_object) {',
        ...(impl.context_setup ? [`  ${impl.context_setup.replace(/^&/, '')}(context, interface_object);`] : []),
        ...(iterable ? ['  SetUpIteratorPrototype(context, &kIteratorTypeInfo);'] : []),
        ...(asyncIterable ? ['  SetUpAsyncIteratorPrototype(context, &kAsyncIteratorTypeInfo);'] : []),
        ...exposureLines, '}', '');
    }
    cc.push(`const WrapperTypeInfo V8${name}::wrapper_type_info = {`,
      `    ${cstr(name)}, ${parent ? `&V8${parent}::wrapper_type_info` : 'nullptr'}, &V8${name}::InstallTemplate, ${setup},`,
      `    ${exposureExpr(ifaceExposure)}};`, '',
      `${name}* V8${name}::ToImpl(v8::Local<v8::Object> object) {`,
      '  return static_cast<' + name + '*>(ScriptWrappable::FromWrapper(object));', '}', '',
      `void V8${name}::InstallTemplate(v8::Isolate* isolate, v8::Local<v8::FunctionTemplate> tmpl) {`,
      `  tmpl->SetClassName(v8::String::NewFromUtf8Literal(isolate, ${cstr(name)}));`,
      '  tmpl->SetCallHandler(ConstructorCallback);',
      `  tmpl->SetLength(${ctorLength});`,
      '  tmpl->ReadOnlyPrototype();',
      '  v8::Local<v8::Signature> signature = v8::Signature::New(isolate, tmpl);',
      '  v8::Local<v8::ObjectTemplate> prototype = tmpl->PrototypeTemplate();',
      '  // WebIDL §3.7.3: the class string.',
      `  prototype->Set(v8::Symbol::GetToStringTag(isolate), v8::String::NewFromUtf8Literal(isolate, ${cstr(name)}),`,
      '                 static_cast<v8::PropertyAttribute>(v8::ReadOnly | v8::DontEnum));',
      ...(hasConstants ? ['  IDLMemberInstaller::InstallConstants(isolate, tmpl, kConstants);'] : []),
      ...(hasAttributes ? ['  IDLMemberInstaller::InstallAttributes(isolate, prototype, signature, kAttributes);'] : []),
      ...(hasOperations ? ['  IDLMemberInstaller::InstallOperations(isolate, prototype, signature, kOperations);'] : []),
      ...(hasStatic ? ['  IDLMemberInstaller::InstallOperations(isolate, tmpl, signature, kStaticOperations);'] : []),
      ...(iterable ? ['  IDLMemberInstaller::InstallPairIterator(isolate, prototype, signature, EntriesOperation, KeysOperation,',
        '                                         ValuesOperation, ForEachOperation);'] : []),
      ...(asyncIterable ? [`  IDLMemberInstaller::InstallAsyncIterator(isolate, prototype, signature, AsyncValuesOperation, ${asyncIterable.arguments.filter(a => !a.optional).length});`] : []),
      '  InstallUnforgeableMembers(isolate, tmpl->InstanceTemplate(), signature);', '}', '',
      `void V8${name}::InstallUnforgeableMembers(v8::Isolate* isolate, v8::Local<v8::ObjectTemplate> instance,`,
      '                                        v8::Local<v8::Signature> signature) {',
      ...(parent ? [`  V8${parent}::InstallUnforgeableMembers(isolate, instance, signature);`] : []),
      ...(hasUnforgeable ? ['  IDLMemberInstaller::InstallAttributes(isolate, instance, signature, kUnforgeableAttributes,',
        '                                       /*unforgeable=*/true);'] : []),
      '}', '', '}  // namespace v8ws', '');

    this.write(base + '.h', h.join('\n'));
    this.write(base + '.cc', cc.join('\n'));
  }
};
