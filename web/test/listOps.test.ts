import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, type TaskFilters } from '../src/lib/filters';
import { appendPage, ChangeLog, removeTask, upsertTask, type ListContext } from '../src/lib/listOps';
import { task } from './fixtures';

const ctx = (over: Partial<TaskFilters> = {}, hasMore = false): ListContext => ({
  filters: { ...DEFAULT_FILTERS, ...over },
  nowMs: Date.parse('2026-06-15T12:00:00.000Z'),
  timeZone: 'UTC',
  hasMore,
});

describe('upsertTask', () => {
  it('inserts a new task at its sorted place (newest first by default)', () => {
    const a = task({});
    const b = task({});
    const c = task({});
    expect(upsertTask([b, a], c, ctx()).map((t) => t.id)).toEqual([c.id, b.id, a.id]);
  });

  it('replaces in place, ignores stale versions, and removes tasks that stop matching', () => {
    const a = task({ title: 'a' });
    const b = task({ title: 'b' });
    const b2 = { ...b, title: 'b2', version: 2 };
    expect(upsertTask([b, a], b2, ctx())[0]!.title).toBe('b2');
    expect(upsertTask([b2, a], b, ctx())[0]!.title).toBe('b2');
    const done = { ...b2, completed: true, status: 'completed' as const, version: 3 };
    expect(upsertTask([b2, a], done, ctx({ status: 'pending' })).map((t) => t.id)).toEqual([a.id]);
  });

  it('moves a task when its sort key changes', () => {
    const a = task({ priority: 'high' });
    const b = task({ priority: 'medium' });
    const c = task({ priority: 'low' });
    const moved = { ...c, priority: 'high' as const, version: 2 };
    expect(upsertTask([a, b, c], moved, ctx({ sort: 'priority' })).map((t) => t.id)).toEqual([moved.id, a.id, b.id]);
  });

  it('leaves a task that sorts past the loaded window for "Load more"', () => {
    const a = task({});
    const b = task({});
    const old = task({ created_at: '2020-01-01T00:00:00.000Z' });
    expect(upsertTask([b, a], old, ctx({}, true)).map((t) => t.id)).toEqual([b.id, a.id]);
    expect(upsertTask([b, a], old, ctx({}, false)).map((t) => t.id)).toEqual([b.id, a.id, old.id]);
  });
});

describe('removeTask / appendPage', () => {
  it('removes by id and dedupes pages', () => {
    const a = task({});
    const b = task({});
    expect(removeTask([a, b], a.id)).toEqual([b]);
    const same = [a];
    expect(removeTask(same, 'nope')).toBe(same);
    expect(appendPage([a], [a, b]).map((t) => t.id)).toEqual([a.id, b.id]);
  });
});

describe('ChangeLog', () => {
  it('re-applies changes that arrived while a fetch was in flight', () => {
    const log = new ChangeLog();
    const a = task({});
    const b = task({});
    log.record(a); // before the fetch: already in the response
    const mark = log.mark();
    const c = task({});
    log.record(c); // created during the fetch
    log.recordDeleted(a.id); // deleted during the fetch
    const b2 = { ...b, title: 'newer', version: 2 };
    log.record(b2);
    const response = [b, a]; // what the server said when the fetch started
    const merged = log.replaySince(mark, response, ctx());
    expect(merged.map((t) => t.id)).toEqual([c.id, b.id]);
    expect(merged[1]!.title).toBe('newer');
  });

  it('stays bounded', () => {
    const log = new ChangeLog(3);
    for (let i = 0; i < 10; i++) log.record(task({}));
    expect(log.replaySince(0, [], ctx())).toHaveLength(3);
  });
});
