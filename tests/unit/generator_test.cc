// The bindings generator on tests/bindings/test_overloads.idl: its output matches the golden
// files, and the compiled binding resolves overloads, variadic and static operations and
// promise-returning operations as WebIDL §3.7.7 says.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "bindings/core/v8/per_isolate_data.h"
#include "bindings/core/v8/v8_binding.h"
#include "bindings/generated/v8_test_compute.h"
#include "bindings/generated/v8_test_namespace.h"
#include "bindings/generated/v8_test_overloads.h"
#include "bindings/generated/v8_test_transform.h"
#include "tests/unit/test_overloads.h"
#include "tests/unit/v8_test_support.h"

namespace v8ws {

const WrapperTypeInfo* TestOverloads::GetWrapperTypeInfo() const {
  return &V8TestOverloads::wrapper_type_info;
}

std::string TestOverloads::describe(v8::Isolate*, double number, const std::string& unit) {
  std::ostringstream out;
  out << "number:" << number << unit;
  return out.str();
}

std::string TestOverloads::describe(v8::Isolate*, const std::vector<int32_t>& list) {
  std::string out = "sequence:";
  for (size_t i = 0; i < list.size(); ++i)
    out += (i ? "," : "") + std::to_string(list[i]);
  return out;
}

std::string TestOverloads::describe(v8::Isolate*,
                                    const std::string& text,
                                    TestOverloads* other,
                                    int32_t count) {
  return "three:" + text + "/" + (other ? other->label_ : "null") + "/" + std::to_string(count);
}

std::string TestOverloads::join(const std::string& separator,
                                const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i)
    out += (i ? separator : "") + parts[i];
  return out;
}

int64_t TestOverloads::sum(ExecutionContext*, const std::vector<int32_t>& values) {
  int64_t total = 0;
  for (int32_t v : values)
    total += v;
  return total;
}

v8::Local<v8::Promise> TestOverloads::later(v8::Isolate* isolate, const std::string& value) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  auto resolver = v8::Promise::Resolver::New(context).ToLocalChecked();
  resolver->Resolve(context, ToV8String(isolate, value)).Check();
  return resolver->GetPromise();
}

v8::Local<v8::Promise> TestOverloads::ready(v8::Isolate* isolate) {
  return PromiseResolve(isolate, ToV8String(isolate, label_));
}

v8::Local<v8::Promise> TestOverloads::transform(v8::Isolate* isolate,
                                                v8::Local<v8::Value> callback,
                                                const std::string& input) {
  return V8TestTransform::Invoke(isolate, callback, GetWrapper(isolate), input,
                                 TestOverloadsOrLong(this));
}

int32_t TestOverloads::compute(v8::Isolate* isolate,
                               v8::Local<v8::Value> callback,
                               v8::Local<v8::Value> this_value,
                               const std::string& input) {
  return V8TestCompute::Invoke(isolate, callback, this_value, input).FromMaybe(-1);
}

std::string TestOverloads::viewKind(v8::Local<v8::ArrayBufferView> view,
                                    v8::Local<v8::ArrayBufferView> shared) {
  auto describe = [](v8::Local<v8::ArrayBufferView> v) {
    return std::string(v->IsDataView() ? "DataView" : "TypedArray") + ":" +
           std::to_string(v->ByteLength());
  };
  return describe(view) + "/" + describe(shared);
}

namespace {

class TestIterationSource final : public AsyncIteratorBase {
 public:
  TestIterationSource(TestOverloads* owner, int32_t count) : owner_(owner), count_(count) {}
  v8::Local<v8::Promise> GetNextIterationResult(v8::Isolate* isolate) override {
    owner_->Log("next");
    if (next_ >= count_)
      return PromiseResolve(isolate, EndOfIteration(isolate));
    return PromiseResolve(isolate, ToV8String(isolate, owner_->label() + std::to_string(next_++)));
  }
  v8::Local<v8::Promise> IteratorReturn(v8::Isolate* isolate, v8::Local<v8::Value> value) override {
    owner_->Log("return:" + ToUSVString(isolate, value, es_));
    return PromiseResolve(isolate, v8::Undefined(isolate));
  }

