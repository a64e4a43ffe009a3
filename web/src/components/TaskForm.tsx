// Create / edit a task in a dialog. Edits send only the changed fields with
// If-Match; a 412 reloads the task; 422 details appear next to their field.

import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../api/errors';
import { createTask, getTask, updateTask } from '../api/tasks';
import { PRIORITIES, type Task, type TaskInput } from '../api/types';
import { formatDateTime, utcToZonedLocal, zoneAbbreviation, zonedLocalToUtc } from '../lib/datetime';
import { REMINDER_OPTIONS, isRelativePreset, type ReminderPreset } from '../lib/reminder';
import { parseRecurrence } from '../lib/rrule';
import {
  createBody,
  DESCRIPTION_MAX,
  diffInput,
  draftFromTask,
  draftToInput,
  emptyDraft,
  TITLE_MAX,
  type DraftErrors,
  type TaskDraft,
} from '../lib/taskDraft';
import { timeZoneList } from '../lib/timezones';
import { Dialog } from './Dialog';
import { describedBy, Field } from './Field';
import { RecurrenceEditor } from './RecurrenceEditor';
import { TagInput } from './TagInput';

const FIELD_ORDER: Array<keyof TaskInput> = [
  'title',
  'description',
  'priority',
  'tags',
  'due_date',
  'timezone',
  'reminder_at',
  'recurrence',
  'recurrence_end',
];

