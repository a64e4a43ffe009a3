// The user's projects for the sidebar, the pickers and the project views:
// loaded once, refreshed (debounced) after live events — task changes move
// the counts, a move shifts the neighbours without events of their own —
// and updated in place by project frames and the user's own changes.

import { useCallback, useEffect, useRef, useState } from 'react';
import { listProjects } from '../api/projects';
import type { Project } from '../api/types';
import { removeProject, sortProjects, upsertProject } from '../lib/projects';

type Change = { seq: number; id: string; project: Project | null };

export function useProjects(userId: string) {
  const [items, setItems] = useState<Project[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const changeSeq = useRef(0);
  const changes = useRef<Change[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const record = (c: Omit<Change, 'seq'>) => {
    changes.current.push({ ...c, seq: ++changeSeq.current });
    if (changes.current.length > 200) changes.current.splice(0, changes.current.length - 200);
  };

  const refresh = useCallback(async () => {
    const my = ++seq.current;
    const mark = changeSeq.current;
    try {
      const list = await listProjects(userId);
      if (my !== seq.current) return;
      // changes seen while the answer was on its way are applied on top of it
      let next = sortProjects(list);
      for (const c of changes.current) {
        if (c.seq <= mark) continue;
        next = c.project ? upsertProject(next, c.project) : removeProject(next, c.id);
      }
      setItems(next);
      setLoaded(true);
      setError(null);
    } catch (e) {
      if (my === seq.current) setError(e);
    }
  }, [userId]);

  const refreshSoon = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void refresh(), 250);
  }, [refresh]);

  useEffect(() => {
    void refresh();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [refresh]);

  /** A newer version of a project (live frame, own change). */
  const apply = useCallback((p: Project) => {
    record({ id: p.id, project: p });
    setItems((l) => upsertProject(l, p));
  }, []);

  const remove = useCallback((id: string) => {
    record({ id, project: null });
    setItems((l) => removeProject(l, id));
  }, []);

  return { items, loaded, error, refresh, refreshSoon, apply, remove };
}

export type Projects = ReturnType<typeof useProjects>;