 private:
  TestOverloads* owner_;  // alive: the iterator keeps its target's wrapper
  int32_t count_;
  int32_t next_ = 0;
  ExceptionState es_;
};

}  // namespace

AsyncIteratorBase* TestOverloads::CreateAsyncIterator(v8::Isolate*, int32_t count) {
  Log("init:" + std::to_string(count));
  return new TestIterationSource(this, count);
}

v8::Local<v8::Value> TestOverloads::callFunction(v8::Isolate* isolate,
                                                 v8::Local<v8::Value> f,
                                                 v8::Local<v8::Value> argument) {
  v8::Local<v8::Value> result;
  if (!f.As<v8::Function>()
           ->Call(isolate->GetCurrentContext(), v8::Undefined(isolate), 1, &argument)
           .ToLocal(&result))
    return v8::Undefined(isolate);
  return result;
}

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(GeneratorGoldenTest, OutputMatchesTheGoldenFiles) {
  for (const char* file :
       {"v8_test_overloads.h", "v8_test_overloads.cc", "v8_test_measure.h", "v8_test_measure.cc",
        "v8_test_transform.h", "v8_test_transform.cc", "v8_test_compute.h", "v8_test_compute.cc",
        "v8_test_callback.h", "v8_test_callback.cc", "v8_union_test_overloads_or_long.h",
        "v8_union_test_overloads_or_long.cc", "v8_test_namespace.h", "v8_test_namespace.cc"}) {
    std::string golden = ReadFile(std::string(V8WS_SOURCE_ROOT "/tests/bindings/golden/") + file);
    std::string generated = ReadFile(std::string(V8WS_TEST_GEN_DIR "/bindings/generated/") + file);
    ASSERT_FALSE(generated.empty()) << file;
    EXPECT_EQ(generated, golden)
        << file << " differs from tests/bindings/golden/: review the change, then run "
        << "tests/bindings/update_golden";
  }
}

class GeneratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    v8_ = std::make_unique<test::V8Scope>();
    v8::HandleScope scope(v8_->isolate());
    v8::Local<v8::Context> context = v8_->context();
    v8::Context::Scope context_scope(context);
    v8::Local<v8::Function> interface_object =
        PerIsolateData::From(v8_->isolate())
            ->TemplateFor(&V8TestOverloads::wrapper_type_info)
            ->GetFunction(context)
            .ToLocalChecked();
    // As Install does: the interface's per-context set-up, then the global property.
    V8TestOverloads::wrapper_type_info.context_setup(context, interface_object);
    context->Global()
        ->Set(context, ToV8String(v8_->isolate(), "TestOverloads"), interface_object)
        .Check();
    V8TestNamespace::Install(context);
  }
  std::string Eval(const std::string& code) { return v8_->Eval(code); }
  std::unique_ptr<test::V8Scope> v8_;
};

TEST_F(GeneratorTest, OverloadsResolveByArgumentCount) {
  EXPECT_EQ(Eval("const t = new TestOverloads('t'); t.describe()"), "none");
  EXPECT_EQ(Eval("t.describe(2, 'em')"), "number:2em");
  EXPECT_EQ(Eval("t.describe('a', null, '7')"), "three:a/null/7");
  // Extra arguments are ignored: four arguments use the three-argument overload.
  EXPECT_EQ(Eval("t.describe('a', t, 1, 'extra')"), "three:a/t/1");
  // The function's length is the shortest overload's.
  EXPECT_EQ(Eval("TestOverloads.prototype.describe.length"), "0");
}

