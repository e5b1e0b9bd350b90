// The Console Standard's methods beyond log (tests/shell/run.py compares stdout with
// console_methods.expected and looks for the warnings on stderr). Tables and groups print
// as Node 20 prints them; assert follows the standard (§1.1.1), where Node and Deno differ
// when the first data item is not a string (Node "Assertion failed: [object Object]", Deno
// "Assertion failed: { a: 1 }").
console.assert(true, 'never shown');
console.assert(1, 'a truthy condition is a pass');
console.assert(false, { a: 1 });
console.assert(false, 'x is %d', 5, 'and more');
console.assert();
console.assert(0, 'zero fails');
console.count();
console.count();
console.count('a');
console.count(undefined);
console.countReset();
console.count();
console.countReset('never counted');
console.group('Group', 1);
console.log('inside\nover two lines');
console.groupCollapsed();
console.info({ nested: [1, 2] });
console.warn('a warning, indented too');
console.groupEnd();
console.log('back one level');
console.groupEnd();
console.groupEnd();  // nothing to end: no effect
console.log('outside');
console.group('before clear');
console.clear();
console.log('clear() empties the group stack');
console.dir({ a: { b: { c: { d: 1 } } } });
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: null });
console.dir('a string, quoted');
console.dirxml('dirxml %s', 'formats', 1);
console.table([{ a: 1, b: 'x' }, { a: 2, c: [1] }]);
console.table([{ a: 1, b: 'x' }, { a: 2, c: [1] }], ['a', 'c']);
console.table({ r1: { x: 1 }, r2: 'p', r3: null });
console.table([[1, 2], [3]]);
console.table(5);
console.table('not tabular');
console.timeEnd('no such timer');
console.time('t');
console.time('t');
console.timeLog('no such timer');
console.log(Object.prototype.toString.call(console),
            Object.keys(console).length, console.table.length, console.assert.name);
const d = Object.getOwnPropertyDescriptor(globalThis, 'console');
console.log(d.writable, d.enumerable, d.configurable);
const m = Object.getOwnPropertyDescriptor(console, 'count');
console.log(m.writable, m.enumerable, m.configurable);
// Missing optional arguments print as undefined; arguments convert as the IDL says.
console.table();
console.dir();
console.count({ toString: () => 'converted label' });
for (const bad of [() => console.table([1], 5), () => console.dir(1, 5)]) {
  try { bad(); } catch (e) { console.log(e.constructor.name, e.message); }
}
// Console §1: the namespace object's [[Prototype]] is an empty object.
const proto = Object.getPrototypeOf(console);
console.log(proto !== Object.prototype, Object.getPrototypeOf(proto) === Object.prototype,
            Object.getOwnPropertyNames(proto).length);
