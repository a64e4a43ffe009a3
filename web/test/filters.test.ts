import { describe, expect, it } from 'vitest';
import { buildTaskQuery } from '../src/api/query';
import {
  activeFilterCount,
  compareTasks,
  DEFAULT_FILTERS,
  filtersFromSearch,
  filtersToSearch,
  isOverdue,
  matchesFilters,
  type TaskFilters,
} from '../src/lib/filters';
import { task } from './fixtures';

const NOW = Date.parse('2026-06-15T12:00:00.000Z');
const f = (over: Partial<TaskFilters>): TaskFilters => ({ ...DEFAULT_FILTERS, ...over });

describe('buildTaskQuery', () => {
  it('sends defaults as sort/order/limit only', () => {
    expect(buildTaskQuery(DEFAULT_FILTERS, { timeZone: 'UTC' }).toString()).toBe('sort=created_at&order=desc&limit=25');
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
