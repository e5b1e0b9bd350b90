// console.trace's frames (tests/shell/run.py checks the first two).
function inner(n) {
  console.trace('from inner %d', n);
}
function outer() { inner(42); }
outer();
