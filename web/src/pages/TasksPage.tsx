// The signed-in app: stats, toolbar, filters, list, form, notifications,
// keyboard shortcuts and the live connection that keeps them current.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { me } from '../api/auth';
import { ApiError, describeError } from '../api/errors';
import { deleteTask, getTask, setTaskCompleted, updateTask } from '../api/tasks';
import type { AppNotification, Task } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { FiltersPanel } from '../components/FiltersPanel';
import { Header } from '../components/Header';
import { KeyboardIcon } from '../components/Icons';
import { LiveStatus } from '../components/LiveStatus';
import { NotificationBell, type ReminderHooks } from '../components/NotificationBell';
import { ServiceBanner } from '../components/ServiceBanner';
import { ShortcutsDialog } from '../components/ShortcutsDialog';
import { StatsBar } from '../components/StatsBar';
import { TaskForm } from '../components/TaskForm';
import { TaskList } from '../components/TaskList';
import { Toolbar } from '../components/Toolbar';
import {
  notificationActionFromUrl,
  notificationWorker,
  onNotificationAction,
  permissionStore,
  showBrowserNotification,
  type NotificationAction,
} from '../lib/browserNotify';
import { browserTimeZone } from '../lib/datetime';
import {
  activeFilterCount,
  activeStat,
  DEFAULT_FILTERS,
  filtersFromSearch,
  filtersToSearch,
  isNarrowed,
  statView,
  type StatKey,
  type TaskFilters,
} from '../lib/filters';
import { moveSelection, shortcutFor, type KeyTarget } from '../lib/shortcuts';
import { reminderText, snoozeChoices, snoozedUntil, snoozeOptions } from '../lib/snooze';
import type { NotificationFrame, TaskFrame } from '../live/frames';
import { useDebounced, useLatest, useNow } from '../state/hooks';
import { useServiceAvailable } from '../state/service';
import { signOut, updateUser, type Session } from '../state/session';
import { dismissToastsByKey, showToast, type ToastAction } from '../state/toasts';
import { useLive } from '../state/useLive';
import { useNotifications } from '../state/useNotifications';
import { useStats } from '../state/useStats';
import { useTags } from '../state/useTags';
import { useTaskList } from '../state/useTaskList';

type Editing = { task: Task | null } | null;

const rowSelector = (id: string) => `[data-testid="task-row"][data-task-id="${CSS.escape(id)}"]`;

function focusRow(id: string): void {
  document.querySelector<HTMLElement>(rowSelector(id))?.focus();
}

