// Wall-clock time in an IANA zone ↔ instants, for filling datetime-local
// inputs and computing expected due dates (no date library).

const pad = (n, w = 2) => String(n).padStart(w, '0');

function parts(ms, timeZone) {
  const out = {};
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  for (const p of fmt.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year, month: out.month, day: out.day, hour: out.hour % 24, minute: out.minute, second: out.second };
}

/** "YYYY-MM-DDTHH:mm" (or with ":ss") of instant `ms` in `timeZone`. */
export function wallClock(ms, timeZone, { seconds = false } = {}) {
  const w = parts(ms, timeZone);
  const base = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
  return seconds ? `${base}:${pad(w.second)}` : base;
}

function offsetAt(ms, timeZone) {
  const w = parts(Math.floor(ms / 1000) * 1000, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant of wall-clock "YYYY-MM-DDTHH:mm[:ss]" in `timeZone` (times that exist). */
export function zonedToUtc(local, timeZone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) throw new Error(`bad local time ${local}`);
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  let t = wall - offsetAt(wall, timeZone);
  t = wall - offsetAt(t, timeZone);
  return t;
}

/** "YYYY-MM-DD" in `timeZone`, `days` after today there. */
export function localDatePlusDays(days, timeZone, now = Date.now()) {
  const w = parts(now, timeZone);
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Adds whole calendar days to a wall-clock "YYYY-MM-DDTHH:mm". */
export function addLocalDays(local, days) {
  const [date, time] = local.split('T');
  const [y, mo, d] = date.split('-').map(Number);
  const x = new Date(Date.UTC(y, mo - 1, d + days));
  return `${pad(x.getUTCFullYear(), 4)}-${pad(x.getUTCMonth() + 1)}-${pad(x.getUTCDate())}T${time}`;
}
