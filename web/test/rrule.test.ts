import { describe, expect, it } from 'vitest';
import {
  buildRecurrence,
  canonicalRule,
  describeRecurrence,
  parseRecurrence,
  sameRule,
  type Recurrence,
} from '../src/lib/rrule';

describe('parseRecurrence', () => {
  it('reads nothing as none', () => {
    expect(parseRecurrence(null)).toEqual({ kind: 'none' });
    expect(parseRecurrence('')).toEqual({ kind: 'none' });
    expect(parseRecurrence('  ')).toEqual({ kind: 'none' });
  });

  it('reads shorthands and bare FREQ as presets', () => {
    expect(parseRecurrence('daily')).toEqual({ kind: 'preset', freq: 'DAILY' });
    expect(parseRecurrence('Weekly')).toEqual({ kind: 'preset', freq: 'WEEKLY' });
    expect(parseRecurrence('FREQ=MONTHLY')).toEqual({ kind: 'preset', freq: 'MONTHLY' });
    expect(parseRecurrence('RRULE:FREQ=YEARLY;INTERVAL=1')).toEqual({ kind: 'preset', freq: 'YEARLY' });
    expect(parseRecurrence('freq=daily')).toEqual({ kind: 'preset', freq: 'DAILY' });
  });

  it('reads interval and weekdays as custom, weekdays Monday-first', () => {
    expect(parseRecurrence('FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,MO')).toEqual({
      kind: 'custom',
      freq: 'WEEKLY',
      interval: 2,
      byDay: ['MO', 'TH'],
    });
    expect(parseRecurrence('FREQ=DAILY;INTERVAL=3')).toEqual({ kind: 'custom', freq: 'DAILY', interval: 3, byDay: [] });
    expect(parseRecurrence('FREQ=WEEKLY;BYDAY=SA,SU')).toEqual({ kind: 'custom', freq: 'WEEKLY', interval: 1, byDay: ['SA', 'SU'] });
  });

  it('keeps rules the editor cannot represent as raw text', () => {
    for (const rule of [
      'FREQ=MONTHLY;BYMONTHDAY=1',
      'FREQ=MONTHLY;BYDAY=-1FR',
      'FREQ=WEEKLY;BYDAY=1MO',
      'FREQ=DAILY;COUNT=5',
      'FREQ=WEEKLY;UNTIL=20270101T000000Z',
      'FREQ=YEARLY;BYMONTH=3',
      'FREQ=DAILY;BYDAY=MO',
      'FREQ=HOURLY',
      'FREQ=DAILY;INTERVAL=0',
      'FREQ=DAILY;INTERVAL=x',
      'garbage',
    ]) {
      expect(parseRecurrence(rule)).toEqual({ kind: 'raw', rule });
    }
  });
});

