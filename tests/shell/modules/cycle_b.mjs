import { a } from "./cycle_a.mjs";
export const b = "b";
export function readA() { return a; }
