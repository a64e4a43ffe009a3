// The signed-in app: the views (Inbox, Today, Upcoming, All tasks,
// Completed, Trash, projects) in a sidebar, quick add, stats, toolbar,
// filters, list, form, notifications, keyboard shortcuts, undo, and the live
// connection that keeps them current.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { me } from '../api/auth';
import { ApiError, describeError } from '../api/errors';
import { deleteProject, updateProject } from '../api/projects';
import { deleteTask, getTask, restoreTask, setTaskCompleted, updateTask } from '../api/tasks';
import type { AppNotification, Project, QuickAddResponse, Task } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { FiltersPanel } from '../components/FiltersPanel';
import { Header } from '../components/Header';
import { ArrowDownIcon, ArrowUpIcon, EditIcon, KeyboardIcon, MenuIcon, TrashIcon } from '../components/Icons';
import { LiveStatus } from '../components/LiveStatus';
import { NotificationBell, type ReminderHooks } from '../components/NotificationBell';
import { DeleteProjectDialog, ProjectDialog } from '../components/ProjectDialog';
import { ProjectDot } from '../components/ProjectDot';
import { QuickAdd } from '../components/QuickAdd';
import { ServiceBanner } from '../components/ServiceBanner';
import { ShortcutsDialog } from '../components/ShortcutsDialog';
import { Sidebar } from '../components/Sidebar';
import { StatsBar } from '../components/StatsBar';
import { TaskForm } from '../components/TaskForm';
import { TaskList, type EmptyKind } from '../components/TaskList';
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
import { inboxPendingCount, movedPosition } from '../lib/projects';
import { moveSelection, shortcutFor, type KeyTarget } from '../lib/shortcuts';
import { reminderText, snoozeChoices, snoozedUntil, snoozeOptions } from '../lib/snooze';
import {
  DEFAULT_VIEW,
  effectiveFilters,
  groupToday,
  groupUpcoming,
  localToday,
  openingFilters,
  sameView,
  viewFromPath,
  viewKey as keyOfView,
  viewPath,
  viewScope,
  viewTitle,
  viewTraits,
  type View,
} from '../lib/views';
import type { NotificationFrame, ProjectFrame, TaskFrame } from '../live/frames';
import { useDebounced, useLatest, useNow } from '../state/hooks';
import { useServiceAvailable } from '../state/service';
import { navigate, usePath } from '../state/router';
import { signOut, updateUser, type Session } from '../state/session';
import { dismissToast, dismissToastsByKey, showToast, toastStore, type ToastAction } from '../state/toasts';
import { useLive } from '../state/useLive';
import { useNotifications } from '../state/useNotifications';
import { useProjects } from '../state/useProjects';
import { useStats } from '../state/useStats';
import { useTags } from '../state/useTags';
import { useTaskList } from '../state/useTaskList';
import { useTodayCount } from '../state/useTodayCount';

type Editing = { task: Task | null } | null;

/** How long an "Undo" toast (delete, complete) stays. */
const UNDO_MS = 8000;

const rowSelector = (id: string) => `[data-testid="task-row"][data-task-id="${CSS.escape(id)}"]`;

function focusRow(id: string): void {
  document.querySelector<HTMLElement>(rowSelector(id))?.focus();
}

