// Wall-clock ↔ instant conversion in an IANA time zone, without a date
// library. `<input type="datetime-local">` gives "YYYY-MM-DDTHH:mm" with no
// zone; the task's `timezone` says where that wall-clock time is.
//
// Non-existent local times (spring-forward gap) move forward by the gap and
// ambiguous ones (fall-back overlap) take the earlier instant: the
// "compatible" disambiguation of RFC 5545 and Temporal.

const MINUTE = 60_000;
const DAY = 86_400_000;

const fmtCache = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = fmtCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    fmtCache.set(timeZone, f);
  }
  return f;
}

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock in `timeZone` at instant `ms`. */
export function wallClockAt(ms: number, timeZone: string): WallClock {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? 1970,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: (out.hour ?? 0) % 24,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

function wallToMs(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds (local − UTC). */
export function offsetMs(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallToMs(wallClockAt(whole, timeZone)) - whole;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

export function parseLocal(value: string): WallClock | null {
  const m = LOCAL_RE.exec(value.trim());
  if (!m) return null;
  const w: WallClock = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.day > 31 || w.hour > 23 || w.minute > 59 || w.second > 59) return null;
  // reject 2025-02-30 and friends
  const probe = new Date(wallToMs(w));
  if (probe.getUTCDate() !== w.day) return null;
  return w;
}

/**
 * "2026-03-29T02:30" in "Europe/Berlin" → the UTC instant. Returns null for
 * text that is not a date/time or an unknown zone.
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date | null {
  const w = parseLocal(local);
  if (!w || !isValidTimeZone(timeZone)) return null;
  const wall = wallToMs(w);
  const before = offsetMs(wall - DAY, timeZone);
  const after = offsetMs(wall + DAY, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => wallToMs(wallClockAt(t, timeZone)) === wall);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // In a gap: use the offset from before the transition, which lands after it.
  return new Date(wall - before);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Instant → "YYYY-MM-DDTHH:mm" in `timeZone`, for datetime-local inputs. */
export function utcToZonedLocal(instant: string | Date | number, timeZone: string): string {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) return '';
  const w = wallClockAt(ms, isValidTimeZone(timeZone) ? timeZone : 'UTC');
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** Instant → "YYYY-MM-DD" in `timeZone`, for date inputs. */
export function utcToZonedDate(instant: string | Date | number, timeZone: string): string {
  return utcToZonedLocal(instant, timeZone).slice(0, 10);
}

/** First instant of the local day "YYYY-MM-DD" in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): Date | null {
  return zonedLocalToUtc(`${date.slice(0, 10)}T00:00`, timeZone);
}

/** Last millisecond of the local day "YYYY-MM-DD" in `timeZone`. */
export function endOfLocalDay(date: string, timeZone: string): Date | null {
  const w = parseLocal(date.slice(0, 10));
  if (!w) return null;
  const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
  const nextStr = `${pad(next.getUTCFullYear(), 4)}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
  const start = startOfLocalDay(nextStr, timeZone);
  return start ? new Date(start.getTime() - 1) : null;
}

/** RFC 3339 UTC with milliseconds, as the API speaks it. */
export function toApiTime(d: Date): string {
  return d.toISOString();
}

export function browserTimeZone(): string {
  try {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return tz && isValidTimeZone(tz) ? tz : 'UTC';
  } catch {
    return 'UTC';
  }
}

// --- Display: one format everywhere (rows, hints, notifications, toasts).
// Locale-aware through Intl; day and short month name, the time, and the
// year only when it is not the current one (in the zone shown).

const displayCache = new Map<string, Intl.DateTimeFormat>();

function displayFormat(locale: string | undefined, timeZone: string | undefined, parts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${timeZone ?? ''}|${JSON.stringify(parts)}`;
  let f = displayCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...parts, timeZone });
    displayCache.set(key, f);
  }
  return f;
}

export interface DisplayOptions {
  /** zone to show the instant in (default: the browser's) */
  timeZone?: string;
  locale?: string;
  /** "now", for deciding whether the year is shown (default Date.now()) */
  nowMs?: number;
}

function yearIn(ms: number, timeZone: string | undefined): number {
  return wallClockAt(ms, timeZone && isValidTimeZone(timeZone) ? timeZone : browserTimeZone()).year;
}

function withYear(ms: number, opts: DisplayOptions | undefined): boolean {
  return yearIn(ms, opts?.timeZone) !== yearIn(opts?.nowMs ?? Date.now(), opts?.timeZone);
}

