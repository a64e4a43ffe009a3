// Pure operations on the loaded window of the task list, used by live frames,
// the user's own mutations and refetches.

import type { Task } from '../api/types';
import { compareTasks, matchesFilters, type TaskFilters } from './filters';
import { matchesScope, type ViewScope } from './views';

export interface ListContext {
  filters: TaskFilters;
  /** the view's part of all tasks (project, trash, due bounds); absent = live tasks of any project */
  scope?: ViewScope;
  nowMs: number;
  timeZone: string;
  /** More pages exist beyond the loaded window (next_cursor != null). */
  hasMore: boolean;
}

/**
 * Puts `task` where it belongs in `items` (or removes it if it no longer
 * matches the filters). A frame older than what is shown is ignored. A task
 * that sorts after the last loaded item while more pages exist is left for
 * "Load more" to bring.
 */
export function upsertTask(items: readonly Task[], task: Task, ctx: ListContext): Task[] {
  const idx = items.findIndex((t) => t.id === task.id);
  const existing = idx >= 0 ? items[idx] : undefined;
  if (existing && existing.version > task.version) return items as Task[];
  const rest = idx >= 0 ? [...items.slice(0, idx), ...items.slice(idx + 1)] : [...items];
  if (!matchesFilters(task, ctx.filters, ctx.nowMs, ctx.timeZone) || !matchesScope(task, ctx.scope ?? { trash: false })) return rest;
  let pos = rest.findIndex((t) => compareTasks(task, t, ctx.filters.sort, ctx.filters.order) < 0);
  if (pos < 0) {
    if (ctx.hasMore) return rest;
    pos = rest.length;
  }
  rest.splice(pos, 0, task);
  return rest;
}

export function removeTask(items: readonly Task[], id: string): Task[] {
  return items.some((t) => t.id === id) ? items.filter((t) => t.id !== id) : (items as Task[]);
}

/** Merges a further page, skipping ids already shown (cursor pages may overlap after live inserts). */
export function appendPage(items: readonly Task[], page: readonly Task[]): Task[] {
  const seen = new Set(items.map((t) => t.id));
  return [...items, ...page.filter((t) => !seen.has(t.id))];
}

type Change = { seq: number; id: string; task: Task | null };

/**
 * Remembers the changes seen (live frames, own mutations) so a list
 * response that was requested before them does not undo them: after a
 * fetch, `replaySince(mark)` re-applies every change that arrived while it
 * was in flight.
 */
export class ChangeLog {
  private seq = 0;
  private changes: Change[] = [];

  constructor(private readonly capacity = 500) {}

  mark(): number {
    return this.seq;
  }

  record(task: Task): void {
    this.push({ seq: ++this.seq, id: task.id, task });
  }

  recordDeleted(id: string): void {
    this.push({ seq: ++this.seq, id, task: null });
  }

  replaySince(mark: number, items: readonly Task[], ctx: ListContext): Task[] {
    let out = items as Task[];
    for (const c of this.changes) {
      if (c.seq <= mark) continue;
      out = c.task ? upsertTask(out, c.task, ctx) : removeTask(out, c.id);
    }
    return out;
  }

  private push(c: Change): void {
    this.changes.push(c);
    if (this.changes.length > this.capacity) this.changes.splice(0, this.changes.length - this.capacity);
  }
}
