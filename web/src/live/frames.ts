// WebSocket frames (DESIGN.md §3.6). Unknown types are ignored (additive schema).

import type { AppNotification, Project, Task } from '../api/types';

export const TASK_FRAME_TYPES = ['task.created', 'task.updated', 'task.completed', 'task.reopened', 'task.deleted', 'task.restored'] as const;
export const PROJECT_FRAME_TYPES = ['project.created', 'project.updated', 'project.deleted'] as const;
export type ProjectFrameType = (typeof PROJECT_FRAME_TYPES)[number];
export type TaskFrameType = (typeof TASK_FRAME_TYPES)[number];

export interface HelloFrame {
  type: 'hello';
  user_id: string;
}
export interface TaskFrame {
  type: TaskFrameType;
  event_id: string;
  occurred_at: string;
  task: Task;
}
export interface NotificationFrame {
  type: 'notification.created';
  event_id: string;
  occurred_at: string;
  notification: AppNotification;
}
/** DESIGN §3.8: `{"type": "project.updated", "event_id", "occurred_at", "project": {…}}` */
export interface ProjectFrame {
  type: ProjectFrameType;
  event_id: string;
  occurred_at: string;
  project: Project;
}
export type LiveFrame = HelloFrame | TaskFrame | NotificationFrame | ProjectFrame;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Text frame → typed frame, or null when malformed or of an unknown type. */
export function parseFrame(text: string): LiveFrame | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(v) || typeof v.type !== 'string') return null;
  if (v.type === 'hello') return { type: 'hello', user_id: typeof v.user_id === 'string' ? v.user_id : '' };
  if (typeof v.event_id !== 'string' || !v.event_id) return null;
  const occurred_at = typeof v.occurred_at === 'string' ? v.occurred_at : '';
  if ((TASK_FRAME_TYPES as readonly string[]).includes(v.type)) {
    if (!isObj(v.task) || typeof v.task.id !== 'string') return null;
    return { type: v.type as TaskFrameType, event_id: v.event_id, occurred_at, task: v.task as unknown as Task };
  }
  if ((PROJECT_FRAME_TYPES as readonly string[]).includes(v.type)) {
    if (!isObj(v.project) || typeof v.project.id !== 'string') return null;
    return { type: v.type as ProjectFrameType, event_id: v.event_id, occurred_at, project: v.project as unknown as Project };
  }
  if (v.type === 'notification.created') {
    if (!isObj(v.notification) || typeof v.notification.id !== 'string') return null;
    return {
      type: 'notification.created',
      event_id: v.event_id,
      occurred_at,
      notification: v.notification as unknown as AppNotification,
    };
  }
  return null;
}