TEST_F(GeneratorTest, OverloadsResolveByTypeAtTheDistinguishingIndex) {
  EXPECT_EQ(Eval("const t = new TestOverloads('t'); t.describe(new TestOverloads('u'))"),
            "other:u");
  EXPECT_EQ(Eval("t.describe(true)"), "boolean:true");
  EXPECT_EQ(Eval("t.describe(1.5)"), "number:1.5px");
  EXPECT_EQ(Eval("t.describe('x')"), "string:x");
  EXPECT_EQ(Eval("t.describe([1, 2, 3])"), "sequence:1,2,3");
  EXPECT_EQ(Eval("t.describe(new Set([4]))"), "sequence:4");
  EXPECT_EQ(Eval("t.describe(() => {})"), "callback");
  // Neither a platform object, callable nor iterable: the string overload converts it.
  EXPECT_EQ(Eval("t.describe({})"), "string:[object Object]");
  EXPECT_EQ(Eval("t.describe(undefined)"), "string:undefined");
  EXPECT_EQ(Eval("t.describe(null)"), "string:null");
  // A getter for @@iterator that throws: the exception propagates.
  EXPECT_EQ(Eval("try { t.describe({ get [Symbol.iterator]() { throw new Error('boom') } }) } "
                 "catch (e) { e.message }"),
            "boom");
}

// WebIDL §2.4: a mixin's members are the including interface's own; a Uint8Array argument
// ([AllowShared]: shared memory too) and a dictionary returned to JS (§3.2.17: an object
// with the present members, in lexicographic order).
TEST_F(GeneratorTest, MixinMembersUint8ArrayAndReturnedDictionaries) {
  EXPECT_EQ(Eval("const t = new TestOverloads('m'); t.mixedIn"), "mixed:m");
  EXPECT_EQ(Eval("Object.getOwnPropertyNames(TestOverloads.prototype).includes('measure')"),
            "true");
  EXPECT_EQ(Eval("typeof Object.getOwnPropertyDescriptor(TestOverloads.prototype, 'mixedIn').get"),
            "function");
  EXPECT_EQ(Eval("JSON.stringify(t.measure(new Uint8Array(3)))"), R"({"size":3,"unit":"bytes"})");
  EXPECT_EQ(Eval("t.measure(new Uint8Array(new SharedArrayBuffer(5))).size"), "5");
  EXPECT_EQ(Eval("Object.getPrototypeOf(t.measure(new Uint8Array(0))) === Object.prototype"),
            "true");
  EXPECT_EQ(Eval("try { t.measure(new Uint16Array(2)) } catch (e) { e.constructor.name + ': ' + "
                 "e.message }"),
            "TypeError: Failed to execute 'measure' on 'TestOverloads': The provided value is not "
            "of type 'Uint8Array'.");
  EXPECT_EQ(Eval("try { t.measure() } catch (e) { e.constructor.name }"), "TypeError");
}

TEST_F(GeneratorTest, VariadicArguments) {
  EXPECT_EQ(Eval("const t = new TestOverloads(); t.join('-')"), "");
  EXPECT_EQ(Eval("t.join('-', 'a', 'b', 3)"), "a-b-3");
  EXPECT_EQ(Eval("TestOverloads.prototype.join.length"), "1");
  EXPECT_EQ(Eval("try { t.join() } catch (e) { e.constructor.name + ': ' + e.message }"),
            "TypeError: Failed to execute 'join' on 'TestOverloads': 1 argument required, but "
            "only 0 present.");
}

TEST_F(GeneratorTest, StaticOperationsLiveOnTheInterfaceObject) {
  EXPECT_EQ(Eval("TestOverloads.sum(1, 2, 3, 4)"), "10");
  EXPECT_EQ(Eval("TestOverloads.sum()"), "0");
  EXPECT_EQ(Eval("TestOverloads.sum.length"), "0");
  EXPECT_EQ(Eval("'sum' in TestOverloads.prototype"), "false");
  EXPECT_EQ(Eval("const sum = TestOverloads.sum; sum(5)"), "5");  // no receiver needed
  EXPECT_EQ(Eval("TestOverloads.create('made') instanceof TestOverloads"), "true");
  EXPECT_EQ(Eval("TestOverloads.create('made').label"), "made");
  EXPECT_EQ(Eval("const d = Object.getOwnPropertyDescriptor(TestOverloads, 'sum'); "
                 "[d.writable, d.enumerable, d.configurable].join()"),
            "true,true,true");
}

