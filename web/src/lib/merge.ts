// Three-way merge of an edit that the server refused with 412 (If-Match):
// the task as the form loaded it (base), the user's changes (mine, the PATCH
// body) and the version saved elsewhere meanwhile (theirs). The user's
// changed fields go over theirs; only a field changed on both sides to
// different values is a conflict the user decides.

import type { Task, TaskInput, TaskPatch } from '../api/types';
import type { TaskDraft } from './taskDraft';
import { draftFromTask } from './taskDraft';
import { formatDateTime } from './datetime';
import { describeRecurrence, sameRule } from './rrule';
import { sameTags } from './tags';

export type TaskField = keyof TaskInput;

/** The writable fields, in the order the form shows them. */
export const TASK_FIELDS: readonly TaskField[] = [
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

export const FIELD_LABEL: Readonly<Record<TaskField, string>> = {
  title: 'Title',
  description: 'Description',
  priority: 'Priority',
  tags: 'Tags',
  project_id: 'Project',
  due_date: 'Due',
  timezone: 'Time zone',
  reminder_at: 'Reminder',
  recurrence: 'Repeat',
  recurrence_end: 'Repeat ends',
};

type Value = TaskInput[TaskField];

/** A field's value on a task, as a PATCH would carry it. */
export function fieldOf(task: Task, field: TaskField): Value {
  if (field === 'description') return task.description ?? '';
  if (field === 'project_id') return task.project_id ?? null;
  return task[field];
}

function sameInstant(a: unknown, b: unknown): boolean {
  if (a == null || b == null) return a == b;
  return Date.parse(String(a)) === Date.parse(String(b));
}

/** Equality per field: tags by list, times by instant, rules canonically. */
export function sameValue(field: TaskField, a: Value | undefined, b: Value | undefined): boolean {
  switch (field) {
    case 'tags':
      return sameTags((a as string[] | null) ?? [], (b as string[] | null) ?? []);
    case 'due_date':
    case 'reminder_at':
    case 'recurrence_end':
      return sameInstant(a, b);
    case 'recurrence':
      return sameRule((a as string | null) ?? null, (b as string | null) ?? null);
    case 'description':
      return (a ?? '') === (b ?? '');
    default:
      return a === b;
  }
}

export interface Conflict {
  field: TaskField;
  base: Value;
  mine: Value;
  theirs: Value;
}

export interface MergeResult {
  /** the user's changes that theirs does not already have: PATCH these on top of theirs */
  patch: TaskPatch;
  /** changed on both sides, to different values */
  conflicts: Conflict[];
  /** fields changed elsewhere that the user left alone (kept as theirs) */
  theirsChanged: TaskField[];
}

export function mergeEdit(base: Task, mine: TaskPatch, theirs: Task): MergeResult {
  const patch: TaskPatch = {};
  const conflicts: Conflict[] = [];
  for (const field of TASK_FIELDS) {
    if (!(field in mine)) continue;
    const m = mine[field] as Value;
    const t = fieldOf(theirs, field);
    const b = fieldOf(base, field);
    if (sameValue(field, m, t)) continue; // theirs already says the same
    if (sameValue(field, t, b)) (patch as Record<string, unknown>)[field] = m; // only mine changed it
    else conflicts.push({ field, base: b, mine: m, theirs: t });
  }
  const theirsChanged = TASK_FIELDS.filter((f) => !(f in mine) && !sameValue(f, fieldOf(base, f), fieldOf(theirs, f)));
  return { patch, conflicts, theirsChanged };
}

export type Choice = 'mine' | 'theirs';

/** The task as it would be with the merge applied and each conflict decided. */
export function mergedTask(theirs: Task, result: MergeResult, choices: Partial<Record<TaskField, Choice>> = {}): Task {
  const out: Record<string, unknown> = { ...theirs, ...result.patch };
  for (const c of result.conflicts) out[c.field] = (choices[c.field] ?? 'mine') === 'mine' ? c.mine : c.theirs;
  return out as unknown as Task;
}

/** The draft (form state) keys that show each API field. */
const DRAFT_KEYS: Readonly<Record<TaskField, ReadonlyArray<keyof TaskDraft>>> = {
  title: ['title'],
  description: ['description'],
  priority: ['priority'],
  tags: ['tags'],
  project_id: ['projectId'],
  due_date: ['dueLocal'],
  timezone: ['timezone'],
  reminder_at: ['reminder', 'reminderLocal'],
  recurrence: ['recurrence'],
  recurrence_end: ['recurrenceEnd'],
};

/** `draft` with `field` shown as it is on `task` (for "keep mine" / "use theirs"). */
export function draftWithField(draft: TaskDraft, field: TaskField, task: Task): TaskDraft {
  const from = draftFromTask({ ...task, timezone: draft.timezone });
  const out = { ...draft } as Record<keyof TaskDraft, unknown>;
  for (const k of DRAFT_KEYS[field]) out[k] = from[k];
  if (field === 'timezone') out.timezone = task.timezone;
  return out as unknown as TaskDraft;
}

/** A field's value in words, for putting two versions side by side. */
export function describeValue(
  field: TaskField,
  value: Value | undefined,
  timeZone: string,
  nowMs = Date.now(),
  projectName: (id: string) => string | null | undefined = () => null,
): string {
  switch (field) {
    case 'project_id':
      return value ? (projectName(String(value)) ?? 'another project') : 'Inbox';
    case 'title':
      return `“${String(value ?? '')}”`;
    case 'description': {
      const d = String(value ?? '');
      if (!d) return '(empty)';
      return `“${d.length > 80 ? `${d.slice(0, 79)}…` : d}”`;
    }
    case 'priority': {
      const p = String(value ?? '');
      return p ? p[0]!.toUpperCase() + p.slice(1) : '(none)';
    }
    case 'tags': {
      const tags = (value as string[] | null) ?? [];
      return tags.length ? tags.map((t) => `#${t}`).join(' ') : '(no tags)';
    }
    case 'due_date':
    case 'reminder_at':
    case 'recurrence_end':
      return value ? formatDateTime(String(value), { timeZone, nowMs }) : '(none)';
    case 'recurrence':
      return value ? describeRecurrence(String(value)) : 'Does not repeat';
    case 'timezone':
      return String(value ?? 'UTC').replace(/_/g, ' ');
  }
}