describe('buildRecurrence', () => {
  it('builds presets and custom rules', () => {
    expect(buildRecurrence({ kind: 'none' })).toBeNull();
    expect(buildRecurrence({ kind: 'preset', freq: 'DAILY' })).toBe('FREQ=DAILY');
    expect(buildRecurrence({ kind: 'custom', freq: 'WEEKLY', interval: 2, byDay: ['TH', 'MO'] })).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
    );
    expect(buildRecurrence({ kind: 'custom', freq: 'MONTHLY', interval: 1, byDay: ['MO'] })).toBe('FREQ=MONTHLY');
    expect(buildRecurrence({ kind: 'custom', freq: 'YEARLY', interval: 4, byDay: [] })).toBe('FREQ=YEARLY;INTERVAL=4');
    expect(buildRecurrence({ kind: 'raw', rule: 'FREQ=MONTHLY;BYMONTHDAY=1' })).toBe('FREQ=MONTHLY;BYMONTHDAY=1');
  });

  it('round-trips every representable choice', () => {
    const choices: Recurrence[] = [
      { kind: 'none' },
      { kind: 'preset', freq: 'DAILY' },
      { kind: 'preset', freq: 'WEEKLY' },
      { kind: 'preset', freq: 'MONTHLY' },
      { kind: 'preset', freq: 'YEARLY' },
      { kind: 'custom', freq: 'WEEKLY', interval: 2, byDay: ['MO', 'TH'] },
      { kind: 'custom', freq: 'WEEKLY', interval: 1, byDay: ['MO', 'TU', 'WE', 'TH', 'FR'] },
      { kind: 'custom', freq: 'DAILY', interval: 10, byDay: [] },
      { kind: 'custom', freq: 'MONTHLY', interval: 6, byDay: [] },
      { kind: 'raw', rule: 'FREQ=MONTHLY;BYMONTHDAY=1' },
    ];
    for (const c of choices) expect(parseRecurrence(buildRecurrence(c))).toEqual(c);
  });

  it('round-trips rule text through parse and build', () => {
    for (const rule of ['FREQ=DAILY', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH', 'FREQ=MONTHLY;BYMONTHDAY=1', 'FREQ=YEARLY;INTERVAL=2']) {
      expect(buildRecurrence(parseRecurrence(rule))).toBe(rule);
    }
  });
});

describe('sameRule / canonicalRule', () => {
  it('treats equivalent spellings as the same rule', () => {
    expect(sameRule('weekly', 'FREQ=WEEKLY')).toBe(true);
    expect(sameRule('FREQ=WEEKLY;INTERVAL=1', 'FREQ=WEEKLY')).toBe(true);
    expect(sameRule('FREQ=WEEKLY;BYDAY=TH,MO', 'FREQ=WEEKLY;BYDAY=MO,TH')).toBe(true);
    expect(sameRule('BYMONTHDAY=1;FREQ=MONTHLY', 'FREQ=MONTHLY;BYMONTHDAY=1')).toBe(true);
    expect(sameRule(null, '')).toBe(true);
    expect(sameRule('FREQ=DAILY', 'FREQ=WEEKLY')).toBe(false);
    expect(sameRule('FREQ=DAILY', null)).toBe(false);
    expect(canonicalRule('rrule:freq=monthly;bymonthday=1')).toBe('BYMONTHDAY=1;FREQ=MONTHLY');
  });
});

describe('describeRecurrence', () => {
  it('words rules for people', () => {
    expect(describeRecurrence(null)).toBe('Does not repeat');
    expect(describeRecurrence('FREQ=DAILY')).toBe('Daily');
    expect(describeRecurrence('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH')).toBe('Every 2 weeks on Mon, Thu');
    expect(describeRecurrence('FREQ=WEEKLY;BYDAY=FR')).toBe('Weekly on Fri');
    expect(describeRecurrence('FREQ=MONTHLY;BYMONTHDAY=1')).toBe('Monthly on day 1');
    expect(describeRecurrence('FREQ=MONTHLY;BYMONTHDAY=-1')).toBe('Monthly on the last day');
    expect(describeRecurrence('FREQ=MONTHLY;BYDAY=-1FR')).toBe('Monthly on the last Friday');
    expect(describeRecurrence('FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO,3MO')).toBe('Every 2 months on the 1st Monday, the 3rd Monday');
    expect(describeRecurrence('FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=22')).toBe('Yearly in Mar on day 22');
    expect(describeRecurrence('FREQ=DAILY;COUNT=5')).toBe('Daily, 5 times');
    expect(describeRecurrence('FREQ=WEEKLY;UNTIL=20270101T000000Z')).toBe('Weekly, until 2027-01-01');
    expect(describeRecurrence('FREQ=MONTHLY;BYDAY=11TH')).toBe('Monthly on the 11th Thursday');
    expect(describeRecurrence('FREQ=MONTHLY;BYSETPOS=1')).toBe('Custom rule: FREQ=MONTHLY;BYSETPOS=1');
  });
});
