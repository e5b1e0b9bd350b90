import { b } from "./cycle_b.mjs";
export const a = "a";
throw new Error(`cycle: b is ${b}`);
