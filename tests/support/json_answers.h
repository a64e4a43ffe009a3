#pragma once
// Header-only helpers for reading JSON answers in the integration suites.
// (Header-only: the support library's sources are listed one by one in
// tests/CMakeLists.txt.)
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "http_client.h"

namespace todo::test {

inline std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

// The `field` of every detail of an error answer ({"error": {"details": […]}}).
inline std::set<std::string> problem_fields(const HttpResult& r) {
  std::set<std::string> out;
  const auto body = r.json();  // a named value: a range over a temporary's member would dangle
  for (const auto& d : body.at("error").at("details").as_array()) out.insert(str(d.at("field")));
  return out;
}

// GET `target`, expecting 200 and a JSON object (an empty one otherwise, after a failed expectation).
inline boost::json::object get_json(HttpClient& c, const std::string& target) {
  const auto r = c.get(target);
  EXPECT_EQ(r.status, 200) << target << ": " << r.body;
  return r.status == 200 ? r.json().as_object() : boost::json::object{};
}

// The ids of the items of a list answer at `target`, in order.
inline std::vector<std::string> item_ids(HttpClient& c, const std::string& target) {
  std::vector<std::string> out;
  const auto page = get_json(c, target);
  if (const auto* items = page.if_contains("items"))
    for (const auto& it : items->as_array()) out.push_back(str(it.at("id")));
  return out;
}

}  // namespace todo::test
