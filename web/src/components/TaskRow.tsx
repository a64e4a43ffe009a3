// One task in the list.

import { memo } from 'react';
import type { Project, Task } from '../api/types';
import { formatDateTime, formatDue, formatRelative } from '../lib/datetime';
import { isOverdue } from '../lib/filters';
import { describeReminder } from '../lib/reminder';
import { describeRecurrence } from '../lib/rrule';
import { BellIcon, CheckIcon, ClockIcon, EditIcon, RepeatIcon, RestoreIcon, TrashIcon } from './Icons';
import { ProjectDot } from './ProjectDot';

const PRIORITY_LABEL = { high: 'High', medium: 'Medium', low: 'Low' } as const;

export const TaskRow = memo(function TaskRow(props: {
  task: Task;
  nowMs: number;
  busy: boolean;
  /** the keyboard selection (j / k) */
  selected: boolean;
  onSelect: (id: string) => void;
  onToggle: (task: Task, completed: boolean) => void;
  onEdit: (task: Task) => void;
  onDelete: (task: Task) => void;
  onTag: (tag: string) => void;
  /** the task's project, shown as a chip (absent: not shown, as in that project's own view) */
  project?: Project | null;
  /** a row of the Trash: Restore instead of complete / edit / delete */
  trash?: boolean;
  onRestore?: (task: Task) => void;
}) {
  const { task: t, nowMs } = props;
  const trash = !!props.trash;
  const overdue = !trash && isOverdue(t, nowMs);
  const checkboxId = `done-${t.id}`;
  const opts = { nowMs };
  return (
    <li
      className={`task-row ${t.completed ? 'is-done' : ''} ${overdue ? 'is-overdue' : ''}`}
      data-testid="task-row"
      data-task-id={t.id}
      data-completed={t.completed ? 'true' : 'false'}
      data-overdue={overdue ? 'true' : 'false'}
      data-priority={t.priority}
      data-selected={props.selected ? 'true' : undefined}
      // j / k move focus here; focus anywhere in the row selects it
      tabIndex={-1}
      onFocus={() => {
        if (!props.selected) props.onSelect(t.id);
      }}
    >
      <div className="task-check">
        {!trash && (
          <input
            id={checkboxId}
            type="checkbox"
            className="checkbox"
            data-testid="task-checkbox"
            checked={t.completed}
            disabled={props.busy}
            aria-label={`${t.completed ? 'Mark as not completed' : 'Mark as completed'}: ${t.title}`}
            onChange={(e) => props.onToggle(t, e.target.checked)}
          />
        )}
      </div>
      <div className="task-main">
        <div className="task-title-line">
          {trash ? (
            <span className="task-title" data-testid="task-title">
              {t.title}
            </span>
          ) : (
            <button type="button" className="task-title" data-testid="task-title" onClick={() => props.onEdit(t)} title="Edit task">
              {t.title}
            </button>
          )}
          <span className={`badge priority-${t.priority}`} data-testid="task-priority">
            <span className="sr-only">Priority: </span>
            {PRIORITY_LABEL[t.priority]}
          </span>
          {overdue && (
            <span className="badge badge-overdue" data-testid="task-overdue">
              Overdue
            </span>
          )}
        </div>
        {t.description && <p className="task-desc">{t.description}</p>}
        <div className="task-meta">
          {trash && t.deleted_at && (
            <span className="meta meta-deleted" data-testid="task-deleted-at">
              <TrashIcon width={14} height={14} />
              <span>
                Deleted <time dateTime={t.deleted_at}>{formatDateTime(t.deleted_at, opts)}</time>
              </span>
            </span>
          )}
          {props.project && (
            <span className="meta project-chip" data-testid="task-project" data-project-id={props.project.id}>
              <ProjectDot color={props.project.color} />
              <span className="sr-only">Project: </span>
              <span>{props.project.name}</span>
            </span>
          )}
          {t.completed && t.completed_at && (
            <span className="meta meta-done" data-testid="task-completed-at">
              <CheckIcon width={14} height={14} />
              <span>
                Completed <time dateTime={t.completed_at}>{formatDateTime(t.completed_at, opts)}</time>
              </span>
            </span>
          )}
          {t.due_date && (
            <span className={`meta ${overdue ? 'meta-overdue' : ''}`} data-testid="task-due">
              <ClockIcon width={14} height={14} />
              <span className="sr-only">Due </span>
              <time dateTime={t.due_date} title={`${formatDateTime(t.due_date, { timeZone: t.timezone, nowMs })} (${t.timezone})`}>
                {formatDue(t.due_date, t.timezone, opts)}
              </time>
              {/* how far away matters for what is still to do, not for what is done */}
              {!t.completed && !trash && (
                <span className="meta-rel" data-testid="task-due-relative">
                  · {formatRelative(t.due_date, nowMs)}
                </span>
              )}
            </span>
          )}
          {t.reminder_at && (
            <span
              className={`meta ${t.reminder_sent ? 'meta-muted' : ''}`}
              data-testid="task-reminder-indicator"
              data-sent={t.reminder_sent ? 'true' : 'false'}
              title={`Reminder at ${formatDateTime(t.reminder_at, opts)}${t.reminder_sent ? ' (sent)' : ''}`}
            >
              <BellIcon width={14} height={14} />
              <span>
                {describeReminder(t.due_date, t.reminder_at)}
                {t.reminder_sent ? ' · sent' : ''}
              </span>
            </span>
          )}
          {t.recurrence && (
            <span className="meta" data-testid="task-recurrence-indicator" title={t.recurrence}>
              <RepeatIcon width={14} height={14} />
              <span>{describeRecurrence(t.recurrence)}</span>
            </span>
          )}
          {t.tags.length > 0 && (
            <ul className="tags" aria-label="Tags">
              {t.tags.map((tag) => (
                <li key={tag}>
                  <button type="button" className="tag" data-testid="task-tag" onClick={() => props.onTag(tag)} title={`Show tasks tagged ${tag}`}>
                    #{tag}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <div className="task-actions">
        {trash ? (
          <button type="button" className="btn btn-small" data-testid="task-restore" aria-label={`Restore: ${t.title}`} onClick={() => props.onRestore?.(t)} disabled={props.busy}>
            <RestoreIcon width={16} height={16} />
            <span>Restore</span>
          </button>
        ) : (
          <>
            <button type="button" className="icon-btn" data-testid="task-edit" aria-label={`Edit: ${t.title}`} onClick={() => props.onEdit(t)}>
              <EditIcon />
            </button>
            <button type="button" className="icon-btn icon-btn-danger" data-testid="task-delete" aria-label={`Delete: ${t.title}`} onClick={() => props.onDelete(t)}>
              <TrashIcon />
            </button>
          </>
        )}
      </div>
    </li>
  );
});