function newKey(): string {
  const c = globalThis.crypto as Crypto | undefined;
  return c && typeof c.randomUUID === 'function' ? c.randomUUID() : `k-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

const priorityLabel = (p: string) => p[0]!.toUpperCase() + p.slice(1);

/** "CET", plus the time in the viewer's zone when it differs, plus a DST-gap warning. */
function dueHint(local: string, zone: string, viewerZone: string): string | undefined {
  if (!local) return undefined;
  const due = zonedLocalToUtc(local, zone);
  if (!due) return undefined;
  const parts = [zoneAbbreviation(zone, due.getTime())];
  const actual = utcToZonedLocal(due, zone);
  if (actual !== local) parts.push(`${local.slice(11)} does not exist that day (clocks change); it will be ${actual.slice(11)}`);
  if (zone !== viewerZone) parts.push(`${formatDateTime(due.toISOString(), { timeZone: viewerZone })} your time`);
  return parts.join(' · ');
}

export function TaskForm(props: {
  userId: string;
  /** the task to edit; absent for a new task */
  task: Task | null;
  /** newest version seen live while the form is open */
  liveTask: Task | null;
  defaultTimeZone: string;
  tagSuggestions: readonly string[];
  onClose: () => void;
  onSaved: (task: Task, created: boolean) => void;
  onGone: (id: string) => void;
}) {
  const uid = useId();
  const id = (name: string) => `${uid}-${name}`;
  const titleId = id('heading');
  const [base, setBase] = useState<Task | null>(props.task);
  const [draft, setDraft] = useState<TaskDraft>(() => (props.task ? draftFromTask(props.task) : emptyDraft(props.defaultTimeZone)));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const idemKey = useRef(newKey());
  const formRef = useRef<HTMLFormElement>(null);
  const focusInvalid = useRef(false);
  const originalRecurrence = useMemo(() => parseRecurrence(props.task?.recurrence ?? null), [props.task]);
  const zones = useMemo(() => timeZoneList([draft.timezone, props.defaultTimeZone]), [draft.timezone, props.defaultTimeZone]);
  const editing = base !== null;
  const staleElsewhere = editing && props.liveTask && props.liveTask.id === base.id && props.liveTask.version > base.version;

  useEffect(() => {
    if (!focusInvalid.current) return;
    focusInvalid.current = false;
    const el = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    el?.focus();
  }, [errors]);

  function set<K extends keyof TaskDraft>(key: K, value: TaskDraft[K]) {
    setDraft((d) => ({ ...d, [key]: value }));
    const apiKey = ({ dueLocal: 'due_date', reminder: 'reminder_at', reminderLocal: 'reminder_at', recurrenceEnd: 'recurrence_end' } as Record<string, string>)[key] ?? key;
    if (errors[apiKey as keyof DraftErrors]) setErrors((e) => ({ ...e, [apiKey]: undefined }));
  }

  function showErrors(e: DraftErrors) {
    focusInvalid.current = true;
    setErrors(e);
  }

  async function reloadLatest(message: string) {
    if (!base) return;
    try {
      const fresh = await getTask(props.userId, base.id);
      setBase(fresh);
      setDraft(draftFromTask(fresh));
      setErrors({});
      setNotice(message);
      props.onSaved(fresh, false);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setFormError('This task was deleted elsewhere.');
        props.onGone(base.id);
      } else setFormError(describeError(e));
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    setFormError(null);
    const { input, errors: local } = draftToInput(draft);
    if (Object.values(local).some(Boolean)) return showErrors(local);
    setSaving(true);
    try {
      if (!base) {
        const created = await createTask(props.userId, createBody(input), idemKey.current);
        props.onSaved(created, true);
        props.onClose();
        return;
      }
      const patch = diffInput(base, input, draft);
      if (Object.keys(patch).length === 0) {
        props.onClose();
        return;
      }
      const updated = await updateTask(props.userId, base.id, patch, base.version);
      props.onSaved(updated, false);
      props.onClose();
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        await reloadLatest('This task was changed elsewhere (another tab or device). The latest version is shown now — check it and save again.');
      } else if (err instanceof ApiError && err.status === 404 && base) {
        setFormError('This task no longer exists — it was deleted elsewhere.');
        props.onGone(base.id);
      } else if (err instanceof ApiError && err.status === 422 && err.details.length > 0) {
        const fe = err.fieldErrors();
        const known: DraftErrors = {};
        const unknown: string[] = [];
        for (const [field, problem] of Object.entries(fe)) {
          if ((FIELD_ORDER as string[]).includes(field)) known[field as keyof TaskInput] = problem;
          else unknown.push(`${field}: ${problem}`);
        }
        showErrors(known);
        setFormError(unknown.length ? `${err.message} (${unknown.join('; ')})` : 'Please correct the highlighted fields.');
      } else {
        setFormError(describeError(err));
      }
    } finally {
      setSaving(false);
    }
  }

  const zoneHint = dueHint(draft.dueLocal, draft.timezone, props.defaultTimeZone);
  const err = (k: keyof TaskInput) => errors[k] ?? null;

  return (
    <Dialog labelledBy={titleId} onClose={props.onClose} className="dialog-form" testId="task-dialog">
      <form ref={formRef} onSubmit={submit} noValidate data-testid="task-form" className="task-form">
        <header className="dialog-header">
          <h2 id={titleId} className="dialog-title">
            {editing ? 'Edit task' : 'New task'}
          </h2>
          <button type="button" className="icon-btn" aria-label="Close" onClick={props.onClose}>
            ×
          </button>
        </header>

        <div className="dialog-body">
          {notice && (
            <p className="notice" role="status" data-testid="task-form-notice">
              {notice}
            </p>
          )}
          {staleElsewhere && !notice && (
            <p className="notice" role="status" data-testid="task-form-stale">
              This task was just changed elsewhere.{' '}
              <button type="button" className="link-btn" onClick={() => void reloadLatest('Loaded the latest version.')}>
                Load the latest version
              </button>
            </p>
          )}

          <Field id={id('title')} label="Title" error={err('title')} errorTestId="field-error-title">
            <input
              id={id('title')}
              data-testid="task-form-title"
              type="text"
              required
              data-autofocus
              maxLength={TITLE_MAX + 50}
              value={draft.title}
              aria-invalid={!!err('title') || undefined}
              aria-describedby={describedBy(id('title'), undefined, err('title'))}
              onChange={(e) => set('title', e.target.value)}
            />
          </Field>

          <Field id={id('description')} label="Description" error={err('description')} errorTestId="field-error-description">
            <textarea
              id={id('description')}
              data-testid="task-form-description"
              rows={3}
              value={draft.description}
              maxLength={DESCRIPTION_MAX}
              aria-invalid={!!err('description') || undefined}
              aria-describedby={describedBy(id('description'), undefined, err('description'))}
              onChange={(e) => set('description', e.target.value)}
            />
          </Field>

          <div className="field-row">
            <Field id={id('priority')} label="Priority" error={err('priority')} errorTestId="field-error-priority" className="field-narrow">
              <select
                id={id('priority')}
                data-testid="task-form-priority"
                value={draft.priority}
                aria-invalid={!!err('priority') || undefined}
                aria-describedby={describedBy(id('priority'), undefined, err('priority'))}
                onChange={(e) => set('priority', e.target.value as TaskDraft['priority'])}
              >
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {priorityLabel(p)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id={id('tags')} label="Tags" error={err('tags')} errorTestId="field-error-tags" className="field-grow">
              <TagInput
                id={id('tags')}
                testId="task-form-tags"
                chipTestId="task-form-tag-chip"
                value={draft.tags}
                onChange={(t) => set('tags', t)}
                suggestions={props.tagSuggestions}
                invalid={!!err('tags')}
                describedBy={describedBy(id('tags'), undefined, err('tags'))}
              />
            </Field>
          </div>

          <div className="field-row">
            <Field id={id('due')} label="Due" error={err('due_date')} errorTestId="field-error-due_date" hint={zoneHint} className="field-grow">
              <div className="input-with-action">
                <input
                  id={id('due')}
                  data-testid="task-form-due"
                  type="datetime-local"
                  value={draft.dueLocal}
                  aria-invalid={!!err('due_date') || undefined}
                  aria-describedby={describedBy(id('due'), zoneHint, err('due_date'))}
                  onChange={(e) => set('dueLocal', e.target.value)}
                />
                {draft.dueLocal && (
                  <button type="button" className="btn btn-ghost btn-small" data-testid="task-form-due-clear" onClick={() => set('dueLocal', '')}>
                    Clear
                  </button>
                )}
              </div>
            </Field>
            <Field id={id('tz')} label="Time zone" error={err('timezone')} errorTestId="field-error-timezone" className="field-grow">
              <select
                id={id('tz')}
                data-testid="task-form-timezone"
                value={draft.timezone}
                aria-invalid={!!err('timezone') || undefined}
                aria-describedby={describedBy(id('tz'), undefined, err('timezone'))}
                onChange={(e) => set('timezone', e.target.value)}
              >
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z.replace(/_/g, ' ')}
                  </option>
                ))}
              </select>
            </Field>
          </div>

          <div className="field-row">
            <Field id={id('reminder')} label="Reminder" error={err('reminder_at')} errorTestId="field-error-reminder_at" className="field-grow">
              <select
                id={id('reminder')}
                data-testid="task-form-reminder"
                value={draft.reminder}
                aria-invalid={!!err('reminder_at') || undefined}
                aria-describedby={describedBy(id('reminder'), undefined, err('reminder_at'))}
                onChange={(e) => {
                  const p = e.target.value as ReminderPreset;
                  set('reminder', p);
                  if (p === 'custom' && !draft.reminderLocal) {
                    set('reminderLocal', draft.dueLocal || utcToZonedLocal(Date.now() + 3600_000, draft.timezone));
                  }
                }}
              >
                {REMINDER_OPTIONS.map((o) => (
                  <option key={o.value} value={o.value} disabled={o.needsDue && !draft.dueLocal && draft.reminder !== o.value}>
                    {o.label}
                    {o.needsDue && !draft.dueLocal ? ' (needs a due date)' : ''}
                  </option>
                ))}
              </select>
              {draft.reminder === 'custom' && (
                <>
                  <label htmlFor={id('reminder-at')} className="sr-only">
                    Reminder date and time
                  </label>
                  <input
                    id={id('reminder-at')}
                    data-testid="task-form-reminder-custom"
                    type="datetime-local"
                    className="mt-1"
                    value={draft.reminderLocal}
                    aria-invalid={!!err('reminder_at') || undefined}
                    onChange={(e) => set('reminderLocal', e.target.value)}
                  />
                </>
              )}
              {isRelativePreset(draft.reminder) && base?.reminder_sent && base.reminder_at && (
                <p className="field-hint">This reminder was already sent; moving it re-arms it.</p>
              )}
            </Field>

            <Field id={id('recurrence')} label="Repeat" error={err('recurrence')} errorTestId="field-error-recurrence" className="field-grow">
              <RecurrenceEditor
                id={id('recurrence')}
                value={draft.recurrence}
                original={originalRecurrence}
                onChange={(r) => set('recurrence', r)}
                dueLocal={draft.dueLocal}
                invalid={!!err('recurrence')}
                describedBy={describedBy(id('recurrence'), undefined, err('recurrence'))}
              />
            </Field>
          </div>

          {draft.recurrence.kind !== 'none' && (
            <Field
              id={id('rend')}
              label="Ends on (optional)"
              error={err('recurrence_end')}
              errorTestId="field-error-recurrence_end"
              hint="No occurrence is created after this day."
              className="field-narrow"
            >
              <input
                id={id('rend')}
                data-testid="task-form-recurrence-end"
                type="date"
                value={draft.recurrenceEnd}
                aria-invalid={!!err('recurrence_end') || undefined}
                aria-describedby={describedBy(id('rend'), 'hint', err('recurrence_end'))}
                onChange={(e) => set('recurrenceEnd', e.target.value)}
              />
            </Field>
          )}

          {formError && (
            <p className="form-error" role="alert" data-testid="task-form-error">
              {formError}
            </p>
          )}
        </div>

        <footer className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose} data-testid="task-form-cancel">
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving} data-testid="task-form-save">
            {saving ? 'Saving…' : editing ? 'Save changes' : 'Create task'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
