import { describe, expect, it } from 'vitest';
import { byteOffsetToIndex, describeParsed, highlightSegments, utf8Length } from '../src/lib/quickAdd';

/** Byte offsets as the server computes them: UTF-8 of the text before the phrase. */
const bytesBefore = (text: string, phrase: string) => new TextEncoder().encode(text.slice(0, text.indexOf(phrase))).length;
const matchOf = (text: string, kind: string, phrase: string) => {
  const start = bytesBefore(text, phrase);
  return { kind, text: phrase, start, end: start + new TextEncoder().encode(phrase).length };
};

describe('UTF-8 byte offsets → string indices', () => {
  it('is the identity for ASCII', () => {
    const s = 'Pay rent tomorrow';
    for (let i = 0; i <= s.length; i++) expect(byteOffsetToIndex(s, i)).toBe(i);
    expect(utf8Length(s)).toBe(s.length);
  });

  it('counts 2-, 3- and 4-byte characters (and surrogate pairs) right', () => {
    const s = 'Café ☕ 🎉 x'; // é = 2 bytes, ☕ = 3 bytes, 🎉 = 4 bytes and 2 UTF-16 units
    expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
    expect(byteOffsetToIndex(s, 3)).toBe(3); // before é
    expect(byteOffsetToIndex(s, 5)).toBe(4); // after é
    expect(byteOffsetToIndex(s, 6)).toBe(5); // after the space
    expect(byteOffsetToIndex(s, 9)).toBe(6); // after ☕
    expect(byteOffsetToIndex(s, 10)).toBe(7);
    expect(byteOffsetToIndex(s, 14)).toBe(9); // after 🎉 (two code units)
    expect(s.slice(byteOffsetToIndex(s, 15))).toBe('x');
  });

  it('goes to the start of a character an offset falls inside, and clamps', () => {
    const s = 'é🎉';
    expect(byteOffsetToIndex(s, 1)).toBe(0);
    expect(byteOffsetToIndex(s, 4)).toBe(1); // inside 🎉
    expect(byteOffsetToIndex(s, 99)).toBe(s.length);
    expect(byteOffsetToIndex(s, -3)).toBe(0);
  });
});

describe('highlightSegments', () => {
  it('cuts the text into plain and recognised parts at the right characters', () => {
    const text = 'Café mit Zoë morgen 🎉 tomorrow 5pm #büro p1';
    const matches = [matchOf(text, 'due_date', 'tomorrow 5pm'), matchOf(text, 'priority', 'p1')];
    const segs = highlightSegments(text, matches);
    expect(segs).toEqual([
      { text: 'Café mit Zoë morgen 🎉 ', kind: null },
      { text: 'tomorrow 5pm', kind: 'due_date' },
      { text: ' #büro ', kind: null },
      { text: 'p1', kind: 'priority' },
    ]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
  });

  it('sorts matches, skips overlapping and empty ones', () => {
    const text = 'Pay rent every month on the 1st 9am #bills';
    const rec = matchOf(text, 'recurrence', 'every month on the 1st 9am');
    const proj = matchOf(text, 'project', '#bills');
    const overlapping = { kind: 'due_date', text: '9am', start: rec.end - 3, end: rec.end };
    const empty = { kind: 'tag', text: '', start: 2, end: 2 };
    const segs = highlightSegments(text, [proj, overlapping, rec, empty]);
    expect(segs.filter((s) => s.kind).map((s) => [s.kind, s.text])).toEqual([
      ['recurrence', 'every month on the 1st 9am'],
      ['project', '#bills'],
    ]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
  });

  it('without matches is the text itself', () => {
    expect(highlightSegments('Buy milk', undefined)).toEqual([{ text: 'Buy milk', kind: null }]);
    expect(highlightSegments('', [])).toEqual([]);
  });
});

describe('describeParsed', () => {
  const NOW = Date.parse('2026-03-26T09:00:00.000Z');
  it('says each recognised field in words, in a fixed order', () => {
    const fields = describeParsed(
      {
        title: 'Pay rent',
        due_date: '2026-04-01T07:00:00.000Z',
        all_day: false,
        recurrence: 'FREQ=MONTHLY;BYMONTHDAY=1',
        priority: 'high',
        reminder_at: '2026-04-01T06:00:00.000Z',
        tags: ['bills', 'home'],
        project_id: 'p1',
      },
      { timeZone: 'Europe/Berlin', nowMs: NOW, projectName: (id) => (id === 'p1' ? 'Bills' : null) },
    );
    expect(fields.map((f) => [f.key, f.value])).toEqual([
      ['title', 'Pay rent'],
      ['due_date', expect.stringMatching(/Apr 1, 9:00\sAM/)],
      ['recurrence', expect.stringMatching(/^Monthly/)],
      ['priority', 'High'],
      ['reminder', '1 hour before'],
      ['tags', '#bills #home'],
      ['project', 'Bills'],
    ]);
  });

  it('shows an all-day date without a time and an odd reminder as its time', () => {
    const fields = describeParsed(
      { title: 'Taxes', due_date: '2026-04-30T21:59:59.000Z', all_day: true, reminder_at: '2026-04-29T07:00:00.000Z' },
      { timeZone: 'Europe/Berlin', nowMs: NOW },
    );
    expect(fields.find((f) => f.key === 'due_date')!.value).toBe('Apr 30 (all day)');
    expect(fields.find((f) => f.key === 'reminder')!.value).toMatch(/Apr 29, 9:00\sAM/);
    expect(describeParsed({ title: 'x', project: 'Home' }, { timeZone: 'UTC' }).at(-1)).toEqual({ key: 'project', label: 'Project', value: 'Home' });
  });
});
