// Fuzzes the generated WebIDL bindings from script: random JS values (primitives at every
// edge, strings with lone surrogates, symbols, BigInts, buffers and views, platform objects,
// and objects whose getters, valueOf, toString, @@toPrimitive and Proxy traps throw or lie)
// go into every constructor, operation, attribute getter and setter of every interface in
// idl/, with random receivers. The only exceptions allowed out are the ones WebIDL and the
// specs name (TypeError, RangeError, a DOMException) or the very one our own values threw;
// anything else, or a crash of the shell, fails the run.
//
// Run by tools/test as: globalThis.FUZZ = {seconds, seed}; tests/support/test_random.js;
// then this file, in the shell with --expose-gc. Prints "webidl_fuzz: N calls ... " and throws on the first unexpected error.
'use strict';

const config = globalThis.FUZZ || {seconds: 5, seed: 1};
const random = seededRandom(config.seed);
const pick = list => list[Math.floor(random() * list.length)];
const chance = p => random() < p;

// The error our own values throw: it must come out of the binding unchanged.
class FuzzValueError extends Error {}
// What the driver throws when it found a bug: never cancelled, so the shell exits 1.
class FuzzFailure extends Error {}
const ours = new FuzzValueError('thrown by a fuzz value');

const INTERFACES = [
  'AbortController', 'AbortSignal', 'Blob', 'CloseEvent', 'DOMException', 'ErrorEvent', 'Event',
  'EventTarget', 'MessageEvent', 'URL', 'URLSearchParams', 'WebSocket',
];
const DOM_EXCEPTION_NAMES = new Set([
  'IndexSizeError', 'HierarchyRequestError', 'WrongDocumentError', 'InvalidCharacterError',
  'NoModificationAllowedError', 'NotFoundError', 'NotSupportedError', 'InvalidStateError',
  'SyntaxError', 'InvalidModificationError', 'NamespaceError', 'InvalidAccessError',
  'TypeMismatchError', 'SecurityError', 'NetworkError', 'AbortError', 'URLMismatchError',
  'QuotaExceededError', 'TimeoutError', 'InvalidNodeTypeError', 'DataCloneError',
  'EncodingError', 'NotReadableError', 'UnknownError', 'ConstraintError', 'DataError',
  'TransactionInactiveError', 'ReadOnlyError', 'VersionError', 'OperationError',
  'NotAllowedError',
]);

const STRINGS = [
  '', 'a', 'ws://127.0.0.1:2/', 'wss://127.0.0.1:2/x', 'http://127.0.0.1:2/', 'ws://[::1]:2',
  'ws://127.0.0.1:2/#frag', 'chat', 'chat, chat', 'a b', '\u0000', '\uD800', '\uDC00x',
  '\uFFFF', 'é€😀', 'x'.repeat(124), 'x'.repeat(5000), 'message', 'open', 'close', 'error',
  'abort', 'blob', 'arraybuffer', 'transparent', 'native', 'text/plain', '__proto__',
  'constructor', 'toString', 'then', '1000', '3000', '-1', '1e3', ' 42 ', 'NaN', 'Infinity',
];
const NUMBERS = [
  0, -0, 1, -1, 0.5, -0.5, 999, 1000, 1001, 2999, 3000, 4999, 5000, 65535, 65536, 2 ** 31,
  -(2 ** 31), 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 64, 1e308, Number.MIN_VALUE,
  NaN, Infinity, -Infinity,
];

let instances = [];  // platform objects made so far, reused as values and receivers

function primitive() {
  switch (Math.floor(random() * 8)) {
    case 0: return undefined;
    case 1: return null;
    case 2: return chance(0.5);
    case 3: return pick(NUMBERS);
    case 4: return pick(STRINGS);
    case 5: return pick([Symbol('s'), Symbol.iterator, Symbol.toPrimitive]);
    case 6: return pick([0n, 1n, -1n, 2n ** 64n]);
    default: return pick(STRINGS) + pick(STRINGS);
  }
}

