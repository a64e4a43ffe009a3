// Create / edit a task in a dialog. Edits send only the changed fields with
// If-Match. A 412 (changed elsewhere meanwhile) is merged field by field:
// the user's changes go over the other version and are saved again; only a
// field changed on both sides is put to the user. 422 details appear next
// to their field.

import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../api/errors';
import { createTask, getTask, updateTask } from '../api/tasks';
import { PRIORITIES, type Project, type Task, type TaskInput } from '../api/types';
import { formatDateTime, formatLocalDate, formatLocalDateTime, utcToZonedLocal, zoneAbbreviation, zonedLocalToUtc } from '../lib/datetime';
import { describeValue, draftWithField, FIELD_LABEL, mergedTask, mergeEdit, type Choice, type MergeResult, type TaskField } from '../lib/merge';
import { REMINDER_OPTIONS, isRelativePreset, type ReminderPreset } from '../lib/reminder';
import { parseRecurrence } from '../lib/rrule';
import { showToast } from '../state/toasts';
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
import type { TaskPatch } from '../api/types';
import { timeZoneList } from '../lib/timezones';
import { Dialog, DialogHeader } from './Dialog';
import { describedBy, Field } from './Field';
import { RecurrenceEditor } from './RecurrenceEditor';
import { TagInput } from './TagInput';

