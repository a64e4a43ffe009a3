// Projects in the client: the palette, the sidebar's order, live updates
// and the counts (DESIGN §3.8).

import type { Project, ProjectColor, Stats } from '../api/types';
import { PROJECT_COLORS } from '../api/types';

export const PROJECT_NAME_MAX = 100;
export const MAX_PROJECTS = 200;
export const DEFAULT_COLOR: ProjectColor = 'grey';

export const COLOR_LABEL: Readonly<Record<ProjectColor, string>> = {
  red: 'Red',
  orange: 'Orange',
  yellow: 'Yellow',
  lime: 'Lime',
  green: 'Green',
  teal: 'Teal',
  cyan: 'Cyan',
  blue: 'Blue',
  indigo: 'Indigo',
  purple: 'Purple',
  pink: 'Pink',
  grey: 'Grey',
};

/** A colour from the API (case-insensitive; unknown or null = grey). */
export function normalizeColor(c: string | null | undefined): ProjectColor {
  const v = (c ?? '').toLowerCase();
  return (PROJECT_COLORS as readonly string[]).includes(v) ? (v as ProjectColor) : DEFAULT_COLOR;
}

/** Client check of a project name: 1–100 characters after trimming, not taken (case-insensitively). */
export function validateProjectName(name: string, projects: readonly Project[], exceptId?: string): string | null {
  const n = name.trim();
  if (!n) return 'Give the project a name.';
  if ([...n].length > PROJECT_NAME_MAX) return `At most ${PROJECT_NAME_MAX} characters.`;
  const lower = n.toLowerCase();
  if (projects.some((p) => p.id !== exceptId && p.name.toLowerCase() === lower)) return 'You already have a project with this name.';
  return null;
}

/** Sidebar order: by position, then name, then id (ties only until the next refetch). */
export function sortProjects(list: readonly Project[]): Project[] {
  return [...list].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A newer version of a project (live frame or own change's answer). An
 * older version than the one shown is ignored. A project moved to a new
 * position shifts the others as the server does (0-based, no gaps), so the
 * order is right before the refetch that confirms it.
 */
export function upsertProject(list: readonly Project[], p: Project): Project[] {
  const old = list.find((x) => x.id === p.id);
  if (old && old.version > p.version) return list as Project[];
  const others = sortProjects(list.filter((x) => x.id !== p.id));
  const at = Math.max(0, Math.min(others.length, p.position));
  others.splice(at, 0, p);
  return others.map((x, i) => (x.position === i ? x : { ...x, position: i }));
}

export function removeProject(list: readonly Project[], id: string): Project[] {
  if (!list.some((p) => p.id === id)) return list as Project[];
  return sortProjects(list.filter((p) => p.id !== id)).map((x, i) => (x.position === i ? x : { ...x, position: i }));
}

/** Pending tasks in the inbox: every pending task minus those in projects (the trash counts in neither). */
export function inboxPendingCount(stats: Pick<Stats, 'pending'> | null, projects: readonly Project[]): number | null {
  if (!stats) return null;
  const inProjects = projects.reduce((n, p) => n + (p.pending_count ?? 0), 0);
  return Math.max(0, stats.pending - inProjects);
}

/** "Move up" / "Move down": the position to PATCH, or null at the edge. */
export function movedPosition(list: readonly Project[], id: string, delta: -1 | 1): number | null {
  const sorted = sortProjects(list);
  const i = sorted.findIndex((p) => p.id === id);
  if (i < 0) return null;
  const j = i + delta;
  return j < 0 || j >= sorted.length ? null : j;
}
