// HTML §8.1.4.6 "report an exception" on a Window global: an exception thrown by a listener
// fires a cancelable, trusted ErrorEvent at the global; the other listeners still run.
// ErrorEvent itself. (An error inside an error listener: tests/shell, since it is fatal.)
'use strict';
setup({allow_uncaught_exception: true});

// Dispatches an event to `listener` and then to a second listener, with an error listener
// on the global that records and cancels; returns what it saw, in order.
function dispatchCapturingReports(listener) {
  const seen = [];
  const onError = (e) => {
    seen.push(e);
    e.preventDefault();
  };
  self.addEventListener('error', onError);
  const target = new EventTarget();
  target.addEventListener('x', listener);
  target.addEventListener('x', () => seen.push('second listener'));
  target.dispatchEvent(new Event('x'));
  self.removeEventListener('error', onError);
  return seen;
}

test(() => {
  const seen = dispatchCapturingReports(() => { throw new RangeError('boom'); });
  assert_equals(seen.length, 2);
  const event = seen[0];
  assert_true(event instanceof ErrorEvent);
  assert_equals(event.type, 'error');
  assert_true(event.isTrusted);
  assert_true(event.cancelable);
  assert_true(event.defaultPrevented);
  assert_true(event.error instanceof RangeError);
  assert_equals(event.message, 'Uncaught RangeError: boom');
  assert_greater_than(event.lineno, 0);
  assert_greater_than(event.colno, 0);
  assert_equals(typeof event.filename, 'string');
  assert_equals(event.target, self);
  assert_equals(seen[1], 'second listener', 'the next listener still ran');
}, 'a listener exception is reported to the global as a cancelable ErrorEvent');

test(() => {
  // WebIDL "call a user object's operation" step 10.4: a handleEvent that is not callable
  // throws a TypeError, which the event dispatch reports like any listener exception.
  const seen = dispatchCapturingReports({handleEvent: 5});
  assert_equals(seen.length, 2);
  assert_true(seen[0] instanceof ErrorEvent);
  assert_true(seen[0].error instanceof TypeError, 'a TypeError');
  assert_true(seen[0].defaultPrevented, 'cancelable, and canceled by the listener');
  assert_equals(seen[1], 'second listener', 'the next listener still ran');
}, 'a listener object whose handleEvent is not callable reports a TypeError to the global');

test(() => {
  const error = {custom: true};
  const e = new ErrorEvent('error', {message: 'm', filename: 'f.js', lineno: 3, colno: 4, error,
                                    cancelable: true});
  assert_equals(e.message, 'm');
  assert_equals(e.filename, 'f.js');
  assert_equals(e.lineno, 3);
  assert_equals(e.colno, 4);
  assert_equals(e.error, error);
  assert_true(e.cancelable);
  assert_false(e.isTrusted);
  const d = new ErrorEvent('x');
  assert_array_equals([d.message, d.filename, d.lineno, d.colno, d.error], ['', '', 0, 0, undefined]);
}, 'new ErrorEvent(type, init)');

test(() => {
  const calls = [];
  self.onerror = function(message, source, lineno, colno, error) {
    calls.push([this === self, message, typeof source, lineno > 0, colno > 0,
                error instanceof SyntaxError, arguments.length]);
    return true;  // for onerror, true (not false) cancels: the shell keeps running
  };
  const target = new EventTarget();
  target.addEventListener('x', () => { throw new SyntaxError('s'); });
  target.dispatchEvent(new Event('x'));
  let plain;
  self.onerror = (e) => { plain = e; };
  dispatchEvent(new Event('error'));
  self.onerror = 'not an object';
  const nulled = self.onerror;
  self.onerror = null;
  assert_equals(JSON.stringify(calls), '[[true,"Uncaught SyntaxError: s","string",true,true,true,5]]');
  assert_true(plain instanceof Event && !(plain instanceof ErrorEvent),
              'an error event that is not an ErrorEvent is passed as itself');
  assert_equals(nulled, null, 'a non-object becomes null');
  const d = Object.getOwnPropertyDescriptor(self, 'onerror');
  assert_equals(typeof d.get, 'function', 'an accessor on the global itself ([Global])');
}, 'the global onerror gets (message, source, lineno, colno, error) and true cancels');
