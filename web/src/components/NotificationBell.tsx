// The bell with its unread count and the notifications panel.

import { useEffect, useId, useRef, useState } from 'react';
import { describeError } from '../api/errors';
import type { AppNotification, Task } from '../api/types';
import { formatDateTime, formatRelative } from '../lib/datetime';
import { requestBrowserNotifications, useNotificationPermission } from '../lib/browserNotify';
import { reminderText } from '../lib/snooze';
import { showToast, type ToastAction } from '../state/toasts';
import type { Notifications } from '../state/useNotifications';
import { ActionBar } from './ActionBar';
import { BellIcon, CheckIcon, TrashIcon } from './Icons';

export interface ReminderHooks {
  /** the notification's task: a Task, null when it is gone, undefined while unknown */
  taskFor(id: string): Task | null | undefined;
  /** fetch the tasks not known yet */
  ensureTasks(ids: string[]): void;
  /** Done / Snooze / Open for a reminder, or null when there is nothing to act on */
  actionsFor(n: AppNotification, close: () => void): ToastAction[] | null;
  /** permission was just granted */
  onPermissionGranted(): void;
}

export function NotificationBell(props: { n: Notifications; nowMs: number; reminders: ReminderHooks }) {
  const { n } = props;
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const headingId = useId();
  const wrapRef = useRef<HTMLDivElement>(null);
  const bellRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const permission = useNotificationPermission();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    if (!n.loaded) void n.loadFirst();
    headingRef.current?.focus();
    const onDown = (e: MouseEvent) => {
      if (wrapRef.current && !wrapRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    bellRef.current?.focus();
  };

  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(describeError(e));
    }
  };

  const { ensureTasks } = props.reminders;
  const taskIds = n.items.filter((x) => x.task_id).map((x) => x.task_id as string);
  const taskKey = taskIds.join(',');
  useEffect(() => {
    if (open && taskKey) ensureTasks(taskKey.split(','));
  }, [open, taskKey, ensureTasks]);

  const label = n.unread === 0 ? 'Notifications, none unread' : `Notifications, ${n.unread} unread`;

  return (
    <div className="bell-wrap" ref={wrapRef}>
      <button
        ref={bellRef}
        type="button"
        className="icon-btn bell"
        data-testid="bell"
        aria-label={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => (open ? close() : setOpen(true))}
      >
        <BellIcon width={20} height={20} />
        <span className="bell-count" data-testid="bell-count" data-count={n.unread} aria-hidden="true">
          {n.unread > 99 ? '99+' : n.unread}
        </span>
      </button>
      {open && (
        <section
          id={panelId}
          className="notif-panel"
          role="dialog"
          aria-labelledby={headingId}
          data-testid="notification-panel"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
          }}
        >
          <div className="notif-header">
            <h2 id={headingId} ref={headingRef} tabIndex={-1}>
              Notifications
            </h2>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              data-testid="notifications-mark-all-read"
              disabled={n.unread === 0 && n.items.every((x) => x.read)}
              onClick={() => void run(n.markAllRead)}
            >
              Mark all read
            </button>
          </div>
          {permission === 'default' && (
            <div className="notif-permission">
              <span>Get reminders even when this tab is in the background.</span>
              <button
                type="button"
                className="btn btn-small"
                data-testid="enable-browser-notifications"
                onClick={async () => {
                  const p = await requestBrowserNotifications();
                  if (p === 'granted') props.reminders.onPermissionGranted();
                  showToast({
                    kind: p === 'granted' ? 'success' : 'info',
                    message: p === 'granted' ? 'Browser notifications are on.' : 'Browser notifications stay off.',
                  });
                }}
              >
                Enable browser notifications
              </button>
            </div>
          )}
          {permission === 'denied' && (
            <p className="notif-permission muted">Browser notifications are blocked for this site; allow them in the browser’s site settings.</p>
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          {n.error != null && !n.loading && (
            <p className="form-error" role="alert">
              Could not load notifications: {describeError(n.error)}
            </p>
          )}
          <ul className="notif-list" aria-busy={n.loading || undefined}>
            {n.loaded && n.items.length === 0 && <li className="notif-empty">No notifications yet.</li>}
            {n.items.map((item) => {
              const task = item.task_id ? props.reminders.taskFor(item.task_id) : null;
              const isReminder = item.type === 'reminder';
              const actions = isReminder ? props.reminders.actionsFor(item, close) : null;
              return (
              <li
                key={item.id}
                className={`notif-item ${item.read ? '' : 'unread'}`}
                data-testid="notification-item"
                data-notification-id={item.id}
                data-read={item.read ? 'true' : 'false'}
              >
                <div className="notif-text">
                  {!item.read && <span className="sr-only">Unread: </span>}
                  <p className="notif-message" title={item.message}>
                    {isReminder ? reminderText(item, task ?? null, props.nowMs) : item.message}
                  </p>
                  <p className="notif-time">
                    {isReminder ? 'Reminder · ' : ''}
                    <time dateTime={item.created_at} title={formatDateTime(item.created_at, { nowMs: props.nowMs })}>
                      {formatRelative(item.created_at, props.nowMs)}
                    </time>
                    {isReminder && task === null ? ' · the task is gone' : isReminder && task?.completed ? ' · done' : ''}
                  </p>
                  {actions && <ActionBar actions={actions} label={`Reminder actions: ${task?.title ?? ''}`} />}
                </div>
                <div className="notif-actions">
                  {!item.read && (
                    <button
                      type="button"
                      className="icon-btn"
                      data-testid="notification-mark-read"
                      aria-label={`Mark read: ${item.message}`}
                      onClick={() => void run(() => n.markRead(item.id))}
                    >
                      <CheckIcon width={16} height={16} />
                    </button>
                  )}
                  <button
                    type="button"
                    className="icon-btn icon-btn-danger"
                    data-testid="notification-delete"
                    aria-label={`Delete notification: ${item.message}`}
                    onClick={() => void run(() => n.remove(item.id))}
                  >
                    <TrashIcon width={16} height={16} />
                  </button>
                </div>
              </li>
              );
            })}
          </ul>
          {n.loading && <p className="notif-loading">Loading…</p>}
          {n.nextCursor && !n.loading && (
            <button type="button" className="btn btn-small notif-more" data-testid="notifications-load-more" onClick={() => void n.loadMore()}>
              Load more
            </button>
          )}
        </section>
      )}
    </div>
  );
}
