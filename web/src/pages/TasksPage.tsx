// The signed-in app: stats, toolbar, filters, list, form, notifications and
// the live connection that keeps them current.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { me } from '../api/auth';
import { ApiError, describeError } from '../api/errors';
import { deleteTask, getTask, setTaskCompleted } from '../api/tasks';
import type { Stats, Task } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { FiltersPanel } from '../components/FiltersPanel';
import { Header } from '../components/Header';
import { LiveStatus } from '../components/LiveStatus';
import { NotificationBell } from '../components/NotificationBell';
import { ServiceBanner } from '../components/ServiceBanner';
import { StatsBar } from '../components/StatsBar';
import { TaskForm } from '../components/TaskForm';
import { TaskList } from '../components/TaskList';
import { Toolbar } from '../components/Toolbar';
import { showBrowserNotification } from '../lib/browserNotify';
import { browserTimeZone } from '../lib/datetime';
import { activeFilterCount, DEFAULT_FILTERS, filtersFromSearch, filtersToSearch, type TaskFilters } from '../lib/filters';
import type { NotificationFrame, TaskFrame } from '../live/frames';
import { useDebounced, useNow } from '../state/hooks';
import { useServiceAvailable } from '../state/service';
import { signOut, updateUser, type Session } from '../state/session';
import { showToast } from '../state/toasts';
import { useLive } from '../state/useLive';
import { useNotifications } from '../state/useNotifications';
import { useStats } from '../state/useStats';
import { useTags } from '../state/useTags';
import { useTaskList } from '../state/useTaskList';

type Editing = { task: Task | null } | null;

