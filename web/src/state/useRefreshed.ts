// A value loaded from the API, loaded again on demand (`refresh`) or after a
// short quiet period (`refreshSoon`, debounced for bursts of live events).
// Only the latest load's answer is kept, so a slow old answer never wins.

import { useCallback, useEffect, useRef, useState } from 'react';

export function useRefreshed<T>(load: () => Promise<T>, initial: T, debounceMs: number) {
  const [value, setValue] = useState<T>(initial);
  const [error, setError] = useState<unknown>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const my = ++seq.current;
    try {
      const v = await load();
      if (my === seq.current) {
        setValue(v);
        setError(null);
      }
    } catch (e) {
      if (my === seq.current) setError(e);
    }
  }, [load]);

  const refreshSoon = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void refresh(), debounceMs);
  }, [refresh, debounceMs]);

  useEffect(() => {
    void refresh();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [refresh]);

  return { value, error, refresh, refreshSoon };
}
