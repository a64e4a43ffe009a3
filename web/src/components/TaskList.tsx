// The list with its loading, empty, error and "Load more" states.

import { ApiError, describeError } from '../api/errors';
import type { Project, Task } from '../api/types';
import { formatLocalDate } from '../lib/datetime';
import type { TaskGroup } from '../lib/views';
import type { TaskList as TaskListState } from '../state/useTaskList';
import { TaskRow } from './TaskRow';

export type EmptyKind = 'filtered' | 'all-done' | 'none' | 'no-completed' | 'inbox' | 'today' | 'upcoming' | 'trash' | 'project';

export function TaskList(props: {
  list: TaskListState;
  nowMs: number;
  busyIds: ReadonlySet<string>;
  /** what the empty state says: filters narrow the list, no pending task left, no task at all, or the view's own words */
  empty: EmptyKind;
  /** rows under headings (Today: overdue / today; Upcoming: by day), in list order */
  groups?: TaskGroup[] | null;
  /** the chip on a row: its project (null/undefined: none shown) */
  projectOf?: (task: Task) => Project | null | undefined;
  /** Trash rows: Restore instead of complete / edit / delete */
  trash?: boolean;
  onRestore?: (task: Task) => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** "show everything" from the empty state */
  onClearFilters: () => void;
  onToggle: (task: Task, completed: boolean) => void;
  onEdit: (task: Task) => void;
  onDelete: (task: Task) => void;
  onTag: (tag: string) => void;
  onNew: () => void;
}) {
  const { list } = props;
  const first = list.loading && list.items.length === 0;
  const row = (t: Task) => (
    <TaskRow
      key={t.id}
      task={t}
      nowMs={props.nowMs}
      busy={props.busyIds.has(t.id)}
      selected={props.selectedId === t.id}
      onSelect={props.onSelect}
      onToggle={props.onToggle}
      onEdit={props.onEdit}
      onDelete={props.onDelete}
      onTag={props.onTag}
      project={props.projectOf?.(t)}
      trash={props.trash}
      onRestore={props.onRestore}
    />
  );
  return (
    <section className="list-section" aria-labelledby="tasks-heading" aria-busy={list.loading || undefined}>
      <h2 id="tasks-heading" className="sr-only">
        Tasks
      </h2>
      {list.error != null && (
        <div className={`list-error ${list.retrying ? 'is-retrying' : ''}`} role="alert" data-testid="list-error">
          <span>
            {!list.retrying
              ? `Could not load tasks: ${describeError(list.error)}`
              : list.error instanceof ApiError && list.error.code === 'network_error'
                ? 'Cannot reach the server — retrying…'
                : 'Service unavailable — retrying…'}
          </span>
          <button type="button" className="btn btn-small" onClick={list.reload}>
            Retry now
          </button>
        </div>
      )}
      {first && (
        <ul className="task-list skeleton" aria-hidden="true">
          {[0, 1, 2].map((i) => (
            <li key={i} className="task-row skeleton-row" />
          ))}
        </ul>
      )}
      {!first && list.items.length === 0 && list.error == null && (
        <div className="empty" data-testid="empty-state" data-kind={props.empty}>
          {props.empty === 'filtered' && (
            <>
              <p>No tasks match these filters.</p>
              <button type="button" className="btn" onClick={props.onClearFilters}>
                Clear filters and search
              </button>
            </>
          )}
          {props.empty === 'all-done' && (
            <>
              <p className="empty-title">All done — nothing pending.</p>
              <button type="button" className="btn btn-primary" onClick={props.onNew}>
                New task
              </button>
            </>
          )}
          {props.empty === 'no-completed' && <p>No completed tasks yet.</p>}
          {props.empty === 'inbox' && (
            <>
              <p className="empty-title">Your inbox is empty.</p>
              <p>Tasks without a project land here.</p>
            </>
          )}
          {props.empty === 'project' && (
            <>
              <p className="empty-title">No tasks in this project yet.</p>
              <button type="button" className="btn btn-primary" onClick={props.onNew}>
                New task
              </button>
            </>
          )}
          {props.empty === 'today' && <p className="empty-title">Nothing due today and nothing overdue.</p>}
          {props.empty === 'upcoming' && <p className="empty-title">Nothing planned. Tasks with a due date show up here by day.</p>}
          {props.empty === 'trash' && <p className="empty-title">The trash is empty.</p>}
          {props.empty === 'none' && (
            <>
              <p className="empty-title">Nothing to do yet.</p>
              <button type="button" className="btn btn-primary" onClick={props.onNew}>
                Create your first task
              </button>
            </>
          )}
        </div>
      )}
      {list.items.length > 0 && !props.groups && (
        <ul className={`task-list ${list.loading ? 'is-stale' : ''}`} data-testid="task-list">
          {list.items.map(row)}
        </ul>
      )}
      {list.items.length > 0 && props.groups && (
        <div className={`task-groups ${list.loading ? 'is-stale' : ''}`} data-testid="task-list">
          {props.groups.map((g) => (
            <section key={g.key} className={`task-group group-${g.key === 'overdue' ? 'overdue' : 'day'}`} data-testid="task-group" data-group={g.key} aria-labelledby={`group-${g.key}`}>
              <h3 id={`group-${g.key}`} className="group-title" data-testid="task-group-title">
                <span className="group-label">{g.label}</span>
                {g.date && <span className="group-date">{formatLocalDate(g.date, { nowMs: props.nowMs })}</span>}
                <span className="group-count">
                  {g.tasks.length}
                  <span className="sr-only"> {g.tasks.length === 1 ? 'task' : 'tasks'}</span>
                </span>
              </h3>
              {g.tasks.length > 0 ? (
                <ul className="task-list">{g.tasks.map(row)}</ul>
              ) : (
                <p className="group-empty">Nothing planned.</p>
              )}
            </section>
          ))}
        </div>
      )}
      {list.nextCursor && (
        <div className="load-more">
          <button type="button" className="btn" data-testid="load-more" disabled={list.loadingMore} onClick={() => void list.loadMore()}>
            {list.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}
