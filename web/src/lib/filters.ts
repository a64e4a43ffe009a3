// The list's filter/sort state: defaults, URL round trip, and a client-side
// mirror of the server's matching and ordering so live frames can update the
// loaded page in place.

import type { Priority, SortField, SortOrder, StatusFilter, Task } from '../api/types';
import { endOfLocalDay, startOfLocalDay } from './datetime';

export interface TaskFilters {
  q: string;
  status: StatusFilter;
  priorities: Priority[];
  tags: string[];
  overdue: boolean;
  /** "YYYY-MM-DD" in the browser's zone, or "" */
  dueFrom: string;
  dueTo: string;
  sort: SortField;
  order: SortOrder;
}

/** The default view: what is still to do, newest first. */
export const DEFAULT_FILTERS: TaskFilters = {
  q: '',
  status: 'pending',
  priorities: [],
  tags: [],
  overdue: false,
  dueFrom: '',
  dueTo: '',
  sort: 'created_at',
  order: 'desc',
};

/**
 * Each sort field's natural direction, used whenever the field is chosen:
 * soonest due first, high priority first, newest first, titles A→Z.
 */
export const NATURAL_ORDER: Readonly<Record<SortField, SortOrder>> = {
  created_at: 'desc',
  updated_at: 'desc',
  due_date: 'asc',
  priority: 'desc',
  title: 'asc',
};

/** The sort fields with words for each direction (the order button shows them). */
export const SORT_FIELDS: ReadonlyArray<{ value: SortField; label: string; asc: string; desc: string }> = [
  { value: 'created_at', label: 'Created', asc: 'Oldest first', desc: 'Newest first' },
  { value: 'updated_at', label: 'Updated', asc: 'Oldest first', desc: 'Newest first' },
  { value: 'due_date', label: 'Due date', asc: 'Soonest first', desc: 'Latest first' },
  { value: 'priority', label: 'Priority', asc: 'Low first', desc: 'High first' },
  { value: 'title', label: 'Title', asc: 'A to Z', desc: 'Z to A' },
];

/** "Newest first", "High first", …: the words for `order` of `sort`. */
export function orderLabel(sort: SortField, order: SortOrder): string {
  const f = SORT_FIELDS.find((s) => s.value === sort);
  return f ? f[order] : order === 'asc' ? 'Ascending' : 'Descending';
}

/** Choosing a sort field also picks its natural direction. */
export function withSortField(f: TaskFilters, sort: SortField): TaskFilters {
  return { ...f, sort, order: NATURAL_ORDER[sort] };
}

const PRIORITY_RANK: Record<Priority, number> = { low: 0, medium: 1, high: 2 };
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isOverdue(task: Pick<Task, 'completed' | 'due_date'>, nowMs: number): boolean {
  if (task.completed || !task.due_date) return false;
  const due = Date.parse(task.due_date);
  return !Number.isNaN(due) && due < nowMs;
}

/** Number of filters that narrow the list (for the "Filters (n)" badge). */
export function activeFilterCount(f: TaskFilters): number {
  return (
    (f.priorities.length > 0 ? 1 : 0) +
    (f.tags.length > 0 ? 1 : 0) +
    (f.overdue ? 1 : 0) +
    (f.dueFrom ? 1 : 0) +
    (f.dueTo ? 1 : 0)
  );
}

/** Does `task` belong in a list filtered by `f`? Mirrors §3.3's semantics. */
export function matchesFilters(task: Task, f: TaskFilters, nowMs: number, timeZone: string): boolean {
  if (f.status !== 'all' && task.status !== f.status) return false;
  if (f.priorities.length > 0 && !f.priorities.includes(task.priority)) return false;
  for (const t of f.tags) if (!task.tags.includes(t)) return false;
  const q = f.q.trim().toLowerCase();
  if (q && !task.title.toLowerCase().includes(q) && !(task.description ?? '').toLowerCase().includes(q)) return false;
  if (f.overdue && !isOverdue(task, nowMs)) return false;
  if (f.dueFrom || f.dueTo) {
    if (!task.due_date) return false;
    const due = Date.parse(task.due_date);
    const from = f.dueFrom ? startOfLocalDay(f.dueFrom, timeZone) : null;
    const to = f.dueTo ? endOfLocalDay(f.dueTo, timeZone) : null;
    if (from && due < from.getTime()) return false;
    if (to && due > to.getTime()) return false;
  }
  return true;
}

