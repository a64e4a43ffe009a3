#include "core/task.h"

#include <boost/json.hpp>
#include <stdexcept>

#include "core/strings.h"
#include "core/utf8.h"

namespace todo::core {
namespace json = boost::json;

std::string_view to_string(Priority p) {
  switch (p) {
    case Priority::Low: return "low";
    case Priority::High: return "high";
    case Priority::Medium: break;
  }
  return "medium";
}

std::optional<Priority> parse_priority(std::string_view s) {
  const auto v = ascii_lower(s);
  if (v == "low") return Priority::Low;
  if (v == "medium") return Priority::Medium;
  if (v == "high") return Priority::High;
  return std::nullopt;
}

namespace {

const json::value& require(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) throw std::invalid_argument("task." + std::string(key) + " missing");
  return *v;
}

std::string req_string(const json::object& o, std::string_view key) {
  const auto& v = require(o, key);
  if (!v.is_string()) throw std::invalid_argument("task." + std::string(key) + " is not a string");
  return std::string(v.get_string());
}

std::optional<std::string> opt_string(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) throw std::invalid_argument("task." + std::string(key) + " is not a string");
  return std::string(v->get_string());
}

std::optional<Instant> opt_instant(const json::object& o, std::string_view key) {
  const auto s = opt_string(o, key);
  if (!s) return std::nullopt;
  auto t = parse_rfc3339(*s);
  if (!t) throw std::invalid_argument("task." + std::string(key) + " is not a timestamp");
  return t;
}

Instant req_instant(const json::object& o, std::string_view key) {
  auto t = opt_instant(o, key);
  if (!t) throw std::invalid_argument("task." + std::string(key) + " missing");
  return *t;
}

}  // namespace

json::value json_or_null(const std::optional<Instant>& t) {
  return t ? json::value(format_rfc3339(*t)) : json::value(nullptr);
}

json::value json_or_null(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

json::array json_array(const std::vector<std::string>& items) {
  json::array a;
  a.reserve(items.size());
  for (const auto& item : items) a.emplace_back(item);
  return a;
}

json::object to_json(const Task& t) {
  json::object o;
  o.reserve(22);
  o["id"] = t.id;
  o["user_id"] = t.user_id;
  o["title"] = t.title;
  o["description"] = t.description;
  o["priority"] = to_string(t.priority);
  o["tags"] = json_array(t.tags);
  o["status"] = t.status();
  o["completed"] = t.completed;
  o["due_date"] = json_or_null(t.due_date);
  o["reminder_at"] = json_or_null(t.reminder_at);
  o["reminder_sent"] = t.reminder_sent;
  o["recurrence"] = json_or_null(t.recurrence);
  o["recurrence_end"] = json_or_null(t.recurrence_end);
  o["timezone"] = t.timezone;
  o["parent_task_id"] = json_or_null(t.parent_task_id);
  o["project_id"] = json_or_null(t.project_id);
  o["created_at"] = format_rfc3339(t.created_at);
  o["updated_at"] = format_rfc3339(t.updated_at);
  o["completed_at"] = json_or_null(t.completed_at);
  o["version"] = t.version;
  o["deleted_at"] = json_or_null(t.deleted_at);
  return o;
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c != '"' && c != '\\' && c >= 0x20) continue;
    out.append(s.substr(run, i - run));
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(s.substr(run));
  out += '"';
}

namespace {

// Writes one JSON object's members in order, commas included.
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  ~ObjectWriter() { out_ += '}'; }
  ObjectWriter(const ObjectWriter&) = delete;
  ObjectWriter& operator=(const ObjectWriter&) = delete;

  void field(std::string_view key, std::string_view v) { append_json_string(name(key), v); }
  void field(std::string_view key, Instant t) { field(key, format_rfc3339(t)); }
  void field(std::string_view key, bool v) { name(key) += v ? "true" : "false"; }
  void field(std::string_view key, long long v) { name(key) += std::to_string(v); }
  template <class T>
  void field(std::string_view key, const std::optional<T>& v) {
    if (v)
      field(key, *v);
    else
      name(key) += "null";
  }
  void field(std::string_view key, const std::vector<std::string>& items) {
    auto& out = name(key);
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out += ',';
      append_json_string(out, items[i]);
    }
    out += ']';
  }

 private:
  std::string& name(std::string_view key) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += key;  // keys are ours: plain ASCII
    out_ += "\":";
    return out_;
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace

void append_json(std::string& out, const Task& t) {
  ObjectWriter w(out);
  w.field("id", t.id);
  w.field("user_id", t.user_id);
  w.field("title", t.title);
  w.field("description", t.description);
  w.field("priority", to_string(t.priority));
  w.field("tags", t.tags);
  w.field("status", t.status());
  w.field("completed", t.completed);
  w.field("due_date", t.due_date);
  w.field("reminder_at", t.reminder_at);
  w.field("reminder_sent", t.reminder_sent);
  w.field("recurrence", t.recurrence);
  w.field("recurrence_end", t.recurrence_end);
  w.field("timezone", t.timezone);
  w.field("parent_task_id", t.parent_task_id);
  w.field("project_id", t.project_id);
  w.field("created_at", t.created_at);
  w.field("updated_at", t.updated_at);
  w.field("completed_at", t.completed_at);
  w.field("version", t.version);
  w.field("deleted_at", t.deleted_at);
}

Task task_from_json(const json::object& o) {
  Task t;
  t.id = req_string(o, "id");
  t.user_id = req_string(o, "user_id");
  t.title = req_string(o, "title");
  t.description = opt_string(o, "description").value_or("");
  const auto p = parse_priority(opt_string(o, "priority").value_or("medium"));
  if (!p) throw std::invalid_argument("task.priority is unknown");
  t.priority = *p;
  if (const auto* tags = o.if_contains("tags"); tags && tags->is_array()) {
    for (const auto& tag : tags->get_array())
      if (tag.is_string()) t.tags.emplace_back(tag.get_string());
  }
  const auto& completed = require(o, "completed");
  if (!completed.is_bool()) throw std::invalid_argument("task.completed is not a boolean");
  t.completed = completed.get_bool();
  t.due_date = opt_instant(o, "due_date");
  t.reminder_at = opt_instant(o, "reminder_at");
  if (const auto* rs = o.if_contains("reminder_sent"); rs && rs->is_bool()) t.reminder_sent = rs->get_bool();
  t.recurrence = opt_string(o, "recurrence");
  t.recurrence_end = opt_instant(o, "recurrence_end");
  t.timezone = opt_string(o, "timezone").value_or("UTC");
  t.parent_task_id = opt_string(o, "parent_task_id");
  // Absent in events written before projects and the trash existed.
  t.project_id = opt_string(o, "project_id");
  t.created_at = req_instant(o, "created_at");
  t.updated_at = req_instant(o, "updated_at");
  t.completed_at = opt_instant(o, "completed_at");
  if (const auto* v = o.if_contains("version"); v && v->is_int64()) t.version = v->get_int64();
  t.deleted_at = opt_instant(o, "deleted_at");
  return t;
}

}  // namespace todo::core
