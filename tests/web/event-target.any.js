// DOM Standard §2.7-2.10: listeners, options, dispatch order and the event's state during
// and after dispatch; HTML §8.1.8.1 event handler attributes on a WebSocket.
'use strict';

test(() => {
  const target = new EventTarget();
  const order = [];
  target.addEventListener('x', () => order.push('bubble 1'));
  target.addEventListener('x', () => order.push('capture'), true);
  target.addEventListener('x', () => order.push('bubble 2'), {capture: false});
  target.dispatchEvent(new Event('x'));
  // At the target, capturing listeners run first, then the others, each in add order.
  assert_array_equals(order, ['capture', 'bubble 1', 'bubble 2']);
}, 'listeners run capture first, then in the order they were added');

test(() => {
  const target = new EventTarget();
  let calls = 0;
  const listener = () => calls++;
  target.addEventListener('x', listener);
  target.addEventListener('x', listener);
  target.addEventListener('x', listener, {once: true});
  target.dispatchEvent(new Event('x'));
  assert_equals(calls, 1, 'the same callback, type and capture is added once');
  target.addEventListener('x', listener, true);
  target.dispatchEvent(new Event('x'));
  assert_equals(calls, 3, 'a different capture flag is a different listener');
  target.removeEventListener('x', listener, {capture: true});
  target.removeEventListener('x', listener);
  target.dispatchEvent(new Event('x'));
  assert_equals(calls, 3);
}, 'duplicates are suppressed; removal matches type, callback and capture');

test(() => {
  const target = new EventTarget();
  let calls = 0;
  target.addEventListener('x', () => calls++, {once: true});
  target.dispatchEvent(new Event('x'));
  target.dispatchEvent(new Event('x'));
  assert_equals(calls, 1);
}, 'once: the listener is removed before it runs');

test(() => {
  const target = new EventTarget();
  let inner = 0;
  target.addEventListener('x', () => {
    target.dispatchEvent(new Event('x'));
    inner++;
  }, {once: true});
  target.dispatchEvent(new Event('x'));
  assert_equals(inner, 1, 'a nested dispatch does not run a once listener again');
}, 'once holds across a nested dispatch');

test(() => {
  const target = new EventTarget();
  const order = [];
  const second = () => order.push('second');
  target.addEventListener('x', () => {
    order.push('first');
    target.removeEventListener('x', second);
    target.addEventListener('x', () => order.push('added'));
  });
  target.addEventListener('x', second);
  target.dispatchEvent(new Event('x'));
  assert_array_equals(order, ['first'], 'removed during dispatch: not run; added: not run');
  target.dispatchEvent(new Event('x'));
  assert_array_equals(order, ['first', 'first', 'added']);
}, 'listeners removed during dispatch do not run, listeners added wait for the next');

test(() => {
  // Lists short and long (the clone of DOM §2.9 step 5.4 may live in different places).
  for (let n = 1; n <= 9; n++) {
    const target = new EventTarget();
    const ran = [];
    const listeners = [];
    for (let i = 0; i < n; i++) {
      listeners.push(() => {
        ran.push(i);
        if (i === 0) {
          // Remove every odd listener, and add as many new ones, from the first listener.
          for (let j = 1; j < n; j += 2)
            target.removeEventListener('x', listeners[j]);
          for (let j = 0; j < n; j++)
            target.addEventListener('x', () => ran.push('new' + j));
        }
      });
      target.addEventListener('x', listeners[i]);
    }
    target.dispatchEvent(new Event('x'));
    const expected = [];
    for (let i = 0; i < n; i += 2)
      expected.push(i);
    assert_array_equals(ran, expected, `${n} listeners`);
  }
}, 'removal and addition during dispatch, for lists of 1 to 9 listeners');

test(() => {
  const target = new EventTarget();
  const seen = [];
  const object = {handleEvent(e) { seen.push([this === object, e.type]); }};
  target.addEventListener('x', object);
  target.dispatchEvent(new Event('x'));
  object.handleEvent = function(e) { seen.push(['replaced', e.type]); };
  target.dispatchEvent(new Event('x'));
  assert_equals(JSON.stringify(seen), '[[true,"x"],["replaced","x"]]');
}, 'handleEvent is looked up at each dispatch and called with the object as this');

