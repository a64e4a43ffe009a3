// The stats bar's numbers, refreshed (debounced) after changes and live events.

import { useCallback } from 'react';
import { getStats } from '../api/tasks';
import type { Stats } from '../api/types';
import { useRefreshed } from './useRefreshed';

export function useStats(userId: string) {
  const load = useCallback(() => getStats(userId), [userId]);
  const { value, error, refresh, refreshSoon } = useRefreshed<Stats | null>(load, null, 250);
  return { stats: value, error, refresh, refreshSoon };
}
