// A classic script: import() resolves against this file's URL.
import("./lib.js").then((m) => console.log(m.default("classic"), m.counter.evaluations));
import("./not_here.js").catch((e) => console.log(e.name, e.message.includes("not_here.js")));
