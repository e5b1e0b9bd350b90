// DOMExceptionCode: every name of WebIDL §2.8.1's error names table, so that a thrown
// DOMException's name is checked by the compiler ("SyntaxErorr" does not compile).
#ifndef V8WS_BINDINGS_CORE_V8_DOM_EXCEPTION_CODE_H_
#define V8WS_BINDINGS_CORE_V8_DOM_EXCEPTION_CODE_H_

#include <cstdint>
#include <string_view>

namespace v8ws {

// X(enumerator, name, legacy code): the table in its order; 0 for names without a code.
#define V8WS_DOM_EXCEPTION_NAMES(X)                               \
  X(kIndexSizeError, "IndexSizeError", 1)                         \
  X(kHierarchyRequestError, "HierarchyRequestError", 3)           \
  X(kWrongDocumentError, "WrongDocumentError", 4)                 \
  X(kInvalidCharacterError, "InvalidCharacterError", 5)           \
  X(kNoModificationAllowedError, "NoModificationAllowedError", 7) \
  X(kNotFoundError, "NotFoundError", 8)                           \
  X(kNotSupportedError, "NotSupportedError", 9)                   \
  X(kInUseAttributeError, "InUseAttributeError", 10)              \
  X(kInvalidStateError, "InvalidStateError", 11)                  \
  X(kSyntaxError, "SyntaxError", 12)                              \
  X(kInvalidModificationError, "InvalidModificationError", 13)    \
  X(kNamespaceError, "NamespaceError", 14)                        \
  X(kInvalidAccessError, "InvalidAccessError", 15)                \
  X(kTypeMismatchError, "TypeMismatchError", 17)                  \
  X(kSecurityError, "SecurityError", 18)                          \
  X(kNetworkError, "NetworkError", 19)                            \
  X(kAbortError, "AbortError", 20)                                \
  X(kURLMismatchError, "URLMismatchError", 21)                    \
  X(kQuotaExceededError, "QuotaExceededError", 22)                \
  X(kTimeoutError, "TimeoutError", 23)                            \
  X(kInvalidNodeTypeError, "InvalidNodeTypeError", 24)            \
  X(kDataCloneError, "DataCloneError", 25)                        \
  X(kEncodingError, "EncodingError", 0)                           \
  X(kNotReadableError, "NotReadableError", 0)                     \
  X(kUnknownError, "UnknownError", 0)                             \
  X(kConstraintError, "ConstraintError", 0)                       \
  X(kDataError, "DataError", 0)                                   \
  X(kTransactionInactiveError, "TransactionInactiveError", 0)     \
  X(kReadOnlyError, "ReadOnlyError", 0)                           \
  X(kVersionError, "VersionError", 0)                             \
  X(kOperationError, "OperationError", 0)                         \
  X(kNotAllowedError, "NotAllowedError", 0)                       \
  X(kOptInError, "OptInError", 0)

enum class DOMExceptionCode {
#define V8WS_DOM_EXCEPTION_ENUMERATOR(enumerator, name, code) enumerator,
  V8WS_DOM_EXCEPTION_NAMES(V8WS_DOM_EXCEPTION_ENUMERATOR)
#undef V8WS_DOM_EXCEPTION_ENUMERATOR
};

// The DOMException name of `code` ("SyntaxError").
const char* DOMExceptionName(DOMExceptionCode code);
// The legacy `code` attribute's value for a name (WebIDL's table), 0 for any other name.
uint16_t LegacyCodeForName(std::string_view name);

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_DOM_EXCEPTION_CODE_H_