const DATE_PARTS: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' };

/** "9:00 AM" where the clock has 12 hours, "09:00" where it has 24 (as timeStyle: 'short' does). */
function timeParts(locale: string | undefined): Intl.DateTimeFormatOptions {
  const cycle = displayFormat(locale, 'UTC', { hour: 'numeric' }).resolvedOptions().hourCycle;
  return { hour: cycle === 'h23' || cycle === 'h24' ? '2-digit' : 'numeric', minute: '2-digit' };
}

/** "Dec 3, 9:00 AM" (en-US) / "3 Dec, 09:00" (en-GB); "Jan 5, 2027, 9:00 AM" in another year. */
export function formatDateTime(iso: string | number, opts?: DisplayOptions): string {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(ms)) return String(iso);
  const time = timeParts(opts?.locale);
  const parts = withYear(ms, opts) ? { ...DATE_PARTS, year: 'numeric' as const, ...time } : { ...DATE_PARTS, ...time };
  return displayFormat(opts?.locale, opts?.timeZone, parts).format(ms);
}

/**
 * A calendar date "YYYY-MM-DD" (a date input's value) in the same format
 * without the time: "Dec 3" / "Jan 5, 2027".
 */
export function formatLocalDate(date: string, opts?: Omit<DisplayOptions, 'timeZone'>): string {
  const w = parseLocal(date.slice(0, 10));
  if (!w) return date;
  const ms = Date.UTC(w.year, w.month - 1, w.day, 12);
  const thisYear = wallClockAt(opts?.nowMs ?? Date.now(), browserTimeZone()).year;
  const parts = w.year !== thisYear ? { ...DATE_PARTS, year: 'numeric' as const } : DATE_PARTS;
  return displayFormat(opts?.locale, 'UTC', parts).format(ms);
}

/** A wall-clock "YYYY-MM-DDTHH:mm" (a datetime-local input's value) in the display format. */
export function formatLocalDateTime(local: string, opts?: Omit<DisplayOptions, 'timeZone'>): string {
  const w = parseLocal(local);
  if (!w) return local;
  const ms = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const thisYear = wallClockAt(opts?.nowMs ?? Date.now(), browserTimeZone()).year;
  const time = timeParts(opts?.locale);
  const parts = w.year !== thisYear ? { ...DATE_PARTS, year: 'numeric' as const, ...time } : { ...DATE_PARTS, ...time };
  return displayFormat(opts?.locale, 'UTC', parts).format(ms);
}

/** "in 3 h", "2 days ago": short relative wording for due dates. */
export function formatRelative(iso: string, nowMs: number, locale?: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const diff = ms - nowMs;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  if (abs < 45_000) return rtf.format(0, 'second');
  if (abs < 45 * MINUTE) return rtf.format(Math.round(diff / MINUTE), 'minute');
  if (abs < 22 * 60 * MINUTE) return rtf.format(Math.round(diff / (60 * MINUTE)), 'hour');
  if (abs < 26 * DAY) return rtf.format(Math.round(diff / DAY), 'day');
  if (abs < 320 * DAY) return rtf.format(Math.round(diff / (30 * DAY)), 'month');
  return rtf.format(Math.round(diff / (365 * DAY)), 'year');
}

/** Short zone label such as "CET" / "GMT+1" for `timeZone` at `ms`. */
export function zoneAbbreviation(timeZone: string, ms: number, locale?: string): string {
  try {
    const part = new Intl.DateTimeFormat(locale ?? 'en-US', { timeZone, timeZoneName: 'short' })
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName');
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

/**
 * A due date at 23:59:59 local time in its task's zone is all-day (DESIGN
 * §3.8: quick add's "a date without a time"), shown without a time.
 */
export function isAllDay(iso: string, timeZone: string): boolean {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return false;
  const w = wallClockAt(ms, isValidTimeZone(timeZone) ? timeZone : 'UTC');
  return w.hour === 23 && w.minute === 59 && w.second === 59;
}

/** A due date for display: "Dec 3, 9:00 AM", or "Dec 3" (its day in the task's zone) when all-day. */
export function formatDue(iso: string, taskZone: string, opts?: DisplayOptions): string {
  if (isAllDay(iso, taskZone)) return formatLocalDate(utcToZonedDate(iso, taskZone), opts);
  return formatDateTime(iso, opts);
}
