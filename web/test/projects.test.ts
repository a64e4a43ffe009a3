import { describe, expect, it } from 'vitest';
import type { Project } from '../src/api/types';
import { inboxPendingCount, movedPosition, normalizeColor, removeProject, sortProjects, upsertProject, validateProjectName } from '../src/lib/projects';
import { parseFrame } from '../src/live/frames';

let n = 0;
function project(over: Partial<Project> = {}): Project {
  n++;
  return {
    id: `p${n}`,
    user_id: 'u1',
    name: `Project ${n}`,
    color: 'grey',
    position: 0,
    task_count: 0,
    pending_count: 0,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...over,
  };
}

describe('projects', () => {
  it('orders by position and keeps positions without gaps on live changes', () => {
    const a = project({ name: 'Home', position: 0 });
    const b = project({ name: 'Work', position: 1 });
    const c = project({ name: 'Bills', position: 2 });
    expect(sortProjects([c, a, b]).map((p) => p.name)).toEqual(['Home', 'Work', 'Bills']);
    // Bills moved to the top: the others shift down
    const moved = upsertProject([a, b, c], { ...c, position: 0, version: 2 });
    expect(moved.map((p) => [p.name, p.position])).toEqual([['Bills', 0], ['Home', 1], ['Work', 2]]);
    // a stale frame is ignored
    expect(upsertProject(moved, c)).toBe(moved);
    // created: goes where its position says (last)
    const d = project({ name: 'Garden', position: 3 });
    expect(upsertProject(moved, d).map((p) => p.name)).toEqual(['Bills', 'Home', 'Work', 'Garden']);
    // renamed in place
    expect(upsertProject(moved, { ...a, name: 'House', position: 1, version: 2 }).map((p) => p.name)).toEqual(['Bills', 'House', 'Work']);
    // deleted: the gap closes
    expect(removeProject(moved, a.id).map((p) => [p.name, p.position])).toEqual([['Bills', 0], ['Work', 1]]);
  });

  it('moves up and down within the list only', () => {
    const list = [project({ position: 0 }), project({ position: 1 }), project({ position: 2 })];
    expect(movedPosition(list, list[1]!.id, -1)).toBe(0);
    expect(movedPosition(list, list[1]!.id, 1)).toBe(2);
    expect(movedPosition(list, list[0]!.id, -1)).toBeNull();
    expect(movedPosition(list, list[2]!.id, 1)).toBeNull();
    expect(movedPosition(list, 'nope', 1)).toBeNull();
  });

  it('checks names the way the API does (trimmed, 1–100, unique case-insensitively)', () => {
    const list = [project({ id: 'home', name: 'Home' })];
    expect(validateProjectName('  ', list)).toMatch(/name/);
    expect(validateProjectName('x'.repeat(101), list)).toMatch(/100/);
    expect(validateProjectName('🎉'.repeat(100), list)).toBeNull(); // characters, not UTF-16 units
    expect(validateProjectName(' home ', list)).toMatch(/already/);
    expect(validateProjectName('HOME', list, 'home')).toBeNull(); // renaming itself
  });

  it('counts the inbox as all pending tasks minus those in projects', () => {
    const list = [project({ pending_count: 3 }), project({ pending_count: 2 })];
    expect(inboxPendingCount({ pending: 9 }, list)).toBe(4);
    expect(inboxPendingCount({ pending: 4 }, list)).toBe(0); // counts from different moments never go negative
    expect(inboxPendingCount(null, list)).toBeNull();
  });

  it('reads colours case-insensitively, unknown ones as grey', () => {
    expect(normalizeColor('Teal')).toBe('teal');
    expect(normalizeColor(null)).toBe('grey');
    expect(normalizeColor('mauve')).toBe('grey');
  });

  it('parses project frames and task.restored', () => {
    const p = project();
    expect(parseFrame(JSON.stringify({ type: 'project.created', event_id: 'e1', occurred_at: 'x', project: p }))).toEqual({
      type: 'project.created',
      event_id: 'e1',
      occurred_at: 'x',
      project: p,
    });
    expect(parseFrame(JSON.stringify({ type: 'project.deleted', event_id: 'e2', occurred_at: 'x', project: { id: 'p' } }))?.type).toBe('project.deleted');
    expect(parseFrame(JSON.stringify({ type: 'project.updated', event_id: 'e3', occurred_at: 'x' }))).toBeNull(); // no project
    expect(parseFrame(JSON.stringify({ type: 'task.restored', event_id: 'e4', occurred_at: 'x', task: { id: 't' } }))?.type).toBe('task.restored');
  });
});
