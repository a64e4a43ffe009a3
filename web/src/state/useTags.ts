// The user's tags with counts, for suggestions in the form and the filter.
// The API already orders them (most used first, then by name); suggestions
// are optional, so a failed load simply keeps the last list.

import { useCallback } from 'react';
import { listTags } from '../api/tasks';
import type { TagCount } from '../api/types';
import { useRefreshed } from './useRefreshed';

export function useTags(userId: string) {
  const load = useCallback(async () => (await listTags(userId)).items, [userId]);
  const { value, refresh, refreshSoon } = useRefreshed<TagCount[]>(load, [], 1000);
  return { tags: value, refresh, refreshSoon };
}