TEST_F(GeneratorTest, AsyncSequencesTakeAnAsyncOrASyncIterableObject) {
  EXPECT_EQ(Eval("const t = new TestOverloads('s'); t.sequenceKind([1, 2])"), "sync");
  EXPECT_EQ(Eval("t.sequenceKind((async function* () {})())"), "async");
  EXPECT_EQ(Eval("t.sequenceKind({ [Symbol.asyncIterator]: null, [Symbol.iterator]() {} })"),
            "sync");
  EXPECT_EQ(Eval("t.sequenceKind({ [Symbol.asyncIterator]() {}, get [Symbol.iterator]() { "
                 "throw 1 } })"),
            "async")
      << "@@iterator is not read when there is an @@asyncIterator";
  const char* kTypeErrors[] = {"'ab'",
                               "42",
                               "undefined",
                               "{}",
                               "{ [Symbol.asyncIterator]: 1 }",
                               "{ [Symbol.iterator]: {} }"};
  for (const char* value : kTypeErrors) {
    EXPECT_EQ(
        Eval(std::string("try { t.sequenceKind(") + value + ") } catch (e) { e.constructor.name }"),
        "TypeError")
        << value;
  }
  EXPECT_EQ(Eval("try { t.sequenceKind({ get [Symbol.asyncIterator]() { throw new "
                 "RangeError('mine') } }) } catch (e) { e.message }"),
            "mine");
}

TEST_F(GeneratorTest, ReplaceableAttributesAreShadowedByAssignment) {
  EXPECT_EQ(Eval("const t = new TestOverloads(); t.replaceable"), "42");
  EXPECT_EQ(Eval("const d = Object.getOwnPropertyDescriptor(TestOverloads.prototype, "
                 "'replaceable'); [typeof d.get, typeof d.set, d.set.name].join()"),
            "function,function,set replaceable");
  // Assignment defines an own data property on the instance; the prototype is unchanged.
  EXPECT_EQ(Eval("t.replaceable = 'mine'; [t.replaceable, t.hasOwnProperty('replaceable'), "
                 "new TestOverloads().replaceable].join()"),
            "mine,true,42");
  EXPECT_EQ(Eval("try { d.set.call({}, 1) } catch (e) { e.message }"), "Illegal invocation");
}

TEST_F(GeneratorTest, PromiseOperationsRejectInsteadOfThrowing) {
  EXPECT_EQ(Eval("let got; new TestOverloads().later('v').then(v => got = v); 'pending'"),
            "pending");
  EXPECT_EQ(Eval("got"), "v");
  EXPECT_EQ(Eval("let wrongThis; TestOverloads.prototype.later.call({}, 'v')"
                 ".catch(e => wrongThis = e.constructor.name + ': ' + e.message); 0"),
            "0");
  EXPECT_EQ(Eval("wrongThis"), "TypeError: Illegal invocation");
  EXPECT_EQ(Eval("let noArgs; new TestOverloads().later().catch(e => noArgs = e.message); 0"), "0");
  EXPECT_EQ(Eval("noArgs"),
            "Failed to execute 'later' on 'TestOverloads': 1 argument required, but only 0 "
            "present.");
}

// WebIDL §3.12: C++ invokes a callback function with a `this` value; a promise-returning
// callback's exception or result becomes its promise, another's result is converted.
TEST_F(GeneratorTest, CallbackFunctionsInvokedFromCpp) {
  EXPECT_EQ(
      Eval("const t = new TestOverloads('t'); let out; t.transform(function (input, source) "
           "{ return this.label + ':' + input + ':' + (source === t) }, 'x').then(v => out = v);"
           " 0"),
      "0");
  EXPECT_EQ(Eval("out"), "t:x:true");
  // A thenable is adopted; an exception rejects the promise.
  EXPECT_EQ(Eval("t.transform(() => ({ then(r) { r('adopted') } }), '').then(v => out = v); 0"),
            "0");
  EXPECT_EQ(Eval("out"), "adopted");
  EXPECT_EQ(Eval("let p = t.transform(() => { throw new RangeError('no') }, ''); "
                 "p.catch(e => out = e.name + ': ' + e.message); p instanceof Promise"),
            "true");
  EXPECT_EQ(Eval("out"), "RangeError: no");
  // The result is converted to long; an exception or a failed conversion is thrown.
  EXPECT_EQ(Eval("t.compute(function (s) { return s.length + this.k }, {k: 2}, 'abc')"), "5");
  EXPECT_EQ(Eval("t.compute(() => '7.9', null, '')"), "7");
  EXPECT_EQ(Eval("try { t.compute(() => { throw new Error('inner') }, null, '') } catch (e) "
                 "{ e.message }"),
            "inner");
  EXPECT_EQ(Eval("try { t.compute(() => Symbol(), null, '') } catch (e) { e.constructor.name }"),
            "TypeError");
  EXPECT_EQ(Eval("try { t.compute(5, null, '') } catch (e) { e.constructor.name }"), "TypeError");
}

