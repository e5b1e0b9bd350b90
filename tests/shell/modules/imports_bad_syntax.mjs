import { fine } from "./bad_syntax.js";
console.log(fine);
