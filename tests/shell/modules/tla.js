const value = await Promise.resolve(41);
console.log("top-level await in a .js module:", value + 1, typeof import.meta.url);
