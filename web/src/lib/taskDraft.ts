// The task form's state, its validation, and the API payloads it yields:
// the full body for a create, only the changed fields for an edit.

import type { Priority, Task, TaskInput, TaskPatch } from '../api/types';
import { endOfLocalDay, isValidTimeZone, utcToZonedDate, utcToZonedLocal, zonedLocalToUtc } from './datetime';
import { computeReminderAt, reminderPresetFor, type ReminderPreset } from './reminder';
import { buildRecurrence, parseRecurrence, sameRule, type Recurrence } from './rrule';
import { addTags, sameTags } from './tags';

export interface TaskDraft {
  title: string;
  description: string;
  priority: Priority;
  tags: string[];
  /** "YYYY-MM-DDTHH:mm" wall-clock in `timezone`, or "" */
  dueLocal: string;
  timezone: string;
  reminder: ReminderPreset;
  /** custom reminder, wall-clock in `timezone` */
  reminderLocal: string;
  recurrence: Recurrence;
  /** "YYYY-MM-DD" in `timezone`, or "" */
  recurrenceEnd: string;
  /** the project's id, "" = the inbox */
  projectId: string;
}

export type DraftErrors = Partial<Record<keyof TaskInput | 'form', string>>;

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 4000;

export function emptyDraft(timeZone: string, projectId: string | null = null): TaskDraft {
  return {
    projectId: projectId ?? '',
    title: '',
    description: '',
    priority: 'medium',
    tags: [],
    dueLocal: '',
    timezone: timeZone,
    reminder: 'none',
    reminderLocal: '',
    recurrence: { kind: 'none' },
    recurrenceEnd: '',
  };
}

export function draftFromTask(task: Task): TaskDraft {
  const tz = task.timezone && isValidTimeZone(task.timezone) ? task.timezone : 'UTC';
  return {
    title: task.title,
    description: task.description ?? '',
    priority: task.priority,
    tags: [...task.tags],
    dueLocal: task.due_date ? utcToZonedLocal(task.due_date, tz) : '',
    timezone: tz,
    reminder: reminderPresetFor(task.due_date, task.reminder_at),
    reminderLocal: task.reminder_at ? utcToZonedLocal(task.reminder_at, tz) : '',
    recurrence: parseRecurrence(task.recurrence),
    recurrenceEnd: task.recurrence_end ? recurrenceEndDate(task.recurrence_end, tz) : '',
    projectId: task.project_id ?? '',
  };
}

/** `recurrence_end` as a date in the task's zone; a bare date is taken as is. */
function recurrenceEndDate(value: string, tz: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : utcToZonedDate(value, tz);
}

export interface DraftResult {
  input: TaskInput;
  errors: DraftErrors;
}

/** Validates the draft and builds the full API body (all writable fields). */
export function draftToInput(d: TaskDraft): DraftResult {
  const errors: DraftErrors = {};
  const title = d.title.trim();
  if (!title) errors.title = 'Give the task a title.';
  else if ([...title].length > TITLE_MAX) errors.title = `At most ${TITLE_MAX} characters.`;
  if ([...d.description].length > DESCRIPTION_MAX) errors.description = `At most ${DESCRIPTION_MAX} characters.`;

  const timezone = d.timezone || 'UTC';
  if (!isValidTimeZone(timezone)) errors.timezone = 'Choose a valid time zone.';

  let due: Date | null = null;
  if (d.dueLocal) {
    due = zonedLocalToUtc(d.dueLocal, timezone);
    if (!due) errors.due_date = 'Enter a valid date and time.';
  }

  let custom: Date | null = null;
  if (d.reminder === 'custom') {
    custom = d.reminderLocal ? zonedLocalToUtc(d.reminderLocal, timezone) : null;
    if (!custom) errors.reminder_at = 'Pick the reminder date and time.';
  } else if (d.reminder !== 'none' && !due && !errors.due_date) {
    errors.reminder_at = 'Set a due date for this reminder.';
  }
  const reminder = computeReminderAt(due, d.reminder, custom);
  if (reminder && due && reminder.getTime() > due.getTime()) errors.reminder_at = 'The reminder must not be after the due time.';

  const recurrence = buildRecurrence(d.recurrence);
  if (recurrence && !due && !errors.due_date) errors.recurrence = 'A repeating task needs a due date.';
  if (d.recurrence.kind === 'custom' && (!Number.isInteger(d.recurrence.interval) || d.recurrence.interval < 1)) {
    errors.recurrence = 'The interval must be a whole number of at least 1.';
  }

  let recurrenceEnd: Date | null = null;
  if (recurrence && d.recurrenceEnd) {
    recurrenceEnd = endOfLocalDay(d.recurrenceEnd, timezone);
    if (!recurrenceEnd) errors.recurrence_end = 'Enter a valid date.';
    else if (due && recurrenceEnd.getTime() < due.getTime()) errors.recurrence_end = 'The end must not be before the due date.';
  }

  return {
    input: {
      title,
      description: d.description,
      priority: d.priority,
      tags: addTags([], d.tags.join(',')),
      due_date: due ? due.toISOString() : null,
      reminder_at: reminder ? reminder.toISOString() : null,
      recurrence,
      recurrence_end: recurrenceEnd ? recurrenceEnd.toISOString() : null,
      timezone,
      project_id: d.projectId || null,
    },
    errors,
  };
}

