// URLSearchParams (URL Standard §6.2): an ordered list of name-value pairs, tied to a URL's
// query when it came from URL.searchParams.
#ifndef V8WS_CORE_URL_URL_SEARCH_PARAMS_H_
#define V8WS_CORE_URL_URL_SEARCH_PARAMS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bindings/core/v8/script_wrappable.h"
#include "bindings/generated/v8_union_usv_string_sequence_sequence_or_usv_string_usv_string_record_or_usv_string.h"

namespace v8ws {

class ExceptionState;
class ExecutionContext;
class URL;

class URLSearchParams final : public ScriptWrappable {
 public:
  using List = std::vector<std::pair<std::string, std::string>>;

  static URLSearchParams* Create(
      ExecutionContext* context,
      const USVStringSequenceSequenceOrUSVStringUSVStringRecordOrUSVString& init,
      ExceptionState& es);
  // The searchParams of `url`, its list parsed from `query`.
  static URLSearchParams* CreateForUrl(URL* url, std::string_view query);

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  uint32_t size() const { return static_cast<uint32_t>(list_.size()); }
  void append(const std::string& name, const std::string& value);
  void deleteForBinding(const std::string& name, const std::optional<std::string>& value);
  std::optional<std::string> get(const std::string& name);
  std::vector<std::string> getAll(const std::string& name);
  bool has(const std::string& name, const std::optional<std::string>& value);
  void set(const std::string& name, const std::string& value);
  void sort();
  const List& value_pairs() const { return list_; }
  std::string toString() const;

  // The URL's query changed (href or search set): the list follows it.
  void SetListFromQuery(std::optional<std::string_view> query);

 private:
  explicit URLSearchParams(URL* url) : url_(url) {}
  // §6.2 "update": the URL's query follows the list.
  void Update();

  List list_;
  // Kept alive with this object: each wrapper holds the other's.
  URL* url_;
};

}  // namespace v8ws

#endif  // V8WS_CORE_URL_URL_SEARCH_PARAMS_H_
