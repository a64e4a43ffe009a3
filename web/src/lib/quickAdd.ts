// Quick add shows what the server recognised (POST …/tasks/quick/preview);
// the app never parses the text itself. The server names each recognised
// phrase by UTF-8 byte offsets into the text it was sent; JavaScript strings
// are indexed in UTF-16 code units, so the offsets are converted before the
// text is cut into highlighted segments.

import type { Priority, QuickMatch, QuickParsed } from '../api/types';
import { formatDateTime, formatLocalDate, utcToZonedDate } from './datetime';
import { describeReminder } from './reminder';
import { describeRecurrence } from './rrule';

/** Bytes of one code point in UTF-8. */
function utf8Bytes(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Length of `text` in UTF-8 bytes (a lone surrogate counts as the 3 bytes of U+FFFD). */
export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) n += utf8Bytes(ch.codePointAt(0)!);
  return n;
}

/**
 * The UTF-16 index in `text` where UTF-8 byte offset `byteOffset` falls.
 * An offset inside a character's bytes goes to the start of that
 * character; offsets past the end (or negative) are clamped.
 */
export function byteOffsetToIndex(text: string, byteOffset: number): number {
  if (!(byteOffset > 0)) return 0;
  let bytes = 0;
  let index = 0;
  for (const ch of text) {
    const next = bytes + utf8Bytes(ch.codePointAt(0)!);
    if (next > byteOffset) return index;
    bytes = next;
    index += ch.length;
  }
  return text.length;
}

export interface Segment {
  text: string;
  /** the match's kind (due_date, recurrence, priority, tag, project, reminder), null for plain text */
  kind: string | null;
}

/**
 * `text` cut into plain and recognised segments, in order. Matches are
 * converted from byte offsets, sorted, and one overlapping an earlier one
 * (or empty, or outside the text) is left out.
 */
export function highlightSegments(text: string, matches: readonly QuickMatch[] | undefined): Segment[] {
  const ranges = (matches ?? [])
    .map((m) => ({ kind: m.kind, start: byteOffsetToIndex(text, m.start), end: byteOffsetToIndex(text, m.end) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start < at) continue; // overlaps what is already taken
    if (r.start > at) out.push({ text: text.slice(at, r.start), kind: null });
    out.push({ text: text.slice(r.start, r.end), kind: r.kind });
    at = r.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), kind: null });
  return out;
}

export const MATCH_LABEL: Readonly<Record<string, string>> = {
  due_date: 'Due',
  recurrence: 'Repeats',
  priority: 'Priority',
  tag: 'Tag',
  project: 'Project',
  reminder: 'Reminder',
};

const PRIORITY_LABEL: Readonly<Record<Priority, string>> = { high: 'High', medium: 'Medium', low: 'Low' };

export interface ParsedField {
  /** title, due_date, recurrence, priority, reminder, tags, project */
  key: string;
  label: string;
  value: string;
}

/**
 * What was recognised, in words, in a fixed order: the title, then each
 * field present. An all-day due date is shown without a time.
 */
export function describeParsed(
  p: QuickParsed,
  opts: { timeZone: string; nowMs?: number; projectName?: (id: string) => string | null | undefined },
): ParsedField[] {
  const out: ParsedField[] = [];
  const nowMs = opts.nowMs ?? Date.now();
  if (p.title) out.push({ key: 'title', label: 'Title', value: p.title });
  if (p.due_date) {
    const value = p.all_day
      ? formatLocalDate(utcToZonedDate(p.due_date, opts.timeZone), { nowMs })
      : formatDateTime(p.due_date, { timeZone: opts.timeZone, nowMs });
    out.push({ key: 'due_date', label: 'Due', value: p.all_day ? `${value} (all day)` : value });
  }
  if (p.recurrence) out.push({ key: 'recurrence', label: 'Repeats', value: describeRecurrence(p.recurrence) });
  if (p.priority) out.push({ key: 'priority', label: 'Priority', value: PRIORITY_LABEL[p.priority] ?? p.priority });
  if (p.reminder_at) {
    const words = describeReminder(p.due_date ?? null, p.reminder_at);
    const value = words === 'Custom reminder' || words === 'No reminder' ? formatDateTime(p.reminder_at, { timeZone: opts.timeZone, nowMs }) : words;
    out.push({ key: 'reminder', label: 'Reminder', value });
  }
  if (p.tags && p.tags.length) out.push({ key: 'tags', label: 'Tags', value: p.tags.map((t) => `#${t}`).join(' ') });
  if (p.project_id || p.project) {
    const name = (p.project_id && opts.projectName?.(p.project_id)) || p.project || 'a project';
    out.push({ key: 'project', label: 'Project', value: name });
  }
  return out;
}
