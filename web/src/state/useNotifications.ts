// The bell: unread count, the panel's pages, read/delete actions, and live
// notification.created frames.

import { useCallback, useEffect, useRef, useState } from 'react';
import {
  deleteNotification,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  unreadCount,
} from '../api/notifications';
import type { AppNotification } from '../api/types';

export const NOTIFICATION_PAGE = 20;

export interface NotificationsState {
  unread: number;
  items: AppNotification[];
  nextCursor: string | null;
  /** the panel's first page has been fetched */
  loaded: boolean;
  loading: boolean;
  error: unknown;
}

export function useNotifications(userId: string) {
  const [state, setState] = useState<NotificationsState>({
    unread: 0,
    items: [],
    nextCursor: null,
    loaded: false,
    loading: false,
    error: null,
  });
  const countSeq = useRef(0);

  const refreshCount = useCallback(async () => {
    const my = ++countSeq.current;
    try {
      const n = await unreadCount(userId);
      if (my === countSeq.current) setState((s) => ({ ...s, unread: n }));
    } catch {
      /* keep the last number */
    }
  }, [userId]);

  const loadFirst = useCallback(async () => {
    setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const page = await listNotifications(userId, { limit: NOTIFICATION_PAGE });
      countSeq.current++;
      setState({ unread: page.unread_count, items: page.items, nextCursor: page.next_cursor, loaded: true, loading: false, error: null });
    } catch (e) {
      setState((s) => ({ ...s, loading: false, error: e }));
    }
  }, [userId]);

  const loadMore = useCallback(async () => {
    const cursor = state.nextCursor;
    if (!cursor) return;
    setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const page = await listNotifications(userId, { limit: NOTIFICATION_PAGE, cursor });
      setState((s) => {
        const seen = new Set(s.items.map((n) => n.id));
        return {
          ...s,
          items: [...s.items, ...page.items.filter((n) => !seen.has(n.id))],
          nextCursor: page.next_cursor,
          unread: page.unread_count,
          loading: false,
        };
      });
    } catch (e) {
      setState((s) => ({ ...s, loading: false, error: e }));
    }
  }, [userId, state.nextCursor]);

  const markRead = useCallback(
    async (id: string) => {
      const before = state.items.find((n) => n.id === id);
      if (!before || before.read) return;
      setState((s) => ({
        ...s,
        unread: Math.max(0, s.unread - 1),
        items: s.items.map((n) => (n.id === id ? { ...n, read: true } : n)),
      }));
      try {
        const updated = await markNotificationRead(userId, id);
        setState((s) => ({ ...s, items: s.items.map((n) => (n.id === id ? updated : n)) }));
      } catch (e) {
        setState((s) => ({ ...s, unread: s.unread + 1, items: s.items.map((n) => (n.id === id ? before : n)) }));
        throw e;
      }
    },
    [userId, state.items],
  );

  /** Acting on a reminder (toast, bell, system notification) marks it read, loaded or not. */
  const markReadById = useCallback(
    async (id: string) => {
      setState((s) => ({ ...s, items: s.items.map((n) => (n.id === id ? { ...n, read: true } : n)) }));
      try {
        await markNotificationRead(userId, id);
      } catch {
        /* not worth an error: it stays unread */
      }
      await refreshCount();
    },
    [userId, refreshCount],
  );

  const markAllRead = useCallback(async () => {
    await markAllNotificationsRead(userId);
    countSeq.current++;
    setState((s) => ({ ...s, unread: 0, items: s.items.map((n) => ({ ...n, read: true })) }));
  }, [userId]);

  const remove = useCallback(
    async (id: string) => {
      await deleteNotification(userId, id);
      setState((s) => {
        const gone = s.items.find((n) => n.id === id);
        return {
          ...s,
          items: s.items.filter((n) => n.id !== id),
          unread: gone && !gone.read ? Math.max(0, s.unread - 1) : s.unread,
        };
      });
    },
    [userId],
  );

  /** A notification.created frame (already deduped by event id). */
  const onLive = useCallback((n: AppNotification) => {
    countSeq.current++; // an in-flight count must not undo this increment
    setState((s) => {
      if (s.items.some((x) => x.id === n.id)) return s;
      return { ...s, unread: n.read ? s.unread : s.unread + 1, items: s.loaded ? [n, ...s.items] : s.items };
    });
  }, []);

  useEffect(() => {
    void refreshCount();
  }, [refreshCount]);

  return { ...state, refreshCount, loadFirst, loadMore, markRead, markReadById, markAllRead, remove, onLive };
}

export type Notifications = ReturnType<typeof useNotifications>;
