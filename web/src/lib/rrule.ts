// Recurrence presets and the custom editor ↔ RRULE text (DESIGN.md §3.3/§3.4).
// The UI represents: none; daily/weekly/monthly/yearly; "every N
// days/weeks/months/years" with weekdays for weekly. Anything else the server
// accepts (BYMONTHDAY, BYDAY=1MO, COUNT, UNTIL, …) is shown as text and kept.

export type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

export const FREQS: readonly Freq[] = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
export const WEEKDAYS: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

export type Recurrence =
  | { kind: 'none' }
  | { kind: 'preset'; freq: Freq }
  | { kind: 'custom'; freq: Freq; interval: number; byDay: Weekday[] }
  | { kind: 'raw'; rule: string };

const SHORTHAND: Record<string, Freq> = { daily: 'DAILY', weekly: 'WEEKLY', monthly: 'MONTHLY', yearly: 'YEARLY' };

function isFreq(v: string): v is Freq {
  return (FREQS as readonly string[]).includes(v);
}
function isWeekday(v: string): v is Weekday {
  return (WEEKDAYS as readonly string[]).includes(v);
}

/** Orders weekdays Monday-first and drops duplicates. */
export function sortWeekdays(days: readonly Weekday[]): Weekday[] {
  return WEEKDAYS.filter((d) => days.includes(d));
}

/** Splits "FREQ=WEEKLY;INTERVAL=2" into upper-cased key → value, or null if malformed. */
export function ruleParts(rule: string): Map<string, string> | null {
  const body = rule.trim().replace(/^RRULE:/i, '');
  if (!body) return null;
  const parts = new Map<string, string>();
  for (const seg of body.split(';')) {
    if (!seg) continue;
    const eq = seg.indexOf('=');
    if (eq <= 0) return null;
    const key = seg.slice(0, eq).trim().toUpperCase();
    const value = seg.slice(eq + 1).trim().toUpperCase();
    if (!value || parts.has(key)) return null;
    parts.set(key, value);
  }
  return parts;
}

/** RRULE text (or shorthand, or null) → what the editor shows. */
export function parseRecurrence(rule: string | null | undefined): Recurrence {
  if (rule == null || rule.trim() === '') return { kind: 'none' };
  const short = SHORTHAND[rule.trim().toLowerCase()];
  if (short) return { kind: 'preset', freq: short };
  const raw: Recurrence = { kind: 'raw', rule: rule.trim() };
  const parts = ruleParts(rule);
  if (!parts) return raw;
  const freq = parts.get('FREQ');
  if (!freq || !isFreq(freq)) return raw;
  for (const key of parts.keys()) {
    if (key === 'FREQ' || key === 'INTERVAL') continue;
    if (key === 'BYDAY' && freq === 'WEEKLY') continue;
    return raw;
  }
  let interval = 1;
  const iv = parts.get('INTERVAL');
  if (iv !== undefined) {
    if (!/^\d+$/.test(iv) || Number(iv) < 1) return raw;
    interval = Number(iv);
  }
  let byDay: Weekday[] = [];
  const bd = parts.get('BYDAY');
  if (bd !== undefined) {
    const days = bd.split(',').map((d) => d.trim());
    if (days.length === 0 || !days.every(isWeekday)) return raw;
    byDay = sortWeekdays(days as Weekday[]);
  }
  if (interval === 1 && byDay.length === 0) return { kind: 'preset', freq };
  return { kind: 'custom', freq, interval, byDay };
}

/** What the editor shows → RRULE text for the API (null = no recurrence). */
export function buildRecurrence(r: Recurrence): string | null {
  switch (r.kind) {
    case 'none':
      return null;
    case 'preset':
      return `FREQ=${r.freq}`;
    case 'raw':
      return r.rule.trim() || null;
    case 'custom': {
      const parts = [`FREQ=${r.freq}`];
      const interval = Math.max(1, Math.floor(r.interval || 1));
      if (interval > 1) parts.push(`INTERVAL=${interval}`);
      const days = r.freq === 'WEEKLY' ? sortWeekdays(r.byDay) : [];
      if (days.length > 0) parts.push(`BYDAY=${days.join(',')}`);
      return parts.join(';');
    }
  }
}

