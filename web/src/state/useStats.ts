// The stats bar's numbers, refreshed (debounced) after changes and live events.

import { useCallback, useEffect, useRef, useState } from 'react';
import { getStats } from '../api/tasks';
import type { Stats } from '../api/types';

export function useStats(userId: string) {
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<unknown>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const my = ++seq.current;
    try {
      const s = await getStats(userId);
      if (my === seq.current) {
        setStats(s);
        setError(null);
      }
    } catch (e) {
      if (my === seq.current) setError(e);
    }
  }, [userId]);

  const refreshSoon = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void refresh(), 250);
  }, [refresh]);

  useEffect(() => {
    void refresh();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [refresh]);

  return { stats, error, refresh, refreshSoon };
}