// An object that throws, or lies, when a conversion touches it.
function hostile(depth) {
  switch (Math.floor(random() * 9)) {
    case 0: return {valueOf() { throw ours; }};
    case 1: return {toString() { throw ours; }};
    case 2: return {[Symbol.toPrimitive]() { return value(depth + 1); }};
    case 3: return {get type() { throw ours; }, get bubbles() { throw ours; }};
    case 4: return new Proxy({}, {get() { throw ours; }, has() { throw ours; }});
    case 5: return new Proxy({}, {get: () => value(depth + 1), ownKeys: () => [],
                                  getOwnPropertyDescriptor: () => undefined});
    case 6: return {[Symbol.iterator]() { throw ours; }};
    case 7: return {* [Symbol.iterator]() { yield value(depth + 1); yield value(depth + 1); }};
    default: return {handleEvent() { throw ours; }};
  }
}

function object(depth) {
  switch (Math.floor(random() * 14)) {
    case 0: return {};
    case 1: return [value(depth + 1), value(depth + 1)];
    case 2: return [[pick(STRINGS), pick(STRINGS)], [value(depth + 1), value(depth + 1)]];
    case 3: return () => value(depth + 1);
    case 4: return new ArrayBuffer(pick([0, 1, 7, 4096]));
    case 5: return new Uint8Array([1, 2, 3, 255]);
    case 6: return new DataView(new ArrayBuffer(8), 2, 3);
    case 7: return new Float64Array(2);
    case 8: return instances.length ? pick(instances) : {};
    case 9: {
      // A dictionary with members a platform dictionary might read.
      const dict = {};
      for (const key of ['type', 'bubbles', 'cancelable', 'composed', 'data', 'origin',
                         'lastEventId', 'source', 'ports', 'code', 'reason', 'wasClean',
                         'message', 'filename', 'lineno', 'colno', 'error', 'endings',
                         'capture', 'once', 'passive', 'signal']) {
        if (chance(0.3))
          dict[key] = value(depth + 1);
      }
      return dict;
    }
    case 10: return pick(INTERFACES.map(name => globalThis[name].prototype));
    case 11: return globalThis[pick(INTERFACES)];
    case 12: return Object.create(pick(INTERFACES.map(name => globalThis[name].prototype)));
    default: return hostile(depth);
  }
}

function value(depth = 0) {
  if (depth > 3 || chance(0.5))
    return primitive();
  return object(depth);
}

function args() {
  const n = Math.floor(random() * 5);
  const list = [];
  for (let i = 0; i < n; i++)
    list.push(value());
  return list;
}

let calls = 0;
const outcomes = new Map();
function note(kind) {
  outcomes.set(kind, (outcomes.get(kind) || 0) + 1);
}

// Runs `f`; the only acceptable exceptions are the ones WebIDL names, or ours, or (DOM
// §3.2 throwIfAborted) the abort reason of the AbortSignal it was called on.
function attempt(what, f, self) {
  calls++;
  try {
    const result = f();
    if (result instanceof Promise)
      result.catch(e => check(what + ' (rejection)', e));
    if (result && typeof result === 'object' && INTERFACES.some(n => result instanceof globalThis[n]))
      remember(result);
    note('returned');
  } catch (e) {
    if (isAbortReason(self, e))
      return note('abort reason');
    check(what, e);
  }
}

function isAbortReason(self, e) {
  try {
    return self instanceof AbortSignal && self.aborted && Object.is(e, self.reason);
  } catch (_) {
    return false;  // an object that only inherits from AbortSignal.prototype
  }
}

function check(what, e) {
  if (e === ours) return note('FuzzValueError');
  if (e instanceof TypeError) return note('TypeError');
  if (e instanceof RangeError) return note('RangeError');
  if (e instanceof DOMException) {
    if (!DOM_EXCEPTION_NAMES.has(e.name))
      throw new FuzzFailure(`${what} threw a DOMException named ${e.name}, which WebIDL does not list`);
    return note('DOMException ' + e.name);
  }
  throw new FuzzFailure(`${what} threw ${Object.prototype.toString.call(e)}: ${String(e && e.message)}` +
                  `\n${e && e.stack}`);
}

