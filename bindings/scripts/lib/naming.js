// Names: IDL names to C++ file, class, constant and guard names.
'use strict';

const kSnakeOverrides = { WebSocket: 'websocket' };
function snake(name) {
  if (kSnakeOverrides[name]) return kSnakeOverrides[name];
  return name
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
// An IDL member named like a C++ keyword (URLSearchParams.delete) gets a suffix in C++.
const kCppKeywords = new Set(['delete', 'new', 'default', 'operator', 'register', 'union', 'template', 'this']);
function cppName(name) { return kCppKeywords.has(name) ? name + 'ForBinding' : name; }

module.exports = { snake, upperFirst, enumConstant, guard, cstr, isReplaceable, cppName };
