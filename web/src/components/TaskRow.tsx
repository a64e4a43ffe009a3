// One task in the list.

import { memo } from 'react';
import type { Task } from '../api/types';
import { formatDateTime, formatRelative } from '../lib/datetime';
import { isOverdue } from '../lib/filters';
import { describeReminder } from '../lib/reminder';
import { describeRecurrence } from '../lib/rrule';
import { BellIcon, CheckIcon, ClockIcon, EditIcon, RepeatIcon, TrashIcon } from './Icons';

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
}) {
  const { task: t, nowMs } = props;
  const overdue = isOverdue(t, nowMs);
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
      </div>
      <div className="task-main">
        <div className="task-title-line">
          <button type="button" className="task-title" data-testid="task-title" onClick={() => props.onEdit(t)} title="Edit task">
            {t.title}
          </button>
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
                {formatDateTime(t.due_date, opts)}
              </time>
              {/* how far away matters for what is still to do, not for what is done */}
              {!t.completed && (
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
        <button type="button" className="icon-btn" data-testid="task-edit" aria-label={`Edit: ${t.title}`} onClick={() => props.onEdit(t)}>
          <EditIcon />
        </button>
        <button type="button" className="icon-btn icon-btn-danger" data-testid="task-delete" aria-label={`Delete: ${t.title}`} onClick={() => props.onDelete(t)}>
          <TrashIcon />
        </button>
      </div>
    </li>
  );
});
