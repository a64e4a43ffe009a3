// §3.5 notification routes.

import { http } from './client';
import type { AppNotification, NotificationPage } from './types';

const base = (userId: string) => `/api/${encodeURIComponent(userId)}/notifications`;

export function listNotifications(
  userId: string,
  opts: { unread?: boolean; limit?: number; cursor?: string | null },
  signal?: AbortSignal,
): Promise<NotificationPage> {
  return http.request<NotificationPage>(base(userId), {
    query: { unread: opts.unread ? 'true' : undefined, limit: opts.limit, cursor: opts.cursor ?? undefined },
    signal,
  });
}

/** The bell's number: `unread=true&limit=1` answers `unread_count`. */
export async function unreadCount(userId: string, signal?: AbortSignal): Promise<number> {
  const page = await listNotifications(userId, { unread: true, limit: 1 }, signal);
  return page.unread_count;
}

export function markNotificationRead(userId: string, id: string): Promise<AppNotification> {
  return http.request<AppNotification>(`${base(userId)}/${encodeURIComponent(id)}/read`, { method: 'PATCH', retry: true });
}

export function markAllNotificationsRead(userId: string): Promise<{ count: number }> {
  return http.request<{ count: number }>(`${base(userId)}/read-all`, { method: 'POST', retry: true });
}

export function deleteNotification(userId: string, id: string): Promise<void> {
  return http.request<void>(`${base(userId)}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
