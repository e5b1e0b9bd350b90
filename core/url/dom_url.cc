// URL: URL Standard §6.1, with the setters' steps named in comments.
#include "core/url/dom_url.h"

#include "bindings/core/v8/exception_state.h"
#include "bindings/generated/v8_url.h"
#include "core/url/url_search_params.h"

namespace v8ws {
namespace {

constexpr uint32_t kSearchParamsKey = 1;  // in the URL's wrapper
constexpr uint32_t kUrlKey = 1;           // in the URLSearchParams' wrapper

// §6.1 "API URL parser": the base first, then the URL against it.
std::optional<Url> ApiParse(const std::string& url, const std::optional<std::string>& base) {
  std::optional<Url> parsed_base;
  if (base) {
    parsed_base = ParseUrl(*base);
    if (!parsed_base)
      return std::nullopt;
  }
  return ParseUrl(url, parsed_base ? &*parsed_base : nullptr);
}

}  // namespace

URL* URL::Create(ExecutionContext*,
                 const std::string& url,
                 const std::optional<std::string>& base,
                 ExceptionState& es) {
  std::optional<Url> parsed = ApiParse(url, base);
  if (!parsed) {
    es.ThrowTypeError("Invalid URL" + (base ? std::string() : " '" + url + "'"));
    return nullptr;
  }
  return new URL(std::move(*parsed));
}

URL* URL::parse(ExecutionContext*, const std::string& url, const std::optional<std::string>& base) {
  std::optional<Url> parsed = ApiParse(url, base);
  return parsed ? new URL(std::move(*parsed)) : nullptr;
}

bool URL::canParse(ExecutionContext*, const std::string& url, const std::optional<std::string>& base) {
  return ApiParse(url, base).has_value();
}

const WrapperTypeInfo* URL::GetWrapperTypeInfo() const {
  return &V8URL::wrapper_type_info;
}

void URL::OnWrapperAssociated(v8::Isolate* isolate) {
  // "initialize": searchParams with the list of the query, tied to this URL.
  search_params_ = URLSearchParams::CreateForUrl(this, url_.query.value_or(""));
  v8::Local<v8::Object> params = search_params_->ToV8(isolate, isolate->GetCurrentContext());
  SetWrapperValue(isolate, kSearchParamsKey, params);
  // And back: either wrapper keeps both objects alive.
  search_params_->SetWrapperValue(isolate, kUrlKey, GetWrapper(isolate));
}

void URL::setHref(const std::string& value, ExceptionState& es) {
  std::optional<Url> parsed = ParseUrl(value);
  if (!parsed) {
    es.ThrowTypeError("Invalid URL '" + value + "'");
    return;
  }
  url_ = std::move(*parsed);
  search_params_->SetListFromQuery(url_.query);
}

void URL::setProtocol(const std::string& value) {
  ParseUrlWithOverride(value + ":", url_, UrlState::kSchemeStart);
}

void URL::setUsername(const std::string& value) {
  if (url_.CannotHaveUsernamePasswordPort())
    return;
  url_.username = PercentEncodeUserinfo(value);
}

void URL::setPassword(const std::string& value) {
  if (url_.CannotHaveUsernamePasswordPort())
    return;
  url_.password = PercentEncodeUserinfo(value);
}

std::string URL::host() const {
  if (!url_.host)
    return "";
  if (!url_.port)
    return *url_.host;
  return *url_.host + ":" + std::to_string(*url_.port);
}

void URL::setHost(const std::string& value) {
  if (url_.opaque_path)
    return;
  ParseUrlWithOverride(value, url_, UrlState::kHost);
}

void URL::setHostname(const std::string& value) {
  if (url_.opaque_path)
    return;
  ParseUrlWithOverride(value, url_, UrlState::kHostname);
}

std::string URL::port() const {
  return url_.port ? std::to_string(*url_.port) : "";
}

void URL::setPort(const std::string& value) {
  if (url_.CannotHaveUsernamePasswordPort())
    return;
  if (value.empty()) {
    url_.port.reset();
    return;
  }
  ParseUrlWithOverride(value, url_, UrlState::kPort);
}

void URL::setPathname(const std::string& value) {
  if (url_.opaque_path)
    return;
  url_.path.clear();
  ParseUrlWithOverride(value, url_, UrlState::kPathStart);
}

std::string URL::search() const {
  if (!url_.query || url_.query->empty())
    return "";
  return "?" + *url_.query;
}

void URL::setSearch(const std::string& value) {
  if (value.empty()) {
    url_.query.reset();
    search_params_->SetListFromQuery(std::nullopt);
    return;
  }
  std::string input = value[0] == '?' ? value.substr(1) : value;
  url_.query = std::string();
  ParseUrlWithOverride(input, url_, UrlState::kQuery);
  search_params_->SetListFromQuery(input);
}

std::string URL::hash() const {
  if (!url_.fragment || url_.fragment->empty())
    return "";
  return "#" + *url_.fragment;
}

void URL::setHash(const std::string& value) {
  if (value.empty()) {
    url_.fragment.reset();
    return;
  }
  std::string input = value[0] == '#' ? value.substr(1) : value;
  url_.fragment = std::string();
  ParseUrlWithOverride(input, url_, UrlState::kFragment);
}

}  // namespace v8ws