function isTyping(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

export function TasksPage({ session }: { session: Session }) {
  const userId = session.user.id;
  const timeZone = useMemo(browserTimeZone, []);
  const [filters, setFilters] = useState<TaskFilters>(() => filtersFromSearch(window.location.search));
  const [search, setSearch] = useState(filters.q);
  const q = useDebounced(search, 300);
  const [filtersOpen, setFiltersOpen] = useState(() => activeFilterCount(filters) > 0);
  const [editing, setEditing] = useState<Editing>(null);
  const [liveTask, setLiveTask] = useState<Task | null>(null);
  const [deleting, setDeleting] = useState<Task | null>(null);
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(new Set());
  const nowMs = useNow(30_000);

  const list = useTaskList(userId, filters, timeZone);
  const { applyTask, applyDeleted, patchLocal, reload } = list;
  const stats = useStats(userId);
  const { refreshSoon: refreshStatsSoon } = stats;
  const notifs = useNotifications(userId);
  const { onLive: onLiveNotification } = notifs;
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

  // Confirms the stored token is still good (a 401 signs out with a message).
  useEffect(() => {
    me()
      .then(updateUser)
      .catch(() => undefined);
  }, [userId]);

  // Back from a 503 spell: bring the numbers up to date too.
  const available = useServiceAvailable();
  const wasAvailable = useRef(available);
  const { refresh: refreshStats } = stats;
  const { refreshCount: refreshUnread } = notifs;
  useEffect(() => {
    if (available && !wasAvailable.current) {
      void refreshStats();
      void refreshUnread();
      refreshTagsSoon();
    }
    wasAvailable.current = available;
  }, [available, refreshStats, refreshUnread, refreshTagsSoon]);

  const onTaskFrame = useCallback(
    (f: TaskFrame) => {
      if (f.type === 'task.deleted') applyDeleted(f.task.id);
      else applyTask(f.task);
      const open = editingRef.current?.task;
      if (open && open.id === f.task.id) setLiveTask(f.task);
      refreshStatsSoon();
      refreshTagsSoon();
    },
    [applyTask, applyDeleted, refreshStatsSoon, refreshTagsSoon],
  );

  const onNotificationFrame = useCallback(
    (f: NotificationFrame) => {
      const n = f.notification;
      onLiveNotification(n);
      showToast({ kind: 'notification', title: n.type === 'reminder' ? 'Reminder' : 'Notification', message: n.message }, 10_000);
      showBrowserNotification(n);
      // The reminder marks the task's reminder_sent; show that on the row.
      if (n.task_id) {
        const taskId = n.task_id;
        setTimeout(() => {
          getTask(userId, taskId)
            .then((t) => applyTask(t))
            .catch(() => undefined);
        }, 750);
      }
    },
    [onLiveNotification, applyTask, userId],
  );

  const live = useLive(session.token, {
    onFrame: (f) => (f.type === 'notification.created' ? onNotificationFrame(f) : onTaskFrame(f)),
    onConnected: () => {
      list.reload();
      void stats.refresh();
      void notifs.refreshCount();
      if (notifs.loaded) void notifs.loadFirst();
    },
  });

  const updateFilters = useCallback((patch: Partial<TaskFilters>) => setFilters((f) => ({ ...f, ...patch })), []);

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
        refreshStatsSoon();
        if (completed && task.recurrence) {
          showToast({ kind: 'success', message: `Completed “${task.title}”. The next occurrence is on its way.` });
          // Normally the next occurrence arrives as a live frame; refetch in case we are not live.
          setTimeout(() => reload(), 1500);
        }
      } catch (e) {
        patchLocal(task.id, () => task);
        if (e instanceof ApiError && e.status === 404) applyDeleted(task.id);
        showToast({ kind: 'error', message: `Could not update “${task.title}”: ${describeError(e)}` });
      } finally {
        setBusy(task.id, false);
      }
    },
    [applyTask, applyDeleted, patchLocal, reload, refreshStatsSoon, userId],
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

  // Keyboard: "n" new task, "/" search (when not typing and no dialog is open).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (editingRef.current || document.querySelector('dialog[open]')) return;
      if (e.key === 'n') {
        e.preventDefault();
        openNew();
      } else if (e.key === '/') {
        e.preventDefault();
        document.getElementById('task-search')?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [openNew]);

  const activeStat: keyof Stats | null = filters.overdue
    ? 'overdue'
    : filters.status === 'all'
      ? 'total'
      : filters.status;

  const pickStat = (key: keyof Stats) =>
    updateFilters(
      key === 'overdue'
        ? { status: 'all', overdue: true }
        : { status: key === 'total' ? 'all' : key, overdue: false },
    );

  const narrowed = activeFilterCount(filters) > 0 || filters.status !== 'all' || filters.q.trim() !== '';

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to tasks
      </a>
      <Header user={session.user} onSignOut={() => signOut()}>
        <LiveStatus status={live.status} onRetry={live.retryNow} />
        <NotificationBell n={notifs} nowMs={nowMs} />
      </Header>
      <ServiceBanner />
      <main id="main" className="container" tabIndex={-1}>
        <StatsBar stats={stats.stats} active={activeStat} onPick={pickStat} />
        <Toolbar
          search={search}
          onSearch={setSearch}
          filters={filters}
          onFilters={updateFilters}
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
          filtered={narrowed}
          onToggle={toggle}
          onEdit={openEdit}
          onDelete={askDelete}
          onTag={filterByTag}
          onNew={openNew}
        />
        {narrowed && list.items.length > 0 && (
          <p className="list-footnote">
            <button type="button" className="link-btn" onClick={() => { setSearch(''); setFilters({ ...DEFAULT_FILTERS, sort: filters.sort, order: filters.order }); }}>
              Show all tasks
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
            stats.refreshSoon();
            tags.refreshSoon();
          }}
          onGone={(id) => {
            list.applyDeleted(id);
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
            stats.refreshSoon();
            tags.refreshSoon();
            setDeleting(null);
            showToast({ kind: 'info', message: `Deleted “${t.title}”.` });
          }}
        />
      )}
    </div>
  );
}
