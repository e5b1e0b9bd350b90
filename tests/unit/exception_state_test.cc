// ExceptionState: one error per call, in the message format browsers use.
#include "bindings/core/v8/exception_state.h"

#include <gtest/gtest.h>

#include <cctype>

#include "tests/unit/v8_test_support.h"

namespace v8ws {
namespace {

TEST(ExceptionStateTest, FormatsMessagesByContext) {
  ExceptionState ctor(ExceptionContextType::kConstructor, "WebSocket", nullptr);
  ctor.ThrowDOMException(DOMExceptionCode::kSyntaxError, "The URL 'x' is invalid.");
  EXPECT_EQ(ctor.FullMessage(), "Failed to construct 'WebSocket': The URL 'x' is invalid.");
  EXPECT_EQ(ctor.kind(), ExceptionKind::kDOMException);
  EXPECT_EQ(ctor.dom_exception_name(), "SyntaxError");

  ExceptionState op(ExceptionContextType::kOperation, "WebSocket", "close");
  op.ThrowDOMException(DOMExceptionCode::kInvalidAccessError, "bad code");
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
  es.ThrowDOMException(DOMExceptionCode::kSyntaxError, "second");
  EXPECT_TRUE(es.HadException());
  EXPECT_EQ(es.kind(), ExceptionKind::kTypeError);
  EXPECT_EQ(es.message(), "first");
}

// Every DOMExceptionCode names an entry of WebIDL's error names table, and the legacy code
// that goes with it matches the constant the table pairs it with (INDEX_SIZE_ERR for
// IndexSizeError), as idl/DOMException.idl declares those constants.
TEST(DOMExceptionCodeTest, EveryNameCarriesTheCodeOfItsConstant) {
  struct Row {
    DOMExceptionCode code;
    const char* enumerator;
  };
  const Row rows[] = {
#define V8WS_ROW(enumerator, name, code) {DOMExceptionCode::enumerator, #enumerator},
      V8WS_DOM_EXCEPTION_NAMES(V8WS_ROW)
#undef V8WS_ROW
  };
  test::V8Scope v8;
  int with_constant = 0;
  for (const Row& row : rows) {
    std::string name = DOMExceptionName(row.code);
    SCOPED_TRACE(name);
    EXPECT_EQ("k" + name, row.enumerator);
    ASSERT_EQ(name.substr(name.size() - 5), "Error");
    // IndexSizeError -> INDEX_SIZE_ERR; the table spells one of them INUSE_ATTRIBUTE_ERR.
    std::string constant;
    for (size_t i = 0; i + 5 < name.size(); ++i) {
      char c = name[i];
      auto upper = [&](size_t j) { return std::isupper(static_cast<unsigned char>(name[j])); };
      // A word starts at a capital after a small letter, or at the last capital of an
      // acronym (URLMismatch -> URL_MISMATCH).
      if (i > 0 && upper(i) && (!upper(i - 1) || !upper(i + 1)))
        constant += '_';
      constant += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    constant += "_ERR";
    if (constant == "IN_USE_ATTRIBUTE_ERR")
      constant = "INUSE_ATTRIBUTE_ERR";
    std::string declared = v8.Eval("String(DOMException." + constant + ")");
    std::string code = std::to_string(LegacyCodeForName(name));
    if (declared == "undefined") {
      EXPECT_EQ(code, "0");  // a name without a legacy constant
    } else {
      ++with_constant;
      EXPECT_EQ(code, declared);
    }
    EXPECT_EQ(v8.Eval("new DOMException('', '" + name + "').code"), code);
  }
  EXPECT_EQ(with_constant, 22);
  EXPECT_EQ(LegacyCodeForName("SyntaxErorr"), 0);
}

}  // namespace
}  // namespace v8ws
