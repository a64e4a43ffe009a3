// Reminder choices ↔ `reminder_at` (DESIGN.md §3.3: not after `due_date`).

export type ReminderPreset = 'none' | 'at_due' | '5m' | '15m' | '30m' | '1h' | '1d' | 'custom';

/** Minutes before the due time for each relative preset. */
export const REMINDER_OFFSETS: Readonly<Record<Exclude<ReminderPreset, 'none' | 'custom'>, number>> = {
  at_due: 0,
  '5m': 5,
  '15m': 15,
  '30m': 30,
  '1h': 60,
  '1d': 1440,
};

export const REMINDER_OPTIONS: ReadonlyArray<{ value: ReminderPreset; label: string; needsDue: boolean }> = [
  { value: 'none', label: 'No reminder', needsDue: false },
  { value: 'at_due', label: 'At due time', needsDue: true },
  { value: '5m', label: '5 minutes before', needsDue: true },
  { value: '15m', label: '15 minutes before', needsDue: true },
  { value: '30m', label: '30 minutes before', needsDue: true },
  { value: '1h', label: '1 hour before', needsDue: true },
  { value: '1d', label: '1 day before', needsDue: true },
  { value: 'custom', label: 'Custom date and time…', needsDue: false },
];

export function isRelativePreset(p: ReminderPreset): p is keyof typeof REMINDER_OFFSETS {
  return p in REMINDER_OFFSETS;
}

/**
 * The reminder instant for a choice. Relative presets need a due date (null
 * without one); `custom` uses `custom` as given.
 */
export function computeReminderAt(due: Date | null, preset: ReminderPreset, custom: Date | null = null): Date | null {
  if (preset === 'none') return null;
  if (preset === 'custom') return custom;
  if (!due) return null;
  return new Date(due.getTime() - REMINDER_OFFSETS[preset] * 60_000);
}

/** Recognises a stored reminder as a preset when its offset matches one. */
export function reminderPresetFor(dueIso: string | null, reminderIso: string | null): ReminderPreset {
  if (!reminderIso) return 'none';
  if (!dueIso) return 'custom';
  const due = Date.parse(dueIso);
  const rem = Date.parse(reminderIso);
  if (Number.isNaN(due) || Number.isNaN(rem)) return 'custom';
  const minutes = (due - rem) / 60_000;
  for (const [preset, off] of Object.entries(REMINDER_OFFSETS)) {
    if (off === minutes) return preset as ReminderPreset;
  }
  return 'custom';
}

/** Human wording of a reminder relative to its due date ("15 min before"). */
export function describeReminder(dueIso: string | null, reminderIso: string | null): string {
  const p = reminderPresetFor(dueIso, reminderIso);
  const opt = REMINDER_OPTIONS.find((o) => o.value === p);
  if (p === 'none') return 'No reminder';
  if (p === 'custom' || !opt) return 'Custom reminder';
  return opt.label;
}
