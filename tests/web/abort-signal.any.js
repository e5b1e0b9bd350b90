// DOM Standard §3: AbortController, AbortSignal (abort, timeout, any, dependent signals) and
// the `signal` option of addEventListener.
'use strict';

test(() => {
  const controller = new AbortController();
  const signal = controller.signal;
  assert_equals(controller.signal, signal, '[SameObject]');
  assert_false(signal.aborted);
  assert_equals(signal.reason, undefined);
  signal.throwIfAborted();
  const events = [];
  signal.onabort = (e) => events.push([e.type, e.isTrusted, e.target === signal, signal.aborted]);
  controller.abort();
  assert_true(signal.aborted);
  assert_true(signal.reason instanceof DOMException);
  assert_equals(signal.reason.name, 'AbortError');
  assert_equals(signal.reason.code, DOMException.ABORT_ERR);
  assert_equals(JSON.stringify(events), '[["abort",true,true,true]]');
  controller.abort('again');
  assert_equals(events.length, 1, 'a second abort() does nothing');
  assert_equals(signal.reason.name, 'AbortError', 'and keeps the first reason');
  assert_throws_dom('AbortError', () => signal.throwIfAborted());
}, 'abort() without a reason: an AbortError DOMException, one trusted abort event');

test(() => {
  const controller = new AbortController();
  const reason = {any: 'value'};
  controller.abort(reason);
  assert_equals(controller.signal.reason, reason);
  try {
    controller.signal.throwIfAborted();
    assert_unreached('should throw');
  } catch (e) {
    assert_equals(e, reason, 'throwIfAborted throws the reason itself');
  }
  const c2 = new AbortController();
  c2.abort(undefined);
  assert_equals(c2.signal.reason.name, 'AbortError', 'undefined means no reason');
  const c3 = new AbortController();
  c3.abort(null);
  assert_equals(c3.signal.reason, null, 'null is a reason');
}, 'abort(reason) keeps any value; throwIfAborted throws it');

test(() => {
  const signal = AbortSignal.abort();
  assert_true(signal.aborted);
  assert_equals(signal.reason.name, 'AbortError');
  assert_equals(AbortSignal.abort(5).reason, 5);
  assert_not_equals(AbortSignal.abort(), AbortSignal.abort(), '[NewObject]');
  assert_throws_js(TypeError, () => new AbortSignal(), 'no constructor');
}, 'AbortSignal.abort()');

promise_test(async () => {
  const start = performance.now();
  const signal = AbortSignal.timeout(30);
  assert_false(signal.aborted);
  // As in Node and Deno, the timeout's timer does not keep the shell running by itself.
  const keepAlive = setTimeout(() => {}, 5000);
  const event = await new Promise((resolve) => signal.addEventListener('abort', resolve));
  clearTimeout(keepAlive);
  assert_greater_than_equal(performance.now() - start, 29);
  assert_true(event.isTrusted);
  assert_equals(signal.reason.name, 'TimeoutError');
  assert_equals(signal.reason.code, DOMException.TIMEOUT_ERR);
  assert_throws_js(TypeError, () => AbortSignal.timeout(-1), '[EnforceRange]');
  assert_throws_js(TypeError, () => AbortSignal.timeout(), 'argument required');
}, 'AbortSignal.timeout() aborts with a TimeoutError after the delay');

test(() => {
  const a = new AbortController();
  const b = new AbortController();
  const any = AbortSignal.any([a.signal, b.signal]);
  const nested = AbortSignal.any([any]);
  const order = [];
  a.signal.addEventListener('abort', () => order.push(['a', any.aborted, nested.aborted]));
  any.addEventListener('abort', () => order.push(['any', any.reason]));
  nested.addEventListener('abort', () => order.push(['nested', nested.reason]));
  assert_false(any.aborted);
  a.abort('first');
  // Dependents are marked aborted (with the reason) before any event fires.
  assert_equals(JSON.stringify(order), '[["a",true,true],["any","first"],["nested","first"]]');
  b.abort('second');
  assert_equals(any.reason, 'first');
  assert_equals(order.length, 3);
}, 'AbortSignal.any(): dependents abort with the first reason, after their source');

test(() => {
  const aborted = AbortSignal.abort('early');
  const any = AbortSignal.any([new AbortController().signal, aborted]);
  assert_true(any.aborted);
  assert_equals(any.reason, 'early');
  assert_false(AbortSignal.any([]).aborted, 'no inputs: never aborts');
  assert_throws_js(TypeError, () => AbortSignal.any([{}]));
  assert_throws_js(TypeError, () => AbortSignal.any(null));
}, 'AbortSignal.any() with an aborted input, no input, or a non-signal');

test(() => {
  const target = new EventTarget();
  const controller = new AbortController();
  let calls = 0;
  target.addEventListener('x', () => calls++, {signal: controller.signal});
  target.dispatchEvent(new Event('x'));
  controller.abort();
  target.dispatchEvent(new Event('x'));
  assert_equals(calls, 1, 'aborting removes the listener');
  target.addEventListener('x', () => calls++, {signal: controller.signal});
  target.dispatchEvent(new Event('x'));
  assert_equals(calls, 1, 'an aborted signal adds nothing');
  assert_throws_js(TypeError, () => target.addEventListener('x', () => {}, {signal: null}));
  assert_throws_js(TypeError, () => target.addEventListener('x', () => {}, {signal: {}}));
}, 'addEventListener signal option');

test(() => {
  const target = new EventTarget();
  const controller = new AbortController();
  const order = [];
  target.addEventListener('x', () => { order.push(1); controller.abort(); },
                          {signal: controller.signal});
  target.addEventListener('x', () => order.push(2), {signal: controller.signal});
  target.dispatchEvent(new Event('x'));
  assert_array_equals(order, [1], 'a listener removed by abort during dispatch does not run');
}, 'aborting during dispatch removes the later listeners too');

test(() => {
  const target = new EventTarget();
  const controller = new AbortController();
  const listener = () => {};
  target.addEventListener('x', listener, {signal: controller.signal});
  target.removeEventListener('x', listener);
  let calls = 0;
  target.addEventListener('x', () => calls++);
  controller.abort();
  target.dispatchEvent(new Event('x'));
  assert_equals(calls, 1, 'aborting after a removal touches nothing else');
}, 'a listener removed by hand is not removed twice');
