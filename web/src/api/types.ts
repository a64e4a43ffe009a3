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
  /** the project (DESIGN §3.8); null or absent = the inbox */
  project_id?: string | null;
  /** set while the task is in the trash (DESIGN §3.8) */
  deleted_at?: string | null;
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
  project_id: string | null;
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

// --- DESIGN §3.8: projects, quick add, trash ---

/** The documented palette (names; the API lower-cases them, default grey). */
export const PROJECT_COLORS = ['red', 'orange', 'yellow', 'lime', 'green', 'teal', 'cyan', 'blue', 'indigo', 'purple', 'pink', 'grey'] as const;
export type ProjectColor = (typeof PROJECT_COLORS)[number];

export interface Project {
  id: string;
  user_id: string;
  name: string;
  color: ProjectColor;
  /** 0-based, without gaps */
  position: number;
  /** pending + completed tasks (the trash counts in neither) */
  task_count: number;
  pending_count: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ProjectPatch {
  name?: string;
  color?: ProjectColor;
  position?: number;
}

export type QuickMatchKind = 'due_date' | 'recurrence' | 'priority' | 'tag' | 'project' | 'reminder';

export interface QuickMatch {
  kind: QuickMatchKind | string;
  /** as written */
  text: string;
  /** UTF-8 byte offsets into the text that was sent, [start, end) */
  start: number;
  end: number;
}

/** What quick add recognised; each key only when recognised. */
export interface QuickParsed {
  title?: string;
  due_date?: string;
  all_day?: boolean;
  recurrence?: string;
  priority?: Priority;
  reminder_at?: string;
  tags?: string[];
  project_id?: string;
  /** the project's name (the server's parser names it too) */
  project?: string;
  matches?: QuickMatch[];
}

export type QuickAddResponse = Task & { parsed?: QuickParsed };
