#pragma once
// Quick add (DESIGN §3.8): one line of English text -> the fields of a new
// task. A pure function: no I/O, no database; the route maps the project name
// back to an id and creates the task with the usual rules.
//
// How the text is read
// --------------------
// - The text is split into words at ASCII white space. Matching is ASCII
//   case-insensitive and always on whole words: "tomorrowland" is not a date.
//   A word may carry trailing punctuation (, . ; : ! ?), which is not part of
//   what is recognised ("Buy milk tomorrow." -> title "Buy milk."). Inside a
//   phrase of several words only the last word may carry punctuation
//   ("tomorrow, 5pm" is a date and a time, not one phrase), except the commas
//   of a weekday list ("every mon, fri").
// - What is recognised is removed from the title; everything else stays in it,
//   in order, single-spaced and trimmed. Punctuation left directly after a
//   removed phrase sticks to the word before it ("Call mom tomorrow, then
//   email" -> "Call mom, then email"); such punctuation at the start of the
//   title, and a , ; or : left at its end, is dropped.
// - Each kind of value is taken once and the first one wins: a second date,
//   time, recurrence, priority, project or reminder stays in the title, as a
//   whole (a second "tomorrow 5pm" keeps both words). Tags are the exception:
//   every valid @tag is taken.
// - A date and a time combine wherever they are in the text ("tomorrow at the
//   office at 5pm" is tomorrow 17:00); when they are next to each other they
//   form one match.
// - Errors (ApiError ValidationFailed, every detail on the field `text`): text
//   empty or only white space, over 1000 characters (code points) or not
//   valid UTF-8; nothing left for the title once the recognised phrases are
//   removed; "remind me <duration> before" without a due date. An unknown
//   time zone is a detail on `timezone`. The title's length (1-200) and the
//   rule "reminder_at not after due_date" are checked by the task rules when
//   the task is created, not here.
// - matches lists what was recognised, in text order: kind (due_date,
//   recurrence, priority, tag, project, reminder), the text as written, and
//   [start, end) as UTF-8 byte offsets into the text (not UTF-16 indices).
//
// Dates (in the request's time zone; "today" is the local date of `now`)
// - today, tomorrow; tonight = today 20:00 (today all-day once 20:00 has
//   passed; "tonight 9pm" is today 21:00).
// - Weekdays: monday..sunday and mon, tue/tues, wed, thu/thur/thurs, fri,
//   sat, sun = the next such day: today while the due time is still ahead
//   (all-day: today counts), else in a week. "next monday" = the first
//   Monday after today (in 7 days on a Monday, tomorrow on a Sunday);
//   "next week" = next monday.
// - dec 24, december 24, 24 dec, 24th of december, dec 24th: month names in
//   full or three letters (sept too); the next such date that is still ahead
//   (Dec 24 on Dec 24 counts while its time is ahead or when all-day), else
//   next year; feb 29 is the next leap day. With a four-digit year ("dec 24
//   2027") the date is taken as written, even if past.
// - 24/12 is day/month (12/24 is not a date and stays in the title), same
//   rule as "dec 24"; 24/12/2027 and 2027-12-24 are taken as written.
//   Dates that do not exist (31/04, 2027-02-29) stay in the title. Years
//   1970..9999.
// - in N days / weeks / months / years (also "in a week", "in 3d", "in 2w")
//   = that many local days or months from today, all-day; a month end is
//   clamped (Jan 31 "in 1 month" = Feb 28/29). N is 1..999.
// - in N minutes / hours (also "in 30 min", "in 30m", "in an hour", "in 2h")
//   = exactly that long after now, seconds dropped; it is a date and a time.
//
// Times
// - 17:30, 9:05 (24-hour, minutes required), 5pm, 5:30pm, 5 pm, 12am =
//   00:00, 12pm = 12:00, noon = 12:00, midnight = 00:00 (the start of its
//   day: "friday midnight" is 00:00 on Friday); an optional "at" before
//   ("at 18:30"). A bare hour ("at 5") is not a time.
// - A time without a date is today at that time if still ahead, else
//   tomorrow. A date without a time is all-day: due 23:59:59.000 local time,
//   all_day = true. An explicit date with a time is taken as written even if
//   that moment has passed ("today 9am" at 10:00 is overdue); weekdays and
//   dates without a year resolve to the future as above.
// - Local time to instant as RFC 5545 and core/recurrence: a time skipped by
//   a daylight-saving gap moves forward by the gap (02:30 on a Berlin
//   spring-forward day = 03:30 CEST), a repeated time takes the first, earlier
//   instant.
//
// Recurrence (canonical RRULE text as RRule::to_string prints it)
// - every day / daily -> FREQ=DAILY; every week / weekly -> FREQ=WEEKLY;
//   every month / monthly -> FREQ=MONTHLY; every year / yearly / annually ->
//   FREQ=YEARLY; every N days|weeks|months|years and "every other ..." add
//   INTERVAL (N 1..1000).
// - every weekday (workday) -> FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR; every weekend
//   -> BYDAY=SA,SU; every monday, every mon, fri, every tue and thu ->
//   FREQ=WEEKLY;BYDAY=... (sorted Monday first, duplicates merged); every
//   other monday -> INTERVAL=2; every 2 weeks on monday.
// - every 1st / every month on the 1st -> FREQ=MONTHLY;BYMONTHDAY=1 (the 31st
//   skips shorter months, as RFC 5545); every last day -> BYMONTHDAY=-1;
//   every last friday / every first monday / every 2nd tue / every month on
//   the last friday -> FREQ=MONTHLY;BYDAY=-1FR / 1MO / 2TU.
// - every dec 24 / every 24 dec -> FREQ=YEARLY;BYMONTHDAY=24;BYMONTH=12.
// - A time may follow ("every day at 9am"); it belongs to the recurrence's
//   match. A recurring task needs a due date: the due date is the first
//   occurrence on or after the phrase's date (or today when there is none)
//   that is still ahead, at the given time or all-day (23:59:59 local, which
//   the series keeps). The series keeps the wall time of its first
//   occurrence, so it never starts on a day where that time falls in a DST
//   gap ("every day at 2:30am" said the day before a Berlin spring-forward
//   starts the day after it). "every" that is not followed by one of these
//   forms stays in the title.
//
// Priority: p1 = high, p2 = medium, p3 = low. p4 is not recognised and stays
//   in the title (Todoist's p4 means "no priority"; tasks here always have
//   one, medium by default).
//
// Tags: @tag, normalised as the task rules do (1-32 of a-z 0-9 _ -, lower
//   case); duplicates are merged (every occurrence is removed), order kept.
//   An invalid @tag (@café, @a.b, a lone @) stays in the title, and so do
//   tags past the 20th distinct one.
//
// Project: #name matches one of the user's project names, ASCII
//   case-insensitively; names of several words match the words that follow
//   ("#home renovation" for a project "Home Renovation"), the longest name
//   wins. `project` is the name as the user has it. An unknown #name stays in
//   the title.
//
// Reminders (the kind "reminder")
// - remind [me] <duration> before (30m, 30 min, 1h, 2 hours, 1 day, 1 week,
//   an hour) = the due date minus that exact duration (all-day: before
//   23:59:59 local). Without a due date -> ValidationFailed on `text`.
// - remind [me] [at] <time> ("remind 9am", "remind me at 9am") = that time on
//   the local day of the due date; without a due date, today at that time if
//   still ahead, else tomorrow.
// - remind [me] in <duration> = exactly that long after now, seconds dropped.
// - "remind" not followed by one of these forms stays in the title.
//
// Known hazards (as in Todoist): words that are also dates or recurrences are
// taken ("Buy sun cream" is due Sunday, "Read the weekly report" recurs
// weekly, "1/2 cup" is the 1st of February, "John 3:16" is 03:16).
#include <boost/json/object.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/task.h"
#include "core/time.h"

