// A misbehaving server (tests/servers/hostile_server.py), one violation per connection:
// what script sees (events in order, readyState in each handler, code, wasClean) and what
// the client put on the wire (the server reports the Close code it received, and whether
// the client then closed TCP).
'use strict';

function hostileUrl(path) {
  return `ws://${WEB_TEST_HOSTILE_SERVER}${path}`;
}

function record(ws) {
  return new Promise((resolve) => {
    const seen = [];
    for (const type of ['open', 'message', 'error', 'close']) {
      ws.addEventListener(type, (e) => {
        seen.push(`${type}@${ws.readyState}`);
        if (type === 'close')
          resolve({seen, code: e.code, reason: e.reason, wasClean: e.wasClean});
      });
    }
  });
}

function report(id) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(hostileUrl(`/report/${id}`));
    ws.onmessage = (e) => resolve(JSON.parse(e.data));
    ws.onerror = () => reject(new Error('no report'));
  });
}

let next = 0;
function id() {
  return `${Date.now()}-${next++}`;
}

const violations = {
  'masked-frame': 1002,
  'reserved-opcode': 1002,
  'reserved-control-opcode': 1002,
  'rsv-bit': 1002,
  'fragmented-ping': 1002,
  'long-ping': 1002,
  'continuation-first': 1002,
  'new-message-inside': 1002,
  'top-bit-length': 1002,
  'invalid-utf8': 1007,
  'split-invalid-utf8': 1007,
  'truncated-utf8': 1007,
  'close-one-byte': 1002,
  'close-code-1005': 1002,
  'close-code-999': 1002,
  'close-code-5000': 1002,
  'close-invalid-reason': 1007,
  'deflate-corrupt': 1007,
  'deflate-rsv1-continuation': 1002,
  'deflate-rsv1-ping': 1002,
  'deflate-invalid-utf8': 1007,
  'deflate-empty-payload': 1007,
  'deflate-cut-block': 1007,
};

for (const [name, code] of Object.entries(violations)) {
  promise_test(async () => {
    const key = id();
    const ws = new WebSocket(hostileUrl(`/violation/${name}?id=${key}`));
    const result = await record(ws);
    // Open, then the failure: error and close fire with readyState CLOSED, no message.
    assert_array_equals(result.seen, ['open@1', 'error@3', 'close@3']);
    assert_equals(result.code, 1006, 'script sees 1006: no Close frame was received');
    assert_false(result.wasClean);
    assert_equals(result.reason, '');
    const wire = await report(key);
    assert_equals(wire.close_code, code, 'the Close code the client sent');
    assert_true(wire.tcp_closed, 'the client closed TCP after failing');
  }, `${name}: fail the connection, send ${code}`);
}

const handshakes = ['status-200', 'redirect', 'no-upgrade', 'bad-accept', 'unrequested-protocol',
                    'unoffered-extension', 'bad-deflate-parameter', 'huge-headers',
                    'nul-in-header-name', 'space-before-colon', 'nul-in-header-value',
                    'bare-cr-in-value', 'bare-lf-in-value', 'control-in-reason'];

for (const name of handshakes) {
  promise_test(async () => {
    const key = id();
    const ws = new WebSocket(hostileUrl(`/handshake/${name}?id=${key}`));
    const result = await record(ws);
    assert_array_equals(result.seen, ['error@3', 'close@3'], 'never open');
    assert_equals(result.code, 1006);
    assert_false(result.wasClean);
    assert_equals(ws.protocol, '');
    assert_equals(ws.extensions, '');
    const wire = await report(key);
    assert_false(wire.client_sent_a_frame, 'no frame after a failed handshake');
  }, `handshake ${name}: error, then close 1006, never open`);
}
