// Resource shapes of the public HTTP API (DESIGN.md §3). snake_case on the
// wire, kept as-is here so no mapping layer can drift from the contract.

export type Priority = 'low' | 'medium' | 'high';
export const PRIORITIES: readonly Priority[] = ['high', 'medium', 'low'];

export type TaskStatus = 'pending' | 'completed';

export interface User {
  id: string;
  email: string;
  name: string | null;
  created_at: string;
}

export interface AuthResponse {
  user: User;
  token: string;
  expires_at: string;
}

export interface Task {
  id: string;
  user_id: string;
  title: string;
  description: string;
  priority: Priority;
  tags: string[];
  status: TaskStatus;
  completed: boolean;
  due_date: string | null;
  reminder_at: string | null;
  reminder_sent: boolean;
  recurrence: string | null;
  recurrence_end: string | null;
  timezone: string;
  parent_task_id: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  version: number;
}

/** Writable task fields (POST body; PATCH sends a subset, `null` clears). */
export interface TaskInput {
  title: string;
  description: string;
  priority: Priority;
  tags: string[];
  due_date: string | null;
  reminder_at: string | null;
  recurrence: string | null;
  recurrence_end: string | null;
  timezone: string;
}

export type TaskPatch = Partial<TaskInput>;

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Stats {
  total: number;
  pending: number;
  completed: number;
  overdue: number;
}

export interface TagCount {
  tag: string;
  count: number;
}

export interface AppNotification {
  id: string;
  user_id: string;
  task_id: string | null;
  type: string;
  message: string;
  read: boolean;
  created_at: string;
}

export interface NotificationPage extends Page<AppNotification> {
  unread_count: number;
}

export type SortField = 'created_at' | 'updated_at' | 'due_date' | 'priority' | 'title';
export type SortOrder = 'asc' | 'desc';
export type StatusFilter = 'pending' | 'completed' | 'all';
