import "./not_here.js";
