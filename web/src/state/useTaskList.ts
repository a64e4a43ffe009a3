// The loaded window of the task list: first page on filter change, "Load
// more" through next_cursor, in-place updates from live frames and own
// mutations, and a refresh (same window) after reconnects.

import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/errors';
import { buildTaskQuery, PAGE_SIZE } from '../api/query';
import { listTasks } from '../api/tasks';
import type { Task } from '../api/types';
import type { TaskFilters } from '../lib/filters';
import { appendPage, ChangeLog, removeTask, upsertTask, type ListContext } from '../lib/listOps';
import type { ViewScope } from '../lib/views';
import { useLatest } from './hooks';

export interface TaskListState {
  items: Task[];
  nextCursor: string | null;
  /** first load of the current filters */
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  /** the last failure was 503/network: a retry is scheduled */
  retrying: boolean;
}

const INITIAL: TaskListState = { items: [], nextCursor: null, loading: true, loadingMore: false, error: null, retrying: false };
const RETRY_MS = 5000;

function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

/**
 * `filters` as the view applies them, `scope` the view's part of all tasks
 * (project, trash, due bounds); a change of either loads the first page.
 */
export function useTaskList(userId: string, filters: TaskFilters, timeZone: string, scope: ViewScope = { trash: false }, viewKey = '') {
  const [state, setState] = useState<TaskListState>(INITIAL);
  const stateRef = useLatest(state);
  const filtersRef = useLatest(filters);
  const scopeRef = useLatest(scope);
  const log = useRef(new ChangeLog());
  const seq = useRef(0);
  const ctrl = useRef<AbortController | null>(null);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const ctx = useCallback(
    (hasMore: boolean): ListContext => ({ filters: filtersRef.current, scope: scopeRef.current, nowMs: Date.now(), timeZone, hasMore }),
    [filtersRef, scopeRef, timeZone],
  );

  const load = useCallback(
    async (mode: 'reset' | 'refresh') => {
      const my = ++seq.current;
      ctrl.current?.abort();
      const c = new AbortController();
      ctrl.current = c;
      if (retryTimer.current) clearTimeout(retryTimer.current);
      retryTimer.current = null;
      if (mode === 'reset') setState((s) => ({ ...s, loading: true, error: null, retrying: false }));
      const mark = log.current.mark();
      const limit = mode === 'refresh' ? Math.min(200, Math.max(PAGE_SIZE, stateRef.current.items.length)) : PAGE_SIZE;
      try {
        const page = await listTasks(userId, buildTaskQuery(filtersRef.current, { limit, timeZone, scope: scopeRef.current }), c.signal);
        if (my !== seq.current) return;
        const items = log.current.replaySince(mark, page.items, ctx(page.next_cursor !== null));
        setState({ items, nextCursor: page.next_cursor, loading: false, loadingMore: false, error: null, retrying: false });
      } catch (e) {
        if (isAbort(e) || my !== seq.current) return;
        const retrying = e instanceof ApiError && e.isUnavailable;
        setState((s) => ({ ...s, loading: false, loadingMore: false, error: e, retrying }));
        if (retrying) retryTimer.current = setTimeout(() => void load('refresh'), RETRY_MS);
      }
    },
    [userId, timeZone, ctx, filtersRef, scopeRef, stateRef],
  );

  const filtersKey = JSON.stringify([filters, scope]);
  const shownView = useRef(viewKey);
  useEffect(() => {
    // another view: its first page replaces the old rows (no stale rows of the old view meanwhile)
    if (shownView.current !== viewKey) {
      shownView.current = viewKey;
      setState(INITIAL);
    }
    void load('reset');
  }, [load, filtersKey, viewKey]);

  useEffect(
    () => () => {
      ctrl.current?.abort();
      if (retryTimer.current) clearTimeout(retryTimer.current);
    },
    [],
  );

  const loadMore = useCallback(async () => {
    const cur = stateRef.current;
    if (!cur.nextCursor || cur.loadingMore) return;
    const my = seq.current;
    const mark = log.current.mark();
    setState((s) => ({ ...s, loadingMore: true, error: null }));
    try {
      const page = await listTasks(userId, buildTaskQuery(filtersRef.current, { cursor: cur.nextCursor, timeZone, scope: scopeRef.current }));
      if (my !== seq.current) return;
      setState((s) => ({
        ...s,
        items: log.current.replaySince(mark, appendPage(s.items, page.items), ctx(page.next_cursor !== null)),
        nextCursor: page.next_cursor,
        loadingMore: false,
      }));
    } catch (e) {
      if (my !== seq.current) return;
      setState((s) => ({ ...s, loadingMore: false, error: e }));
    }
  }, [userId, timeZone, ctx, filtersRef, scopeRef, stateRef]);

  /** A newer version of a task (live frame or own mutation's response). */
  const applyTask = useCallback(
    (task: Task) => {
      log.current.record(task);
      setState((s) => ({ ...s, items: upsertTask(s.items, task, ctx(s.nextCursor !== null)) }));
    },
    [ctx],
  );

  const applyDeleted = useCallback((id: string) => {
    log.current.recordDeleted(id);
    setState((s) => ({ ...s, items: removeTask(s.items, id) }));
  }, []);

  /** Optimistic local change, replaced by the server's answer (no version bump). */
  const patchLocal = useCallback((id: string, fn: (t: Task) => Task) => {
    setState((s) => ({ ...s, items: s.items.map((t) => (t.id === id ? fn(t) : t)) }));
  }, []);

  const reload = useCallback(() => void load('refresh'), [load]);

  return { ...state, loadMore, applyTask, applyDeleted, patchLocal, reload };
}

export type TaskList = ReturnType<typeof useTaskList>;
