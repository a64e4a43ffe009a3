// Acting on a fired reminder: the words it is shown with, and the snooze
// choices (10 min, 1 h, tomorrow morning). Snoozing PATCHes the task's
// reminder_at; the API re-arms a moved reminder. A reminder may not be
// later than the due date (API rule), so choices past it are offered
// disabled.

import type { AppNotification, Task } from '../api/types';
import { formatDateTime, formatRelative, utcToZonedDate, zonedLocalToUtc } from './datetime';

export interface SnoozeChoice {
  /** stable id: data-choice in the UI */
  id: string;
  label: string;
  /** the new reminder instant for a snooze made at `nowMs` (browser zone `zone`) */
  at(nowMs: number, zone: string): number;
}

/** Hour of "tomorrow morning", in the browser's zone. */
export const MORNING_HOUR = 9;

function tomorrowMorning(nowMs: number, zone: string): number {
  const today = utcToZonedDate(nowMs, zone);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + 1));
  const date = t.toISOString().slice(0, 10);
  return (zonedLocalToUtc(`${date}T${String(MORNING_HOUR).padStart(2, '0')}:00`, zone) ?? new Date(nowMs + 86_400_000)).getTime();
}

export const DEFAULT_SNOOZE: readonly SnoozeChoice[] = [
  { id: '10m', label: '10 min', at: (now) => now + 10 * 60_000 },
  { id: '1h', label: '1 hour', at: (now) => now + 60 * 60_000 },
  { id: 'tomorrow', label: 'Tomorrow morning', at: tomorrowMorning },
];

/**
 * Browser tests cannot wait 10 minutes, so under automation (and only
 * then: `navigator.webdriver` is true) the list may be replaced through
 * localStorage[SNOOZE_OVERRIDE_KEY] = JSON `[{"id":"5s","label":"5 s","seconds":5}, …]`.
 */
export const SNOOZE_OVERRIDE_KEY = 'todo-platform.test.snooze-choices';

export interface SnoozeEnv {
  webdriver: boolean;
  read(key: string): string | null;
}

function browserEnv(): SnoozeEnv {
  return {
    webdriver: typeof navigator !== 'undefined' && navigator.webdriver === true,
    read: (key) => {
      try {
        return typeof localStorage === 'undefined' ? null : localStorage.getItem(key);
      } catch {
        return null;
      }
    },
  };
}

export function snoozeChoices(env: SnoozeEnv = browserEnv()): readonly SnoozeChoice[] {
  if (!env.webdriver) return DEFAULT_SNOOZE;
  const raw = env.read(SNOOZE_OVERRIDE_KEY);
  if (!raw) return DEFAULT_SNOOZE;
  try {
    const list = JSON.parse(raw) as unknown;
    if (!Array.isArray(list)) return DEFAULT_SNOOZE;
    const out: SnoozeChoice[] = [];
    for (const item of list) {
      const { id, label, seconds } = (item ?? {}) as { id?: unknown; label?: unknown; seconds?: unknown };
      if (typeof id !== 'string' || typeof label !== 'string' || typeof seconds !== 'number' || !(seconds > 0)) continue;
      out.push({ id, label, at: (now) => now + seconds * 1000 });
    }
    return out.length ? out : DEFAULT_SNOOZE;
  } catch {
    return DEFAULT_SNOOZE;
  }
}

export interface SnoozeOption {
  choice: SnoozeChoice;
  /** the new reminder_at (ms) */
  at: number;
  /** false when it would fall after the due date (the API refuses that) */
  allowed: boolean;
}

export function snoozeOptions(task: Pick<Task, 'due_date'> | null, nowMs: number, zone: string, choices = snoozeChoices()): SnoozeOption[] {
  const due = task?.due_date ? Date.parse(task.due_date) : NaN;
  return choices.map((choice) => {
    const at = choice.at(nowMs, zone);
    return { choice, at, allowed: Number.isNaN(due) || at <= due };
  });
}

/** The task's title from a reminder's server message (`Reminder: “Pay rent” is due …`). */
export function titleFromMessage(message: string): string {
  const m = /“(.+)”/.exec(message) ?? /"(.+)"/.exec(message);
  return m?.[1] ?? message.replace(/^Reminder:\s*/, '');
}

/** When the task is due, in few words: "in 5 min", "now", "3 days ago"; null without a due date. */
export function dueWords(task: Pick<Task, 'due_date'> | null, nowMs: number, locale?: string): string | null {
  if (!task?.due_date) return null;
  return formatRelative(task.due_date, nowMs, locale);
}

/** "Call the plumber — in 5 min": what and when. */
export function reminderText(n: Pick<AppNotification, 'message'>, task: Pick<Task, 'title' | 'due_date'> | null, nowMs: number, locale?: string): string {
  const title = task?.title ?? titleFromMessage(n.message);
  const when = dueWords(task, nowMs, locale);
  return when ? `${title} — ${when}` : title;
}

/** "Snoozed until 9:10 AM" style confirmation. */
export function snoozedUntil(atMs: number, nowMs: number): string {
  return `Snoozed until ${formatDateTime(atMs, { nowMs })}`;
}