const FIELD_ORDER: Array<keyof TaskInput> = [
  'title',
  'description',
  'priority',
  'tags',
  'project_id',
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

/**
 * The chosen time in the app's display format ("Dec 6, 9:00 AM CET", as the
 * list will show it), the time in the viewer's zone when it differs, and a
 * DST-gap warning.
 */
function dueHint(local: string, zone: string, viewerZone: string): string | undefined {
  if (!local) return undefined;
  const due = zonedLocalToUtc(local, zone);
  if (!due) return undefined;
  const actual = utcToZonedLocal(due, zone);
  const parts = [`${formatLocalDateTime(actual)} ${zoneAbbreviation(zone, due.getTime())}`];
  if (actual !== local) parts.push(`${local.slice(11)} does not exist that day (clocks change); it will be ${actual.slice(11)}`);
  if (zone !== viewerZone) parts.push(`${formatDateTime(due.toISOString(), { timeZone: viewerZone })} your time`);
  return parts.join(' · ');
}

interface Pending {
  /** the other version, now the form's base */
  theirs: Task;
  result: MergeResult;
  choices: Partial<Record<TaskField, Choice>>;
}

const MAX_MERGE_ROUNDS = 3;

export function TaskForm(props: {
  userId: string;
  /** the task to edit; absent for a new task */
  task: Task | null;
  /** newest version seen live while the form is open */
  liveTask: Task | null;
  defaultTimeZone: string;
  tagSuggestions: readonly string[];
  /** the projects to pick from (ordered) */
  projects: readonly Project[];
  /** a new task's project (the project view it is created in); null = the inbox */
  defaultProjectId?: string | null;
  onClose: () => void;
  onSaved: (task: Task, created: boolean) => void;
  onGone: (id: string) => void;
}) {
  const uid = useId();
  const id = (name: string) => `${uid}-${name}`;
  const titleId = id('heading');
  const [base, setBase] = useState<Task | null>(props.task);
  const [draft, setDraft] = useState<TaskDraft>(() =>
    props.task ? draftFromTask(props.task) : emptyDraft(props.defaultTimeZone, props.defaultProjectId ?? null),
  );
  const [errors, setErrors] = useState<DraftErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  /** fields changed on both sides after a 412, waiting for the user's choice */
  const [pending, setPending] = useState<Pending | null>(null);
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
    const apiKey =
      ({ dueLocal: 'due_date', reminder: 'reminder_at', reminderLocal: 'reminder_at', recurrenceEnd: 'recurrence_end', projectId: 'project_id' } as Record<string, string>)[key] ??
      key;
    if (errors[apiKey as keyof DraftErrors]) setErrors((e) => ({ ...e, [apiKey]: undefined }));
  }

  function showErrors(e: DraftErrors) {
    focusInvalid.current = true;
    setErrors(e);
  }

  /** The user's changes so far (fields whose input is invalid are left out). */
  function myChanges(from: Task): TaskPatch {
    const { input, errors: invalid } = draftToInput(draft);
    const patch = diffInput(from, input, draft);
    for (const k of Object.keys(patch) as TaskField[]) if (invalid[k]) delete patch[k];
    return patch;
  }

  function gone(id: string) {
    setFormError('This task no longer exists — it was deleted elsewhere.');
    props.onGone(id);
  }

  /** Shows the merge of `mine` over `theirs` with the conflicting fields to decide. */
  function showMerge(theirs: Task, result: MergeResult, message: string) {
    setBase(theirs);
    setDraft(draftFromTask(mergedTask(theirs, result)));
    setErrors({});
    setPending(result.conflicts.length ? { theirs, result, choices: {} } : null);
    setNotice(message);
    props.onSaved(theirs, false);
  }

  /** "Load the latest version": merge without saving. */
  async function loadLatest() {
    if (!base) return;
    try {
      const theirs = await getTask(props.userId, base.id);
      const result = mergeEdit(base, myChanges(base), theirs);
      showMerge(
        theirs,
        result,
        result.conflicts.length
          ? 'Loaded the latest version. Some fields were changed on both sides — choose which to keep, then save.'
          : 'Loaded the latest version; your changes are kept on top of it.',
      );
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) gone(base.id);
      else setFormError(describeError(e));
    }
  }

  /**
   * PATCH `patch` over `from` with If-Match. On 412: merge with the current
   * version and save again when no field conflicts, else ask.
   */
  async function saveEdit(from: Task, patch: TaskPatch): Promise<void> {
    let current = from;
    let body = patch;
    const keptTheirs = new Set<TaskField>();
    for (let round = 0; ; round++) {
      try {
        const updated = await updateTask(props.userId, current.id, body, current.version);
        props.onSaved(updated, false);
        props.onClose();
        if (keptTheirs.size) {
          const names = [...keptTheirs].map((f) => FIELD_LABEL[f].toLowerCase()).join(', ');
          showToast({ kind: 'success', message: `Saved. It had been changed elsewhere meanwhile; that change (${names}) is kept too.` });
        }
        return;
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 412) || round >= MAX_MERGE_ROUNDS) throw err;
      }
      const theirs = await getTask(props.userId, current.id);
      const result = mergeEdit(current, body, theirs);
      for (const f of result.theirsChanged) keptTheirs.add(f);
      if (result.conflicts.length) {
        showMerge(
          theirs,
          result,
          'This task was changed elsewhere while you were editing. Your other changes are kept; the fields below were changed on both sides — choose which to keep, then save.',
        );
        return;
      }
      if (Object.keys(result.patch).length === 0) {
        // the other version already says what the user wanted
        props.onSaved(theirs, false);
        props.onClose();
        return;
      }
      current = theirs;
      body = result.patch;
    }
  }

  function choose(field: TaskField, choice: Choice) {
    if (!pending) return;
    const mine = mergedTask(pending.theirs, pending.result);
    setDraft((d) => draftWithField(d, field, choice === 'mine' ? mine : pending.theirs));
    setPending({ ...pending, choices: { ...pending.choices, [field]: choice } });
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
      await saveEdit(base, patch);
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        setFormError('This task keeps changing elsewhere. Check the fields and save again.');
      } else if (err instanceof ApiError && err.status === 404 && base) {
        gone(base.id);
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
  const projectName = (pid: string) => props.projects.find((p) => p.id === pid)?.name;
  // a project deleted meanwhile stays choosable until the user picks another
  const unknownProject = draft.projectId && !props.projects.some((p) => p.id === draft.projectId) ? draft.projectId : null;
  const err = (k: keyof TaskInput) => errors[k] ?? null;

  return (
    <Dialog labelledBy={titleId} onClose={props.onClose} className="dialog-form" testId="task-dialog">
      <form ref={formRef} onSubmit={submit} noValidate data-testid="task-form" className="task-form">
        <DialogHeader titleId={titleId} title={editing ? 'Edit task' : 'New task'} onClose={props.onClose} />

        <div className="dialog-body">
          {notice && (
            <p className="notice" role="status" data-testid="task-form-notice">
              {notice}
            </p>
          )}
          {staleElsewhere && !notice && (
            <p className="notice" role="status" data-testid="task-form-stale">
              This task was just changed elsewhere.{' '}
              <button type="button" className="link-btn" onClick={() => void loadLatest()}>
                Load the latest version
              </button>{' '}
              (your changes are kept)
            </p>
          )}
          {pending && (
            <div className="conflicts" data-testid="task-form-conflicts">
              {pending.result.conflicts.map((c) => {
                const choice = pending.choices[c.field] ?? 'mine';
                const name = `${uid}-conflict-${c.field}`;
                return (
                  <fieldset key={c.field} className="conflict" data-testid="task-form-conflict" data-field={c.field}>
                    <legend>{FIELD_LABEL[c.field]}</legend>
                    <label className={`conflict-choice ${choice === 'mine' ? 'on' : ''}`}>
                      <input type="radio" name={name} data-testid="conflict-keep-mine" checked={choice === 'mine'} onChange={() => choose(c.field, 'mine')} />
                      <span>
                        <strong>Yours:</strong> {describeValue(c.field, c.mine, draft.timezone, Date.now(), projectName)}
                      </span>
                    </label>
                    <label className={`conflict-choice ${choice === 'theirs' ? 'on' : ''}`}>
                      <input type="radio" name={name} data-testid="conflict-use-theirs" checked={choice === 'theirs'} onChange={() => choose(c.field, 'theirs')} />
                      <span>
                        <strong>Saved elsewhere:</strong> {describeValue(c.field, c.theirs, draft.timezone, Date.now(), projectName)}
                      </span>
                    </label>
                  </fieldset>
                );
              })}
            </div>
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
            <Field id={id('project')} label="Project" error={err('project_id')} errorTestId="field-error-project_id" className="field-grow">
              <select
                id={id('project')}
                data-testid="task-form-project"
                value={draft.projectId}
                aria-invalid={!!err('project_id') || undefined}
                aria-describedby={describedBy(id('project'), undefined, err('project_id'))}
                onChange={(e) => set('projectId', e.target.value)}
              >
                <option value="">Inbox</option>
                {props.projects.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
                {unknownProject && <option value={unknownProject}>(a deleted project)</option>}
              </select>
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
                    aria-describedby={draft.reminderLocal ? id('reminder-at-echo') : undefined}
                    onChange={(e) => set('reminderLocal', e.target.value)}
                  />
                  {draft.reminderLocal && (
                    <p id={id('reminder-at-echo')} className="field-hint" data-testid="task-form-reminder-echo">
                      {formatLocalDateTime(draft.reminderLocal)}
                    </p>
                  )}
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
              hint={draft.recurrenceEnd ? `No occurrence is created after ${formatLocalDate(draft.recurrenceEnd)}.` : 'No occurrence is created after this day.'}
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

        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose} data-testid="task-form-cancel">
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving} data-testid="task-form-save">
            {saving ? 'Saving…' : editing ? 'Save changes' : 'Create task'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
