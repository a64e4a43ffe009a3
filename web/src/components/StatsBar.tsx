// Totals from GET /api/{user_id}/stats. Each card is also a view of the
// list (lib/filters statView): a click shows exactly what it counts (other
// filters and the search are cleared), and a card is pressed only while the
// list shows exactly that — none while further filters narrow it.

import type { Stats } from '../api/types';
import type { StatKey as Key } from '../lib/filters';
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
          title={key === 'total' ? 'Show all tasks' : `Show all ${label.toLowerCase()} tasks`}
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
