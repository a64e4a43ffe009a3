// §3.3 task routes, stats and tags.

import { http } from './client';
import type { Page, QuickAddResponse, QuickParsed, Stats, TagCount, Task, TaskInput, TaskPatch } from './types';

const base = (userId: string) => `/api/${encodeURIComponent(userId)}`;
const taskPath = (userId: string, id: string) => `${base(userId)}/tasks/${encodeURIComponent(id)}`;

export function listTasks(userId: string, query: URLSearchParams, signal?: AbortSignal): Promise<Page<Task>> {
  return http.request<Page<Task>>(`${base(userId)}/tasks`, { query, signal });
}

export function getTask(userId: string, id: string, signal?: AbortSignal): Promise<Task> {
  return http.request<Task>(taskPath(userId, id), { signal });
}

/** `idempotencyKey` makes a retried create return the first result (no duplicate). */
export function createTask(userId: string, input: Partial<TaskInput> & { title: string }, idempotencyKey: string): Promise<Task> {
  return http.request<Task>(`${base(userId)}/tasks`, {
    method: 'POST',
    body: input,
    headers: { 'Idempotency-Key': idempotencyKey },
    // Safe to retry on 503: the idempotency key dedupes on the server.
    retry: true,
  });
}

/** Partial update; `version` is sent as `If-Match` (412 when it changed elsewhere). */
export function updateTask(userId: string, id: string, patch: TaskPatch, version?: number): Promise<Task> {
  const headers: Record<string, string> = {};
  if (version !== undefined) headers['If-Match'] = String(version);
  return http.request<Task>(taskPath(userId, id), { method: 'PATCH', body: patch, headers });
}

/** Sets completion explicitly (idempotent), never toggles. */
export function setTaskCompleted(userId: string, id: string, completed: boolean): Promise<Task> {
  return http.request<Task>(`${taskPath(userId, id)}/complete`, { method: 'PATCH', body: { completed }, retry: true });
}

/** Moves the task to the trash (DESIGN §3.8); `restoreTask` brings it back within 30 days. */
export function deleteTask(userId: string, id: string): Promise<void> {
  return http.request<void>(taskPath(userId, id), { method: 'DELETE' });
}

/** 200 the restored task; 409 when it is not in the trash; 404 when unknown or purged. */
export function restoreTask(userId: string, id: string): Promise<Task> {
  return http.request<Task>(`${taskPath(userId, id)}/restore`, { method: 'POST' });
}

/**
 * Quick add: the server reads the text (dates, recurrence, p1, @tag,
 * #project, "remind me …") and creates the task; the answer is the task plus
 * `parsed`. Same `Idempotency-Key` rule as a create.
 */
export function quickAddTask(userId: string, text: string, timezone: string, idempotencyKey: string): Promise<QuickAddResponse> {
  return http.request<QuickAddResponse>(`${base(userId)}/tasks/quick`, {
    method: 'POST',
    body: { text, timezone },
    headers: { 'Idempotency-Key': idempotencyKey },
    retry: true,
  });
}

/** What quick add would recognise in `text`, without creating anything. */
export async function previewQuickAdd(userId: string, text: string, timezone: string, signal?: AbortSignal): Promise<QuickParsed> {
  const r = await http.request<{ parsed: QuickParsed }>(`${base(userId)}/tasks/quick/preview`, {
    method: 'POST',
    body: { text, timezone },
    signal,
    // no side effects: a preview is as safe to retry as a GET, but a stale
    // one is worthless; do not retry (the next keystroke asks again)
    retry: false,
  });
  return r.parsed ?? {};
}

export function getStats(userId: string, signal?: AbortSignal): Promise<Stats> {
  return http.request<Stats>(`${base(userId)}/stats`, { signal });
}

export function listTags(userId: string, signal?: AbortSignal): Promise<{ items: TagCount[] }> {
  return http.request<{ items: TagCount[] }>(`${base(userId)}/tags`, { signal });
}