// WebIDL §3.7.10.2: values() and @@asyncIterator make an iterator whose next() calls queue
// behind each other, and whose return() ends the iteration once.
TEST_F(GeneratorTest, AsyncIterablesIterateInOrderAndReturnOnce) {
  EXPECT_EQ(Eval("const t = new TestOverloads('t'); const seen = []; (async () => { for await "
                 "(const s of t) seen.push(s) })(); 0"),
            "0");
  EXPECT_EQ(Eval("seen.join()"), "t0,t1,t2");
  EXPECT_EQ(Eval("t.iterationLog"), "init:3;next;next;next;next;");
  EXPECT_EQ(
      Eval("TestOverloads.prototype[Symbol.asyncIterator] === TestOverloads.prototype.values"),
      "true");
  // The iterator's prototype: its class string, next and return, then %AsyncIteratorPrototype%.
  EXPECT_EQ(Eval("const it = t.values(2); const proto = Object.getPrototypeOf(it); "
                 "[Object.prototype.toString.call(it), Object.getOwnPropertyNames(proto).sort()]"
                 ".join()"),
            "[object TestOverloads AsyncIterator],next,return");
  EXPECT_EQ(Eval("Object.getPrototypeOf(proto) === Object.getPrototypeOf(Object.getPrototypeOf("
                 "Object.getPrototypeOf((async function* () {})())))"),
            "true");
  // Two next() calls without waiting: the second runs after the first settles.
  EXPECT_EQ(Eval("const results = []; it.next().then(r => results.push(r.value)); "
                 "it.next().then(r => results.push(r.value)); it.next().then(r => "
                 "results.push(r.done)); it.next().then(r => results.push(r.done)); 0"),
            "0");
  EXPECT_EQ(Eval("results.join()"), "t0,t1,true,true");
  // Breaking out of for await calls return() once; the iterator is finished after it.
  EXPECT_EQ(Eval("const u = new TestOverloads('u'); (async () => { for await (const s of u) "
                 "break })(); 0"),
            "0");
  EXPECT_EQ(Eval("u.iterationLog"), "init:3;next;return:undefined;");
  EXPECT_EQ(Eval("let after; const v = new TestOverloads('v'); const vi = v.values(); "
                 "vi.return('x').then(r => after = [r.value, r.done].join()); 0"),
            "0");
  EXPECT_EQ(Eval("after"), "x,true");
  EXPECT_EQ(Eval("vi.next().then(r => after = r.done); vi.return('y'); 0"), "0");
  EXPECT_EQ(Eval("[after, v.iterationLog].join()"), "true,init:3;return:x;");
  // next() on something else rejects; it does not throw.
  EXPECT_EQ(Eval("let wrong; proto.next.call({}).catch(e => wrong = e.constructor.name); 0"), "0");
  EXPECT_EQ(Eval("wrong"), "TypeError");
}

// WebIDL §3.7.6: a promise-typed attribute's getter rejects instead of throwing.
TEST_F(GeneratorTest, PromiseAttributesRejectInsteadOfThrowing) {
  EXPECT_EQ(Eval("let ready; new TestOverloads('r').ready.then(v => ready = v); 0"), "0");
  EXPECT_EQ(Eval("ready"), "r");
  EXPECT_EQ(Eval("const get = Object.getOwnPropertyDescriptor(TestOverloads.prototype, "
                 "'ready').get; let bad = get.call({}); bad.catch(e => ready = e.message); "
                 "bad instanceof Promise"),
            "true");
  EXPECT_EQ(Eval("ready"), "Illegal invocation");
}

