#include "core/task.h"

#include <boost/json.hpp>
#include <charconv>
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

// A member's value as JSON. The members' keys are written by the caller as
// one literal each (",\"user_id\":"): the list writes 21 per task, and
// building them from the key a character at a time was a tenth of its CPU.
void put(std::string& out, std::string_view v) { append_json_string(out, v); }
void put(std::string& out, Instant t) {
  out += '"';
  append_rfc3339(out, t);
  out += '"';
}
void put(std::string& out, bool v) { out += v ? std::string_view("true") : std::string_view("false"); }
void put(std::string& out, long long v) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, end);
}
void put(std::string& out, std::span<const std::string_view> items) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, items[i]);
  }
  out += ']';
}
template <class T>
void put(std::string& out, const std::optional<T>& v) {
  if (v)
    put(out, *v);
  else
    out += "null";
}

template <class T>
void member(std::string& out, std::string_view key_and_colon, const T& v) {
  out += key_and_colon;
  put(out, v);
}

}  // namespace

TaskView view_of(const Task& t, std::vector<std::string_view>& tags) {
  tags.assign(t.tags.begin(), t.tags.end());
  TaskView v;
  v.id = t.id;
  v.user_id = t.user_id;
  v.title = t.title;
  v.description = t.description;
  v.priority = t.priority;
  v.tags = tags;
  v.completed = t.completed;
  v.due_date = t.due_date;
  v.reminder_at = t.reminder_at;
  v.reminder_sent = t.reminder_sent;
  v.recurrence = t.recurrence;
  v.recurrence_end = t.recurrence_end;
  v.timezone = t.timezone;
  v.parent_task_id = t.parent_task_id;
  v.project_id = t.project_id;
  v.created_at = t.created_at;
  v.updated_at = t.updated_at;
  v.completed_at = t.completed_at;
  v.version = t.version;
  v.deleted_at = t.deleted_at;
  return v;
}

Task to_task(const TaskView& v) {
  auto text = [](const std::optional<std::string_view>& s) {
    return s ? std::optional<std::string>(*s) : std::nullopt;
  };
  Task t;
  t.id = v.id;
  t.user_id = v.user_id;
  t.title = v.title;
  t.description = v.description;
  t.priority = v.priority;
  t.tags.assign(v.tags.begin(), v.tags.end());
  t.completed = v.completed;
  t.due_date = v.due_date;
  t.reminder_at = v.reminder_at;
  t.reminder_sent = v.reminder_sent;
  t.recurrence = text(v.recurrence);
  t.recurrence_end = v.recurrence_end;
  t.timezone = v.timezone;
  t.parent_task_id = text(v.parent_task_id);
  t.project_id = text(v.project_id);
  t.created_at = v.created_at;
  t.updated_at = v.updated_at;
  t.completed_at = v.completed_at;
  t.version = v.version;
  t.deleted_at = v.deleted_at;
  return t;
}

void append_json(std::string& out, const TaskView& t) {
  member(out, "{\"id\":", t.id);
  member(out, ",\"user_id\":", t.user_id);
  member(out, ",\"title\":", t.title);
  member(out, ",\"description\":", t.description);
  member(out, ",\"priority\":", to_string(t.priority));
  member(out, ",\"tags\":", t.tags);
  member(out, ",\"status\":", status_name(t.completed));
  member(out, ",\"completed\":", t.completed);
  member(out, ",\"due_date\":", t.due_date);
  member(out, ",\"reminder_at\":", t.reminder_at);
  member(out, ",\"reminder_sent\":", t.reminder_sent);
  member(out, ",\"recurrence\":", t.recurrence);
  member(out, ",\"recurrence_end\":", t.recurrence_end);
  member(out, ",\"timezone\":", t.timezone);
  member(out, ",\"parent_task_id\":", t.parent_task_id);
  member(out, ",\"project_id\":", t.project_id);
  member(out, ",\"created_at\":", t.created_at);
  member(out, ",\"updated_at\":", t.updated_at);
  member(out, ",\"completed_at\":", t.completed_at);
  member(out, ",\"version\":", t.version);
  member(out, ",\"deleted_at\":", t.deleted_at);
  out += '}';
}

void append_json(std::string& out, const Task& t) {
  std::vector<std::string_view> tags;
  append_json(out, view_of(t, tags));
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
