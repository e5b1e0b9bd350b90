// The shell's module test: static imports (named, default, namespace), a module two others
// import (evaluated once), import.meta, top-level await, import() of the same module.
import greet, { counter } from "./lib.js";
import * as again from "./twice.mjs";

console.log(greet("modules"), counter.evaluations, again.sameCounter === counter);
console.log(import.meta.url.endsWith("/tests/shell/modules/main.mjs"));
await new Promise((resolve) => setTimeout(resolve, 5));
const dynamic = await import("./lib.js");
console.log("after await", dynamic.default === greet, JSON.stringify(v8ws.args));
