// Service worker of Todo Platform: only for system notifications' buttons
// (it caches nothing and handles no requests). A choice on a reminder —
// "done", "snooze", or a click on its body ("open") — is posted to an open
// tab, which acts with its own session; with no tab open, a new one is
// opened with the choice in its URL.

const ACTION_MESSAGE = 'todo-notification-action';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('notificationclick', (event) => {
  const data = event.notification.data || {};
  const action = event.action === 'done' || event.action === 'snooze' ? event.action : 'open';
  event.notification.close();
  const message = { type: ACTION_MESSAGE, action, taskId: data.taskId || null, notificationId: data.notificationId || null };
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((tabs) => {
      const tab = tabs.find((c) => c.visibilityState === 'visible') || tabs[0];
      if (tab) {
        tab.postMessage(message);
        return action === 'open' && 'focus' in tab ? tab.focus() : undefined;
      }
      const query = new URLSearchParams({ notification_action: action, task: message.taskId || '', notification: message.notificationId || '' });
      return self.clients.openWindow('/?' + query.toString());
    }),
  );
});
