// The compile-time contract between a generated binding and its core class. Each generated
// v8_x.cc starts with one check per member it calls, so a core class that lacks a member,
// or declares it with other parameter types, fails the build with one message that names
// the member and the signature the binding needs:
//
//   V8WS_MEMBER_DETECTOR(HasMember_close, close);
//   static_assert(kHasMethod<HasMember_close, WebSocket, void, std::optional<uint16_t>,
//   ExceptionState&>,
//                 "WebSocket (core/websockets/websocket.h) must declare: void close(...)");
//
// Parameter types must match exactly (an int where the IDL says unsigned short would
// otherwise convert silently). A result may be returned by value or by const reference, and
// a method may be const or not.
#ifndef V8WS_BINDINGS_CORE_V8_BINDING_CONTRACT_H_
#define V8WS_BINDINGS_CORE_V8_BINDING_CONTRACT_H_

#include <string>
#include <type_traits>

namespace v8ws {

struct WebString;

// Defines Detector<T, Pointer>: true when `&T::member` converts to the member (or function)
// pointer type Pointer, which picks one overload when there are several.
#define V8WS_MEMBER_DETECTOR(Detector, member)                                         \
  template <typename T, typename Pointer, typename = void>                             \
  struct Detector : std::false_type {};                                                \
  template <typename T, typename Pointer>                                              \
  struct Detector<T, Pointer, std::void_t<decltype(static_cast<Pointer>(&T::member))>> \
      : std::true_type {}

namespace contract_internal {
template <typename R>
struct ConstRefOf {
  using Type = const R&;
};
template <>
struct ConstRefOf<void> {
  using Type = void;
};
template <typename R>
using ConstRef = typename ConstRefOf<R>::Type;
}  // namespace contract_internal

// T has a member function callable as `R f(Args...)` (const or not, R or const R&).
template <template <typename, typename, typename> class Detector,
          typename T,
          typename R,
          typename... Args>
inline constexpr bool kHasMethod =
    Detector<T, R (T::*)(Args...), void>::value ||
    Detector<T, R (T::*)(Args...) const, void>::value ||
    Detector<T, contract_internal::ConstRef<R> (T::*)(Args...), void>::value ||
    Detector<T, contract_internal::ConstRef<R> (T::*)(Args...) const, void>::value;

// T has a member function callable as `std::string f(Args...)` (WTF-8) or `WebString
// f(Args...)` (Latin-1 or UTF-16, v8_binding.h): an operation's string result may come in
// whichever form the core class makes it (a decoder that produces UTF-16 or Latin-1 should
// not convert it twice).
template <template <typename, typename, typename> class Detector, typename T, typename... Args>
inline constexpr bool kHasStringMethod =
    kHasMethod<Detector, T, std::string, Args...> || kHasMethod<Detector, T, WebString, Args...>;

// T has a static member function `static R f(Args...)`.
template <template <typename, typename, typename> class Detector,
          typename T,
          typename R,
          typename... Args>
inline constexpr bool kHasStaticMethod = Detector<T, R (*)(Args...), void>::value;

}  // namespace v8ws

#endif  // V8WS_BINDINGS_CORE_V8_BINDING_CONTRACT_H_
