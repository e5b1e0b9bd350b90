// C++ expressions for the conversions between JS values and a resolved type's C++ type.
'use strict';

const { cstr, enumConstant } = require('./naming');

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

module.exports = { convertExpr, toV8Expr, defaultExpr, defaultNeedsIsolate, paramType };