export function TasksPage({ session }: { session: Session }) {
  const userId = session.user.id;
  const timeZone = useMemo(browserTimeZone, []);
  const path = usePath();
  const routeView = viewFromPath(path);
  const view: View = routeView ?? DEFAULT_VIEW;
  const viewKey = keyOfView(view);
  const traits = viewTraits(view);
  // a path that is no view (an old link): the default view
  useEffect(() => {
    if (!routeView) navigate('/', { replace: true });
  }, [routeView]);
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
  const [navOpen, setNavOpen] = useState(false);
  const [projectDialog, setProjectDialog] = useState<{ project: Project | null } | null>(null);
  const [deletingProject, setDeletingProject] = useState<Project | null>(null);
  const quickRef = useRef<HTMLInputElement>(null);
  const nowMs = useNow(30_000);
  const today = localToday(nowMs, timeZone);

  const projects = useProjects(userId);
  const { apply: applyProject, remove: removeProjectLocal, refreshSoon: refreshProjectsSoon } = projects;
  const projectById = useMemo(() => new Map(projects.items.map((p) => [p.id, p])), [projects.items]);
  const currentProject = view.kind === 'project' ? (projectById.get(view.projectId) ?? null) : null;
  const missingProject = view.kind === 'project' && projects.loaded && !currentProject;
  const title = viewTitle(view, currentProject?.name ?? (missingProject ? 'Project not found' : ''));

  // `view` is fully described by `viewKey`
  const effective = useMemo(() => effectiveFilters(view, filters), [viewKey, filters]);
  const scope = useMemo(() => viewScope(view, Date.now(), timeZone), [viewKey, today, timeZone]);
  const list = useTaskList(userId, effective, timeZone, scope, viewKey);
  const { applyTask, applyDeleted, patchLocal, reload } = list;
  const stats = useStats(userId);
  const { refreshSoon: refreshStatsSoon } = stats;
  const notifs = useNotifications(userId);
  const { onLive: onLiveNotification, markReadById } = notifs;
  const tags = useTags(userId);
  const { refreshSoon: refreshTagsSoon } = tags;
  const todayCount = useTodayCount(userId, timeZone, today);
  const { refreshSoon: refreshTodaySoon } = todayCount;
  const tagNames = useMemo(() => tags.tags.map((t) => t.tag), [tags.tags]);
  const editingRef = useRef<Editing>(null);
  editingRef.current = editing;

  useEffect(() => setFilters((f) => (f.q === q ? f : { ...f, q })), [q]);
  useEffect(() => {
    if (!routeView) return;
    const next = `${viewPath(view)}${filtersToSearch(filters)}`;
    if (window.location.pathname + window.location.search !== next) window.history.replaceState(null, '', next);
    // view is keyed by viewKey
  }, [filters, viewKey, routeView]);
  // Back / forward between views: the filters come from the URL again.
  const shownPath = useRef(path);
  useEffect(() => {
    if (shownPath.current === path) return;
    shownPath.current = path;
    const f = filtersFromSearch(window.location.search);
    setFilters(f);
    setSearch(f.q);
  }, [path]);

  useEffect(() => {
    document.title = `${title} · Todo Platform`;
  }, [title]);

  /** Another view: its own filters (none narrowing, unless given), the sidebar folds away on phones. */
  const goView = useCallback((v: View, f: TaskFilters = openingFilters()) => {
    setFilters(f);
    setSearch(f.q);
    setNavOpen(false);
    setSelectedId(null);
    navigate(`${viewPath(v)}${filtersToSearch(f)}`);
  }, []);

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
      refreshProjectsSoon();
      refreshTodaySoon();
      reload();
    }
    wasAvailable.current = available;
  }, [available, refreshStats, refreshUnread, refreshTagsSoon, refreshProjectsSoon, refreshTodaySoon, reload]);

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

  const viewRef = useLatest(view);
  const projectByIdRef = useLatest(projectById);

  /** Counts that follow every task change: stats, the sidebar's Today and project numbers, tags. */
  const countsChanged = useCallback(() => {
    refreshStatsSoon();
    refreshProjectsSoon();
    refreshTodaySoon();
  }, [refreshStatsSoon, refreshProjectsSoon, refreshTodaySoon]);

  const onTaskFrame = useCallback(
    (f: TaskFrame) => {
      if (f.type === 'task.deleted') {
        // In the trash now: the other views drop it, the Trash shows it. The
        // frame may carry the task as it was before (no deleted_at): then
        // the Trash asks the server again.
        if (f.task.deleted_at) applyTask(f.task);
        else {
          applyDeleted(f.task.id);
          if (viewRef.current.kind === 'trash') reload();
        }
        forget(f.task.id);
      } else {
        applyTask(f.task);
        remember([f.task]);
      }
      const open = editingRef.current?.task;
      if (open && open.id === f.task.id) setLiveTask(f.task);
      countsChanged();
      refreshTagsSoon();
    },
    [applyTask, applyDeleted, countsChanged, refreshTagsSoon, remember, forget, reload, viewRef],
  );

  const onProjectFrame = useCallback(
    (f: ProjectFrame) => {
      if (f.type === 'project.deleted') {
        const gone = projectByIdRef.current.get(f.project.id) ?? f.project;
        removeProjectLocal(f.project.id);
        const v = viewRef.current;
        if (v.kind === 'project' && v.projectId === f.project.id) {
          showToast({ kind: 'info', message: `The project “${gone.name}” was deleted.` });
          navigate('/');
        }
      } else applyProject(f.project);
      // neighbours shift without events of their own; counts move with tasks
      refreshProjectsSoon();
    },
    [applyProject, removeProjectLocal, refreshProjectsSoon, viewRef, projectByIdRef],
  );

  // --- undo: the toast's button, or "z" while the toast shows ---

  const undoRef = useRef<{ toastId: number; run: () => Promise<void> } | null>(null);
  const offerUndo = useCallback((message: string, testId: string, undo: () => Promise<void>) => {
    const entry = { toastId: 0, run: undo };
    entry.toastId = showToast(
      {
        kind: 'success',
        message,
        actions: [
          {
            label: 'Undo',
            testId,
            run: async () => {
              if (undoRef.current === entry) undoRef.current = null;
              await undo();
            },
          },
        ],
      },
      UNDO_MS,
    );
    undoRef.current = entry;
  }, []);
  const runUndo = useCallback(() => {
    const u = undoRef.current;
    if (!u || !toastStore.get().some((t) => t.id === u.toastId)) return false;
    undoRef.current = null;
    dismissToast(u.toastId);
    void u.run();
    return true;
  }, []);

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
        countsChanged();
        if (completed && task.recurrence) {
          showToast({ kind: 'success', message: `Completed “${task.title}”. The next occurrence is on its way.` });
          // Normally the next occurrence arrives as a live frame; refetch in case we are not live.
          setTimeout(() => reload(), 1500);
        } else if (completed) {
          offerUndo(`Completed “${task.title}”.`, 'undo-complete', async () => {
            try {
              const back = await setTaskCompleted(userId, task.id, false);
              applyTask(back);
              remember([back]);
              countsChanged();
              showToast({ kind: 'info', message: `Reopened “${task.title}”.` });
            } catch (e) {
              showToast({ kind: 'error', message: `Could not reopen “${task.title}”: ${describeError(e)}` });
            }
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
    [applyTask, applyDeleted, patchLocal, reload, countsChanged, offerUndo, userId, remember],
  );

  /** Back from the trash (Restore, or Undo of a delete). */
  const restore = useCallback(
    async (task: Task, how: 'restore' | 'undo') => {
      setBusy(task.id, true);
      try {
        let back: Task;
        try {
          back = await restoreTask(userId, task.id);
        } catch (e) {
          // 409: not in the trash (restored elsewhere already): show it as it is
          if (e instanceof ApiError && e.status === 409) back = await getTask(userId, task.id);
          else throw e;
        }
        applyTask(back);
        remember([back]);
        countsChanged();
        refreshTagsSoon();
        const where = back.project_id ? (projectByIdRef.current.get(back.project_id)?.name ?? 'its project') : 'the Inbox';
        showToast({ kind: 'info', message: how === 'undo' ? `Restored “${back.title}”.` : `Restored “${back.title}” to ${where}.` });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) applyDeleted(task.id);
        showToast({
          kind: 'error',
          message:
            e instanceof ApiError && e.status === 404
              ? `“${task.title}” can no longer be restored (it was in the trash for more than 30 days).`
              : `Could not restore “${task.title}”: ${describeError(e)}`,
        });
      } finally {
        setBusy(task.id, false);
      }
    },
    [userId, applyTask, applyDeleted, remember, countsChanged, refreshTagsSoon, projectByIdRef],
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
        countsChanged();
        actedOn(notificationId);
        showToast({ kind: 'success', message: `Completed “${t.title}”.` });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) forget(taskId);
        showToast({ kind: 'error', message: `Could not complete the task: ${describeError(e)}` });
        throw e;
      }
    },
    [userId, applyTask, remember, countsChanged, actedOn, forget],
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
    onFrame: (f) => {
      if (f.type === 'notification.created') void onNotificationFrame(f);
      else if (f.type.startsWith('project.')) onProjectFrame(f as ProjectFrame);
      else onTaskFrame(f as TaskFrame);
    },
    onConnected: () => {
      list.reload();
      void projects.refresh();
      void todayCount.refresh();
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

  const handlers = useLatest({ openNew, openEdit, askDelete, toggle, runUndo, trash: view.kind === 'trash' });
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
        case 'quick':
          quickRef.current?.focus();
          break;
        case 'undo':
          if (!h.runUndo()) return;
          break;
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
          if (!selected || h.trash) return;
          void h.toggle(selected, !selected.completed);
          break;
        case 'edit':
          if (!selected || h.trash) return;
          h.openEdit(selected);
          break;
        case 'delete':
          if (!selected || h.trash) return;
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

  // The cards count all tasks: they are views of "All tasks" (a click from another view goes there).
  const active = traits.statCards ? activeStat(filters) : null;
  const pickStat = (key: StatKey) => {
    const f = statView(key, filters);
    if (view.kind === 'all') replaceFilters(f);
    else goView({ kind: 'all' }, f);
  };
  const narrowed = isNarrowed(filters);
  const clearAll = () => replaceFilters({ ...DEFAULT_FILTERS, status: filters.status, sort: filters.sort, order: filters.order });
  const emptyKind: EmptyKind = narrowed
    ? 'filtered'
    : view.kind === 'today' || view.kind === 'upcoming' || view.kind === 'trash'
      ? view.kind
      : effective.status === 'completed'
        ? 'no-completed'
        : view.kind === 'project'
          ? 'project'
          : view.kind === 'inbox' && effective.status === 'pending' && stats.stats && stats.stats.total > 0 && stats.stats.pending > 0
            ? 'inbox'
            : effective.status === 'pending' && stats.stats && stats.stats.total > 0
              ? 'all-done'
              : 'none';
  const groups = useMemo(
    () => (traits.grouping === 'today' ? groupToday(list.items, nowMs, timeZone) : traits.grouping === 'upcoming' ? groupUpcoming(list.items, nowMs, timeZone) : null),
    [traits.grouping, list.items, nowMs, timeZone],
  );
  const projectOf = useCallback(
    (t: Task) => (t.project_id && !(view.kind === 'project' && view.projectId === t.project_id) ? (projectById.get(t.project_id) ?? null) : null),
    [projectById, view],
  );
  const counts = {
    inbox: projects.loaded ? inboxPendingCount(stats.stats, projects.items) : null,
    today: todayCount.count ? `${todayCount.count.n}${todayCount.count.more ? '+' : ''}` : null,
    completed: stats.stats?.completed ?? null,
  };

  const onQuickAdded = async (created: QuickAddResponse) => {
    const { parsed, ...rest } = created;
    let t = rest as Task;
    // in a project view, a task without a #project goes to that project
    if (currentProject && !t.project_id && !parsed?.project_id) {
      try {
        t = await updateTask(userId, t.id, { project_id: currentProject.id }, t.version);
      } catch (e) {
        showToast({ kind: 'error', message: `Added “${t.title}” to the Inbox; it could not be moved to ${currentProject.name}: ${describeError(e)}` });
      }
    }
    list.applyTask(t);
    remember([t]);
    countsChanged();
    tags.refreshSoon();
    const where = t.project_id ? (projectById.get(t.project_id)?.name ?? 'its project') : 'the Inbox';
    const task = t;
    showToast({
      kind: 'success',
      message: `Added “${t.title}” to ${where}.`,
      actions: [{ label: 'Edit', testId: 'quick-add-edit', run: () => openEdit(task) }],
    });
  };

  const moveProject = async (p: Project, delta: -1 | 1) => {
    const position = movedPosition(projects.items, p.id, delta);
    if (position === null) return;
    try {
      applyProject(await updateProject(userId, p.id, { position }, p.version));
    } catch (e) {
      showToast({ kind: 'error', message: `Could not move “${p.name}”: ${describeError(e)}` });
    }
    void projects.refresh();
  };
  const sortedIndex = currentProject ? projects.items.findIndex((p) => p.id === currentProject.id) : -1;

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
      <div className="app-body">
        <button
          type="button"
          className="btn nav-toggle"
          data-testid="nav-toggle"
          aria-expanded={navOpen}
          aria-controls="sidebar"
          onClick={() => setNavOpen((o) => !o)}
        >
          <MenuIcon width={18} height={18} />
          <span>
            Views<span className="nav-toggle-current">: {title}</span>
          </span>
        </button>
        <Sidebar
          id="sidebar"
          view={view}
          open={navOpen}
          projects={projects.items}
          projectsLoaded={projects.loaded}
          counts={counts}
          onGo={(v) => (sameView(v, view) ? (setNavOpen(false), replaceFilters(openingFilters())) : goView(v))}
          onAddProject={() => setProjectDialog({ project: null })}
        />
        <main id="main" className="container" tabIndex={-1}>
          <div className="view-header">
            <h1 className="view-title" data-testid="view-title">
              {currentProject && <ProjectDot color={currentProject.color} />}
              <span>{title}</span>
            </h1>
            {currentProject && (
              <div className="view-actions" role="group" aria-label={`Project “${currentProject.name}”`}>
                <button
                  type="button"
                  className="btn btn-small"
                  data-testid="project-edit"
                    onClick={() => setProjectDialog({ project: currentProject })}
                >
                  <EditIcon width={16} height={16} />
                  <span>Edit</span>
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  data-testid="project-move-up"
                    aria-disabled={sortedIndex <= 0 || undefined}
                  onClick={() => void moveProject(currentProject, -1)}
                >
                  <ArrowUpIcon width={16} height={16} />
                  <span>Move up</span>
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  data-testid="project-move-down"
                    aria-disabled={sortedIndex >= projects.items.length - 1 || undefined}
                  onClick={() => void moveProject(currentProject, 1)}
                >
                  <ArrowDownIcon width={16} height={16} />
                  <span>Move down</span>
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-danger-outline"
                  data-testid="project-delete"
                    onClick={() => setDeletingProject(currentProject)}
                >
                  <TrashIcon width={16} height={16} />
                  <span>Delete</span>
                </button>
              </div>
            )}
          </div>
          {view.kind === 'trash' && <p className="view-note">Deleted tasks stay here for 30 days; restore one to bring it back where it was.</p>}
          {view.kind === 'today' && <p className="view-note">Overdue and due today.</p>}
          {view.kind === 'upcoming' && <p className="view-note">The next 7 days, then later.</p>}
          {missingProject ? (
            <div className="empty" data-testid="empty-state" data-kind="missing-project">
              <p className="empty-title">This project does not exist (any more).</p>
              <button type="button" className="btn" onClick={() => goView({ kind: 'inbox' })}>
                Go to the Inbox
              </button>
            </div>
          ) : (
            <>
              {view.kind !== 'trash' && (
                <QuickAdd ref={quickRef} userId={userId} timeZone={timeZone} projects={projects.items} currentProject={currentProject} onCreated={onQuickAdded} />
              )}
              {/* the cards count live tasks; the trash is not one of their views */}
              {view.kind !== 'trash' && <StatsBar stats={stats.stats} active={active} onPick={pickStat} />}
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
                statusTabs={traits.statusTabs}
                sortable={traits.sortable}
                canCreate={view.kind !== 'trash'}
              />
              {filtersOpen && (
                <FiltersPanel
                  filters={filters}
                  onFilters={updateFilters}
                  dueRange={traits.dueRange}
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
                groups={groups}
                projectOf={projectOf}
                trash={view.kind === 'trash'}
                onRestore={(t) => void restore(t, 'restore')}
              />
              {narrowed && list.items.length > 0 && (
                <p className="list-footnote">
                  <button type="button" className="link-btn" data-testid="clear-all" onClick={clearAll}>
                    Clear filters and search
                  </button>
                </p>
              )}
            </>
          )}
        </main>
      </div>

      {editing && (
        <TaskForm
          key={editing.task?.id ?? 'new'}
          userId={userId}
          task={editing.task}
          liveTask={liveTask}
          defaultTimeZone={timeZone}
          tagSuggestions={tagNames}
          projects={projects.items}
          defaultProjectId={currentProject?.id ?? null}
          onClose={() => setEditing(null)}
          onSaved={(t) => {
            list.applyTask(t);
            remember([t]);
            countsChanged();
            tags.refreshSoon();
          }}
          onGone={(id) => {
            list.applyDeleted(id);
            forget(id);
            countsChanged();
          }}
        />
      )}

      {deleting && (
        <ConfirmDialog
          title="Delete task?"
          message={`“${deleting.title}” moves to the trash${deleting.recurrence ? ' and stops repeating' : ''}. You can restore it from the Trash for 30 days.`}
          confirmLabel="Delete"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            const t = deleting;
            let gone = false;
            try {
              await deleteTask(userId, t.id);
            } catch (e) {
              if (!(e instanceof ApiError && e.status === 404)) throw e;
              gone = true; // deleted elsewhere already
            }
            list.applyDeleted(t.id);
            forget(t.id);
            countsChanged();
            tags.refreshSoon();
            setDeleting(null);
            if (gone) showToast({ kind: 'info', message: `“${t.title}” was already deleted.` });
            else offerUndo(`Moved “${t.title}” to the trash.`, 'undo-delete', () => restore(t, 'undo'));
          }}
        />
      )}

      {projectDialog && (
        <ProjectDialog
          userId={userId}
          project={projectDialog.project}
          projects={projects.items}
          onClose={() => setProjectDialog(null)}
          onSaved={(p, created) => {
            applyProject(p);
            refreshProjectsSoon();
            if (created) {
              goView({ kind: 'project', projectId: p.id });
              showToast({ kind: 'success', message: `Created the project “${p.name}”.` });
            }
          }}
          onGone={(id) => removeProjectLocal(id)}
        />
      )}

      {deletingProject && (
        <DeleteProjectDialog
          userId={userId}
          project={deletingProject}
          onClose={() => setDeletingProject(null)}
          onConfirm={async (trashTasks, n) => {
            const p = deletingProject;
            try {
              await deleteProject(userId, p.id, trashTasks);
            } catch (e) {
              if (!(e instanceof ApiError && e.status === 404)) throw e;
            }
            removeProjectLocal(p.id);
            setDeletingProject(null);
            countsChanged();
            showToast({
              kind: 'info',
              message:
                n === 0
                  ? `Deleted the project “${p.name}”.`
                  : `Deleted the project “${p.name}”; its ${n === 1 ? 'task' : `${n} tasks`} ${trashTasks ? (n === 1 ? 'is' : 'are') + ' in the Trash' : (n === 1 ? 'is' : 'are') + ' in the Inbox'}.`,
            });
            if (viewRef.current.kind === 'project' && viewRef.current.projectId === p.id) goView({ kind: 'inbox' });
          }}
        />
      )}

      {helpOpen && <ShortcutsDialog onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
