// The list with its loading, empty, error and "Load more" states.

import { ApiError, describeError } from '../api/errors';
import type { Task } from '../api/types';
import type { TaskList as TaskListState } from '../state/useTaskList';
import { TaskRow } from './TaskRow';

export function TaskList(props: {
  list: TaskListState;
  nowMs: number;
  busyIds: ReadonlySet<string>;
  /** what the empty state says: filters narrow the list, no pending task left, or no task at all */
  empty: 'filtered' | 'all-done' | 'none' | 'no-completed';
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
      {list.items.length > 0 && (
        <ul className={`task-list ${list.loading ? 'is-stale' : ''}`} data-testid="task-list">
          {list.items.map((t) => (
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
            />
          ))}
        </ul>
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
