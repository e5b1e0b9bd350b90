import greet from "./lib.js";