test(() => {
  const target = new EventTarget();
  let passiveDefault = null;
  target.addEventListener('x', (e) => { e.preventDefault(); passiveDefault = e.defaultPrevented; },
                          {passive: true});
  const event = new Event('x', {cancelable: true});
  assert_true(target.dispatchEvent(event));
  assert_false(passiveDefault, 'preventDefault() in a passive listener is ignored');
  target.addEventListener('y', (e) => e.preventDefault());
  assert_false(target.dispatchEvent(new Event('y', {cancelable: true})));
  assert_true(target.dispatchEvent(new Event('y')), 'not cancelable: nothing to prevent');
}, 'passive listeners cannot cancel; dispatchEvent returns !defaultPrevented');

test(() => {
  const target = new EventTarget();
  const order = [];
  target.addEventListener('x', (e) => { order.push(1); e.stopImmediatePropagation(); });
  target.addEventListener('x', () => order.push(2));
  target.dispatchEvent(new Event('x'));
  assert_array_equals(order, [1]);
  target.addEventListener('y', (e) => { order.push(3); e.stopPropagation(); });
  target.addEventListener('y', () => order.push(4));
  target.dispatchEvent(new Event('y'));
  assert_array_equals(order, [1, 3, 4], 'stopPropagation does not stop the same target');
}, 'stopImmediatePropagation stops the remaining listeners');

test(() => {
  const target = new EventTarget();
  let during;
  target.addEventListener('x', (e) => {
    during = [e.target === target, e.currentTarget === target, e.eventPhase,
              e.composedPath().length, e.composedPath()[0] === target, e.srcElement === target];
  });
  const event = new Event('x');
  assert_equals(event.eventPhase, Event.NONE);
  assert_array_equals(event.composedPath(), []);
  target.dispatchEvent(event);
  assert_array_equals(during, [true, true, Event.AT_TARGET, 1, true, true]);
  assert_equals(event.currentTarget, null, 'currentTarget is cleared after dispatch');
  assert_equals(event.target, target, 'target stays');
  assert_equals(event.eventPhase, Event.NONE);
  assert_array_equals(event.composedPath(), []);
}, 'target, currentTarget, eventPhase and composedPath during and after dispatch');

test(() => {
  const target = new EventTarget();
  const event = new Event('x', {cancelable: true});
  target.addEventListener('x', () => {
    assert_throws_dom('InvalidStateError', () => target.dispatchEvent(event));
  });
  target.dispatchEvent(event);
  assert_true(target.dispatchEvent(event), 'can be dispatched again once finished');
  assert_throws_js(TypeError, () => target.dispatchEvent({type: 'x'}));
  assert_throws_js(TypeError, () => target.dispatchEvent());
}, 'dispatchEvent: InvalidStateError while dispatching, TypeError for non-events');

test(() => {
  const event = new Event('x', {cancelable: true});
  assert_true(event.returnValue);
  event.returnValue = false;
  assert_true(event.defaultPrevented);
  assert_false(event.returnValue);
  event.returnValue = true;
  assert_true(event.defaultPrevented, 'returnValue = true does not undo');
  event.cancelBubble = true;
  assert_true(event.cancelBubble);
  event.cancelBubble = false;
  assert_true(event.cancelBubble, 'cancelBubble = false does not undo');
  const target = new EventTarget();
  let ran = false;
  target.addEventListener('x', () => ran = true);
  target.dispatchEvent(event);
  assert_false(ran, 'an event whose propagation was stopped reaches no listener');
  assert_false(event.cancelBubble, 'the flag is cleared after dispatch');
}, 'legacy returnValue and cancelBubble');

test(() => {
  const before = performance.now();
  const event = new Event('x');
  const after = performance.now();
  assert_greater_than_equal(event.timeStamp, before);
  assert_less_than_equal(event.timeStamp, after);
  assert_false(event.isTrusted);
  assert_own_property(event, 'isTrusted', '[LegacyUnforgeable] makes isTrusted an own property');
  const d = Object.getOwnPropertyDescriptor(event, 'isTrusted');
  assert_false(d.configurable);
  assert_equals(typeof d.get, 'function');
}, 'timeStamp is relative to performance.timeOrigin; isTrusted is false for script events');

test(() => {
  class Emitter extends EventTarget {
    constructor() { super(); this.count = 0; }
    fire() { return this.dispatchEvent(new Event('ping')); }
  }
  const e = new Emitter();
  e.addEventListener('ping', function(ev) { this.count++; assert_equals(ev.target, e); });
  e.fire();
  e.fire();
  assert_equals(e.count, 2);
  assert_true(e instanceof EventTarget);
  assert_equals(Object.getPrototypeOf(Object.getPrototypeOf(e)), EventTarget.prototype);

  class Custom extends Event {
    constructor(detail) { super('custom'); this.detail = detail; }
  }
  let got;
  e.addEventListener('custom', (ev) => got = ev.detail);
  e.dispatchEvent(new Custom(7));
  assert_equals(got, 7);
}, 'EventTarget and Event can be subclassed');

