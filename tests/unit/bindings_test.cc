// The bindings and core/ through script, in a real isolate: WebIDL conversions, property
// shapes, DOMException, events, and WebSocket over a fake channel (no network).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/url/url.h"
#include "core/websockets/websocket_channel.h"
#include "tests/unit/v8_test_support.h"

namespace v8ws {
namespace {

// Records what the DOM object asked of the network; the test plays the network's part.
struct FakeChannelLog {
  std::vector<std::string> calls;
  WebSocketChannelClient* client = nullptr;
};

class FakeChannel : public WebSocketChannel {
 public:
  FakeChannel(FakeChannelLog* log, WebSocketChannelClient* client) : log_(log) {
    log_->client = client;
  }
  ~FakeChannel() override { log_->client = nullptr; }
  void Connect(const Url& url, const std::vector<std::string>& protocols) override {
    std::string p;
    for (const auto& s : protocols)
      p += (p.empty() ? "" : ",") + s;
    log_->calls.push_back("connect " + url.Serialize() + " [" + p + "]");
  }
  void Send(net::MessageType type, net::Buffer payload) override {
    log_->calls.push_back(
        std::string(type == net::MessageType::kText ? "text " : "binary ") +
        std::string(reinterpret_cast<const char*>(payload.data()), payload.size()));
  }
  void Close(std::optional<uint16_t> code, const std::string& reason) override {
    log_->calls.push_back("close " + (code ? std::to_string(*code) : std::string("none")) + " " +
                          reason);
  }
  void Fail(const std::string&) override { log_->calls.push_back("fail"); }
  void Disconnect(std::optional<uint16_t> code) override {
    log_->calls.push_back("disconnect " + (code ? std::to_string(*code) : std::string("none")));
    log_->client = nullptr;
  }

 private:
  FakeChannelLog* log_;
};

class BindingsTest : public ::testing::Test {
 protected:
  BindingsTest()
      : factory_([this](ExecutionContext*, WebSocketChannelClient* client) {
          return std::make_unique<FakeChannel>(&log_, client);
        }) {
    ContextOptions options;
    options.base_url = "https://example.com/dir/";
    options.console = [this](ConsoleLevel, const std::string& text) { console_.push_back(text); };
    v8_.emplace(options);
  }
  std::string Eval(const std::string& code) { return v8_->Eval(code); }