export function TasksPage({ session }: { session: Session }) {
  const userId = session.user.id;
  const timeZone = useMemo(browserTimeZone, []);
  // a system notification's button opened this tab (read before the URL is rewritten)
  const [urlAction] = useState(() => notificationActionFromUrl(window.location.search));
  const [filters, setFilters] = useState<TaskFilters>(() => filtersFromSearch(window.location.search));
  const [search, setSearch] = useState(filters.q);
  const q = useDebounced(search, 300);
  const [filtersOpen, setFiltersOpen] = useState(() => activeFilterCount(filters) > 0);
  const [editing, setEditing] = useState<Editing>(null);
  const [liveTask, setLiveTask] = useState<Task | null>(null);
  const [deleting, setDeleting] = useState<Task | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(new Set());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const nowMs = useNow(30_000);

  const list = useTaskList(userId, filters, timeZone);
  const { applyTask, applyDeleted, patchLocal, reload } = list;
  const stats = useStats(userId);
  const { refreshSoon: refreshStatsSoon } = stats;
  const notifs = useNotifications(userId);
  const { onLive: onLiveNotification, markReadById } = notifs;
  const tags = useTags(userId);
  const { refreshSoon: refreshTagsSoon } = tags;
  const tagNames = useMemo(() => tags.tags.map((t) => t.tag), [tags.tags]);
  const editingRef = useRef<Editing>(null);
  editingRef.current = editing;

  useEffect(() => setFilters((f) => (f.q === q ? f : { ...f, q })), [q]);
  useEffect(() => {
    const next = `/${filtersToSearch(filters)}`;
    if (window.location.pathname + window.location.search !== next) window.history.replaceState(null, '', next);
  }, [filters]);

  /** A whole new view (stat cards, "clear filters and search"): the search box follows. */
  const replaceFilters = useCallback((f: TaskFilters) => {
    setFilters(f);
    setSearch(f.q);
  }, []);

  // Confirms the stored token is still good (a 401 signs out with a message).
  useEffect(() => {
    me()
      .then(updateUser)
      .catch(() => undefined);
  }, [userId]);

  // Back from an outage: bring the numbers up to date too.
  const available = useServiceAvailable();
  const wasAvailable = useRef(available);
  const { refresh: refreshStats } = stats;
  const { refreshCount: refreshUnread } = notifs;
  useEffect(() => {
    if (available && !wasAvailable.current) {
      void refreshStats();
      void refreshUnread();
      refreshTagsSoon();
      reload();
    }
    wasAvailable.current = available;
  }, [available, refreshStats, refreshUnread, refreshTagsSoon, reload]);

  // --- tasks known by id (for reminders whose task is not in the list) ---

  const [known, setKnown] = useState<ReadonlyMap<string, Task | null>>(() => new Map());
  const knownRef = useLatest(known);
  const remember = useCallback((tasks: readonly Task[]) => {
    setKnown((m) => {
      let next: Map<string, Task | null> | null = null;
      for (const t of tasks) {
        const old = m.get(t.id);
        if (old === null || (old && old.version >= t.version)) continue;
        next ??= new Map(m);
        next.set(t.id, t);
      }
      return next ?? m;
    });
  }, []);
  const forget = useCallback((id: string) => {
    setKnown((m) => (m.get(id) === null ? m : new Map(m).set(id, null)));
  }, []);
  useEffect(() => remember(list.items), [list.items, remember]);
  const fetching = useRef(new Set<string>());
  const ensureTasks = useCallback(
    (ids: string[]) => {
      for (const id of ids) {
        if (knownRef.current.has(id) || fetching.current.has(id)) continue;
        fetching.current.add(id);
        getTask(userId, id)
          .then((t) => remember([t]))
          .catch((e) => {
            if (e instanceof ApiError && e.status === 404) forget(id);
          })
          .finally(() => fetching.current.delete(id));
      }
    },
    [userId, remember, forget, knownRef],
  );

  const onTaskFrame = useCallback(
    (f: TaskFrame) => {
      if (f.type === 'task.deleted') {
        applyDeleted(f.task.id);
        forget(f.task.id);
      } else {
        applyTask(f.task);
        remember([f.task]);
      }
      const open = editingRef.current?.task;
      if (open && open.id === f.task.id) setLiveTask(f.task);
      refreshStatsSoon();
      refreshTagsSoon();
    },
    [applyTask, applyDeleted, refreshStatsSoon, refreshTagsSoon, remember, forget],
  );

  const setBusy = (id: string, on: boolean) =>
    setBusyIds((s) => {
      const n = new Set(s);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });

  const toggle = useCallback(
    async (task: Task, completed: boolean) => {
      setBusy(task.id, true);
      patchLocal(task.id, (t) => ({ ...t, completed, status: completed ? 'completed' : 'pending' }));
      try {
        const updated = await setTaskCompleted(userId, task.id, completed);
        applyTask(updated);
        remember([updated]);
        refreshStatsSoon();
        if (completed && task.recurrence) {
          showToast({ kind: 'success', message: `Completed “${task.title}”. The next occurrence is on its way.` });
          // Normally the next occurrence arrives as a live frame; refetch in case we are not live.
          setTimeout(() => reload(), 1500);
        } else if (completed) {
          showToast({
            kind: 'success',
            message: `Completed “${task.title}”.`,
            actions: [
              {
                label: 'Undo',
                testId: 'undo-complete',
                run: async () => {
                  try {
                    const back = await setTaskCompleted(userId, task.id, false);
                    applyTask(back);
                    refreshStatsSoon();
                  } catch (e) {
                    showToast({ kind: 'error', message: `Could not reopen “${task.title}”: ${describeError(e)}` });
                  }
                },
              },
            ],
          });
        }
      } catch (e) {
        patchLocal(task.id, () => task);
        if (e instanceof ApiError && e.status === 404) applyDeleted(task.id);
        showToast({ kind: 'error', message: `Could not update “${task.title}”: ${describeError(e)}` });
      } finally {
        setBusy(task.id, false);
      }
    },
    [applyTask, applyDeleted, patchLocal, reload, refreshStatsSoon, userId, remember],
  );

  const openNew = useCallback(() => {
    setLiveTask(null);
    setEditing({ task: null });
  }, []);
  const openEdit = useCallback((task: Task) => {
    setLiveTask(null);
    setEditing({ task });
  }, []);
  const askDelete = useCallback((task: Task) => setDeleting(task), []);
  const filterByTag = useCallback((tag: string) => {
    setFilters((f) => (f.tags.includes(tag) ? f : { ...f, tags: [...f.tags, tag] }));
    setFiltersOpen(true);
  }, []);

  // --- reminders: Done / Snooze / Open from the toast, the bell and the system notification ---

  const actedOn = useCallback(
    (notificationId: string | null) => {
      if (!notificationId) return;
      dismissToastsByKey(notificationId);
      void markReadById(notificationId);
    },
    [markReadById],
  );

  const reminderDone = useCallback(
    async (taskId: string, notificationId: string | null) => {
      try {
        const t = await setTaskCompleted(userId, taskId, true);
        applyTask(t);
        remember([t]);
        refreshStatsSoon();
        actedOn(notificationId);
        showToast({ kind: 'success', message: `Completed “${t.title}”.` });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) forget(taskId);
        showToast({ kind: 'error', message: `Could not complete the task: ${describeError(e)}` });
        throw e;
      }
    },
    [userId, applyTask, remember, refreshStatsSoon, actedOn, forget],
  );

  const reminderSnooze = useCallback(
    async (taskId: string, notificationId: string | null, atMs: number) => {
      try {
        // Moving reminder_at re-arms the reminder (the API sets reminder_sent back to false).
        const t = await updateTask(userId, taskId, { reminder_at: new Date(atMs).toISOString() });
        applyTask(t);
        remember([t]);
        actedOn(notificationId);
        showToast({ kind: 'info', message: `${snoozedUntil(atMs, Date.now())}: “${t.title}”.` });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) forget(taskId);
        showToast({ kind: 'error', message: `Could not snooze the reminder: ${describeError(e)}` });
        throw e;
      }
    },
    [userId, applyTask, remember, actedOn, forget],
  );

  const reminderOpen = useCallback(
    async (taskId: string, notificationId: string | null) => {
      try {
        const t = knownRef.current.get(taskId) ?? (await getTask(userId, taskId));
        actedOn(notificationId);
        openEdit(t);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) {
          forget(taskId);
          showToast({ kind: 'info', message: 'That task has been deleted.' });
        } else showToast({ kind: 'error', message: `Could not open the task: ${describeError(e)}` });
        throw e;
      }
    },
    [userId, actedOn, openEdit, forget, knownRef],
  );

  /** Done / Snooze… / Open for a reminder whose task is `task` (undefined: not known yet). */
  const reminderActions = useCallback(
    (n: AppNotification, task: Task | null | undefined, beforeOpen?: () => void): ToastAction[] | null => {
      if (n.type !== 'reminder' || !n.task_id || task === null) return null;
      const taskId = n.task_id;
      const actions: ToastAction[] = [];
      if (!task?.completed) {
        actions.push({ label: 'Done', testId: 'reminder-done', run: () => reminderDone(taskId, n.id) });
        actions.push({
          label: 'Snooze',
          testId: 'reminder-snooze',
          choices: snoozeOptions(task ?? null, Date.now(), timeZone).map((o) => ({
            id: o.choice.id,
            label: o.choice.label,
            disabledReason: o.allowed ? undefined : 'later than the due time',
            // the time counts from the click, not from when the menu was drawn
            run: () => reminderSnooze(taskId, n.id, o.choice.at(Date.now(), timeZone)),
          })),
        });
      }
      actions.push({
        label: 'Open',
        testId: 'reminder-open',
        run: () => {
          beforeOpen?.();
          return reminderOpen(taskId, n.id);
        },
      });
      return actions;
    },
    [reminderDone, reminderSnooze, reminderOpen, timeZone],
  );

  const onSystemAction = useCallback(
    (a: NotificationAction) => {
      if (!a.taskId) return;
      const ignore = () => undefined;
      if (a.action === 'done') reminderDone(a.taskId, a.notificationId).catch(ignore);
      else if (a.action === 'snooze') {
        const first = snoozeChoices()[0];
        if (first) reminderSnooze(a.taskId, a.notificationId, first.at(Date.now(), timeZone)).catch(ignore);
      } else reminderOpen(a.taskId, a.notificationId).catch(ignore);
    },
    [reminderDone, reminderSnooze, reminderOpen, timeZone],
  );
  const onSystemActionRef = useLatest(onSystemAction);
  useEffect(() => onNotificationAction((a) => onSystemActionRef.current(a)), [onSystemActionRef]);
  const urlActionDone = useRef(false);
  useEffect(() => {
    if (urlAction && !urlActionDone.current) {
      urlActionDone.current = true; // once (StrictMode runs effects twice in development)
      onSystemActionRef.current(urlAction);
    }
    if (permissionStore.get() === 'granted') void notificationWorker();
  }, [urlAction, onSystemActionRef]);

  const onNotificationFrame = useCallback(
    async (f: NotificationFrame) => {
      const n = f.notification;
      onLiveNotification(n);
      let task: Task | null | undefined;
      if (n.task_id) {
        try {
          task = await getTask(userId, n.task_id);
          remember([task]);
          applyTask(task);
        } catch (e) {
          if (e instanceof ApiError && e.status === 404) {
            task = null;
            forget(n.task_id);
          }
        }
      }
      const text = n.type === 'reminder' ? reminderText(n, task ?? null, Date.now()) : n.message;
      const actions = reminderActions(n, task);
      // A reminder with buttons stays until it is acted on or dismissed.
      showToast(
        { kind: 'notification', title: n.type === 'reminder' ? 'Reminder' : 'Notification', message: text, actions: actions ?? undefined, key: n.id },
        actions ? 0 : 10_000,
      );
      void showBrowserNotification(n, text, { snoozeLabel: snoozeChoices()[0]?.label ?? '10 min', onClick: (a) => onSystemActionRef.current(a) });
      // The reminder marks the task's reminder_sent a moment later; show that on the row.
      if (n.task_id) {
        const taskId = n.task_id;
        setTimeout(() => {
          getTask(userId, taskId)
            .then((t) => {
              applyTask(t);
              remember([t]);
            })
            .catch(() => undefined);
        }, 750);
      }
    },
    [onLiveNotification, applyTask, userId, remember, forget, reminderActions, onSystemActionRef],
  );

  const live = useLive(session.token, {
    onFrame: (f) => (f.type === 'notification.created' ? void onNotificationFrame(f) : onTaskFrame(f)),
    onConnected: () => {
      list.reload();
      void stats.refresh();
      void notifs.refreshCount();
      if (notifs.loaded) void notifs.loadFirst();
    },
  });

  const reminderHooks: ReminderHooks = useMemo(
    () => ({
      taskFor: (id) => known.get(id),
      ensureTasks,
      actionsFor: (n, close) => reminderActions(n, n.task_id ? known.get(n.task_id) : null, close),
      onPermissionGranted: () => void notificationWorker(),
    }),
    [known, ensureTasks, reminderActions],
  );

  const updateFilters = useCallback((patch: Partial<TaskFilters>) => setFilters((f) => ({ ...f, ...patch })), []);

  // --- keyboard: one list (lib/shortcuts), "?" shows it ---

  const itemsRef = useLatest(list.items);
  const selectedRef = useLatest(selectedId);
  const lastIndex = useRef(-1);

  /** The row holding focus (x, e and # act only on a row that visibly has it). */
  const focusedIndex = useCallback((): number => {
    const id = document.activeElement?.closest?.('[data-testid="task-row"]')?.getAttribute('data-task-id');
    return id ? itemsRef.current.findIndex((t) => t.id === id) : -1;
  }, [itemsRef]);
  /** Where j / k start: the focused row, else the last one selected. */
  const currentIndex = useCallback((): number => {
    const focused = focusedIndex();
    if (focused >= 0) return focused;
    const id = selectedRef.current;
    return id ? itemsRef.current.findIndex((t) => t.id === id) : -1;
  }, [focusedIndex, itemsRef, selectedRef]);

  const handlers = useLatest({ openNew, openEdit, askDelete, toggle });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (editingRef.current || document.querySelector('dialog[open]')) return;
      const target = e.target instanceof Element ? e.target : null;
      // the notifications panel has its own keys
      if (target?.closest('[role="dialog"]')) return;
      const action = shortcutFor(e, target as KeyTarget | null);
      if (!action) return;
      const items = itemsRef.current;
      const h = handlers.current;
      const selected = items[focusedIndex()];
      switch (action) {
        case 'new':
          h.openNew();
          break;
        case 'search':
          document.getElementById('task-search')?.focus();
          break;
        case 'help':
          setHelpOpen(true);
          break;
        case 'next':
        case 'previous': {
          const i = moveSelection(currentIndex(), action === 'next' ? 1 : -1, items.length);
          const t = items[i];
          if (!t) return;
          setSelectedId(t.id);
          focusRow(t.id);
          break;
        }
        case 'complete':
          if (!selected) return;
          void h.toggle(selected, !selected.completed);
          break;
        case 'edit':
          if (!selected) return;
          h.openEdit(selected);
          break;
        case 'delete':
          if (!selected) return;
          h.askDelete(selected);
          break;
      }
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [currentIndex, focusedIndex, handlers, itemsRef]);

  // The selected task left the list (completed in the pending view, deleted):
  // its neighbour takes over, and the focus if it was lost with the row.
  useEffect(() => {
    if (!selectedId) return;
    const idx = list.items.findIndex((t) => t.id === selectedId);
    if (idx >= 0) {
      lastIndex.current = idx;
      return;
    }
    if (list.loading) return;
    const next = list.items[Math.min(Math.max(lastIndex.current, 0), list.items.length - 1)];
    setSelectedId(next?.id ?? null);
    const focusLost = !document.activeElement || document.activeElement === document.body;
    if (next && focusLost && !document.querySelector('dialog[open]')) focusRow(next.id);
  }, [list.items, list.loading, selectedId]);

  // --- stat cards: each is a view; a card is on only while the list shows exactly that ---

  const active = activeStat(filters);
  const pickStat = (key: StatKey) => replaceFilters(statView(key, filters));
  const narrowed = isNarrowed(filters);
  const clearAll = () => replaceFilters({ ...DEFAULT_FILTERS, status: filters.status, sort: filters.sort, order: filters.order });
  const emptyKind = narrowed
    ? 'filtered'
    : filters.status === 'completed'
      ? 'no-completed'
      : filters.status === 'pending' && stats.stats && stats.stats.total > 0
        ? 'all-done'
        : 'none';

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to tasks
      </a>
      <Header user={session.user} onSignOut={() => signOut()}>
        <LiveStatus status={live.status} onRetry={live.retryNow} />
        <button type="button" className="icon-btn" data-testid="shortcuts-help" aria-label="Keyboard shortcuts" aria-keyshortcuts="?" onClick={() => setHelpOpen(true)}>
          <KeyboardIcon width={20} height={20} />
        </button>
        <NotificationBell n={notifs} nowMs={nowMs} reminders={reminderHooks} />
      </Header>
      <ServiceBanner />
      <main id="main" className="container" tabIndex={-1}>
        <h1 className="sr-only">Tasks</h1>
        <StatsBar stats={stats.stats} active={active} onPick={pickStat} />
        <Toolbar
          search={search}
          onSearch={setSearch}
          filters={filters}
          onFilters={updateFilters}
          onReplaceFilters={replaceFilters}
          filtersOpen={filtersOpen}
          onToggleFilters={() => setFiltersOpen((o) => !o)}
          activeFilters={activeFilterCount(filters)}
          onNew={openNew}
        />
        {filtersOpen && (
          <FiltersPanel
            filters={filters}
            onFilters={updateFilters}
            tagSuggestions={tagNames}
            onClear={() => updateFilters({ priorities: [], tags: [], overdue: false, dueFrom: '', dueTo: '' })}
          />
        )}
        <TaskList
          list={list}
          nowMs={nowMs}
          busyIds={busyIds}
          empty={emptyKind}
          selectedId={selectedId}
          onSelect={setSelectedId}
          onClearFilters={clearAll}
          onToggle={toggle}
          onEdit={openEdit}
          onDelete={askDelete}
          onTag={filterByTag}
          onNew={openNew}
        />
        {narrowed && list.items.length > 0 && (
          <p className="list-footnote">
            <button type="button" className="link-btn" data-testid="clear-all" onClick={clearAll}>
              Clear filters and search
            </button>
          </p>
        )}
      </main>

      {editing && (
        <TaskForm
          key={editing.task?.id ?? 'new'}
          userId={userId}
          task={editing.task}
          liveTask={liveTask}
          defaultTimeZone={timeZone}
          tagSuggestions={tagNames}
          onClose={() => setEditing(null)}
          onSaved={(t) => {
            list.applyTask(t);
            remember([t]);
            stats.refreshSoon();
            tags.refreshSoon();
          }}
          onGone={(id) => {
            list.applyDeleted(id);
            forget(id);
            stats.refreshSoon();
          }}
        />
      )}

      {deleting && (
        <ConfirmDialog
          title="Delete task?"
          message={`“${deleting.title}” will be deleted${deleting.recurrence ? ', and it will not repeat any more' : ''}. This cannot be undone.`}
          confirmLabel="Delete"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            const t = deleting;
            try {
              await deleteTask(userId, t.id);
            } catch (e) {
              if (!(e instanceof ApiError && e.status === 404)) throw e;
            }
            list.applyDeleted(t.id);
            forget(t.id);
            stats.refreshSoon();
            tags.refreshSoon();
            setDeleting(null);
            showToast({ kind: 'info', message: `Deleted “${t.title}”.` });
          }}
        />
      )}

      {helpOpen && <ShortcutsDialog onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
