// How many tasks the Today view holds (overdue + due today), for the
// sidebar. The API has no count for it, so the first 100 are listed and
// counted ("100+" beyond); refreshed (debounced) after changes.

import { useCallback } from 'react';
import { buildTaskQuery } from '../api/query';
import { listTasks } from '../api/tasks';
import { DEFAULT_FILTERS } from '../lib/filters';
import { effectiveFilters, viewScope } from '../lib/views';
import { useRefreshed } from './useRefreshed';

export const TODAY_COUNT_LIMIT = 100;

export function useTodayCount(userId: string, timeZone: string, today: string) {
  const load = useCallback(async (): Promise<{ n: number; more: boolean } | null> => {
    const view = { kind: 'today' } as const;
    const q = buildTaskQuery(effectiveFilters(view, DEFAULT_FILTERS), {
      limit: TODAY_COUNT_LIMIT,
      timeZone,
      scope: viewScope(view, Date.now(), timeZone),
    });
    const page = await listTasks(userId, q);
    return { n: page.items.length, more: page.next_cursor !== null };
    // `today` reloads it when the day changes
  }, [userId, timeZone, today]);
  const { value, refresh, refreshSoon } = useRefreshed(load, null, 400);
  return { count: value, refresh, refreshSoon };
}
