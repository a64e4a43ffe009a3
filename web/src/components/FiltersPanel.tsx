// Priority, tags, overdue and due range filters.

import { useState } from 'react';
import { PRIORITIES, type Priority } from '../api/types';
import { formatLocalDate } from '../lib/datetime';
import type { TaskFilters } from '../lib/filters';
import { TagInput } from './TagInput';

const LABEL: Record<Priority, string> = { high: 'High', medium: 'Medium', low: 'Low' };

export function FiltersPanel(props: {
  filters: TaskFilters;
  onFilters: (f: Partial<TaskFilters>) => void;
  onClear: () => void;
  tagSuggestions: readonly string[];
  /** the view lets the due range and "overdue only" narrow it (default true; Today and Upcoming fix them) */
  dueRange?: boolean;
}) {
  const f = props.filters;
  // "Clear filters" also empties a half-typed tag (a fresh input)
  const [tagInputKey, setTagInputKey] = useState(0);
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
          key={tagInputKey}
          id="filter-tags-input"
          testId="filter-tag"
          chipTestId="filter-tag-chip"
          value={f.tags}
          onChange={(tags) => props.onFilters({ tags })}
          suggestions={props.tagSuggestions}
          placeholder="Filter by tag"
          enterSubmits={false}
          commitOnBlur={false}
        />
      </div>

      {props.dueRange !== false && (
        <fieldset className="filter-group">
          <legend>Due</legend>
          <div className="due-range">
            <label>
              <span>From</span>
              <input
                type="date"
                data-testid="filter-due-from"
                value={f.dueFrom}
                max={f.dueTo || undefined}
                aria-describedby={f.dueFrom ? 'filter-due-from-echo' : undefined}
                onChange={(e) => props.onFilters({ dueFrom: e.target.value })}
              />
              {/* the chosen day in the app's own date format */}
              {f.dueFrom && (
                <span id="filter-due-from-echo" className="field-hint" data-testid="filter-due-from-echo">
                  {formatLocalDate(f.dueFrom)}
                </span>
              )}
            </label>
            <label>
              <span>To</span>
              <input
                type="date"
                data-testid="filter-due-to"
                value={f.dueTo}
                min={f.dueFrom || undefined}
                aria-describedby={f.dueTo ? 'filter-due-to-echo' : undefined}
                onChange={(e) => props.onFilters({ dueTo: e.target.value })}
              />
              {f.dueTo && (
                <span id="filter-due-to-echo" className="field-hint" data-testid="filter-due-to-echo">
                  {formatLocalDate(f.dueTo)}
                </span>
              )}
            </label>
            <label className="check">
              <input type="checkbox" data-testid="filter-overdue" checked={f.overdue} onChange={(e) => props.onFilters({ overdue: e.target.checked })} />
              <span>Overdue only</span>
            </label>
          </div>
        </fieldset>
      )}

      <div className="filter-actions">
        <button
          type="button"
          className="btn btn-ghost btn-small"
          data-testid="filters-clear"
          onClick={() => {
            setTagInputKey((k) => k + 1);
            props.onClear();
          }}
        >
          Clear filters
        </button>
      </div>
    </section>
  );
}
