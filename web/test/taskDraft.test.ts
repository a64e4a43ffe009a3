import { describe, expect, it } from 'vitest';
import { createBody, diffInput, draftFromTask, draftToInput, emptyDraft } from '../src/lib/taskDraft';
import { addTags, normalizeTag, tagProblem } from '../src/lib/tags';
import { task } from './fixtures';

describe('draftToInput', () => {
  it('builds a full body with UTC times from wall-clock in the chosen zone', () => {
    const d = {
      ...emptyDraft('Europe/Berlin'),
      title: '  Pay rent ',
      tags: ['home', 'bills'],
      dueLocal: '2026-12-01T09:00',
      reminder: '30m' as const,
      recurrence: { kind: 'custom' as const, freq: 'MONTHLY' as const, interval: 1, byDay: [] },
      recurrenceEnd: '2027-06-30',
    };
    const { input, errors } = draftToInput(d);
    expect(errors).toEqual({});
    expect(input).toEqual({
      title: 'Pay rent',
      description: '',
      priority: 'medium',
      tags: ['home', 'bills'],
      due_date: '2026-12-01T08:00:00.000Z',
      reminder_at: '2026-12-01T07:30:00.000Z',
      recurrence: 'FREQ=MONTHLY',
      recurrence_end: '2027-06-30T21:59:59.999Z',
      timezone: 'Europe/Berlin',
      project_id: null,
    });
    expect(createBody(input)).not.toHaveProperty('description');
    expect(createBody(input)).not.toHaveProperty('project_id'); // the inbox: the server's default
  });

  it('files a new task in a project (the project view it is created in)', () => {
    const d = { ...emptyDraft('UTC', 'p1'), title: 'Plan the trip' };
    const { input } = draftToInput(d);
    expect(input.project_id).toBe('p1');
    expect(createBody(input).project_id).toBe('p1');
    expect(draftToInput({ ...d, projectId: '' }).input.project_id).toBeNull();
  });

  it('reports every broken field', () => {
    const { errors } = draftToInput({
      ...emptyDraft('UTC'),
      title: '   ',
      reminder: '15m',
      recurrence: { kind: 'preset', freq: 'DAILY' },
    });
    expect(errors.title).toBeTruthy();
    expect(errors.reminder_at).toMatch(/due date/);
    expect(errors.recurrence).toMatch(/due date/);
    const late = draftToInput({
      ...emptyDraft('UTC'),
      title: 'x',
      dueLocal: '2026-12-01T09:00',
      reminder: 'custom',
      reminderLocal: '2026-12-01T10:00',
    });
    expect(late.errors.reminder_at).toMatch(/after/);
    expect(draftToInput({ ...emptyDraft('UTC'), title: 'x'.repeat(201) }).errors.title).toBeTruthy();
  });
});

describe('diffInput: the project', () => {
  it('sends project_id only when the picker changed it (null = back to the inbox)', () => {
    const inP1 = task({ title: 'Pay rent', project_id: 'p1' });
    const draft = draftFromTask(inP1);
    expect(draft.projectId).toBe('p1');
    expect(diffInput(inP1, draftToInput(draft).input, draft)).toEqual({});
    const moved = { ...draft, projectId: 'p2' };
    expect(diffInput(inP1, draftToInput(moved).input, moved)).toEqual({ project_id: 'p2' });
    const toInbox = { ...draft, projectId: '' };
    expect(diffInput(inP1, draftToInput(toInbox).input, toInbox)).toEqual({ project_id: null });
    // a task from an older server (no project_id) is in the inbox: nothing changed
    const legacy = task({ title: 'x' });
    delete (legacy as { project_id?: unknown }).project_id;
    const ld = draftFromTask(legacy);
    expect(diffInput(legacy, draftToInput(ld).input, ld)).toEqual({});
  });
});

describe('diffInput', () => {
  const original = task({
    title: 'Pay rent',
    priority: 'high',
    tags: ['home'],
    due_date: '2026-12-01T08:00:00.000Z',
    reminder_at: '2026-12-01T07:30:00.000Z',
    recurrence: 'FREQ=MONTHLY;BYMONTHDAY=1',
    timezone: 'Europe/Berlin',
    version: 3,
  });

  it('sends nothing when nothing changed, and keeps an unrepresentable rule', () => {
    const draft = draftFromTask(original);
    expect(draft.dueLocal).toBe('2026-12-01T09:00');
    expect(draft.reminder).toBe('30m');
    expect(draft.recurrence).toEqual({ kind: 'raw', rule: 'FREQ=MONTHLY;BYMONTHDAY=1' });
    const { input, errors } = draftToInput(draft);
    expect(errors).toEqual({});
    expect(diffInput(original, input, draft)).toEqual({});
  });

  it('sends only the changed fields; moving the due date moves a relative reminder', () => {
    const draft = { ...draftFromTask(original), title: 'Pay the rent', dueLocal: '2026-12-01T10:00' };
    const { input } = draftToInput(draft);
    expect(diffInput(original, input, draft)).toEqual({
      title: 'Pay the rent',
      due_date: '2026-12-01T09:00:00.000Z',
      reminder_at: '2026-12-01T08:30:00.000Z',
    });
  });

  it('clears optional fields with null', () => {
    const draft = { ...draftFromTask(original), dueLocal: '', reminder: 'none' as const, recurrence: { kind: 'none' as const } };
    const { input } = draftToInput(draft);
    expect(diffInput(original, input, draft)).toEqual({ due_date: null, reminder_at: null, recurrence: null });
  });

  it('does not count stored seconds as a change when the times were not touched', () => {
    const precise = { ...original, due_date: '2026-12-01T08:00:42.123Z', reminder_at: '2026-12-01T07:29:59.999Z' };
    const draft = { ...draftFromTask(precise), title: 'Renamed' };
    expect(draft.reminder).toBe('custom');
    const { input } = draftToInput(draft);
    expect(diffInput(precise, input, draft)).toEqual({ title: 'Renamed' });
  });

  it('changing the zone keeps wall-clock time and so moves the instant', () => {
    const draft = { ...draftFromTask(original), timezone: 'America/New_York' };
    const { input } = draftToInput(draft);
    const patch = diffInput(original, input, draft);
    expect(patch.timezone).toBe('America/New_York');
    expect(patch.due_date).toBe('2026-12-01T14:00:00.000Z');
  });
});

describe('tags', () => {
  it('normalises, validates and merges duplicates', () => {
    expect(normalizeTag('  Home Office ')).toBe('home-office');
    expect(tagProblem('ok_tag-1', [])).toBeNull();
    expect(tagProblem('bad!', [])).toMatch(/a–z/);
    expect(tagProblem('x'.repeat(33), [])).toMatch(/32/);
    expect(addTags(['home'], 'Home, bills,, #Work')).toEqual(['home', 'bills', 'work']);
    expect(addTags(Array.from({ length: 20 }, (_, i) => `t${i}`), 'one-more')).toHaveLength(20);
  });
});
