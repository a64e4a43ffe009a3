import { describe, expect, it } from 'vitest';
import {
  endOfLocalDay,
  formatDateTime,
  formatDue,
  isAllDay,
  formatLocalDate,
  formatLocalDateTime,
  offsetMs,
  parseLocal,
  startOfLocalDay,
  utcToZonedDate,
  utcToZonedLocal,
  zonedLocalToUtc,
} from '../src/lib/datetime';
import { FALLBACK_TIME_ZONES, timeZoneList } from '../src/lib/timezones';

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('zonedLocalToUtc', () => {
  it('converts ordinary wall-clock times', () => {
    expect(iso(zonedLocalToUtc('2026-12-01T09:00', 'Europe/Berlin'))).toBe('2026-12-01T08:00:00.000Z');
    expect(iso(zonedLocalToUtc('2026-07-01T09:00', 'Europe/Berlin'))).toBe('2026-07-01T07:00:00.000Z');
    expect(iso(zonedLocalToUtc('2026-07-01T09:00', 'America/New_York'))).toBe('2026-07-01T13:00:00.000Z');
    expect(iso(zonedLocalToUtc('2026-07-01T09:00', 'UTC'))).toBe('2026-07-01T09:00:00.000Z');
    expect(iso(zonedLocalToUtc('2026-07-01T09:00', 'Asia/Kolkata'))).toBe('2026-07-01T03:30:00.000Z');
  });

  it('handles both sides of a spring-forward day', () => {
    // Europe/Berlin: 2026-03-29 02:00 CET → 03:00 CEST
    expect(iso(zonedLocalToUtc('2026-03-29T01:30', 'Europe/Berlin'))).toBe('2026-03-29T00:30:00.000Z');
    expect(iso(zonedLocalToUtc('2026-03-29T03:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 does not exist: moves forward by the gap to 03:30 CEST
    expect(iso(zonedLocalToUtc('2026-03-29T02:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    // America/New_York: 2026-03-08 02:00 EST → 03:00 EDT
    expect(iso(zonedLocalToUtc('2026-03-08T02:15', 'America/New_York'))).toBe('2026-03-08T07:15:00.000Z');
    expect(iso(zonedLocalToUtc('2026-03-08T09:00', 'America/New_York'))).toBe('2026-03-08T13:00:00.000Z');
  });

  it('takes the earlier instant on a fall-back day', () => {
    // Europe/Berlin: 2026-10-25 03:00 CEST → 02:00 CET, so 02:30 happens twice
    expect(iso(zonedLocalToUtc('2026-10-25T02:30', 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(zonedLocalToUtc('2026-10-25T03:30', 'Europe/Berlin'))).toBe('2026-10-25T02:30:00.000Z');
    expect(iso(zonedLocalToUtc('2026-10-25T01:30', 'Europe/Berlin'))).toBe('2026-10-24T23:30:00.000Z');
  });

  it('rejects bad input', () => {
    expect(zonedLocalToUtc('', 'UTC')).toBeNull();
    expect(zonedLocalToUtc('2026-02-30T10:00', 'UTC')).toBeNull();
    expect(zonedLocalToUtc('2026-12-01T25:00', 'UTC')).toBeNull();
    expect(zonedLocalToUtc('2026-12-01T10:00', 'Not/AZone')).toBeNull();
    expect(parseLocal('tomorrow')).toBeNull();
  });
});

describe('utcToZonedLocal', () => {
  it('gives datetime-local text in the zone', () => {
    expect(utcToZonedLocal('2026-12-01T08:00:00.000Z', 'Europe/Berlin')).toBe('2026-12-01T09:00');
    expect(utcToZonedLocal('2026-10-25T00:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-25T02:30');
    expect(utcToZonedLocal('2026-10-25T01:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-25T02:30');
    expect(utcToZonedLocal('2026-01-01T00:00:00.000Z', 'America/Los_Angeles')).toBe('2025-12-31T16:00');
    expect(utcToZonedLocal('2026-01-01T00:00:00.000Z', 'UTC')).toBe('2026-01-01T00:00');
    expect(utcToZonedLocal('nonsense', 'UTC')).toBe('');
    expect(utcToZonedDate('2026-01-01T00:00:00.000Z', 'America/Los_Angeles')).toBe('2025-12-31');
  });

  it('round-trips every quarter hour of a DST day except the gap', () => {
    for (const tz of ['Europe/Berlin', 'America/New_York', 'Australia/Sydney']) {
      for (const day of ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01']) {
        for (let m = 0; m < 24 * 60; m += 15) {
          const local = `${day}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
          const utc = zonedLocalToUtc(local, tz);
          expect(utc).not.toBeNull();
          const back = utcToZonedLocal(utc!, tz);
          if (back !== local) {
            // only a non-existent time may move, and only forward by the gap
            expect(back > local).toBe(true);
          }
        }
      }
    }
  });
});

describe('day bounds', () => {
  it('spans a 23-hour DST day', () => {
    const start = startOfLocalDay('2026-03-29', 'Europe/Berlin')!;
    const end = endOfLocalDay('2026-03-29', 'Europe/Berlin')!;
    expect(start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(end.toISOString()).toBe('2026-03-29T21:59:59.999Z');
    expect(end.getTime() + 1 - start.getTime()).toBe(23 * 3600_000);
  });

  it('handles month and year ends', () => {
    expect(endOfLocalDay('2026-12-31', 'UTC')!.toISOString()).toBe('2026-12-31T23:59:59.999Z');
    expect(offsetMs(Date.parse('2026-07-01T00:00:00Z'), 'Europe/Berlin')).toBe(2 * 3600_000);
  });
});

describe('timeZoneList', () => {
  it('uses Intl.supportedValuesOf and always has UTC and extras', () => {
    const fake = { ...Intl, supportedValuesOf: () => ['Europe/Paris', 'Asia/Tokyo'] } as unknown as typeof Intl;
    const list = timeZoneList(['America/Chicago'], fake);
    expect(list[0]).toBe('UTC');
    expect(list).toContain('Europe/Paris');
    expect(list).toContain('America/Chicago');
  });

  it('falls back to a built-in list', () => {
    const old = { ...Intl, supportedValuesOf: undefined } as unknown as typeof Intl;
    const list = timeZoneList([], old);
    expect(list.length).toBeGreaterThanOrEqual(FALLBACK_TIME_ZONES.length);
    expect(list).toContain('Europe/Berlin');
  });
});

describe('display format (one format, year only when it is not this year)', () => {
  const now = Date.parse('2026-12-03T10:00:00.000Z');
  const en = { locale: 'en-US', nowMs: now, timeZone: 'Europe/Berlin' };

  it('leaves the current year out and shows another year', () => {
    expect(formatDateTime('2026-12-06T08:00:00.000Z', en)).toBe('Dec 6, 9:00 AM');
    expect(formatDateTime('2027-01-05T08:00:00.000Z', en)).toBe('Jan 5, 2027, 9:00 AM');
    expect(formatDateTime('2025-12-31T08:00:00.000Z', en)).toBe('Dec 31, 2025, 9:00 AM');
  });

  it('decides the year in the zone shown (New Year’s Eve in Berlin is already next year)', () => {
    const late = '2026-12-31T23:30:00.000Z'; // 00:30 on Jan 1 2027 in Berlin
    expect(formatDateTime(late, { ...en, timeZone: 'UTC' })).toBe('Dec 31, 11:30 PM');
    expect(formatDateTime(late, en)).toBe('Jan 1, 2027, 12:30 AM');
  });

  it('follows the locale', () => {
    expect(formatDateTime('2026-12-06T08:00:00.000Z', { ...en, locale: 'en-GB' })).toBe('6 Dec, 09:00');
    expect(formatDateTime('2027-12-06T08:00:00.000Z', { ...en, locale: 'de-DE' })).toBe('6. Dez. 2027, 09:00');
  });

  it('shows an all-day due date (23:59:59 in the task’s zone) without a time', () => {
    const allDay = '2026-12-06T22:59:59.000Z'; // 23:59:59 in Berlin
    expect(isAllDay(allDay, 'Europe/Berlin')).toBe(true);
    expect(isAllDay(allDay, 'UTC')).toBe(false);
    expect(isAllDay('2026-12-06T22:59:00.000Z', 'Europe/Berlin')).toBe(false); // 23:59 from the form is a time
    expect(formatDue(allDay, 'Europe/Berlin', { locale: 'en-US', nowMs: now, timeZone: 'America/New_York' })).toBe('Dec 6');
    expect(formatDue('2026-12-06T08:00:00.000Z', 'Europe/Berlin', en)).toBe('Dec 6, 9:00 AM');
  });

  it('shows input values (date, datetime-local) in the same format', () => {
    expect(formatLocalDate('2026-12-06', { locale: 'en-US', nowMs: now })).toBe('Dec 6');
    expect(formatLocalDate('2027-03-01', { locale: 'en-US', nowMs: now })).toBe('Mar 1, 2027');
    expect(formatLocalDateTime('2026-12-06T09:00', { locale: 'en-US', nowMs: now })).toBe(formatDateTime('2026-12-06T08:00:00.000Z', en));
    expect(formatLocalDateTime('2027-01-05T09:00', { locale: 'en-US', nowMs: now })).toBe('Jan 5, 2027, 9:00 AM');
    expect(formatLocalDate('nonsense')).toBe('nonsense');
  });
});
