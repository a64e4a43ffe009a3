#include "core/task_input.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>

#include "core/error.h"
#include "core/recurrence.h"
#include "core/rrule.h"
#include "core/strings.h"
#include "core/utf8.h"
#include "core/uuid.h"

namespace todo::core {
namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 11> kReadOnly = {
    "id",          "user_id",    "status",     "completed",    "reminder_sent", "parent_task_id",
    "created_at", "updated_at", "completed_at", "version",     "deleted_at"};

template <size_t N>
bool one_of(const std::array<std::string_view, N>& set, std::string_view key) {
  return std::find(set.begin(), set.end(), key) != set.end();
}

// Reads an optional timestamp field: string → instant, null → cleared.
std::optional<std::optional<Instant>> read_instant(const json::value& v, const char* field, Problems& problems) {
  if (v.is_null()) return std::optional<Instant>{};
  if (!v.is_string()) {
    problems.add(field, "must be an RFC 3339 timestamp string or null");
    return std::nullopt;
  }
  auto t = parse_rfc3339(v.get_string());
  if (!t) {
    problems.add(field, "must be an RFC 3339 timestamp between the years 1 and 9999 (UTC), such as 2026-12-01T09:00:00Z");
    return std::nullopt;
  }
  return std::optional<Instant>{*t};
}

void read_title(const json::value& v, TaskPatch& p, Problems& problems) {
  if (!v.is_string()) {
    problems.add("title", v.is_null() ? "must not be null" : "must be a string");
    return;
  }
  const auto trimmed = utf8::trim(v.get_string());
  if (trimmed.empty()) {
    problems.add("title", "must not be empty");
  } else if (utf8::length(trimmed) > kMaxTitle) {
    problems.add("title", "must be at most 200 characters");
  } else if (utf8::has_control(trimmed)) {
    problems.add("title", "must not contain control characters");
  } else {
    p.title = std::string(trimmed);
  }
}

void read_description(const json::value& v, TaskPatch& p, Problems& problems) {
  if (v.is_null()) {
    p.description = std::string();
    return;
  }
  if (!v.is_string()) {
    problems.add("description", "must be a string or null");
    return;
  }
  const std::string_view s = v.get_string();
  if (utf8::length(s) > kMaxDescription) {
    problems.add("description", "must be at most 4000 characters");
  } else if (utf8::has_control(s, "\n\r\t")) {
    problems.add("description", "must not contain control characters other than tab and newline");
  } else {
    p.description = std::string(s);
  }
}

void read_tags(const json::value& v, TaskPatch& p, Problems& problems) {
  if (v.is_null()) {
    p.tags = std::vector<std::string>{};
    return;
  }
  if (!v.is_array()) {
    problems.add("tags", "must be an array of strings");
    return;
  }
  std::vector<std::string> tags;
  bool ok = true;
  const auto& arr = v.get_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    const auto field = "tags[" + std::to_string(i) + "]";
    if (!arr[i].is_string()) {
      problems.add(field, "must be a string");
      ok = false;
      continue;
    }
    auto tag = normalize_tag(arr[i].get_string());
    if (!tag) {
      problems.add(field, "must be 1-32 characters of a-z, 0-9, _ or -");
      ok = false;
    } else if (std::find(tags.begin(), tags.end(), *tag) == tags.end()) {
      tags.push_back(std::move(*tag));
    }
  }
  if (tags.size() > kMaxTags) {
    problems.add("tags", "must have at most 20 tags");
    ok = false;
  }
  if (ok) p.tags = std::move(tags);
}

void read_recurrence(const json::value& v, TaskPatch& p, Problems& problems) {
  if (v.is_null()) {
    p.recurrence = std::optional<std::string>{};
    return;
  }
  if (!v.is_string()) {
    problems.add("recurrence", "must be an RRULE string or null");
    return;
  }
  RRuleError err;
  const auto rule = parse_rrule(v.get_string(), &err);
  if (!rule) {
    problems.add("recurrence", "is not a supported RRULE: " + err.message);
    return;
  }
  p.recurrence = std::optional<std::string>{rule->to_string()};
}

void read_timezone(const json::value& v, TaskPatch& p, Problems& problems) {
  if (v.is_null()) {
    p.timezone = "UTC";
    return;
  }
  if (!v.is_string() || !is_valid_timezone(v.get_string())) {
    problems.add("timezone", "must be an IANA time zone such as Europe/Berlin");
    return;
  }
  p.timezone = std::string(v.get_string());
}

void read_project_id(const json::value& v, TaskPatch& p, Problems& problems) {
  if (v.is_null()) {
    p.project_id = std::optional<std::string>{};
    return;
  }
  if (!v.is_string() || !is_uuid(v.get_string())) {
    problems.add("project_id", "must be the id of one of your projects or null");
    return;
  }
  p.project_id = std::optional<std::string>{std::string(v.get_string())};
}

template <typename T>
void note_change(std::vector<FieldChange>& changes, const char* field, T& current, const T& next,
                 json::value from, json::value to) {
  if (current == next) return;
  current = next;
  changes.push_back({field, std::move(from), std::move(to)});
}

}  // namespace

