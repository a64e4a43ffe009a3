// The views of the task page (DESIGN §3.8, issue #17): Inbox, Today,
// Upcoming, All tasks, Completed, Trash and one per project. A view is a
// route (`/today`, `/projects/<id>` …), a part of the task list (its scope:
// sent as query parameters and mirrored for live updates), what the user may
// change in it (status tabs, sort, due range) and how its rows are grouped.

import type { Task } from '../api/types';
import { endOfLocalDay, startOfLocalDay, utcToZonedDate } from './datetime';
import { DEFAULT_FILTERS, type TaskFilters } from './filters';

export type View =
  | { kind: 'inbox' }
  | { kind: 'today' }
  | { kind: 'upcoming' }
  | { kind: 'all' }
  | { kind: 'completed' }
  | { kind: 'trash' }
  | { kind: 'project'; projectId: string };

export type ViewKind = View['kind'];

/** The default view: the inbox (tasks in no project), what is still to do. */
export const DEFAULT_VIEW: View = { kind: 'inbox' };

/** The fixed views in the order the sidebar lists them. */
export const FIXED_VIEWS: ReadonlyArray<Exclude<ViewKind, 'project'>> = ['inbox', 'today', 'upcoming', 'all', 'completed', 'trash'];

const PATHS: Readonly<Record<Exclude<ViewKind, 'project'>, string>> = {
  inbox: '/',
  today: '/today',
  upcoming: '/upcoming',
  all: '/all',
  completed: '/completed',
  trash: '/trash',
};

const TITLES: Readonly<Record<Exclude<ViewKind, 'project'>, string>> = {
  inbox: 'Inbox',
  today: 'Today',
  upcoming: 'Upcoming',
  all: 'All tasks',
  completed: 'Completed',
  trash: 'Trash',
};

export function viewPath(v: View): string {
  return v.kind === 'project' ? `/projects/${encodeURIComponent(v.projectId)}` : PATHS[v.kind];
}