function cmp(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Order of the list: the sort field in `order`, tasks without a due date
 * last either way (due_date sort), ties by created_at then id in the same
 * direction. Negative when `a` comes first.
 */
export function compareTasks(a: Task, b: Task, sort: SortField, order: SortOrder): number {
  const dir = order === 'asc' ? 1 : -1;
  let c = 0;
  switch (sort) {
    case 'due_date': {
      if (!a.due_date || !b.due_date) {
        if (a.due_date || b.due_date) return a.due_date ? -1 : 1;
        break;
      }
      c = cmp(Date.parse(a.due_date), Date.parse(b.due_date));
      break;
    }
    case 'priority':
      c = cmp(PRIORITY_RANK[a.priority], PRIORITY_RANK[b.priority]);
      break;
    case 'title':
      c = cmp(a.title.toLowerCase(), b.title.toLowerCase());
      break;
    case 'updated_at':
      c = cmp(Date.parse(a.updated_at), Date.parse(b.updated_at));
      break;
    case 'created_at':
      c = cmp(Date.parse(a.created_at), Date.parse(b.created_at));
      break;
  }
  if (c === 0 && sort !== 'created_at') c = cmp(Date.parse(a.created_at), Date.parse(b.created_at));
  if (c === 0) c = cmp(a.id, b.id);
  return c * dir;
}

// --- URL round trip (so a reload or a shared link keeps the view) ---

const STATUS: readonly StatusFilter[] = ['pending', 'completed', 'all'];
const SORTS: readonly SortField[] = ['created_at', 'updated_at', 'due_date', 'priority', 'title'];
const PRIOS: readonly Priority[] = ['low', 'medium', 'high'];

export function filtersToSearch(f: TaskFilters): string {
  const sp = new URLSearchParams();
  if (f.q.trim()) sp.set('q', f.q.trim());
  if (f.status !== DEFAULT_FILTERS.status) sp.set('status', f.status);
  if (f.priorities.length) sp.set('priority', f.priorities.join(','));
  for (const t of f.tags) sp.append('tag', t);
  if (f.overdue) sp.set('overdue', 'true');
  if (f.dueFrom) sp.set('from', f.dueFrom);
  if (f.dueTo) sp.set('to', f.dueTo);
  if (f.sort !== DEFAULT_FILTERS.sort) sp.set('sort', f.sort);
  if (f.order !== NATURAL_ORDER[f.sort]) sp.set('order', f.order);
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export function filtersFromSearch(search: string): TaskFilters {
  const sp = new URLSearchParams(search);
  const status = sp.get('status') as StatusFilter | null;
  const sort = sp.get('sort') as SortField | null;
  const order = sp.get('order');
  const sortField = sort && SORTS.includes(sort) ? sort : DEFAULT_FILTERS.sort;
  const from = sp.get('from') ?? '';
  const to = sp.get('to') ?? '';
  return {
    q: sp.get('q') ?? '',
    status: status && STATUS.includes(status) ? status : DEFAULT_FILTERS.status,
    priorities: (sp.get('priority') ?? '')
      .split(',')
      .filter((p): p is Priority => (PRIOS as readonly string[]).includes(p)),
    tags: sp.getAll('tag').map((t) => t.trim().toLowerCase()).filter(Boolean),
    overdue: sp.get('overdue') === 'true',
    dueFrom: DATE_RE.test(from) ? from : '',
    dueTo: DATE_RE.test(to) ? to : '',
    sort: sortField,
    order: order === 'asc' || order === 'desc' ? order : NATURAL_ORDER[sortField],
  };
}

// --- the stat cards: each one is a view of the list ---

export type StatKey = 'total' | 'pending' | 'completed' | 'overdue';
export const STAT_KEYS: readonly StatKey[] = ['total', 'pending', 'completed', 'overdue'];

/**
 * The list a stat card stands for: every task (Total), the pending or
 * completed ones, or the overdue ones — with no other filter and no search,
 * so the list holds what the card counts. The sort is kept.
 */
export function statView(key: StatKey, current: Pick<TaskFilters, 'sort' | 'order'>): TaskFilters {
  return {
    ...DEFAULT_FILTERS,
    sort: current.sort,
    order: current.order,
    status: key === 'total' ? 'all' : key === 'overdue' ? 'pending' : key,
    overdue: key === 'overdue',
  };
}

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Same tasks listed (sort and order aside); all three priorities = none. */
export function sameView(a: TaskFilters, b: TaskFilters): boolean {
  const prios = (f: TaskFilters) => (f.priorities.length >= PRIOS.length ? [] : f.priorities);
  // overdue tasks are pending by definition, so "all + overdue" = "pending + overdue"
  const status = (f: TaskFilters) => (f.overdue && f.status === 'all' ? 'pending' : f.status);
  return (
    a.q.trim() === b.q.trim() &&
    status(a) === status(b) &&
    sameSet(prios(a), prios(b)) &&
    sameSet(a.tags, b.tags) &&
    a.overdue === b.overdue &&
    a.dueFrom === b.dueFrom &&
    a.dueTo === b.dueTo
  );
}

/** The card that shows exactly what the list shows, if any (none while other filters narrow it). */
export function activeStat(f: TaskFilters): StatKey | null {
  return STAT_KEYS.find((k) => sameView(f, statView(k, f))) ?? null;
}

/** The list is narrower than its status tab (filters or search on top). */
export function isNarrowed(f: TaskFilters): boolean {
  return !sameView(f, { ...DEFAULT_FILTERS, status: f.status, sort: f.sort, order: f.order });
}