test(() => {
  let fired = 0;
  const listener = () => fired++;
  addEventListener('global-test', listener);
  assert_true(dispatchEvent(new Event('global-test')));
  removeEventListener('global-test', listener);
  dispatchEvent(new Event('global-test'));
  assert_equals(fired, 1);
  assert_true(self instanceof Window && self instanceof EventTarget);
  assert_equals(Object.prototype.toString.call(self), '[object Window]');
  assert_throws_js(TypeError, () => new Window());
  assert_throws_js(TypeError, () => Object.setPrototypeOf(self, {}));
}, 'the global is a Window: an EventTarget with an immutable prototype');

test(() => {
  const ws = new WebSocket(`ws://${WEB_TEST_SERVER}/echo`);
  const order = [];
  ws.addEventListener('x', () => order.push('listener 1'));
  ws.onopen = 'not callable';
  assert_equals(ws.onopen, null, 'a non-callable value becomes null');
  const handler = () => order.push('handler');
  ws.onx = null;  // not an event handler: an ordinary property
  ws.onclose = handler;
  assert_equals(ws.onclose, handler);
  ws.addEventListener('close', () => order.push('listener 2'));
  ws.onclose = () => order.push('handler (replaced)');
  ws.dispatchEvent(new Event('close'));
  assert_array_equals(order, ['handler (replaced)', 'listener 2'],
                      'a replaced handler keeps the place where the first was set');
  ws.onclose = null;
  ws.onclose = () => order.push('handler again');
  ws.dispatchEvent(new Event('close'));
  assert_array_equals(order.slice(2), ['listener 2', 'handler again'],
                      'after null, a handler takes a new place at the end');
  ws.onclose = null;
  ws.close();
}, 'event handler attributes: list position, null, non-callables');

test(() => {
  // Listeners added, removed, made `once` or tied to a signal, and event handlers set and
  // cleared, in sequences a seeded generator picks: each dispatch calls exactly the live
  // listeners of its type, captures first, each group in the order it was added, as a plain
  // model of the list says. (Removed listeners' storage is reused by later ones.)
  let seed = 7;
  const random = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  // An AbortSignal is the target: it has an event handler attribute (onabort) for one of
  // the two types.
  const types = ['abort', 'x'];
  for (let round = 0; round < 40; ++round) {
    const target = new AbortController().signal;
    const model = [];  // { type, capture, once, fn, id, handler, controller }
    let handler = null;  // the model entry of onabort
    let nextId = 0, calls = [];
    for (let step = 0; step < 200; ++step) {
      const type = types[random(2)];
      const op = random(10);
      if (op < 4) {
        const id = nextId++, capture = random(2) === 1, once = random(3) === 0;
        const controller = random(4) === 0 ? new AbortController() : null;
        const fn = () => calls.push(id);
        const options = { capture, once, ...(controller ? { signal: controller.signal } : {}) };
        target.addEventListener(type, fn, options);
        model.push({ type, capture, once, fn, id, controller });
      } else if (op < 6 && model.length) {
        const entry = model[random(model.length)];
        if (entry.handler) continue;
        if (entry.controller && random(2)) entry.controller.abort();
        else target.removeEventListener(entry.type, entry.fn, { capture: entry.capture });
        model.splice(model.indexOf(entry), 1);
      } else if (op < 7) {
        // An event handler keeps its position while set; null removes it.
        if (handler && random(2)) {
          target.onabort = null;
          model.splice(model.indexOf(handler), 1);
          handler = null;
        } else {
          const id = nextId++;
          target.onabort = () => calls.push(id);
          if (handler) {
            handler.id = id;
          } else {
            handler = { type: 'abort', capture: false, once: false, id, handler: true };
            model.push(handler);
          }
        }
      } else {
        const live = model.filter((e) => e.type === type);
        const expected = [...live.filter((e) => e.capture), ...live.filter((e) => !e.capture)]
            .map((e) => e.id);
        calls = [];
        target.dispatchEvent(new Event(type));
        assert_array_equals(calls, expected, `round ${round} step ${step}`);
        for (const e of live)
          if (e.once) model.splice(model.indexOf(e), 1);
      }
    }
  }
}, 'dispatch calls exactly the live listeners over chosen sequences of adds and removals');
