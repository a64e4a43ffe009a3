import type { Task } from '../src/api/types';

let n = 0;
export function task(over: Partial<Task> = {}): Task {
  n++;
  const created = over.created_at ?? new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();
  const completed = over.completed ?? over.status === 'completed';
  return {
    id: `t${n}`,
    user_id: 'u1',
    title: `Task ${n}`,
    description: '',
    priority: 'medium',
    tags: [],
    due_date: null,
    reminder_at: null,
    reminder_sent: false,
    recurrence: null,
    recurrence_end: null,
    timezone: 'UTC',
    parent_task_id: null,
    created_at: created,
    updated_at: created,
    completed_at: null,
    version: 1,
    ...over,
    completed,
    status: completed ? 'completed' : 'pending',
  };
}
