#include "core/time.h"

#include <cstdio>

namespace todo::core {
namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::optional<Instant> parse_rfc3339(std::string_view s) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  const char sep = s[10];
  if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
  if (!digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se))
    return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || se > 59) return std::nullopt;  // leap seconds are not accepted

  size_t pos = 19;
  long long ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t nd = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (nd < 3) ms = ms * 10 + (s[pos] - '0');
      ++nd;
      ++pos;
    }
    if (nd == 0) return std::nullopt;
    for (size_t i = nd; i < 3; ++i) ms *= 10;
  }
  if (pos >= s.size()) return std::nullopt;  // an offset is mandatory
  long long offset_min = 0;
  const char z = s[pos];
  if (z == 'Z' || z == 'z') {
    ++pos;
  } else if (z == '+' || z == '-') {
    int oh = 0, om = 0;
    ++pos;
    if (!digits(s, pos, 2, oh)) return std::nullopt;
    pos += 2;
    const bool colon = pos < s.size() && s[pos] == ':';
    if (colon) ++pos;
    if (colon || pos < s.size()) {  // "+01:" without minutes is malformed
      if (!digits(s, pos, 2, om)) return std::nullopt;
      pos += 2;
    }
    if (oh > 23 || om > 59) return std::nullopt;
    offset_min = (oh * 60 + om) * (z == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;

  const auto t = time_point_cast<milliseconds>(sys_days{ymd} + hours{h} + minutes{mi} + seconds{se} +
                                                milliseconds{ms} - minutes{offset_min});
  if (t < kMinInstant || t > kMaxInstant) return std::nullopt;
  return t;
}

void append_rfc3339(std::string& out, Instant t) {
  using namespace std::chrono;
  const auto day_point = floor<days>(t);
  const year_month_day ymd{day_point};
  auto rest = t - day_point;
  const auto h = duration_cast<hours>(rest);
  rest -= h;
  const auto m = duration_cast<minutes>(rest);
  rest -= m;
  const auto s = duration_cast<seconds>(rest);
  rest -= s;
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {  // not storable (parse_rfc3339 bounds years to 1–9999): printed as it is
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02lld.%03lldZ", year, static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<int>(h.count()), static_cast<int>(m.count()),
                  static_cast<long long>(s.count()), static_cast<long long>(rest.count()));
    out += buf;
    return;
  }
  // Digits written by hand: snprintf was about 6% of the CPU of listing a
  // page (three timestamps per task).
  const auto at = out.size();
  out.append(24, '0');  // YYYY-MM-DDTHH:MM:SS.mmmZ
  char* p = out.data() + at;
  auto put = [p](std::size_t pos, long long v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) p[pos + static_cast<std::size_t>(i)] = static_cast<char>('0' + v % 10);
  };
  put(0, year, 4);
  p[4] = '-';
  put(5, static_cast<unsigned>(ymd.month()), 2);
  p[7] = '-';
  put(8, static_cast<unsigned>(ymd.day()), 2);
  p[10] = 'T';
  put(11, h.count(), 2);
  p[13] = ':';
  put(14, m.count(), 2);
  p[16] = ':';
  put(17, s.count(), 2);
  p[19] = '.';
  put(20, rest.count(), 3);
  p[23] = 'Z';
}

std::string format_rfc3339(Instant t) {
  std::string out;
  out.reserve(24);
  append_rfc3339(out, t);
  return out;
}

}  // namespace todo::core