// WebIDL §3.2.26-30 and §2.13.1: ArrayBuffer, ArrayBufferView ([AllowShared] for shared
// memory) and Function.
TEST_F(GeneratorTest, BufferTypesAndFunction) {
  EXPECT_EQ(Eval("const t = new TestOverloads(); t.viewKind(new Uint16Array(3), "
                 "new DataView(new SharedArrayBuffer(2)))"),
            "TypedArray:6/DataView:2");
  EXPECT_EQ(Eval("try { t.viewKind(new DataView(new SharedArrayBuffer(2)), new Uint8Array(1)) } "
                 "catch (e) { e.message }"),
            "Failed to execute 'viewKind' on 'TestOverloads': The provided ArrayBufferView value "
            "must not be shared.");
  EXPECT_EQ(Eval("try { t.viewKind(new ArrayBuffer(1), new Uint8Array(1)) } catch (e) "
                 "{ e.constructor.name }"),
            "TypeError");
  EXPECT_EQ(Eval("t.bufferLength(new ArrayBuffer(5))"), "5");
  EXPECT_EQ(Eval("try { t.bufferLength(new SharedArrayBuffer(5)) } catch (e) { e.message }"),
            "Failed to execute 'bufferLength' on 'TestOverloads': The provided value is not of "
            "type 'ArrayBuffer'.");
  EXPECT_EQ(Eval("try { t.bufferLength(new Uint8Array(5)) } catch (e) { e.constructor.name }"),
            "TypeError");
  EXPECT_EQ(Eval("t.callFunction(x => x * 2, 21)"), "42");
  EXPECT_EQ(Eval("try { t.callFunction({}, 1) } catch (e) { e.constructor.name }"), "TypeError");
}

}  // namespace
// WebIDL §3.13: a namespace object on the global (writable, configurable, not enumerable),
// made on first read, of %Object.prototype%, with @@toStringTag; its operations are
// enumerable functions with IDL lengths that convert arguments and resolve overloads as any
// operation does, and are no constructors.
TEST_F(GeneratorTest, NamespacesAreObjectsOfStaticOperations) {
  EXPECT_EQ(Eval("const d = Object.getOwnPropertyDescriptor(globalThis, 'testNamespace');"
                 "[typeof d.value, d.writable, d.enumerable, d.configurable].join()"),
            "object,true,false,true");
  EXPECT_EQ(Eval("testNamespace === testNamespace && testNamespace === d.value"), "true")
      << "made once";
  EXPECT_EQ(Eval("Object.getPrototypeOf(testNamespace) === Object.prototype"), "true");
  EXPECT_EQ(Eval("Object.prototype.toString.call(testNamespace)"), "[object testNamespace]");
  EXPECT_EQ(Eval("testNamespace.setUp"), "true") << "its [ContextSetUp] ran on the object";
  EXPECT_EQ(Eval("Object.keys(testNamespace).join()"), "greet,add,pick,setUp");
  EXPECT_EQ(Eval("[testNamespace.greet.length, testNamespace.add.length, "
                 "testNamespace.pick.length, testNamespace.pick.name].join()"),
            "0,0,1,pick");
  EXPECT_EQ(Eval("testNamespace.greet()"), "hello world");
  EXPECT_EQ(Eval("testNamespace.greet.call(null, 'you')"), "hello you") << "no receiver check";
  EXPECT_EQ(Eval("testNamespace.add(1, 2, '3')"), "6");
  EXPECT_EQ(Eval("testNamespace.pick(2)"), "index:2");
  EXPECT_EQ(Eval("testNamespace.pick('b')"), "name:b");
  EXPECT_EQ(
      Eval("try { testNamespace.pick() } catch (e) { e.constructor.name + ': ' + e.message }"),
      "TypeError: Failed to execute 'pick' on 'testNamespace': 1 argument required, but "
      "only 0 present.");
  EXPECT_EQ(Eval("try { new testNamespace.greet() } catch (e) { e.constructor.name }"),
            "TypeError");
  EXPECT_EQ(Eval("globalThis.testNamespace = 1; testNamespace"), "1") << "writable";
}

}  // namespace v8ws
