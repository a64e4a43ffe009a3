#include "core/page_cursor.h"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>

#include "core/base64.h"
#include "core/error.h"
#include "core/utf8.h"

namespace todo::core {
namespace json = boost::json;

std::string encode_cursor(std::string_view scope, const PageCursor& c) {
  const json::object o{{"s", scope}, {"k", c.key}, {"i", c.id}};
  return base64url_encode(json::serialize(o));
}

std::optional<PageCursor> decode_cursor(std::string_view text, std::string_view scope) {
  if (text.size() > 1024) return std::nullopt;
  const auto raw = base64url_decode(text);
  if (!raw) return std::nullopt;
  boost::system::error_code ec;
  auto v = json::parse(*raw, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.get_object();
  const auto* s = o.if_contains("s");
  const auto* k = o.if_contains("k");
  const auto* i = o.if_contains("i");
  if (!s || !k || !i || !s->is_string() || s->get_string() != scope || !i->is_string()) return std::nullopt;
  if (!(k->is_null() || k->is_int64() || k->is_string())) return std::nullopt;
  return PageCursor{*k, std::string(i->get_string())};
}

const std::string* find_param(const QueryParams& params, std::string_view name) {
  for (const auto& [k, v] : params)
    if (k == name) return &v;
  return nullptr;
}

std::optional<PageCursor> cursor_param(const QueryParams& params, std::string_view scope) {
  const auto* text = find_param(params, "cursor");
  if (!text) return std::nullopt;
  auto c = decode_cursor(*text, scope);
  if (!c) throw bad_request("cursor is not a cursor issued for this list and its sort and order");
  return c;
}

std::optional<long long> seq_cursor_param(const QueryParams& params, std::string_view scope) {
  const auto c = cursor_param(params, scope);
  if (!c) return std::nullopt;
  if (!c->key.is_int64()) throw bad_request("cursor is not a cursor issued for this list");
  return c->key.get_int64();
}

std::string encode_seq_cursor(std::string_view scope, long long last_seq) {
  return encode_cursor(scope, PageCursor{last_seq, ""});
}

int limit_param(const QueryParams& params, int def, int max) {
  const auto* text = find_param(params, "limit");
  if (!text) return def;
  int v = 0;
  const auto* end = text->data() + text->size();
  const auto [p, ec] = std::from_chars(text->data(), end, v);
  if (ec != std::errc() || p != end || v < 1 || v > max)
    throw bad_request("limit must be an integer from 1 to " + std::to_string(max));
  return v;
}

void check_params(const QueryParams& params, std::initializer_list<std::string_view> known,
                  std::initializer_list<std::string_view> repeatable) {
  for (size_t i = 0; i < params.size(); ++i) {
    const auto& name = params[i].first;
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw bad_request("unknown query parameter '" + std::string(utf8::prefix(name, 64)) + "'");
    if (std::find(repeatable.begin(), repeatable.end(), name) != repeatable.end()) continue;
    for (size_t j = 0; j < i; ++j)
      if (params[j].first == name) throw bad_request(name + " must not be repeated");  // a known name: short
  }
}

}  // namespace todo::core