/** Canonical text used to tell whether two rules mean the same (for "changed?"). */
export function canonicalRule(rule: string | null | undefined): string | null {
  const parsed = parseRecurrence(rule);
  if (parsed.kind === 'raw') {
    const parts = ruleParts(parsed.rule);
    if (!parts) return parsed.rule.toUpperCase();
    return [...parts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join(';');
  }
  return buildRecurrence(parsed);
}

export function sameRule(a: string | null | undefined, b: string | null | undefined): boolean {
  return canonicalRule(a) === canonicalRule(b);
}

const UNIT: Record<Freq, [string, string]> = {
  DAILY: ['day', 'days'],
  WEEKLY: ['week', 'weeks'],
  MONTHLY: ['month', 'months'],
  YEARLY: ['year', 'years'],
};
const PRESET_LABEL: Record<Freq, string> = { DAILY: 'Daily', WEEKLY: 'Weekly', MONTHLY: 'Monthly', YEARLY: 'Yearly' };
export const WEEKDAY_LABEL: Record<Weekday, string> = {
  MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun',
};
export const WEEKDAY_LONG: Record<Weekday, string> = {
  MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday',
};

export function unitLabel(freq: Freq, plural: boolean): string {
  return UNIT[freq][plural ? 1 : 0];
}

/** "Every 2 weeks on Mon, Thu" — for rows and the editor. */
export function describeRecurrence(rule: string | null | undefined): string {
  const r = parseRecurrence(rule);
  switch (r.kind) {
    case 'none':
      return 'Does not repeat';
    case 'preset':
      return PRESET_LABEL[r.freq];
    case 'raw':
      return describeRaw(r.rule) ?? `Custom rule: ${r.rule}`;
    case 'custom': {
      const head = r.interval === 1 ? PRESET_LABEL[r.freq] : `Every ${r.interval} ${unitLabel(r.freq, true)}`;
      const days = r.byDay.length ? ` on ${r.byDay.map((d) => WEEKDAY_LABEL[d]).join(', ')}` : '';
      return head + days;
    }
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function ordinal(n: number): string {
  if (n === -1) return 'last';
  if (n < 0) return `${ordinal(-n)} to last`;
  const r100 = n % 100;
  const r10 = n % 10;
  const suffix = r100 >= 11 && r100 <= 13 ? 'th' : r10 === 1 ? 'st' : r10 === 2 ? 'nd' : r10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** Words for rules outside the editor (BYMONTHDAY, 1MO/-1FR, BYMONTH, COUNT, UNTIL); null if unknown parts. */
function describeRaw(rule: string): string | null {
  const parts = ruleParts(rule);
  const freq = parts?.get('FREQ');
  if (!parts || !freq || !isFreq(freq)) return null;
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'COUNT', 'UNTIL']);
  if ([...parts.keys()].some((k) => !known.has(k))) return null;
  const interval = Number(parts.get('INTERVAL') ?? '1');
  if (!Number.isInteger(interval) || interval < 1) return null;
  let text = interval === 1 ? PRESET_LABEL[freq] : `Every ${interval} ${unitLabel(freq, true)}`;
  const byMonth = parts.get('BYMONTH');
  if (byMonth) {
    const names = byMonth.split(',').map((m) => MONTHS[Number(m) - 1]);
    if (names.some((n) => !n)) return null;
    text += ` in ${names.join(', ')}`;
  }
  const byMonthDay = parts.get('BYMONTHDAY');
  if (byMonthDay) {
    const days = byMonthDay.split(',').map(Number);
    if (days.some((d) => !Number.isInteger(d) || d === 0)) return null;
    text += ` on ${days.map((d) => (d < 0 ? `the ${ordinal(d)} day` : `day ${d}`)).join(', ')}`;
  }
  const byDay = parts.get('BYDAY');
  if (byDay) {
    const words: string[] = [];
    for (const item of byDay.split(',')) {
      const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item.trim());
      if (!m) return null;
      const day = WEEKDAY_LONG[m[2] as Weekday];
      words.push(m[1] ? `the ${ordinal(Number(m[1]))} ${day}` : day);
    }
    text += ` on ${words.join(', ')}`;
  }
  const count = parts.get('COUNT');
  if (count) text += `, ${count} times`;
  const until = parts.get('UNTIL');
  if (until) {
    const m = /^(\d{4})(\d{2})(\d{2})/.exec(until);
    if (!m) return null;
    text += `, until ${m[1]}-${m[2]}-${m[3]}`;
  }
  return text;
}
