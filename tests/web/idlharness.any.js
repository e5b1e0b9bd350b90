// META: script=/resources/webidl2/lib/webidl2.js
// META: script=/resources/idlharness.js
// idlharness.js over every file in idl/: interface objects, prototypes, property attributes,
// lengths and names, brand checks, constants and instances, as WebIDL's JavaScript binding
// defines them.
'use strict';

const idlArray = new IdlArray();
for (const text of Object.values(WEB_TEST_IDL))
  idlArray.add_idls(text);
// Referenced by the IDL but defined elsewhere (HTML, WebIDL): known, not tested here.
idlArray.add_untested_idls(`
  [Exposed=Window] interface Window : EventTarget {};
  typedef (Int8Array or Int16Array or Int32Array or Uint8Array or Uint16Array or Uint32Array or
           Uint8ClampedArray or BigInt64Array or BigUint64Array or Float32Array or Float64Array or
           DataView) ArrayBufferView;
  typedef (ArrayBufferView or ArrayBuffer) BufferSource;
`);

let socket, socketStream;
let readableController, writableController, transformController;
new TransformStream({ start(c) { transformController = c; } });
new WritableStream({ start(c) { writableController = c; } });
new ReadableStream({ start(c) { readableController = c; } });
idlArray.add_objects({
  EventTarget: ['new EventTarget()'],
  AbortController: ['new AbortController()'],
  AbortSignal: ['new AbortController().signal', 'AbortSignal.abort()'],
  Event: ['new Event("foo")'],
  MessageEvent: ['new MessageEvent("message", {data: 5})'],
  CloseEvent: ['new CloseEvent("close")'],
  ErrorEvent: ['new ErrorEvent("error")'],
  DOMException: ['new DOMException("message", "SyntaxError")'],
  Blob: ['new Blob(["abc"])'],
  WebSocket: ['socket'],
  URL: ['new URL("http://example.com/")'],
  URLSearchParams: ['new URLSearchParams("hi=there&thank=you")'],
  TextDecoder: ['new TextDecoder()'],
  TextEncoder: ['new TextEncoder()'],
  ReadableStream: ['new ReadableStream()'],
  ReadableStreamDefaultReader: ['new ReadableStream().getReader()'],
  ReadableStreamDefaultController: ['readableController'],
  WritableStream: ['new WritableStream()'],
  WritableStreamDefaultWriter: ['new WritableStream().getWriter()'],
  WritableStreamDefaultController: ['writableController'],
  TransformStream: ['new TransformStream()'],
  TransformStreamDefaultController: ['transformController'],
  ByteLengthQueuingStrategy: ['new ByteLengthQueuingStrategy({ highWaterMark: 5 })'],
  CountQueuingStrategy: ['new CountQueuingStrategy({ highWaterMark: 5 })'],
  WebSocketStream: ['socketStream'],
  WebSocketError: ['new WebSocketError("message", { closeCode: 4000, reason: "why" })'],
});

setup(() => {
  socket = new WebSocket(`ws://${WEB_TEST_SERVER}/echo`);
  socket.onopen = () => socket.close();
  socketStream = new WebSocketStream(`ws://${WEB_TEST_SERVER}/echo`);
  socketStream.opened.then(() => socketStream.close());
});
idlArray.test();
