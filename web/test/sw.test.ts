// public/sw.js: a system notification's button reaches the open tab (or a new one).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { notificationActionFromUrl, parseNotificationAction } from '../src/lib/browserNotify';

type Listener = (e: unknown) => void;

function loadWorker(tabs: Array<{ visibilityState: string; posted: unknown[]; focused: boolean }>) {
  const listeners: Record<string, Listener> = {};
  const opened: string[] = [];
  const self = {
    addEventListener: (type: string, fn: Listener) => (listeners[type] = fn),
    skipWaiting: () => undefined,
    clients: {
      claim: () => Promise.resolve(),
      matchAll: () =>
        Promise.resolve(
          tabs.map((t) => ({
            visibilityState: t.visibilityState,
            postMessage: (m: unknown) => t.posted.push(m),
            focus: () => {
              t.focused = true;
              return Promise.resolve();
            },
          })),
        ),
      openWindow: (url: string) => {
        opened.push(url);
        return Promise.resolve();
      },
    },
  };
  const source = fs.readFileSync(path.resolve(__dirname, '../public/sw.js'), 'utf8');
  new Function('self', source)(self);
  async function click(action: string, data: unknown) {
    let done: Promise<unknown> = Promise.resolve();
    let closed = false;
    listeners.notificationclick!({ action, notification: { data, close: () => (closed = true) }, waitUntil: (p: Promise<unknown>) => (done = p) });
    await done;
    return closed;
  }
  return { click, opened };
}

describe('service worker: notification buttons', () => {
  it('posts Done / Snooze to the visible tab, and a click on the body opens the task', async () => {
    const hidden = { visibilityState: 'hidden', posted: [] as unknown[], focused: false };
    const visible = { visibilityState: 'visible', posted: [] as unknown[], focused: false };
    const w = loadWorker([hidden, visible]);
    expect(await w.click('done', { taskId: 't1', notificationId: 'n1' })).toBe(true);
    await w.click('snooze', { taskId: 't1', notificationId: 'n1' });
    await w.click('', { taskId: 't1', notificationId: 'n1' });
    expect(visible.posted.map((m) => parseNotificationAction(m))).toEqual([
      { action: 'done', taskId: 't1', notificationId: 'n1' },
      { action: 'snooze', taskId: 't1', notificationId: 'n1' },
      { action: 'open', taskId: 't1', notificationId: 'n1' },
    ]);
    expect(hidden.posted).toEqual([]);
    expect(visible.focused).toBe(true); // only "open" brings the tab forward
  });

  it('opens a tab with the choice in its URL when none is open', async () => {
    const w = loadWorker([]);
    await w.click('done', { taskId: 't9', notificationId: 'n9' });
    expect(w.opened).toHaveLength(1);
    expect(notificationActionFromUrl(w.opened[0]!.slice(1))).toEqual({ action: 'done', taskId: 't9', notificationId: 'n9' });
  });

  it('ignores messages that are not notification actions', () => {
    expect(parseNotificationAction({ type: 'other' })).toBeNull();
    expect(parseNotificationAction(null)).toBeNull();
    expect(notificationActionFromUrl('?status=all')).toBeNull();
  });
});