namespace todo::core {

inline constexpr size_t kMaxQuickAddText = 1000;

struct QuickAddContext {
  Instant now;                   // the request's instant
  std::string timezone = "UTC";  // IANA zone the phrases are read in (validated by the caller)
  // Names of the user's projects (for #project); the caller maps the name back to an id.
  std::vector<std::string> project_names;
};

struct QuickAddMatch {
  std::string kind;  // due_date, recurrence, priority, tag, project, reminder
  std::string text;  // as written
  size_t start;      // byte offsets into the input, [start, end)
  size_t end;
  friend bool operator==(const QuickAddMatch&, const QuickAddMatch&) = default;
};

struct QuickAddResult {
  std::string title;                      // what was not recognised, trimmed, single-spaced
  std::optional<Instant> due_date;
  bool all_day = false;                   // a date without a time: due 23:59:59.000 local time
  std::optional<std::string> recurrence;  // canonical RRULE (as core::parse_rrule/to_string produce)
  std::optional<Priority> priority;
  std::optional<Instant> reminder_at;
  std::vector<std::string> tags;          // normalised with core::normalize_tag, order kept, duplicates merged
  std::optional<std::string> project;     // the project name as the user has it (case-insensitive match)
  std::vector<QuickAddMatch> matches;
};

// Throws ApiError(ValidationFailed) with details for: text empty/over 1000 characters, an empty title after
// removing what was recognised, "remind me <dur> before" without a due date (see above).
QuickAddResult parse_quick_add(std::string_view text, const QuickAddContext& ctx);

// The "parsed" object: title always; due_date and all_day when there is a due
// date; recurrence, priority ("high"...), reminder_at, tags, project (the
// name; the route adds project_id) and matches ([{kind, text, start, end}])
// only when recognised.
boost::json::object to_json(const QuickAddResult& r);

}  // namespace todo::core
