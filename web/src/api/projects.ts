// DESIGN §3.8 projects: list, create, read, update (If-Match), delete.

import { http } from './client';
import type { Project, ProjectColor, ProjectPatch } from './types';

const base = (userId: string) => `/api/${encodeURIComponent(userId)}/projects`;
const projectPath = (userId: string, id: string) => `${base(userId)}/${encodeURIComponent(id)}`;

/** Every project of the user, ordered by position (at most 200). */
export async function listProjects(userId: string, signal?: AbortSignal): Promise<Project[]> {
  const r = await http.request<{ items: Project[] }>(base(userId), { signal });
  return r.items;
}

export function getProject(userId: string, id: string, signal?: AbortSignal): Promise<Project> {
  return http.request<Project>(projectPath(userId, id), { signal });
}

/** 201; 409 when the name is taken (case-insensitively) or the user has 200 projects. */
export function createProject(userId: string, input: { name: string; color?: ProjectColor }): Promise<Project> {
  return http.request<Project>(base(userId), { method: 'POST', body: input });
}

/** `position` moves the project to that index; `version` is sent as If-Match (412 when it changed elsewhere). */
export function updateProject(userId: string, id: string, patch: ProjectPatch, version?: number): Promise<Project> {
  const headers: Record<string, string> = {};
  if (version !== undefined) headers['If-Match'] = String(version);
  return http.request<Project>(projectPath(userId, id), { method: 'PATCH', body: patch, headers });
}

/** Its tasks move to the inbox, or to the trash with `deleteTasks`. */
export function deleteProject(userId: string, id: string, deleteTasks: boolean): Promise<void> {
  return http.request<void>(projectPath(userId, id), { method: 'DELETE', query: deleteTasks ? { delete_tasks: 'true' } : undefined });
}
