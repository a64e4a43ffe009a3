// The user's tags with counts, for suggestions in the form and the filter.

import { useCallback, useEffect, useRef, useState } from 'react';
import { listTags } from '../api/tasks';
import type { TagCount } from '../api/types';

export function useTags(userId: string) {
  const [tags, setTags] = useState<TagCount[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refresh = useCallback(async () => {
    try {
      const res = await listTags(userId);
      setTags([...res.items].sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag)));
    } catch {
      /* suggestions are optional */
    }
  }, [userId]);

  const refreshSoon = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void refresh(), 1000);
  }, [refresh]);

  useEffect(() => {
    void refresh();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [refresh]);

  return { tags, refresh, refreshSoon };
}
