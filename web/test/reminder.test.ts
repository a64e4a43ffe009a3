import { describe, expect, it } from 'vitest';
import { computeReminderAt, describeReminder, REMINDER_OFFSETS, reminderPresetFor } from '../src/lib/reminder';

const due = new Date('2026-12-01T09:00:00.000Z');

describe('computeReminderAt', () => {
  it('subtracts each preset offset from the due time', () => {
    expect(computeReminderAt(due, 'at_due')?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(computeReminderAt(due, '5m')?.toISOString()).toBe('2026-12-01T08:55:00.000Z');
    expect(computeReminderAt(due, '15m')?.toISOString()).toBe('2026-12-01T08:45:00.000Z');
    expect(computeReminderAt(due, '30m')?.toISOString()).toBe('2026-12-01T08:30:00.000Z');
    expect(computeReminderAt(due, '1h')?.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(computeReminderAt(due, '1d')?.toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });

  it('needs a due date for relative presets, not for custom', () => {
    expect(computeReminderAt(null, '15m')).toBeNull();
    expect(computeReminderAt(due, 'none')).toBeNull();
    const custom = new Date('2026-11-30T18:00:00.000Z');
    expect(computeReminderAt(null, 'custom', custom)).toBe(custom);
    expect(computeReminderAt(due, 'custom', null)).toBeNull();
  });

  it('is an exact duration across a DST change (1 day before = 24 h)', () => {
    // 2026-10-25 is the fall-back day in Europe; "1 day before" is 24 hours, not wall-clock.
    const d = new Date('2026-10-25T10:00:00.000Z');
    expect(computeReminderAt(d, '1d')?.toISOString()).toBe('2026-10-24T10:00:00.000Z');
  });
});

describe('reminderPresetFor', () => {
  it('recognises stored offsets as presets', () => {
    for (const [preset, minutes] of Object.entries(REMINDER_OFFSETS)) {
      const rem = new Date(due.getTime() - minutes * 60_000).toISOString();
      expect(reminderPresetFor(due.toISOString(), rem)).toBe(preset);
    }
  });

  it('falls back to custom or none', () => {
    expect(reminderPresetFor(due.toISOString(), null)).toBe('none');
    expect(reminderPresetFor(null, null)).toBe('none');
    expect(reminderPresetFor(null, '2026-12-01T08:00:00.000Z')).toBe('custom');
    expect(reminderPresetFor(due.toISOString(), '2026-12-01T08:17:00.000Z')).toBe('custom');
  });

  it('describes reminders', () => {
    expect(describeReminder(due.toISOString(), '2026-12-01T08:45:00.000Z')).toBe('15 minutes before');
    expect(describeReminder(due.toISOString(), '2026-12-01T07:01:00.000Z')).toBe('Custom reminder');
  });
});