function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return Date.parse(a) === Date.parse(b);
}

/**
 * Only what the user changed, for PATCH. `draft` is the form state the
 * `input` came from; `original` the task as loaded.
 */
export function diffInput(original: Task, input: TaskInput, draft: TaskDraft): TaskPatch {
  const patch: TaskPatch = {};
  if (input.title !== original.title) patch.title = input.title;
  if (input.description !== (original.description ?? '')) patch.description = input.description;
  if (input.priority !== original.priority) patch.priority = input.priority;
  if (!sameTags(input.tags, original.tags)) patch.tags = input.tags;
  if (input.timezone !== original.timezone) patch.timezone = input.timezone;
  // Times are compared as the form shows them (minutes, in the task's zone):
  // a stored due date with seconds must not count as changed when untouched.
  const before = draftFromTask(original);
  const zoneChanged = draft.timezone !== before.timezone;
  const dueChanged = draft.dueLocal !== before.dueLocal || (draft.dueLocal !== '' && zoneChanged);
  if (dueChanged && !sameInstant(input.due_date, original.due_date)) patch.due_date = input.due_date;
  const reminderChanged =
    draft.reminder !== before.reminder ||
    (draft.reminder === 'custom' && (draft.reminderLocal !== before.reminderLocal || zoneChanged)) ||
    (draft.reminder !== 'none' && draft.reminder !== 'custom' && dueChanged);
  if (reminderChanged && !sameInstant(input.reminder_at, original.reminder_at)) patch.reminder_at = input.reminder_at;
  if (!sameRule(input.recurrence, original.recurrence)) patch.recurrence = input.recurrence;
  const endChanged =
    (input.recurrence_end === null) !== (original.recurrence_end === null) ||
    (input.recurrence_end !== null && (draft.recurrenceEnd !== before.recurrenceEnd || zoneChanged));
  if (endChanged) patch.recurrence_end = input.recurrence_end;
  if (input.project_id !== (original.project_id ?? null)) patch.project_id = input.project_id;
  return patch;
}

/** Body for POST: omits empty optional fields so server defaults apply. */
export function createBody(input: TaskInput): Partial<TaskInput> & { title: string } {
  const body: Partial<TaskInput> & { title: string } = { title: input.title, priority: input.priority, timezone: input.timezone };
  if (input.description) body.description = input.description;
  if (input.tags.length) body.tags = input.tags;
  if (input.due_date) body.due_date = input.due_date;
  if (input.reminder_at) body.reminder_at = input.reminder_at;
  if (input.recurrence) body.recurrence = input.recurrence;
  if (input.recurrence_end) body.recurrence_end = input.recurrence_end;
  if (input.project_id) body.project_id = input.project_id;
  return body;
}
