// ExceptionState: one error per call, in the message format browsers use.
#include "bindings/core/v8/exception_state.h"

#include <gtest/gtest.h>

namespace v8ws {
namespace {

TEST(ExceptionStateTest, FormatsMessagesByContext) {
  ExceptionState ctor(ExceptionContextType::kConstructor, "WebSocket", nullptr);
  ctor.ThrowDOMException("SyntaxError", "The URL 'x' is invalid.");
  EXPECT_EQ(ctor.FullMessage(), "Failed to construct 'WebSocket': The URL 'x' is invalid.");
  EXPECT_EQ(ctor.kind(), ExceptionKind::kDOMException);
  EXPECT_EQ(ctor.dom_exception_name(), "SyntaxError");

  ExceptionState op(ExceptionContextType::kOperation, "WebSocket", "close");
  op.ThrowDOMException("InvalidAccessError", "bad code");
  EXPECT_EQ(op.FullMessage(), "Failed to execute 'close' on 'WebSocket': bad code");

  ExceptionState set(ExceptionContextType::kAttributeSet, "WebSocket", "binaryType");
  set.ThrowTypeError("nope");
  EXPECT_EQ(set.FullMessage(), "Failed to set the 'binaryType' property on 'WebSocket': nope");

  ExceptionState get(ExceptionContextType::kAttributeGet, "Event", "type");
  get.ThrowRangeError("r");
  EXPECT_EQ(get.FullMessage(), "Failed to read the 'type' property from 'Event': r");
}

TEST(ExceptionStateTest, TheFirstErrorWins) {
  ExceptionState es;
  EXPECT_FALSE(es.HadException());
  es.ThrowTypeError("first");
  es.ThrowDOMException("SyntaxError", "second");
  EXPECT_TRUE(es.HadException());
  EXPECT_EQ(es.kind(), ExceptionKind::kTypeError);
  EXPECT_EQ(es.message(), "first");
}

}  // namespace
}  // namespace v8ws
