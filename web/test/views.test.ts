import { describe, expect, it } from 'vitest';
import { buildTaskQuery } from '../src/api/query';
import { DEFAULT_FILTERS } from '../src/lib/filters';
import { upsertTask, type ListContext } from '../src/lib/listOps';
import {
  addDays,
  applyScope,
  effectiveFilters,
  groupToday,
  groupUpcoming,
  matchesScope,
  viewFromPath,
  viewPath,
  viewScope,
  viewTraits,
  type View,
} from '../src/lib/views';
import { task } from './fixtures';

const ZONE = 'Europe/Berlin';
// Thursday 2026-03-26, 10:00 in Berlin (CET, UTC+1); the clocks change on Sunday the 29th
const NOW = Date.parse('2026-03-26T09:00:00.000Z');
const at = (iso: string) => task({ due_date: iso, timezone: ZONE });

describe('view routes', () => {
  it('round-trips every view through its path', () => {
    const views: View[] = [
      { kind: 'inbox' },
      { kind: 'today' },
      { kind: 'upcoming' },
      { kind: 'all' },
      { kind: 'completed' },
      { kind: 'trash' },
      { kind: 'project', projectId: '0b9c7c5e-1d2a-4c3b-9e8f-1a2b3c4d5e6f' },
    ];
    for (const v of views) expect(viewFromPath(viewPath(v))).toEqual(v);
    expect(viewPath({ kind: 'inbox' })).toBe('/');
  });

  it('reads aliases and refuses paths that are no view', () => {
    expect(viewFromPath('/inbox')).toEqual({ kind: 'inbox' });
    expect(viewFromPath('/today/')).toEqual({ kind: 'today' });
    expect(viewFromPath('/projects/a%20b')).toEqual({ kind: 'project', projectId: 'a b' });
    expect(viewFromPath('/projects/')).toBeNull();
    expect(viewFromPath('/projects/%E0%A4%A')).toBeNull(); // malformed escape
    expect(viewFromPath('/settings')).toBeNull();
  });
});

describe('view filters', () => {
  it('fixes status and order where the view does, and keeps the user’s narrowing', () => {
    const f = { ...DEFAULT_FILTERS, q: 'rent', tags: ['bills'], status: 'all' as const, sort: 'title' as const, order: 'asc' as const, overdue: true, dueFrom: '2026-03-01' };
    expect(effectiveFilters({ kind: 'inbox' }, f)).toEqual(f);
    expect(effectiveFilters({ kind: 'today' }, f)).toMatchObject({ q: 'rent', tags: ['bills'], status: 'pending', sort: 'due_date', order: 'asc', overdue: false, dueFrom: '' });
    expect(effectiveFilters({ kind: 'upcoming' }, f)).toMatchObject({ status: 'pending', sort: 'due_date', order: 'asc' });
    expect(effectiveFilters({ kind: 'completed' }, f)).toMatchObject({ status: 'completed', sort: 'updated_at', order: 'desc', dueFrom: '2026-03-01' });
    expect(effectiveFilters({ kind: 'trash' }, f)).toMatchObject({ status: 'all', sort: 'updated_at', order: 'desc', dueFrom: '' });
  });

  it('offers status tabs, sorting and the due range only where they mean something', () => {
    expect(viewTraits({ kind: 'inbox' })).toMatchObject({ statusTabs: true, sortable: true, dueRange: true, statCards: false, grouping: 'none' });
    expect(viewTraits({ kind: 'all' }).statCards).toBe(true);
    expect(viewTraits({ kind: 'today' })).toMatchObject({ statusTabs: false, sortable: false, dueRange: false, grouping: 'today' });
    expect(viewTraits({ kind: 'upcoming' }).grouping).toBe('upcoming');
    expect(viewTraits({ kind: 'trash' })).toMatchObject({ statusTabs: false, sortable: false });
  });
});

