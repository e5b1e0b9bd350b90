// C++ expressions for the conversions between JS values and a resolved type's C++ type.
'use strict';

const { cstr, enumConstant } = require('./naming');

// The C++ tag naming t for NativeValueTraits (bindings/core/v8/native_value_traits.h).
function idlTag(t) {
  if (t.nullable) return `IDLNullable<${idlTag(t.inner)}>`;
  switch (t.kind) {
    case 'boolean': return 'IDLBoolean';
    case 'integer': {
      const tag = `IDL${t.name}`;
      return t.mode === 'kClamp' ? `IDLClamp<${tag}>` : t.mode === 'kEnforceRange' ? `IDLEnforceRange<${tag}>` : tag;
    }
    case 'double': return t.restricted ? 'IDLDouble' : 'IDLUnrestrictedDouble';
    case 'string': return `IDL${t.name}`;
    case 'any': return 'IDLAny';
    case 'object': return 'IDLObject';
    case 'buffersource': return t.allowShared ? 'IDLAllowSharedBufferSource' : 'IDLBufferSource';
    case 'arraybuffer': return 'IDLArrayBuffer';
    case 'arraybufferview': return t.allowShared ? 'IDLAllowShared<IDLArrayBufferView>' : 'IDLArrayBufferView';
    case 'uint8array': return t.allowShared ? 'IDLAllowShared<IDLUint8Array>' : 'IDLUint8Array';
    case 'interface': return t.iface;
    case 'dictionary': return t.dict;
    case 'enum': return t.enumName;
    case 'union': return t.cpp;
    case 'sequence': return `IDLSequence<${idlTag(t.inner)}>`;
    case 'asyncsequence': return `IDLAsyncSequence<${idlTag(t.inner)}>`;
    case 'record': return `IDLRecord<${idlTag(t.key)}, ${idlTag(t.inner)}>`;
    case 'callbackinterface': return 'IDLCallbackInterface';
    case 'callback': return t.legacy ? 'IDLLegacyCallbackFunction' : 'IDLCallbackFunction';
    case 'eventhandler': return 'IDLEventHandler';
  }
  throw new Error(`no conversion for ${t.kind}`);
}

// A C++ expression converting `v` (a v8::Local<v8::Value>) to t's C++ type, recording
// failures in `es`.
function convertExpr(t, v) {
  return `NativeValueTraits<${idlTag(t)}>::NativeValue(isolate, ${v}, es)`;
}
// The same for argument `index` (0-based) of a call, which some types name in messages.
function argumentExpr(t, index) {
  return `NativeValueTraits<${idlTag(t)}>::ArgumentValue(isolate, ${index}, info[${index}], es)`;
}

// Returns a C++ expression turning `expr` (t's C++ type) into a v8::Local<v8::Value>.
function toV8Expr(t, expr) {
  if (t.nullable && !t.nullInline) {
    return `(${expr} ? ${toV8Expr(t.inner, '(*' + expr + ')')} : v8::Local<v8::Value>(v8::Null(isolate)))`;
  }
  switch (t.kind) {
    case 'interface': return `ToV8(isolate, static_cast<ScriptWrappable*>(${expr}))`;
    case 'enum': return `ToV8String(isolate, ${t.enumName}ToString(${expr}))`;
    case 'uint8array': case 'arraybuffer': case 'arraybufferview': case 'promise': return `v8::Local<v8::Value>(${expr})`;
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

// How a core member takes a value of type t: small values (numbers, pointers, handles,
// enums, buffer views) by value, the rest by const reference. `optional`: an optional
// argument without a default, a std::optional (JS values use an empty handle instead).
function byValue(t) {
  return t.nullInline || ['boolean', 'integer', 'double', 'enum', 'interface', 'buffersource', 'any', 'object',
    'arraybuffer', 'arraybufferview', 'uint8array', 'callback', 'callbackinterface', 'eventhandler', 'promise', 'frozenarray'].includes(t.kind);
}
function paramType(t, optional = false) {
  if (optional && !t.js) {
    const type = `std::optional<${t.cpp}>`;
    return byValue(t) ? type : `const ${type}&`;
  }
  if (t.nullable && !t.nullInline) return byValue(t.inner) ? t.cpp : `const ${t.cpp}&`;
  return byValue(t) ? t.cpp : `const ${t.cpp}&`;
}

module.exports = { idlTag, convertExpr, argumentExpr, toV8Expr, defaultExpr, defaultNeedsIsolate, paramType };
