import { describe, expect, it } from 'vitest';
import { describeValue, draftWithField, mergedTask, mergeEdit, sameValue } from '../src/lib/merge';
import { diffInput, draftFromTask, draftToInput } from '../src/lib/taskDraft';
import { task } from './fixtures';

const base = task({
  title: 'Call the plumber',
  description: 'Kitchen sink',
  priority: 'medium',
  tags: ['home'],
  due_date: '2026-12-01T09:00:00.000Z',
  reminder_at: '2026-12-01T08:45:00.000Z',
  timezone: 'Europe/Berlin',
  version: 3,
});

describe('mergeEdit (412 on save)', () => {
  it('puts my changed fields over theirs when they touched other fields: nothing to ask', () => {
    const theirs = { ...base, priority: 'high' as const, version: 4 };
    const r = mergeEdit(base, { title: 'Call the plumber today' }, theirs);
    expect(r.conflicts).toEqual([]);
    expect(r.patch).toEqual({ title: 'Call the plumber today' });
    expect(r.theirsChanged).toEqual(['priority']);
    const merged = mergedTask(theirs, r);
    expect(merged.title).toBe('Call the plumber today');
    expect(merged.priority).toBe('high'); // their change is not dropped
  });

  it('asks only about a field changed on both sides to different values', () => {
    const theirs = { ...base, title: 'Call Mario', description: 'Bathroom too', version: 4 };
    const r = mergeEdit(base, { title: 'Call the plumber today', priority: 'low' }, theirs);
    expect(r.conflicts).toEqual([{ field: 'title', base: 'Call the plumber', mine: 'Call the plumber today', theirs: 'Call Mario' }]);
    expect(r.patch).toEqual({ priority: 'low' });
    expect(r.theirsChanged).toEqual(['description']);
    expect(mergedTask(theirs, r).title).toBe('Call the plumber today'); // mine by default
    expect(mergedTask(theirs, r, { title: 'theirs' }).title).toBe('Call Mario');
    expect(mergedTask(theirs, r, { title: 'theirs' }).description).toBe('Bathroom too');
  });

  it('is no conflict when both made the same change, and sends nothing for it', () => {
    const theirs = { ...base, tags: ['home', 'urgent'], version: 4 };
    const r = mergeEdit(base, { tags: ['home', 'urgent'] }, theirs);
    expect(r).toEqual({ patch: {}, conflicts: [], theirsChanged: [] });
  });

  it('compares times as instants, rules canonically and an empty description as ""', () => {
    expect(sameValue('due_date', '2026-12-01T10:00:00+01:00', '2026-12-01T09:00:00.000Z')).toBe(true);
    expect(sameValue('recurrence', 'FREQ=WEEKLY', 'freq=weekly')).toBe(true);
    expect(sameValue('description', null, '')).toBe(true);
    expect(sameValue('tags', ['a', 'b'], ['b', 'a'])).toBe(false);
    const theirs = { ...base, due_date: '2026-12-01T10:00:00+01:00', version: 4 };
    expect(mergeEdit(base, { reminder_at: null }, theirs).conflicts).toEqual([]);
  });

  it('treats a cleared field as a change (null over theirs)', () => {
    const theirs = { ...base, priority: 'high' as const, version: 4 };
    const r = mergeEdit(base, { reminder_at: null }, theirs);
    expect(r.patch).toEqual({ reminder_at: null });
    const both = mergeEdit(base, { reminder_at: null }, { ...theirs, reminder_at: '2026-12-01T08:00:00.000Z' });
    expect(both.conflicts.map((c) => c.field)).toEqual(['reminder_at']);
  });

  it('round-trips through the form: the merged draft saves exactly my changes on top of theirs', () => {
    const myDraft = { ...draftFromTask(base), title: 'Call the plumber today' };
    const mine = diffInput(base, draftToInput(myDraft).input, myDraft);
    expect(mine).toEqual({ title: 'Call the plumber today' });
    const theirs = { ...base, priority: 'high' as const, version: 4 };
    const r = mergeEdit(base, mine, theirs);
    const shown = draftFromTask(mergedTask(theirs, r));
    expect(diffInput(theirs, draftToInput(shown).input, shown)).toEqual({ title: 'Call the plumber today' });
  });

  it('switches one field of the form between the two versions', () => {
    const theirs = { ...base, due_date: '2026-12-02T09:00:00.000Z', reminder_at: '2026-12-02T08:45:00.000Z', version: 4 };
    const d = draftFromTask(base);
    const shown = draftWithField(d, 'due_date', theirs);
    expect(shown.dueLocal).toBe('2026-12-02T10:00');
    expect(shown.title).toBe(d.title);
    expect(draftWithField(d, 'reminder_at', theirs).reminder).toBe('15m');
  });

  it('describes values for the side-by-side choice', () => {
    expect(describeValue('tags', ['a', 'b'], 'UTC')).toBe('#a #b');
    expect(describeValue('recurrence', null, 'UTC')).toBe('Does not repeat');
    expect(describeValue('priority', 'high', 'UTC')).toBe('High');
    expect(describeValue('due_date', '2026-12-01T09:00:00.000Z', 'UTC', Date.parse('2026-06-01T00:00:00Z'))).toMatch(/Dec 1.*9:00/);
  });
});
