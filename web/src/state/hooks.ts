// Small generic hooks.

import { useEffect, useRef, useState } from 'react';

/** `value`, settled for `ms` milliseconds. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Current time, re-rendered every `ms` (overdue highlights, relative times). */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** A ref that always holds the latest value (for callbacks registered once). */
export function useLatest<T>(value: T): { readonly current: T } {
  const r = useRef(value);
  r.current = value;
  return r;
}
