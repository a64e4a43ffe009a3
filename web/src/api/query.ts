// Task list query parameters (DESIGN.md §3.3) from the UI's filter state.

import { endOfLocalDay, startOfLocalDay } from '../lib/datetime';
import type { TaskFilters } from '../lib/filters';
import { applyScope, type ViewScope } from '../lib/views';

export const PAGE_SIZE = 25;

export function buildTaskQuery(
  f: TaskFilters,
  opts: { cursor?: string | null; limit?: number; timeZone: string; scope?: ViewScope },
): URLSearchParams {
  const sp = new URLSearchParams();
  if (f.status !== 'all') sp.set('status', f.status);
  if (f.priorities.length > 0 && f.priorities.length < 3) sp.set('priority', f.priorities.join(','));
  for (const t of f.tags) sp.append('tag', t);
  const q = f.q.trim();
  if (q) sp.set('q', q);
  if (f.dueFrom) {
    const from = startOfLocalDay(f.dueFrom, opts.timeZone);
    if (from) sp.set('due_after', from.toISOString());
  }
  if (f.dueTo) {
    const to = endOfLocalDay(f.dueTo, opts.timeZone);
    if (to) sp.set('due_before', to.toISOString());
  }
  if (f.overdue) sp.set('overdue', 'true');
  sp.set('sort', f.sort);
  sp.set('order', f.order);
  sp.set('limit', String(Math.min(200, Math.max(1, opts.limit ?? PAGE_SIZE))));
  if (opts.cursor) sp.set('cursor', opts.cursor);
  if (opts.scope) applyScope(sp, opts.scope);
  return sp;
}