std::optional<std::string> normalize_tag(std::string_view raw) {
  auto tag = ascii_lower(utf8::trim(raw));
  if (tag.empty() || tag.size() > kMaxTagLength) return std::nullopt;
  for (char c : tag)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return std::nullopt;
  return tag;
}

namespace {

TaskPatch parse_fields(const json::value& body, Problems& problems) {
  if (!body.is_object()) throw ApiError(ErrorCode::ValidationFailed, "body must be a JSON object",
                                        {{"body", "must be a JSON object"}});
  TaskPatch p;
  for (const auto& [key, v] : body.get_object()) {
    if (key == "title") {
      read_title(v, p, problems);
    } else if (key == "description") {
      read_description(v, p, problems);
    } else if (key == "priority") {
      const auto pr = v.is_string() ? parse_priority(v.get_string()) : std::nullopt;
      if (pr) p.priority = pr;
      else problems.add("priority", "must be one of low, medium, high");
    } else if (key == "tags") {
      read_tags(v, p, problems);
    } else if (key == "due_date") {
      p.due_date = read_instant(v, "due_date", problems);
    } else if (key == "reminder_at") {
      p.reminder_at = read_instant(v, "reminder_at", problems);
    } else if (key == "recurrence") {
      read_recurrence(v, p, problems);
    } else if (key == "recurrence_end") {
      p.recurrence_end = read_instant(v, "recurrence_end", problems);
    } else if (key == "timezone") {
      read_timezone(v, p, problems);
    } else if (key == "project_id") {
      read_project_id(v, p, problems);
    } else if (one_of(kReadOnly, key)) {
      problems.add(std::string(key), key == "completed" || key == "status"
                                         ? "is read-only; use PATCH /api/{user_id}/tasks/{id}/complete"
                                         : "is read-only");
    } else {
      problems.add(std::string(key), "is not a known field");
    }
  }
  return p;
}

}  // namespace

TaskPatch parse_task_patch(const json::value& body) {
  Problems problems;
  auto p = parse_fields(body, problems);
  problems.throw_if_any();
  return p;
}

namespace {

std::vector<FieldChange> apply_fields(Task& t, const TaskPatch& p) {
  std::vector<FieldChange> changes;
  if (p.title) note_change(changes, "title", t.title, *p.title, json::value(t.title), json::value(*p.title));
  if (p.description)
    note_change(changes, "description", t.description, *p.description, json::value(t.description),
                json::value(*p.description));
  if (p.priority)
    note_change(changes, "priority", t.priority, *p.priority, json::value(to_string(t.priority)),
                json::value(to_string(*p.priority)));
  if (p.tags) note_change(changes, "tags", t.tags, *p.tags, json_array(t.tags), json_array(*p.tags));
  if (p.due_date) note_change(changes, "due_date", t.due_date, *p.due_date, json_or_null(t.due_date), json_or_null(*p.due_date));
  if (p.reminder_at && *p.reminder_at != t.reminder_at) {
    note_change(changes, "reminder_at", t.reminder_at, *p.reminder_at, json_or_null(t.reminder_at),
                json_or_null(*p.reminder_at));
    if (t.reminder_sent) {  // a moved reminder is armed again
      t.reminder_sent = false;
      changes.push_back({"reminder_sent", true, false});
    }
  }
  if (p.recurrence)
    note_change(changes, "recurrence", t.recurrence, *p.recurrence, json_or_null(t.recurrence), json_or_null(*p.recurrence));
  if (p.recurrence_end)
    note_change(changes, "recurrence_end", t.recurrence_end, *p.recurrence_end, json_or_null(t.recurrence_end),
                json_or_null(*p.recurrence_end));
  if (p.timezone) note_change(changes, "timezone", t.timezone, *p.timezone, json::value(t.timezone),
                              json::value(*p.timezone));
  if (p.project_id)
    note_change(changes, "project_id", t.project_id, *p.project_id, json_or_null(t.project_id),
                json_or_null(*p.project_id));
  return changes;
}

bool reported(const Problems& problems, std::string_view field) {
  for (const auto& p : problems.items())
    if (p.field == field) return true;
  return false;
}

// The rules that involve several fields; a field already reported broken is
// not blamed a second time.
void check_cross_fields(const Task& t, Problems& problems) {
  if (t.reminder_at && t.due_date && *t.reminder_at > *t.due_date && !reported(problems, "reminder_at"))
    problems.add("reminder_at", "must not be after due_date");
  if (t.recurrence && !t.due_date && !reported(problems, "due_date"))
    problems.add("due_date", "is required for a recurring task");
}

}  // namespace

std::vector<FieldChange> apply_patch(Task& t, const TaskPatch& p) {
  auto changes = apply_fields(t, p);
  Problems problems;
  check_cross_fields(t, problems);
  problems.throw_if_any();
  return changes;
}

Task make_task(const json::value& body) {
  Problems problems;
  const auto patch = parse_fields(body, problems);
  if (!patch.title && !body.get_object().contains("title")) problems.add("title", "is required");
  Task t;
  apply_fields(t, patch);
  check_cross_fields(t, problems);
  problems.throw_if_any();
  return t;
}

json::object changes_to_json(const std::vector<FieldChange>& changes) {
  json::object o;
  for (const auto& c : changes) o[c.field] = json::object{{"from", c.from}, {"to", c.to}};
  return o;
}

}  // namespace todo::core
