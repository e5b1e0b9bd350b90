// The WHATWG URL parser: no crash on any input, with or without a base, and serializing is
// idempotent: what parse ∘ serialize gives parses again to the same serialization (the URL
// Standard's goal that a serialized URL round-trips; §4.5).
//
// Input: byte 0 bit 0 picks a base URL (bit 1 which), the rest is the input string.
#include "core/url/url.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace v8ws::fuzz;
  if (size < 1)
    return 0;
  static const std::optional<v8ws::Url> kBases[] = {
      v8ws::ParseUrl("http://user:pass@example.com:8080/a/b/c?q=1#frag"),
      v8ws::ParseUrl("sc:opaque?x#y"),
  };
  const v8ws::Url* base = (data[0] & 1) ? &*kBases[(data[0] >> 1) & 1] : nullptr;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::optional<v8ws::Url> url = v8ws::ParseUrl(input, base);
  if (!url)
    return 0;
  std::string first = url->Serialize();
  std::optional<v8ws::Url> again = v8ws::ParseUrl(first);
  FUZZ_CHECK(again, "the serialization \"%s\" of \"%s\" does not parse", Printable(first).c_str(),
             Printable(std::string(input)).c_str());
  std::string second = again->Serialize();
  FUZZ_CHECK(first == second, "\"%s\" serializes to \"%s\", which serializes to \"%s\"",
             Printable(std::string(input)).c_str(), Printable(first).c_str(),
             Printable(second).c_str());
  (void)url->SerializeOrigin();
  return 0;
}
