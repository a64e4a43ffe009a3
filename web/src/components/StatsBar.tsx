// Totals from GET /api/{user_id}/stats; each one is also a quick filter.

import type { Stats } from '../api/types';

type Key = keyof Stats;
const ITEMS: ReadonlyArray<{ key: Key; label: string }> = [
  { key: 'total', label: 'Total' },
  { key: 'pending', label: 'Pending' },
  { key: 'completed', label: 'Completed' },
  { key: 'overdue', label: 'Overdue' },
];

export function StatsBar(props: { stats: Stats | null; active: Key | null; onPick: (key: Key) => void }) {
  return (
    <section className="stats" aria-label="Task statistics" data-testid="stats">
      {ITEMS.map(({ key, label }) => (
        <button
          key={key}
          type="button"
          className={`stat stat-${key} ${props.active === key ? 'on' : ''}`}
          aria-pressed={props.active === key}
          onClick={() => props.onPick(key)}
          title={key === 'total' ? 'Show all tasks' : `Show ${label.toLowerCase()} tasks`}
        >
          <span className="stat-value" data-testid={`stat-${key}`}>
            {props.stats ? props.stats[key] : '–'}
          </span>
          <span className="stat-label">{label}</span>
        </button>
      ))}
    </section>
  );
}
