export const counter = { evaluations: 0 };
counter.evaluations++;
export default function greet(who) {
  return `hello, ${who}`;
}
