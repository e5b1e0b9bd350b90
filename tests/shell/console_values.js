// What console.log shows for the values scripts log most: each line is what Node 20 prints
// for the same call (Deno's differs only in its quotes), checked by tests/shell/run.py.
console.log(new Map([[1, 2], ["a", { b: [1, 2] }]]));
console.log(new Uint8Array([1, 2]), new Set(["x"]), [1, , 3], []);
console.log({ a: 1, "b-c": "str", [Symbol("s")]: null, get g() { throw new Error("never called"); } });
console.log({ nested: { x: { y: { z: 1 } } }, empty: { a: { b: { c: {} } } } });
const cycle = { name: "o" };
cycle.self = cycle;
console.log(cycle);
console.log(new Uint8Array(20).map((_, i) => i * 13));
console.log(function foo() {}, class Bar {}, () => {}, Symbol("q"), 10n, -0, undefined, null);
console.log(new Date(0), /a+b/gi, new Number(3), new String("s"), Promise.resolve(4));
console.log(new ArrayBuffer(3), [new Uint16Array(0)], Object.create(null));
class Point { constructor() { this.x = 1; this.y = 2; } }
console.log(new Point(), [new Point()], new Map([[{ k: 1 }, new Set([1])]]).entries());
console.log("%o|%O|%s", "quoted", [1, { a: { b: { c: { d: 1 } } } }], "plain");
console.log(new Map([[1, 2]]).keys(), new Set([5]).entries());
console.log(Array.from({ length: 102 }, (_, i) => i).slice(95), Array(101).fill(0).length);
console.log(["it's", 'say "hi"', "line\nbreak"]);
console.log({ nested: { deep: { deeper: { deepest: 1 } } }, list: [1, , 3] });
