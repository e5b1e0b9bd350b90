// Names: IDL names to C++ file, class, constant and guard names.
'use strict';

// "WebSocket" is one word in file names, as in Blink's (v8_websocket_stream.h).
function snake(name) {
  return name
    .replace(/WebSocket/g, 'Websocket')
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
// An IDL member named like a C++ keyword (URLSearchParams.delete), or like the standard
// library's assert() macro (console.assert), gets a suffix in C++.
const kCppKeywords = new Set(['delete', 'new', 'default', 'operator', 'register', 'union', 'template', 'this',
  'assert']);
function cppName(name) { return kCppKeywords.has(name) ? name + 'ForBinding' : name; }

// WebIDL §3.3 [Exposed]: the ExposureBits (bindings/core/v8/wrapper_type_info.h) of a
// definition or member, or null when it has no [Exposed] of its own.
const kExposureBits = {
  Window: ['kExposedWindow'],
  Worker: ['kExposedDedicatedWorker', 'kExposedSharedWorker', 'kExposedServiceWorker'],
  DedicatedWorker: ['kExposedDedicatedWorker'],
  SharedWorker: ['kExposedSharedWorker'],
  ServiceWorker: ['kExposedServiceWorker'],
  Worklet: ['kExposedWorklet'],
  AudioWorklet: ['kExposedWorklet'],
  PaintWorklet: ['kExposedWorklet'],
  ShadowRealm: ['kExposedShadowRealm'],
};
function exposure(node) {
  const e = node.extAttrs.find(a => a.name === 'Exposed');
  if (!e) return null;
  if (e.rhs.type === '*') return ['kExposedEverywhere'];
  const names = Array.isArray(e.rhs.value) ? e.rhs.value.map(v => v.value) : [e.rhs.value];
  const bits = new Set();
  for (const n of names) {
    if (!kExposureBits[n]) throw new Error(`[Exposed=${n}]: unknown global`);
    kExposureBits[n].forEach(b => bits.add(b));
  }
  return [...bits];
}
function exposureExpr(bits) { return bits.join(' | '); }

module.exports = {
  exposure, exposureExpr, snake, upperFirst, enumConstant, guard, cstr, isReplaceable, cppName };
