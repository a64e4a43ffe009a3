import { describe, expect, it } from 'vitest';
import { buildTaskQuery } from '../src/api/query';
import {
  activeFilterCount,
  activeStat,
  compareTasks,
  DEFAULT_FILTERS,
  filtersFromSearch,
  filtersToSearch,
  isNarrowed,
  isOverdue,
  matchesFilters,
  NATURAL_ORDER,
  orderLabel,
  statView,
  withSortField,
  type TaskFilters,
} from '../src/lib/filters';
import { task } from './fixtures';

const NOW = Date.parse('2026-06-15T12:00:00.000Z');
const f = (over: Partial<TaskFilters>): TaskFilters => ({ ...DEFAULT_FILTERS, ...over });

describe('buildTaskQuery', () => {
  it('sends the default view: pending tasks, newest first', () => {
    expect(buildTaskQuery(DEFAULT_FILTERS, { timeZone: 'UTC' }).toString()).toBe('status=pending&sort=created_at&order=desc&limit=25');
    expect(buildTaskQuery(f({ status: 'all' }), { timeZone: 'UTC' }).toString()).toBe('sort=created_at&order=desc&limit=25');
  });

  it('maps every filter to its §3.3 parameter', () => {
    const q = buildTaskQuery(
      f({
        q: ' rent ',
        status: 'pending',
        priorities: ['high', 'low'],
        tags: ['home', 'bills'],
        overdue: true,
        dueFrom: '2026-03-29',
        dueTo: '2026-03-29',
        sort: 'due_date',
        order: 'asc',
      }),
      { cursor: 'abc', limit: 10, timeZone: 'Europe/Berlin' },
    );
    expect(q.get('status')).toBe('pending');
    expect(q.get('priority')).toBe('high,low');
    expect(q.getAll('tag')).toEqual(['home', 'bills']);
    expect(q.get('q')).toBe('rent');
    expect(q.get('overdue')).toBe('true');
    expect(q.get('due_after')).toBe('2026-03-28T23:00:00.000Z');
    expect(q.get('due_before')).toBe('2026-03-29T21:59:59.999Z');
    expect(q.get('sort')).toBe('due_date');
    expect(q.get('order')).toBe('asc');
    expect(q.get('limit')).toBe('10');
    expect(q.get('cursor')).toBe('abc');
  });

  it('omits priority when all three are selected and clamps limit', () => {
    const q = buildTaskQuery(f({ priorities: ['low', 'medium', 'high'] }), { limit: 999, timeZone: 'UTC' });
    expect(q.has('priority')).toBe(false);
    expect(q.get('limit')).toBe('200');
  });
});

describe('matchesFilters', () => {
  const t = task({
    title: 'Pay Rent',
    description: 'before the 1st',
    priority: 'high',
    tags: ['home', 'bills'],
    due_date: '2026-06-10T09:00:00.000Z',
  });

  it('mirrors the server filters', () => {
    expect(matchesFilters(t, DEFAULT_FILTERS, NOW, 'UTC')).toBe(true);
    expect(matchesFilters(t, f({ status: 'completed' }), NOW, 'UTC')).toBe(false);
    expect(matchesFilters(t, f({ priorities: ['low'] }), NOW, 'UTC')).toBe(false);
    expect(matchesFilters(t, f({ tags: ['home'] }), NOW, 'UTC')).toBe(true);
    expect(matchesFilters(t, f({ tags: ['home', 'work'] }), NOW, 'UTC')).toBe(false);
    expect(matchesFilters(t, f({ q: 'rent' }), NOW, 'UTC')).toBe(true);
    expect(matchesFilters(t, f({ q: '1ST' }), NOW, 'UTC')).toBe(true);
    expect(matchesFilters(t, f({ q: 'car' }), NOW, 'UTC')).toBe(false);
    expect(matchesFilters(t, f({ overdue: true }), NOW, 'UTC')).toBe(true);
    expect(matchesFilters(t, f({ dueFrom: '2026-06-10', dueTo: '2026-06-10' }), NOW, 'UTC')).toBe(true);
    expect(matchesFilters(t, f({ dueFrom: '2026-06-11' }), NOW, 'UTC')).toBe(false);
    expect(matchesFilters(task({}), f({ dueTo: '2026-06-11' }), NOW, 'UTC')).toBe(false);
  });

  it('knows overdue means pending and due in the past', () => {
    expect(isOverdue(t, NOW)).toBe(true);
    expect(isOverdue({ ...t, completed: true }, NOW)).toBe(false);
    expect(isOverdue({ ...t, due_date: null }, NOW)).toBe(false);
    expect(isOverdue({ ...t, due_date: '2026-07-01T00:00:00.000Z' }, NOW)).toBe(false);
  });
});

