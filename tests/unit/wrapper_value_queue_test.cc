// WrapperValueQueue against a std::deque model, over operation sequences a seeded generator
// chooses, on each kind of wrapper storage (an internal-field slot, an overflow slot, the
// Map); and what it keeps alive for the garbage collector.
#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <string>

#include "bindings/core/v8/wrapper_value_queue.h"
#include "tests/unit/v8_test_support.h"

namespace v8ws {
namespace {

class WrapperValueQueueTest : public ::testing::Test {
 protected:
  WrapperValueQueueTest() { v8_.emplace(); }

  // A fresh EventTarget: it holds no wrapper values until a listener is added.
  ScriptWrappable* NewOwner() {
    v8::Local<v8::Value> target = Run("new EventTarget()");
    return ScriptWrappable::FromWrapper(target.As<v8::Object>());
  }
  v8::Local<v8::Value> Run(const char* source) {
    v8::Local<v8::Context> context = v8_->context();
    return v8::Script::Compile(context, v8::String::NewFromUtf8(isolate(), source).ToLocalChecked())
        .ToLocalChecked()
        ->Run(context)
        .ToLocalChecked();
  }
  v8::Isolate* isolate() { return v8_->isolate(); }

  std::optional<test::V8Scope> v8_;
};

TEST_F(WrapperValueQueueTest, MatchesADequeOverChosenSequences) {
  v8::HandleScope scope(isolate());
  v8::Context::Scope context_scope(v8_->context());
  for (uint32_t key : {2u, 9u, 1000u}) {
    for (uint32_t seed = 1; seed <= 20; ++seed) {
      ScriptWrappable* owner = NewOwner();
      ASSERT_NE(owner, nullptr);
      WrapperValueQueue queue(owner, key);
      std::deque<int> model;
      std::mt19937 random(seed * 7919 + key);
      // Each seed leans towards pushing or popping for stretches, so the queue crosses
      // many segment boundaries in both directions and drains now and then.
      int push_percent = 50;
      for (int step = 0; step < 4000; ++step) {
        v8::HandleScope step_scope(isolate());
        if (step % 200 == 0)
          push_percent = static_cast<int>(random() % 80) + 10;
        unsigned roll = random() % 1000;
        if (roll < 2) {
          queue.Clear(isolate());
          model.clear();
        } else if (model.empty() || static_cast<int>(roll % 100) < push_percent) {
          int value = static_cast<int>(random() % 1000000);
          queue.Push(isolate(), v8::Integer::New(isolate(), value));
          model.push_back(value);
        } else {
          ASSERT_EQ(queue.Front(isolate())->Int32Value(v8_->context()).FromJust(), model.front())
              << "key " << key << " seed " << seed << " step " << step;
          ASSERT_EQ(queue.Pop(isolate())->Int32Value(v8_->context()).FromJust(), model.front())
              << "key " << key << " seed " << seed << " step " << step;
          model.pop_front();
        }
        ASSERT_EQ(queue.size(), model.size());
        ASSERT_EQ(queue.empty(), model.empty());
      }
    }
  }
}

TEST_F(WrapperValueQueueTest, KeepsQueuedValuesAliveAndLetsPoppedOnesGo) {
  v8::HandleScope scope(isolate());
  v8::Context::Scope context_scope(v8_->context());
  ScriptWrappable* owner = NewOwner();
  v8::Global<v8::Object> owner_wrapper(isolate(), owner->GetWrapper(isolate()));
  WrapperValueQueue queue(owner, 9);
  // 40 values: three segments. Weak handles watch them from outside.
  constexpr int kCount = 40;
  std::vector<v8::Global<v8::Object>> watched(kCount);
  {
    v8::HandleScope inner(isolate());
    for (int i = 0; i < kCount; ++i) {
      v8::Local<v8::Object> value = v8::Object::New(isolate());
      watched[i].Reset(isolate(), value);
      watched[i].SetWeak();
      queue.Push(isolate(), value);
    }
    for (int i = 0; i < 25; ++i)
      queue.Pop(isolate());
  }
  isolate()->LowMemoryNotification();
  for (int i = 0; i < kCount; ++i)
    EXPECT_EQ(watched[i].IsEmpty(), i < 25) << "value " << i;
  {
    v8::HandleScope inner(isolate());
    EXPECT_TRUE(queue.Front(isolate())->StrictEquals(watched[25].Get(isolate())));
  }
  queue.Clear(isolate());
  isolate()->LowMemoryNotification();
  for (int i = 0; i < kCount; ++i)
    EXPECT_TRUE(watched[i].IsEmpty()) << "value " << i;
}

}  // namespace
}  // namespace v8ws
