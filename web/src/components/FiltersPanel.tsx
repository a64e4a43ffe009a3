// Priority, tags, overdue and due range filters.

import { PRIORITIES, type Priority } from '../api/types';
import type { TaskFilters } from '../lib/filters';
import { TagInput } from './TagInput';

const LABEL: Record<Priority, string> = { high: 'High', medium: 'Medium', low: 'Low' };

export function FiltersPanel(props: {
  filters: TaskFilters;
  onFilters: (f: Partial<TaskFilters>) => void;
  onClear: () => void;
  tagSuggestions: readonly string[];
}) {
  const f = props.filters;
  const togglePriority = (p: Priority) =>
    props.onFilters({ priorities: f.priorities.includes(p) ? f.priorities.filter((x) => x !== p) : [...f.priorities, p] });
  return (
    <section id="filters-panel" className="filters-panel" aria-label="Filters" data-testid="filters-panel">
      <fieldset className="filter-group">
        <legend>Priority</legend>
        <div className="pill-group">
          {PRIORITIES.map((p) => (
            <label key={p} className={`pill priority-${p} ${f.priorities.includes(p) ? 'on' : ''}`}>
              <input type="checkbox" data-testid={`filter-priority-${p}`} checked={f.priorities.includes(p)} onChange={() => togglePriority(p)} />
              <span>{LABEL[p]}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="filter-group filter-tags">
        <label htmlFor="filter-tags-input" className="legend-like">
          Tags (all must match)
        </label>
        <TagInput
          id="filter-tags-input"
          testId="filter-tag"
          chipTestId="filter-tag-chip"
          value={f.tags}
          onChange={(tags) => props.onFilters({ tags })}
          suggestions={props.tagSuggestions}
          placeholder="Filter by tag"
          enterSubmits={false}
        />
      </div>

      <fieldset className="filter-group">
        <legend>Due</legend>
        <div className="due-range">
          <label>
            <span>From</span>
            <input type="date" data-testid="filter-due-from" value={f.dueFrom} max={f.dueTo || undefined} onChange={(e) => props.onFilters({ dueFrom: e.target.value })} />
          </label>
          <label>
            <span>To</span>
            <input type="date" data-testid="filter-due-to" value={f.dueTo} min={f.dueFrom || undefined} onChange={(e) => props.onFilters({ dueTo: e.target.value })} />
          </label>
          <label className="check">
            <input type="checkbox" data-testid="filter-overdue" checked={f.overdue} onChange={(e) => props.onFilters({ overdue: e.target.checked })} />
            <span>Overdue only</span>
          </label>
        </div>
      </fieldset>

      <div className="filter-actions">
        <button type="button" className="btn btn-ghost btn-small" data-testid="filters-clear" onClick={props.onClear}>
          Clear filters
        </button>
      </div>
    </section>
  );
}