  FakeChannelLog log_;
  std::vector<std::string> console_;
  ScopedChannelFactoryForTesting factory_;
  std::optional<test::V8Scope> v8_;
};

TEST_F(BindingsTest, InterfaceObjectsAreDataPropertiesOfTheGlobal) {
  for (const char* name :
       {"WebSocket", "EventTarget", "Event", "MessageEvent", "CloseEvent", "DOMException"}) {
    std::string d = "Object.getOwnPropertyDescriptor(globalThis, '" + std::string(name) + "')";
    EXPECT_EQ(Eval("const d_" + std::string(name) + " = " + d + "; [typeof d_" + name +
                   ".value, d_" + name + ".writable, d_" + name + ".enumerable, d_" + name +
                   ".configurable, 'get' in d_" + name + "].join()"),
              "function,true,false,true,false")
        << name;
  }
}

TEST_F(BindingsTest, LengthsNamesAndPrototypeChains) {
  EXPECT_EQ(Eval("WebSocket.length"), "1");
  EXPECT_EQ(Eval("Event.length"), "1");
  EXPECT_EQ(Eval("EventTarget.length"), "0");
  EXPECT_EQ(Eval("DOMException.length"), "0");
  EXPECT_EQ(Eval("WebSocket.name"), "WebSocket");
  EXPECT_EQ(Eval("Object.getPrototypeOf(WebSocket) === EventTarget"), "true");
  EXPECT_EQ(Eval("Object.getPrototypeOf(WebSocket.prototype) === EventTarget.prototype"), "true");
  EXPECT_EQ(Eval("Object.getPrototypeOf(CloseEvent.prototype) === Event.prototype"), "true");
  EXPECT_EQ(Eval("WebSocket.prototype.close.length + ',' + WebSocket.prototype.send.length"),
            "0,1");
  EXPECT_EQ(Eval("EventTarget.prototype.addEventListener.length"), "2");
  EXPECT_EQ(Eval("Object.prototype.toString.call(WebSocket.prototype)"), "[object WebSocket]");
  EXPECT_EQ(Eval("Object.getOwnPropertyDescriptor(WebSocket, 'prototype').writable"), "false");
}

TEST_F(BindingsTest, AttributesAreAccessorsAndBrandChecked) {
  EXPECT_EQ(Eval("const rs = Object.getOwnPropertyDescriptor(WebSocket.prototype, "
                 "'readyState'); [typeof rs.get, rs.set, rs.enumerable, rs.configurable].join()"),
            "function,,true,true");
  EXPECT_EQ(Eval("try { WebSocket.prototype.readyState } catch (e) { e.constructor.name + ': ' "
                 "+ e.message }"),
            "TypeError: Illegal invocation");
  EXPECT_EQ(Eval("try { WebSocket.prototype.close.call(new EventTarget()) } catch (e) { "
                 "e.constructor.name }"),
            "TypeError");
  EXPECT_EQ(Eval("try { WebSocket('ws://x') } catch (e) { e.constructor.name }"), "TypeError");
}

TEST_F(BindingsTest, ConstantsOnInterfaceAndPrototype) {
  EXPECT_EQ(Eval("[WebSocket.OPEN, WebSocket.prototype.CLOSED, Event.AT_TARGET].join()"), "1,3,2");
  EXPECT_EQ(Eval("const c = Object.getOwnPropertyDescriptor(WebSocket, 'CLOSING'); "
                 "[c.writable, c.enumerable, c.configurable].join()"),
            "false,true,false");
}

TEST_F(BindingsTest, DOMExceptionIsARealErrorSubclass) {
  EXPECT_EQ(Eval("const e = new DOMException('m', 'SyntaxError'); "
                 "[e.name, e.message, e.code, e instanceof Error, "
                 "Object.getPrototypeOf(DOMException.prototype) === Error.prototype].join()"),
            "SyntaxError,m,12,true,true");
  EXPECT_EQ(Eval("const d = new DOMException(); [d.name, d.message, d.code].join('|')"),
            "Error||0");
  EXPECT_EQ(Eval("[DOMException.INVALID_ACCESS_ERR, DOMException.prototype.DATA_CLONE_ERR].join()"),
            "15,25");
  EXPECT_EQ(Eval("try { new WebSocket('ftp://x') } catch (e) { [e instanceof DOMException, "
                 "e.name, e.code, typeof e.stack].join() }"),
            "true,SyntaxError,12,string");
}

TEST_F(BindingsTest, UsvStringReplacesLoneSurrogates) {
  EXPECT_EQ(Eval("const ws = new WebSocket('wss://h/'); "
                 "new CloseEvent('close', {reason: 'a\\uD800b'}).reason === 'a\\uFFFDb'"),
            "true");
  EXPECT_EQ(Eval("new Event('a\\uD800b').type === 'a\\uD800b'"), "true")
      << "DOMString keeps lone surrogates";
}

TEST_F(BindingsTest, StringsReachCppAsUtf8InEitherRepresentation) {
  // A string of Latin-1 units (one byte each in V8) takes a path of its own into UTF-8:
  // random strings, high units anywhere, against UTF-8 made in script. Every other one is
  // sliced from a two-byte string, so it goes the general way.
  EXPECT_EQ(Eval(R"(
    const utf8 = (s) => Array.from(s, (ch) => {
      const c = ch.charCodeAt(0);
      return c < 0x80 ? [c] : [0xC0 | (c >> 6), 0x80 | (c & 63)];
    }).flat().join(',');
    let seed = 7;
    const rnd = (n) => (seed = (seed * 48271) % 2147483647) % n;
    const bad = [];
    for (let i = 0; i < 3000; i++) {
      let s = '';
      for (let j = rnd(48); j > 0; j--) s += String.fromCharCode(rnd(3) ? rnd(128) : rnd(256));
      if (i % 2) s = ('\u0100' + s).slice(1);
      if (Array.from(new TextEncoder().encode(s)).join(',') !== utf8(s)) bad.push(JSON.stringify(s));
    }
    bad.length ? bad.slice(0, 3).join(' ') : 'ok')"),
            "ok");
  EXPECT_EQ(Eval("const w = new WebSocket('wss://h/'); w.readyState"), "0");
  log_.client->DidConnect("", "");
  Eval("w.send('caf\u00e9 \u00ff')");
  EXPECT_EQ(log_.calls.back(), "text caf\xc3\xa9 \xc3\xbf");
}

TEST_F(BindingsTest, DictionariesAndDefaults) {
  EXPECT_EQ(Eval("const ev = new Event('x', {bubbles: 1, cancelable: 'yes'}); "
                 "[ev.bubbles, ev.cancelable, ev.composed, ev.isTrusted].join()"),
            "true,true,false,false");
  EXPECT_EQ(Eval("const ce = new CloseEvent('close', {code: 70000, wasClean: true}); "
                 "[ce.code, ce.wasClean, ce.reason].join()"),
            "4464,true,")
      << "unsigned short wraps modulo 2^16 without [Clamp]";
  EXPECT_EQ(Eval("try { new Event('x', 5) } catch (e) { e.constructor.name }"), "TypeError");
  EXPECT_EQ(Eval("const me = new MessageEvent('message', {data: {k: 1}}); "
                 "[me.data.k, me.data === me.data, me.source, me.ports.length, "
                 "Object.isFrozen(me.ports), me.ports === me.ports].join()"),
            "1,true,,0,true,true");
}

TEST_F(BindingsTest, EventDispatchOrderAndOptions) {
  EXPECT_EQ(Eval(R"(
    const t = new EventTarget();
    const log = [];
    const f = () => log.push('f');
    t.addEventListener('x', f);
    t.addEventListener('x', f);  // a duplicate is ignored
    t.addEventListener('x', () => log.push('once'), {once: true});
    t.addEventListener('x', {handleEvent(e) { log.push('obj:' + (this !== t)); }});
    t.addEventListener('x', () => log.push('capture'), true);
    t.dispatchEvent(new Event('x'));
    t.dispatchEvent(new Event('x'));
    log.join())"),
            "capture,f,once,obj:true,capture,f,obj:true");
  EXPECT_EQ(Eval(R"(
    const t2 = new EventTarget();
    const seen = [];
    t2.addEventListener('y', e => { seen.push(e.eventPhase, e.target === t2,
                                              e.currentTarget === t2); e.stopImmediatePropagation(); });
    t2.addEventListener('y', () => seen.push('not reached'));
    const ev2 = new Event('y', {cancelable: true});
    t2.addEventListener('y', e => e.preventDefault());
    const r = t2.dispatchEvent(ev2);
    [seen.join(), r, ev2.eventPhase, ev2.currentTarget, ev2.target === t2].join('|'))"),
            "2,true,true|true|0||true");
}

TEST_F(BindingsTest, EventHandlerAttributesKeepTheirPosition) {
  EXPECT_EQ(Eval(R"(
    const ws = new WebSocket('wss://h/');
    const log = [];
    ws.onopen = () => log.push('handler1');
    ws.addEventListener('open', () => log.push('listener'));
    ws.onopen = () => log.push('handler2');  // same position as handler1
    ws.dispatchEvent(new Event('open'));
    ws.onopen = null;
    ws.onopen = () => log.push('handler3');  // a new position, at the end
    ws.addEventListener('open', () => log.push('last'));
    ws.dispatchEvent(new Event('open'));
    ws.onmessage = 'not an object';
    log.join() + '|' + ws.onmessage + '|' + (typeof ws.onopen))"),
            "handler2,listener,listener,handler3,last|null|function");
}

TEST_F(BindingsTest, ListenerExceptionsAreReportedAndDoNotStopOthers) {
  EXPECT_EQ(Eval(R"(
    const t = new EventTarget();
    const log = [];
    t.addEventListener('x', () => { throw new Error('boom'); });
    t.addEventListener('x', () => log.push('after'));
    t.dispatchEvent(new Event('x'));
    log.join())"),
            "after");
  ASSERT_EQ(v8_->reported_exceptions().size(), 1u);
  EXPECT_EQ(v8_->reported_exceptions()[0], "Error: boom");
}

TEST_F(BindingsTest, ConstructorResolvesAgainstTheBaseUrl) {
  EXPECT_EQ(Eval("new WebSocket('sock?x=1').url"), "wss://example.com/dir/sock?x=1");
  EXPECT_EQ(log_.calls.back(), "connect wss://example.com/dir/sock?x=1 []");
  EXPECT_EQ(Eval("new WebSocket('ws://h', ['a', 'b']).url"), "ws://h/");
  EXPECT_EQ(log_.calls.back(), "connect ws://h/ [a,b]");
}

TEST_F(BindingsTest, CloseValidatesAtEveryBoundary) {
  Eval("globalThis.ws = new WebSocket('wss://h/'); ws.onclose = () => {};");
  ASSERT_NE(log_.client, nullptr);
  log_.client->DidConnect("", "");
  EXPECT_EQ(Eval("ws.readyState"), "1");
  for (int code : {999, 1001, 2999, 5000}) {
    EXPECT_EQ(Eval("try { ws.close(" + std::to_string(code) + "); 'ok' } catch (e) { e.name }"),
              "InvalidAccessError")
        << code;
  }
  EXPECT_EQ(Eval("try { ws.close(1000, 'x'.repeat(124)); 'ok' } catch (e) { e.name }"),
            "SyntaxError");
  EXPECT_EQ(Eval("ws.readyState"), "1");
  EXPECT_EQ(Eval("ws.send('before'); ws.close(4999, 'x'.repeat(123)); ws.readyState"), "2");
  ASSERT_GE(log_.calls.size(), 2u);
  EXPECT_EQ(log_.calls[log_.calls.size() - 2], "text before");
  EXPECT_EQ(log_.calls.back(), "close 4999 " + std::string(123, 'x'));
  EXPECT_EQ(Eval("ws.send('after'); ws.bufferedAmount"), "11")
      << "send() after close() is not sent but still counted";
  EXPECT_EQ(log_.calls.back(), "close 4999 " + std::string(123, 'x'));
}

TEST_F(BindingsTest, CloseWithReasonOnlySendsCode1000) {
  Eval("globalThis.ws2 = new WebSocket('wss://h/'); ws2.onclose = () => {};");
  log_.client->DidConnect("", "");
  Eval("ws2.close(undefined, 'why')");
  EXPECT_EQ(log_.calls.back(), "close 1000 why");
}

TEST_F(BindingsTest, CloseWhileConnectingFailsAndEventsComeLater) {
  EXPECT_EQ(Eval(R"(
    globalThis.events = [];
    globalThis.ws3 = new WebSocket('wss://h/');
    ws3.onerror = () => events.push('error:' + ws3.readyState);
    ws3.onclose = e => events.push('close:' + e.code + ':' + e.wasClean);
    ws3.close();
    ws3.readyState + '|' + events.length)"),
            "2|0");
  EXPECT_EQ(log_.calls.back(), "fail");
  log_.client->DidClose(false, 1006, "", true, "closed before the connection was established");
  EXPECT_EQ(Eval("events.join()"), "error:3,close:1006:false");
  ASSERT_EQ(console_.size(), 1u);
  EXPECT_EQ(console_[0],
            "WebSocket connection to 'wss://h/' failed: closed before the connection was "
            "established");
}

TEST_F(BindingsTest, MessagesFollowBinaryType) {
  Eval(R"(
    globalThis.got = [];
    globalThis.ws4 = new WebSocket('wss://h/');
    ws4.binaryType = 'arraybuffer';
    ws4.onmessage = e => got.push(typeof e.data === 'string' ? e.data
        : new Uint8Array(e.data).join('-') + ':' + (e.data instanceof ArrayBuffer));)");
  log_.client->DidConnect("chat", "");
  EXPECT_EQ(Eval("ws4.protocol"), "chat");
  log_.client->DidReceiveMessage(net::MessageType::kText, net::Buffer("h\xC3\xA9", 3));
  log_.client->DidReceiveMessage(net::MessageType::kBinary, net::Buffer("\x01\x02", 2));
  EXPECT_EQ(Eval("got.join('|')"), "h\xC3\xA9|1-2:true");
}

TEST_F(BindingsTest, TeardownDisconnectsOpenSocketsWith1001) {
  Eval("globalThis.ws5 = new WebSocket('wss://h/'); ws5.onmessage = () => {};");
  log_.client->DidConnect("", "");
  EXPECT_TRUE(v8_->environment().HasPendingActivity());
  v8_.reset();
  EXPECT_EQ(log_.calls.back(), "disconnect 1001");
}

}  // namespace
}  // namespace v8ws
