// Browser (system) notifications: permission is asked only on a click.
// With a service worker (public/sw.js) a reminder's system notification
// carries "Done" and "Snooze" buttons (a click on its body opens the task);
// the worker hands the choice to the open tab, which acts with its own
// session. Without one, a plain notification whose click opens the task.

import type { AppNotification } from '../api/types';
import { createStore, useStore } from '../state/store';

export type Permission = NotificationPermission | 'unsupported';

function current(): Permission {
  return typeof window !== 'undefined' && 'Notification' in window ? Notification.permission : 'unsupported';
}

export const permissionStore = createStore<Permission>(current());

export function useNotificationPermission(): Permission {
  return useStore(permissionStore);
}

export async function requestBrowserNotifications(): Promise<Permission> {
  if (current() === 'unsupported') return 'unsupported';
  try {
    const p = await Notification.requestPermission();
    permissionStore.set(p);
    return p;
  } catch {
    permissionStore.set(current());
    return current();
  }
}

/** The message the worker posts to the page (and its URL form when no tab was open). */
export const ACTION_MESSAGE = 'todo-notification-action';
export type NotificationActionKind = 'done' | 'snooze' | 'open';
export interface NotificationAction {
  action: NotificationActionKind;
  taskId: string | null;
  notificationId: string | null;
}

export function parseNotificationAction(data: unknown): NotificationAction | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  if (d.type !== ACTION_MESSAGE) return null;
  const action = d.action === 'done' || d.action === 'snooze' ? d.action : 'open';
  return {
    action,
    taskId: typeof d.taskId === 'string' && d.taskId ? d.taskId : null,
    notificationId: typeof d.notificationId === 'string' && d.notificationId ? d.notificationId : null,
  };
}

let registration: Promise<ServiceWorkerRegistration | null> | null = null;

/** Registers /sw.js (once); null where service workers are unavailable. */
export function notificationWorker(): Promise<ServiceWorkerRegistration | null> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return Promise.resolve(null);
  registration ??= navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then(() => navigator.serviceWorker.ready)
    .catch(() => null);
  return registration;
}

/** Notification actions the worker understands: Done, and the first snooze choice. */
export function notificationButtons(snoozeLabel: string): Array<{ action: NotificationActionKind; title: string }> {
  return [
    { action: 'done', title: 'Done' },
    { action: 'snooze', title: `Snooze ${snoozeLabel}` },
  ];
}

export async function showBrowserNotification(
  n: AppNotification,
  text: string,
  opts: { snoozeLabel: string; onClick: (a: NotificationAction) => void },
): Promise<void> {
  if (current() !== 'granted') return;
  const data = { taskId: n.task_id, notificationId: n.id };
  const title = n.type === 'reminder' ? 'Reminder' : 'Todo Platform';
  try {
    const reg = await notificationWorker();
    if (reg) {
      // `actions` is only valid for a worker's notifications (not in TS's NotificationOptions).
      const options = { body: text, tag: n.id, data, actions: n.task_id ? notificationButtons(opts.snoozeLabel) : [] };
      await reg.showNotification(title, options as NotificationOptions);
      return;
    }
    const note = new Notification(title, { body: text, tag: n.id, data });
    note.onclick = () => {
      window.focus();
      note.close();
      opts.onClick({ action: 'open', taskId: n.task_id, notificationId: n.id });
    };
  } catch {
    /* some platforms only allow notifications from a service worker */
  }
}

/** Calls `handler` for each action chosen on a system notification. */
export function onNotificationAction(handler: (a: NotificationAction) => void): () => void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return () => undefined;
  const listener = (e: MessageEvent) => {
    const a = parseNotificationAction(e.data);
    if (a) handler(a);
  };
  navigator.serviceWorker.addEventListener('message', listener);
  return () => navigator.serviceWorker.removeEventListener('message', listener);
}

/** An action carried in the URL (the worker opened a new tab): `?notification_action=…&task=…&notification=…`. */
export function notificationActionFromUrl(search: string): NotificationAction | null {
  const sp = new URLSearchParams(search);
  const action = sp.get('notification_action');
  if (!action) return null;
  return parseNotificationAction({ type: ACTION_MESSAGE, action, taskId: sp.get('task'), notificationId: sp.get('notification') });
}