describe('view scope: query parameters and the client mirror', () => {
  const q = (v: View, f = DEFAULT_FILTERS) =>
    Object.fromEntries(buildTaskQuery(effectiveFilters(v, f), { timeZone: ZONE, scope: viewScope(v, NOW, ZONE) }));

  it('asks the API for the view', () => {
    expect(q({ kind: 'inbox' })).toMatchObject({ project: 'inbox', status: 'pending' });
    expect(q({ kind: 'project', projectId: 'p1' })).toMatchObject({ project: 'p1', status: 'pending' });
    expect(q({ kind: 'trash' })).toMatchObject({ status: 'deleted', sort: 'updated_at', order: 'desc' });
    expect(q({ kind: 'completed' })).toMatchObject({ status: 'completed', sort: 'updated_at' });
    // Today: overdue and due today = due before the end of the local day (23:59:59.999 CET)
    expect(q({ kind: 'today' })).toMatchObject({ status: 'pending', due_before: '2026-03-26T22:59:59.999Z', sort: 'due_date', order: 'asc' });
    expect(q({ kind: 'today' }).due_after).toBeUndefined();
    // Upcoming: from the start of today on
    expect(q({ kind: 'upcoming' })).toMatchObject({ status: 'pending', due_after: '2026-03-25T23:00:00.000Z' });
    expect(q({ kind: 'all' }).project).toBeUndefined();
  });

  it('keeps the tighter of the view’s and the filters’ due bounds', () => {
    const sp = new URLSearchParams({ due_after: '2026-01-01T00:00:00.000Z', due_before: '2026-03-20T00:00:00.000Z' });
    applyScope(sp, { trash: false, dueAfter: Date.parse('2026-03-01T00:00:00.000Z'), dueBefore: Date.parse('2026-04-01T00:00:00.000Z') });
    expect(sp.get('due_after')).toBe('2026-03-01T00:00:00.000Z');
    expect(sp.get('due_before')).toBe('2026-03-20T00:00:00.000Z');
  });

  it('matches live tasks the way the server lists them', () => {
    const inbox = viewScope({ kind: 'inbox' }, NOW, ZONE);
    const project = viewScope({ kind: 'project', projectId: 'p1' }, NOW, ZONE);
    const trash = viewScope({ kind: 'trash' }, NOW, ZONE);
    const today = viewScope({ kind: 'today' }, NOW, ZONE);
    const upcoming = viewScope({ kind: 'upcoming' }, NOW, ZONE);
    const plain = task({});
    const inP1 = task({ project_id: 'p1' });
    const trashed = task({ deleted_at: '2026-03-25T10:00:00.000Z' });
    expect([matchesScope(plain, inbox), matchesScope(inP1, inbox), matchesScope(trashed, inbox)]).toEqual([true, false, false]);
    expect([matchesScope(plain, project), matchesScope(inP1, project)]).toEqual([false, true]);
    expect([matchesScope(plain, trash), matchesScope(trashed, trash)]).toEqual([false, true]);
    // a task without project_id (an older server) is in the inbox
    const { project_id: _, ...legacy } = plain;
    expect(matchesScope(legacy, inbox)).toBe(true);
    const overdue = at('2026-03-20T08:00:00.000Z');
    const lateToday = at('2026-03-26T22:30:00.000Z'); // 23:30 Berlin
    const tomorrow = at('2026-03-26T23:30:00.000Z'); // 00:30 Berlin, Friday
    const undated = task({});
    expect([overdue, lateToday, tomorrow, undated].map((t) => matchesScope(t, today))).toEqual([true, true, false, false]);
    expect([overdue, lateToday, tomorrow, undated].map((t) => matchesScope(t, upcoming))).toEqual([false, true, true, false]);
  });

  it('moves a task between views as live frames change it', () => {
    const ctx = (v: View): ListContext => ({ filters: effectiveFilters(v, DEFAULT_FILTERS), scope: viewScope(v, NOW, ZONE), nowMs: NOW, timeZone: ZONE, hasMore: false });
    const t = task({ title: 'Pay rent' });
    const moved = { ...t, project_id: 'p1', version: 2 };
    expect(upsertTask([t], moved, ctx({ kind: 'inbox' }))).toEqual([]);
    expect(upsertTask([], moved, ctx({ kind: 'project', projectId: 'p1' }))).toEqual([moved]);
    const trashed = { ...moved, deleted_at: '2026-03-26T09:00:00.000Z', version: 3 };
    expect(upsertTask([moved], trashed, ctx({ kind: 'project', projectId: 'p1' }))).toEqual([]);
    expect(upsertTask([], trashed, ctx({ kind: 'trash' }))).toEqual([trashed]);
    const restored = { ...trashed, deleted_at: null, version: 4 };
    expect(upsertTask([trashed], restored, ctx({ kind: 'trash' }))).toEqual([]);
  });
});

