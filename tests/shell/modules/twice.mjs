import { counter } from "./lib.js";
export const sameCounter = counter;
