// WebIDL §4.3 DOMException: the constructor, name/message/code, the legacy codes, the Error
// prototype chain, and the exceptions v8ws throws being of that very class.
'use strict';

test(() => {
  const e = new DOMException();
  assert_equals(e.name, 'Error');
  assert_equals(e.message, '');
  assert_equals(e.code, 0);
  const s = new DOMException('m', 'SyntaxError');
  assert_equals(s.name, 'SyntaxError');
  assert_equals(s.message, 'm');
  assert_equals(s.code, 12);
  assert_equals(String(s), 'SyntaxError: m', 'Error.prototype.toString');
  assert_equals(new DOMException(undefined, undefined).name, 'Error', 'undefined: defaults');
  assert_equals(new DOMException(null, null).message, 'null', 'null is a string');
  assert_throws_js(TypeError, () => DOMException('m'), 'needs new');
}, 'constructor defaults and conversions');

test(() => {
  const codes = {
    IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4,
    InvalidCharacterError: 5, NoModificationAllowedError: 7, NotFoundError: 8,
    NotSupportedError: 9, InUseAttributeError: 10, InvalidStateError: 11, SyntaxError: 12,
    InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
    TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
    URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24,
    DataCloneError: 25, EncodingError: 0, NotAllowedError: 0, OperationError: 0, Custom: 0,
  };
  for (const [name, code] of Object.entries(codes))
    assert_equals(new DOMException('', name).code, code, name);
  assert_equals(DOMException.SYNTAX_ERR, 12);
  assert_equals(DOMException.prototype.ABORT_ERR, 20);
  assert_equals(new DOMException().DATA_CLONE_ERR, 25, 'constants are inherited');
}, 'legacy codes for each name in the error names table, 0 for the rest');

test(() => {
  const e = new DOMException('m', 'AbortError');
  assert_true(e instanceof DOMException);
  assert_true(e instanceof Error);
  assert_equals(Object.getPrototypeOf(DOMException.prototype), Error.prototype);
  assert_equals(Object.prototype.toString.call(e), '[object DOMException]');
  assert_false(e.hasOwnProperty('name'), 'name is a prototype accessor, not an own property');
  assert_equals(typeof e.stack, 'string');
  const d = Object.getOwnPropertyDescriptor(DOMException.prototype, 'code');
  assert_equals(typeof d.get, 'function');
  assert_throws_js(TypeError, () => d.get.call(new Error()), 'brand check');
}, 'the prototype chain reaches Error.prototype; members are brand-checked accessors');

test(() => {
  let thrown;
  try {
    new WebSocket('ws://[bad');
  } catch (e) {
    thrown = e;
  }
  assert_true(thrown instanceof DOMException, 'the constructor script sees');
  assert_equals(thrown.name, 'SyntaxError');
  assert_equals(thrown.code, DOMException.SYNTAX_ERR);
  assert_true(thrown.message.startsWith("Failed to construct 'WebSocket': "), thrown.message);
  assert_true(thrown.stack.includes("Failed to construct 'WebSocket'"), 'a stack like an Error\'s');
}, 'exceptions thrown by the platform are DOMExceptions with the shared message format');