describe('grouping', () => {
  it('adds calendar days across month ends and a DST change', () => {
    expect(addDays('2026-03-26', 7)).toBe('2026-04-02');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('Today: overdue (earlier days) first, then today, in list order', () => {
    const old = at('2026-03-20T08:00:00.000Z');
    const yesterday = at('2026-03-25T18:00:00.000Z');
    const thisMorning = at('2026-03-26T06:00:00.000Z'); // 07:00 Berlin: past, but today
    const tonight = at('2026-03-26T22:59:59.000Z'); // all-day, 23:59:59 Berlin
    const groups = groupToday([old, yesterday, thisMorning, tonight], NOW, ZONE);
    expect(groups.map((g) => [g.key, g.label, g.tasks.map((t) => t.id)])).toEqual([
      ['overdue', 'Overdue', [old.id, yesterday.id]],
      ['today', 'Today', [thisMorning.id, tonight.id]],
    ]);
    expect(groupToday([thisMorning], NOW, ZONE).map((g) => g.key)).toEqual(['today']);
    expect(groupToday([], NOW, ZONE)).toEqual([]);
  });

  it('Upcoming: every day of the next 7 (empty ones too) by the local date, then Later', () => {
    const today = at('2026-03-26T17:00:00.000Z');
    const fridayEarly = at('2026-03-26T23:30:00.000Z'); // 00:30 Friday in Berlin, still Thursday in UTC
    const sunday = at('2026-03-29T10:00:00.000Z'); // after the clocks change
    const wednesday = at('2026-04-01T07:00:00.000Z'); // the 7th day
    const thursdayNext = at('2026-04-02T07:00:00.000Z'); // the 8th day: Later
    const groups = groupUpcoming([today, fridayEarly, sunday, wednesday, thursdayNext], NOW, ZONE, 7, 'en-US');
    expect(groups.map((g) => g.key)).toEqual(['2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31', '2026-04-01', 'later']);
    expect(groups.map((g) => g.label)).toEqual(['Today', 'Tomorrow', 'Saturday', 'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Later']);
    expect(groups.map((g) => g.tasks.map((t) => t.id))).toEqual([[today.id], [fridayEarly.id], [], [sunday.id], [], [], [wednesday.id], [thursdayNext.id]]);
  });

  it('Upcoming: no Later group when nothing is further out; a stale earlier task goes to today', () => {
    const stale = at('2026-03-24T10:00:00.000Z');
    const groups = groupUpcoming([stale], NOW, ZONE, 7, 'en-US');
    expect(groups).toHaveLength(7);
    expect(groups[0]!.tasks.map((t) => t.id)).toEqual([stale.id]);
  });

  it('Upcoming: the day is the viewer’s, whatever the task’s own zone', () => {
    // 09:00 in Tokyo on Friday = 01:00 Friday in Berlin
    const tokyo = task({ due_date: '2026-03-27T00:00:00.000Z', timezone: 'Asia/Tokyo' });
    expect(groupUpcoming([tokyo], NOW, ZONE, 7, 'en-US')[1]!.tasks).toEqual([tokyo]);
  });
});
