// URL (URL Standard §6.1): a URL record behind getters and setters, with its searchParams.
#ifndef V8WS_CORE_URL_DOM_URL_H_
#define V8WS_CORE_URL_DOM_URL_H_

#include <optional>
#include <string>

#include "bindings/core/v8/script_wrappable.h"
#include "core/url/url.h"

namespace v8ws {

class ExceptionState;
class ExecutionContext;
class URLSearchParams;

class URL final : public ScriptWrappable {
 public:
  static URL* Create(ExecutionContext* context,
                     const std::string& url,
                     const std::optional<std::string>& base,
                     ExceptionState& es);
  static URL* parse(ExecutionContext* context,
                    const std::string& url,
                    const std::optional<std::string>& base);
  static bool canParse(ExecutionContext* context,
                       const std::string& url,
                       const std::optional<std::string>& base);

  const WrapperTypeInfo* GetWrapperTypeInfo() const override;

  // IDL
  std::string href() const { return url_.Serialize(); }
  void setHref(const std::string& value, ExceptionState& es);
  std::string origin() const { return url_.SerializeOrigin(); }
  std::string protocol() const { return url_.scheme + ":"; }
  void setProtocol(const std::string& value);
  std::string username() const { return url_.username; }
  void setUsername(const std::string& value);
  std::string password() const { return url_.password; }
  void setPassword(const std::string& value);
  std::string host() const;
  void setHost(const std::string& value);
  std::string hostname() const { return url_.host.value_or(""); }
  void setHostname(const std::string& value);
  std::string port() const;
  void setPort(const std::string& value);
  std::string pathname() const { return url_.SerializePath(); }
  void setPathname(const std::string& value);
  std::string search() const;
  void setSearch(const std::string& value);
  URLSearchParams* searchParams() const { return search_params_; }
  std::string hash() const;
  void setHash(const std::string& value);
  std::string toJSON() { return href(); }

  // URLSearchParams' update steps.
  void SetQuery(std::optional<std::string> query) { url_.query = std::move(query); }

 protected:
  void OnWrapperAssociated(v8::Isolate* isolate) override;

 private:
  explicit URL(Url url) : url_(std::move(url)) {}

  Url url_;
  URLSearchParams* search_params_ = nullptr;
};

}  // namespace v8ws

#endif  // V8WS_CORE_URL_DOM_URL_H_