function remember(object) {
  // Not the global: a hostile listener there would make every report a nested one, which
  // HTML sends to the console and the shell treats as fatal.
  if (object === globalThis)
    return;
  if (object instanceof WebSocket)
    attempt('WebSocket close', () => object.close());  // never leave a socket behind
  instances.push(object);
  if (instances.length > 64)
    instances = instances.slice(32);
}

// Every member of every interface, found by reflection as idlharness does.
const targets = [];
for (const name of INTERFACES) {
  const iface = globalThis[name];
  targets.push({what: `new ${name}`, kind: 'construct', iface});
  targets.push({what: `${name}() without new`, kind: 'call', fn: iface});
  for (const [owner, label] of [[iface, name], [iface.prototype, name + '.prototype']]) {
    for (const key of Reflect.ownKeys(owner)) {
      if (key === 'prototype' || key === 'constructor')
        continue;
      const desc = Object.getOwnPropertyDescriptor(owner, key);
      const member = `${label}.${String(key)}`;
      if (typeof desc.value === 'function')
        targets.push({what: member, kind: 'method', fn: desc.value, iface, isStatic: owner === iface});
      if (desc.get)
        targets.push({what: member + ' getter', kind: 'getter', fn: desc.get, iface});
      if (desc.set)
        targets.push({what: member + ' setter', kind: 'setter', fn: desc.set, iface});
    }
  }
}

function receiver(target) {
  if (target.isStatic)
    return chance(0.8) ? target.iface : value();
  const own = instances.filter(o => o instanceof target.iface);
  const self = own.length && chance(0.7) ? pick(own) : value();
  // WebIDL §3.7.6: a null or undefined `this` is the global, a Window, hence an EventTarget:
  // keep hostile listeners off it (see remember()).
  return self == null && target.iface === EventTarget ? {} : self;
}

function step() {
  const target = pick(targets);
  switch (target.kind) {
    case 'construct':
      return attempt(target.what, () => Reflect.construct(target.iface, args()));
    case 'call':
      return attempt(target.what, () => target.fn(...args()));
    case 'method': {
      const self = receiver(target);
      return attempt(target.what, () => Reflect.apply(target.fn, self, args()), self);
    }
    case 'getter':
      return attempt(target.what, () => Reflect.apply(target.fn, receiver(target), []));
    case 'setter':
      return attempt(target.what, () => Reflect.apply(target.fn, receiver(target), [value()]));
  }
}

// Listeners and handlers are our own values: what they throw is reported to the global as
// HTML says, which would end the shell. Cancel it, and count it.
addEventListener('error', e => {
  if (e.error instanceof FuzzFailure)
    return;
  note('reported from a listener');
  e.preventDefault();
});

// Seed the instances with one of each, as a page would have them.
attempt('setup', () => {
  remember(new EventTarget());
  remember(new Event('e'));
  remember(new Blob(['x']));
  remember(new URL('http://example.com/?a=1'));
  remember(new URLSearchParams('a=1&b=2'));
  remember(new AbortController());
  remember(AbortSignal.abort());
  remember(new DOMException('m', 'SyntaxError'));
});

const deadline = performance.now() + config.seconds * 1000;
function batch() {
  try {
    for (let i = 0; i < 2000; i++)
      step();
  } catch (e) {
    throw e instanceof FuzzFailure ? e : new FuzzFailure('the driver itself failed: ' + e.stack);
  }
  if (typeof gc === 'function' && chance(0.2))
    gc();
  if (performance.now() < deadline) {
    setTimeout(batch, 0);  // let tasks (events, closes) run between batches
    return;
  }
  const summary = [...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
  console.log(`webidl_fuzz: ${calls} calls over ${targets.length} members, seed ${config.seed}: ` +
              summary.join(', '));
  instances = [];
}
batch();
