// URLSearchParams: URL Standard §6.2.
#include "core/url/url_search_params.h"

#include <algorithm>
#include <numeric>

#include "bindings/core/v8/exception_state.h"
#include "bindings/generated/v8_url_search_params.h"
#include "core/url/dom_url.h"
#include "core/url/url.h"

namespace v8ws {
namespace {

// UTF-16 code units of a UTF-8 string (valid: names are USVStrings): sort() compares names
// by code units, not by code points.
std::u16string ToCodeUnits(const std::string& utf8) {
  std::u16string out;
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<uint8_t>(utf8[i]);
    uint32_t cp = c;
    size_t length = 1;
    if (c >= 0xF0 && i + 3 < utf8.size()) {
      cp = ((c & 0x07u) << 18) | ((utf8[i + 1] & 0x3Fu) << 12) | ((utf8[i + 2] & 0x3Fu) << 6) |
           (utf8[i + 3] & 0x3Fu);
      length = 4;
    } else if (c >= 0xE0 && i + 2 < utf8.size()) {
      cp = ((c & 0x0Fu) << 12) | ((utf8[i + 1] & 0x3Fu) << 6) | (utf8[i + 2] & 0x3Fu);
      length = 3;
    } else if (c >= 0xC0 && i + 1 < utf8.size()) {
      cp = ((c & 0x1Fu) << 6) | (utf8[i + 1] & 0x3Fu);
      length = 2;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
    i += length;
  }
  return out;
}

}  // namespace

URLSearchParams* URLSearchParams::Create(
    ExecutionContext*,
    const USVStringSequenceSequenceOrUSVStringUSVStringRecordOrUSVString& init,
    ExceptionState& es) {
  auto* params = new URLSearchParams(nullptr);
  // §6.2 constructor step 1 and "initialize".
  if (const auto* text = std::get_if<std::string>(&init)) {
    std::string_view query = *text;
    if (!query.empty() && query[0] == '?')
      query.remove_prefix(1);
    params->list_ = ParseFormUrlencoded(query);
  } else if (const auto* sequence = std::get_if<std::vector<std::vector<std::string>>>(&init)) {
    for (const auto& pair : *sequence) {
      if (pair.size() != 2) {
        delete params;
        es.ThrowTypeError("Each name-value pair needs exactly two items.");
        return nullptr;
      }
      params->list_.emplace_back(pair[0], pair[1]);
    }
  } else {
    params->list_ = std::get<std::vector<std::pair<std::string, std::string>>>(init);
  }
  return params;
}

URLSearchParams* URLSearchParams::CreateForUrl(URL* url, std::string_view query) {
  auto* params = new URLSearchParams(url);
  params->list_ = ParseFormUrlencoded(query);
  return params;
}

const WrapperTypeInfo* URLSearchParams::GetWrapperTypeInfo() const {
  return &V8URLSearchParams::wrapper_type_info;
}

void URLSearchParams::Update() {
  if (!url_)
    return;
  std::string serialized = SerializeFormUrlencoded(list_);
  url_->SetQuery(serialized.empty() ? std::nullopt : std::optional<std::string>(serialized));
}

void URLSearchParams::SetListFromQuery(std::optional<std::string_view> query) {
  list_ = query ? ParseFormUrlencoded(*query) : List();
}

void URLSearchParams::append(const std::string& name, const std::string& value) {
  list_.emplace_back(name, value);
  Update();
}

void URLSearchParams::deleteForBinding(const std::string& name, const std::optional<std::string>& value) {
  list_.erase(std::remove_if(list_.begin(), list_.end(),
                             [&](const auto& pair) {
                               return pair.first == name && (!value || pair.second == *value);
                             }),
              list_.end());
  Update();
}

std::optional<std::string> URLSearchParams::get(const std::string& name) {
  for (const auto& pair : list_) {
    if (pair.first == name)
      return pair.second;
  }
  return std::nullopt;
}

std::vector<std::string> URLSearchParams::getAll(const std::string& name) {
  std::vector<std::string> out;
  for (const auto& pair : list_) {
    if (pair.first == name)
      out.push_back(pair.second);
  }
  return out;
}

bool URLSearchParams::has(const std::string& name, const std::optional<std::string>& value) {
  return std::any_of(list_.begin(), list_.end(), [&](const auto& pair) {
    return pair.first == name && (!value || pair.second == *value);
  });
}

void URLSearchParams::set(const std::string& name, const std::string& value) {
  // The first pair with `name` takes the value; the others go.
  bool found = false;
  List kept;
  for (auto& pair : list_) {
    if (pair.first != name) {
      kept.push_back(std::move(pair));
    } else if (!found) {
      found = true;
      kept.emplace_back(name, value);
    }
  }
  if (!found)
    kept.emplace_back(name, value);
  list_ = std::move(kept);
  Update();
}

void URLSearchParams::sort() {
  // Stable, by the names' UTF-16 code units.
  std::vector<std::u16string> keys;
  keys.reserve(list_.size());
  for (const auto& pair : list_)
    keys.push_back(ToCodeUnits(pair.first));
  std::vector<size_t> order(list_.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  List sorted;
  sorted.reserve(list_.size());
  for (size_t i : order)
    sorted.push_back(std::move(list_[i]));
  list_ = std::move(sorted);
  Update();
}

std::string URLSearchParams::toString() const {
  return SerializeFormUrlencoded(list_);
}

}  // namespace v8ws