describe('compareTasks', () => {
  it('sorts priority high > medium > low and puts missing due dates last either way', () => {
    const hi = task({ priority: 'high' });
    const lo = task({ priority: 'low' });
    const me = task({ priority: 'medium' });
    expect([lo, hi, me].sort((a, b) => compareTasks(a, b, 'priority', 'desc')).map((x) => x.priority)).toEqual(['high', 'medium', 'low']);
    const d1 = task({ due_date: '2026-01-01T00:00:00.000Z' });
    const d2 = task({ due_date: '2026-02-01T00:00:00.000Z' });
    const none = task({});
    expect([none, d2, d1].sort((a, b) => compareTasks(a, b, 'due_date', 'asc')).map((x) => x.id)).toEqual([d1.id, d2.id, none.id]);
    expect([none, d1, d2].sort((a, b) => compareTasks(a, b, 'due_date', 'desc')).map((x) => x.id)).toEqual([d2.id, d1.id, none.id]);
  });

  it('sorts titles case-insensitively', () => {
    const a = task({ title: 'apple' });
    const b = task({ title: 'Banana' });
    expect(compareTasks(a, b, 'title', 'asc')).toBeLessThan(0);
  });
});

describe('URL round trip', () => {
  it('keeps every filter', () => {
    const all = f({
      q: 'x',
      status: 'completed',
      priorities: ['high'],
      tags: ['a', 'b'],
      overdue: true,
      dueFrom: '2026-01-01',
      dueTo: '2026-02-01',
      sort: 'title',
      order: 'asc',
    });
    expect(filtersFromSearch(filtersToSearch(all))).toEqual(all);
    expect(filtersToSearch(DEFAULT_FILTERS)).toBe('');
    expect(filtersFromSearch('?status=bogus&sort=nope&from=yesterday&priority=high,urgent')).toEqual(f({ priorities: ['high'] }));
    expect(activeFilterCount(all)).toBe(5);
  });
});

describe('default view (pending tasks)', () => {
  it('leaves completed tasks out of the default list, so a done task does not sit beside its next occurrence', () => {
    const done = task({ completed: true, recurrence: 'FREQ=DAILY', due_date: '2026-06-15T13:00:00.000Z' });
    const next = task({ recurrence: 'FREQ=DAILY', due_date: '2026-06-16T13:00:00.000Z' });
    expect(matchesFilters(done, DEFAULT_FILTERS, NOW, 'UTC')).toBe(false);
    expect(matchesFilters(next, DEFAULT_FILTERS, NOW, 'UTC')).toBe(true);
    expect(matchesFilters(done, f({ status: 'completed' }), NOW, 'UTC')).toBe(true);
  });

  it('is the URL without parameters; "all" is explicit', () => {
    expect(filtersToSearch(DEFAULT_FILTERS)).toBe('');
    expect(filtersFromSearch('').status).toBe('pending');
    expect(filtersToSearch(f({ status: 'all' }))).toBe('?status=all');
    expect(filtersFromSearch('?status=all').status).toBe('all');
  });
});

