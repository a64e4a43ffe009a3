// Browser (system) notifications: permission is asked only on a click.

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

export function showBrowserNotification(n: AppNotification): void {
  if (current() !== 'granted') return;
  try {
    const note = new Notification(n.type === 'reminder' ? 'Reminder' : 'Todo Platform', {
      body: n.message,
      tag: n.id,
    });
    note.onclick = () => {
      window.focus();
      note.close();
    };
  } catch {
    /* some platforms only allow notifications from a service worker */
  }
}