/** The view a path stands for, or null for a path that is none (redirected to the default). */
export function viewFromPath(path: string): View | null {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (p === '/' || p === '/inbox' || p === '') return { kind: 'inbox' };
  for (const kind of FIXED_VIEWS) if (PATHS[kind] === p) return { kind } as View;
  const m = /^\/projects\/([^/]+)$/.exec(p);
  if (m) {
    try {
      const id = decodeURIComponent(m[1]!);
      return id ? { kind: 'project', projectId: id } : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** A stable key: "inbox", "project:<id>". */
export function viewKey(v: View): string {
  return v.kind === 'project' ? `project:${v.projectId}` : v.kind;
}

export function sameView(a: View, b: View): boolean {
  return viewKey(a) === viewKey(b);
}

export function viewTitle(v: View, projectName?: string | null): string {
  return v.kind === 'project' ? (projectName ?? 'Project') : TITLES[v.kind];
}

/** What a view lets the user change, and how it groups its rows. */
export interface ViewTraits {
  /** the Pending / All / Completed tabs */
  statusTabs: boolean;
  /** the sort field and order */
  sortable: boolean;
  /** the filter panel's due range and "overdue only" */
  dueRange: boolean;
  /** the stat cards press while they show exactly this list */
  statCards: boolean;
  grouping: 'none' | 'today' | 'upcoming';
}

export function viewTraits(v: View): ViewTraits {
  switch (v.kind) {
    case 'inbox':
    case 'project':
      return { statusTabs: true, sortable: true, dueRange: true, statCards: false, grouping: 'none' };
    case 'all':
      return { statusTabs: true, sortable: true, dueRange: true, statCards: true, grouping: 'none' };
    case 'today':
      return { statusTabs: false, sortable: false, dueRange: false, statCards: false, grouping: 'today' };
    case 'upcoming':
      return { statusTabs: false, sortable: false, dueRange: false, statCards: false, grouping: 'upcoming' };
    case 'completed':
    case 'trash':
      return { statusTabs: false, sortable: false, dueRange: v.kind === 'completed', statCards: false, grouping: 'none' };
  }
}

/**
 * The filters as the view applies them: a view that fixes the status or the
 * order overrides what the URL says (Today and Upcoming: pending, soonest
 * first; Completed: completed, most recently changed first — the API has no
 * completed_at order; Trash: both statuses, most recently changed first).
 */
export function effectiveFilters(v: View, f: TaskFilters): TaskFilters {
  switch (v.kind) {
    case 'today':
    case 'upcoming':
      return { ...f, status: 'pending', sort: 'due_date', order: 'asc', overdue: false, dueFrom: '', dueTo: '' };
    case 'completed':
      return { ...f, status: 'completed', sort: 'updated_at', order: 'desc', overdue: false };
    case 'trash':
      return { ...f, status: 'all', sort: 'updated_at', order: 'desc', overdue: false, dueFrom: '', dueTo: '' };
    default:
      return f;
  }
}

/** The filters a view opens with (nothing narrows it, the default order). */
export function openingFilters(): TaskFilters {
  return { ...DEFAULT_FILTERS };
}

// --- the scope: the part of all tasks a view lists ---

export interface ViewScope {
  /** undefined: any project; null: the inbox; else that project */
  project?: string | null;
  /** the trash (deleted_at set) instead of the live tasks */
  trash: boolean;
  /** due at or after this instant (ms) */
  dueAfter?: number;
  /** due at or before this instant (ms) */
  dueBefore?: number;
}

/** The local date "YYYY-MM-DD" of `nowMs` in `timeZone`. */
export function localToday(nowMs: number, timeZone: string): string {
  return utcToZonedDate(nowMs, timeZone);
}

export function viewScope(v: View, nowMs: number, timeZone: string): ViewScope {
  const today = localToday(nowMs, timeZone);
  switch (v.kind) {
    case 'inbox':
      return { project: null, trash: false };
    case 'project':
      return { project: v.projectId, trash: false };
    case 'today': {
      // overdue (any day before) and due today
      const end = endOfLocalDay(today, timeZone);
      return { trash: false, dueBefore: end ? end.getTime() : undefined };
    }
    case 'upcoming': {
      const start = startOfLocalDay(today, timeZone);
      return { trash: false, dueAfter: start ? start.getTime() : undefined };
    }
    case 'trash':
      return { trash: true };
    case 'all':
    case 'completed':
      return { trash: false };
  }
}

/**
 * Adds the scope to list query parameters built from the filters: the
 * project (`project=<id>|inbox`), the trash (`status=deleted`), and the due
 * bounds (the tighter of the view's and the filters').
 */
export function applyScope(sp: URLSearchParams, scope: ViewScope): URLSearchParams {
  if (scope.project !== undefined) sp.set('project', scope.project ?? 'inbox');
  if (scope.trash) sp.set('status', 'deleted');
  if (scope.dueAfter !== undefined) {
    const cur = sp.get('due_after');
    if (!cur || Date.parse(cur) < scope.dueAfter) sp.set('due_after', new Date(scope.dueAfter).toISOString());
  }
  if (scope.dueBefore !== undefined) {
    const cur = sp.get('due_before');
    if (!cur || Date.parse(cur) > scope.dueBefore) sp.set('due_before', new Date(scope.dueBefore).toISOString());
  }
  return sp;
}

/** Does `task` belong to the scope? (the client mirror of applyScope, for live frames) */
export function matchesScope(task: Task, scope: ViewScope): boolean {
  if (!!task.deleted_at !== scope.trash) return false;
  if (scope.project !== undefined && (task.project_id ?? null) !== scope.project) return false;
  if (scope.dueAfter !== undefined || scope.dueBefore !== undefined) {
    if (!task.due_date) return false;
    const due = Date.parse(task.due_date);
    if (scope.dueAfter !== undefined && due < scope.dueAfter) return false;
    if (scope.dueBefore !== undefined && due > scope.dueBefore) return false;
  }
  return true;
}

// --- grouping: Today (overdue / today) and Upcoming (by day) ---

export interface TaskGroup {
  /** "overdue", "today", a local date "YYYY-MM-DD", or "later" */
  key: string;
  /** "Overdue", "Today", "Tomorrow", "Saturday", "Later" */
  label: string;
  /** the local date of a day group, "YYYY-MM-DD" */
  date?: string;
  tasks: Task[];
}

/** "YYYY-MM-DD" + n days (calendar arithmetic, no zone involved). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const x = new Date(Date.UTC(y!, m! - 1, d! + n));
  const pad = (v: number, w = 2) => String(v).padStart(w, '0');
  return `${pad(x.getUTCFullYear(), 4)}-${pad(x.getUTCMonth() + 1)}-${pad(x.getUTCDate())}`;
}

function weekdayName(date: string, locale?: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(y!, m! - 1, d!, 12));
}

/** The local due date of a task in the viewer's zone ("" without a due date). */
function dueDay(t: Task, timeZone: string): string {
  return t.due_date ? utcToZonedDate(t.due_date, timeZone) : '';
}

/** Today's view: "Overdue" (due on an earlier day) then "Today"; empty groups are left out; order kept. */
export function groupToday(tasks: readonly Task[], nowMs: number, timeZone: string): TaskGroup[] {
  const today = localToday(nowMs, timeZone);
  const overdue: Task[] = [];
  const due: Task[] = [];
  for (const t of tasks) (dueDay(t, timeZone) < today ? overdue : due).push(t);
  const out: TaskGroup[] = [];
  if (overdue.length) out.push({ key: 'overdue', label: 'Overdue', tasks: overdue });
  if (due.length) out.push({ key: 'today', label: 'Today', date: today, tasks: due });
  return out;
}

/**
 * Upcoming: one group per day for the next `days` days starting today (each
 * day listed, empty or not, so the week reads like a planner), then "Later"
 * for what is due after them (only when there is some). A task due before
 * today (a stale row) goes to today. Tasks keep their order.
 */
export function groupUpcoming(tasks: readonly Task[], nowMs: number, timeZone: string, days = 7, locale?: string): TaskGroup[] {
  const today = localToday(nowMs, timeZone);
  const groups: TaskGroup[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(today, i);
    groups.push({ key: date, date, label: i === 0 ? 'Today' : i === 1 ? 'Tomorrow' : weekdayName(date, locale), tasks: [] });
  }
  const last = addDays(today, days - 1);
  const later: TaskGroup = { key: 'later', label: 'Later', tasks: [] };
  for (const t of tasks) {
    const day = dueDay(t, timeZone);
    if (!day || day > last) later.tasks.push(t);
    else groups[Math.max(0, groups.findIndex((g) => g.date === day))]!.tasks.push(t);
  }
  if (later.tasks.length) groups.push(later);
  return groups;
}