describe('sort direction', () => {
  it('gives each field its natural direction when it is chosen', () => {
    expect(NATURAL_ORDER).toEqual({ created_at: 'desc', updated_at: 'desc', due_date: 'asc', priority: 'desc', title: 'asc' });
    // the reported bug: Due ascending, then Priority listed low first
    const due = withSortField(DEFAULT_FILTERS, 'due_date');
    expect(due.order).toBe('asc');
    const prio = withSortField(due, 'priority');
    expect(prio.order).toBe('desc');
    expect(withSortField({ ...prio, order: 'asc' }, 'title').order).toBe('asc');
    expect(withSortField(f({ sort: 'title', order: 'desc' }), 'created_at').order).toBe('desc');
    expect(withSortField(DEFAULT_FILTERS, 'updated_at').order).toBe('desc');
  });

  it('keeps a natural direction out of the URL and restores it from the field', () => {
    expect(filtersToSearch(withSortField(DEFAULT_FILTERS, 'due_date'))).toBe('?sort=due_date');
    expect(filtersFromSearch('?sort=due_date').order).toBe('asc');
    expect(filtersFromSearch('?sort=priority').order).toBe('desc');
    expect(filtersToSearch(f({ sort: 'priority', order: 'asc' }))).toBe('?sort=priority&order=asc');
    expect(filtersFromSearch('?sort=priority&order=asc').order).toBe('asc');
  });

  it('says the direction in words of the field', () => {
    expect(orderLabel('priority', 'desc')).toBe('High first');
    expect(orderLabel('due_date', 'asc')).toBe('Soonest first');
    expect(orderLabel('created_at', 'desc')).toBe('Newest first');
    expect(orderLabel('title', 'asc')).toBe('A to Z');
  });
});

describe('stat cards as views', () => {
  it('presses the card whose view the list shows, and none while filters narrow it', () => {
    expect(activeStat(DEFAULT_FILTERS)).toBe('pending');
    expect(activeStat(f({ status: 'all' }))).toBe('total');
    expect(activeStat(f({ status: 'completed' }))).toBe('completed');
    expect(activeStat(f({ overdue: true }))).toBe('overdue');
    expect(activeStat(f({ status: 'all', overdue: true }))).toBe('overdue');
    // the reported bug: "Total" stayed pressed while a tag narrowed the list
    expect(activeStat(f({ status: 'all', tags: ['home'] }))).toBeNull();
    expect(activeStat(f({ status: 'all', q: 'rent' }))).toBeNull();
    expect(activeStat(f({ priorities: ['high'] }))).toBeNull();
    expect(activeStat(f({ status: 'all', priorities: ['high', 'medium', 'low'] }))).toBe('total');
    expect(activeStat(f({ status: 'completed', overdue: true }))).toBeNull();
  });

  it('clicking a card clears the other filters and the search, keeping the sort', () => {
    const narrowed = f({ q: 'rent', status: 'all', tags: ['home'], priorities: ['high'], dueFrom: '2026-01-01', sort: 'title', order: 'asc' });
    const total = statView('total', narrowed);
    expect(total).toEqual(f({ status: 'all', sort: 'title', order: 'asc' }));
    expect(activeStat(total)).toBe('total');
    expect(statView('overdue', narrowed)).toEqual(f({ status: 'pending', overdue: true, sort: 'title', order: 'asc' }));
    expect(statView('completed', narrowed).status).toBe('completed');
    for (const k of ['total', 'pending', 'completed', 'overdue'] as const) expect(activeStat(statView(k, narrowed))).toBe(k);
  });

  it('knows when the list is narrower than its status tab', () => {
    expect(isNarrowed(DEFAULT_FILTERS)).toBe(false);
    expect(isNarrowed(f({ status: 'completed' }))).toBe(false);
    expect(isNarrowed(f({ q: ' x ' }))).toBe(true);
    expect(isNarrowed(f({ overdue: true }))).toBe(true);
  });
});
