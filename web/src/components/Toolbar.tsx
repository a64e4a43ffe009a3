// Search, status, sort, the filters toggle and "New task".

import type { SortField, StatusFilter } from '../api/types';
import { orderLabel, SORT_FIELDS, withSortField, type TaskFilters } from '../lib/filters';
import { FilterIcon, OrderIcon, PlusIcon, SearchIcon, SortIcon } from './Icons';

const STATUSES: ReadonlyArray<{ value: StatusFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'completed', label: 'Completed' },
];

export function Toolbar(props: {
  search: string;
  onSearch: (q: string) => void;
  filters: TaskFilters;
  onFilters: (f: Partial<TaskFilters>) => void;
  filtersOpen: boolean;
  onToggleFilters: () => void;
  activeFilters: number;
  onNew: () => void;
  /** replaces the filters (a sort field comes with its natural direction) */
  onReplaceFilters: (f: TaskFilters) => void;
  /** the view has Pending / All / Completed tabs (default true) */
  statusTabs?: boolean;
  /** the view lets the user choose the order (default true) */
  sortable?: boolean;
  /** "New task" is offered (not in the Trash) */
  canCreate?: boolean;
}) {
  const { filters } = props;
  const flipped = filters.order === 'asc' ? 'desc' : 'asc';
  return (
    <div className="toolbar">
      <div className="toolbar-row">
        <div className="search">
          <label htmlFor="task-search" className="sr-only">
            Search tasks
          </label>
          <SearchIcon className="search-icon" />
          <input
            id="task-search"
            data-testid="search"
            type="search"
            aria-keyshortcuts="/"
            placeholder="Search tasks"
            autoComplete="off"
            value={props.search}
            onChange={(e) => props.onSearch(e.target.value)}
          />
        </div>
        {props.canCreate !== false && (
          <button type="button" className="btn btn-primary new-task" data-testid="new-task" onClick={props.onNew} aria-keyshortcuts="n" aria-label="New task">
            <PlusIcon />
            <span>New task</span>
          </button>
        )}
      </div>
      <div className="toolbar-row toolbar-row-wrap">
        {props.statusTabs !== false && (
          <div className="segmented" role="radiogroup" aria-label="Status" data-testid="filter-status">
            {STATUSES.map((s) => (
              <label key={s.value} className={filters.status === s.value ? 'on' : ''}>
                <input
                  type="radio"
                  name="status"
                  value={s.value}
                  data-testid={`filter-status-${s.value}`}
                  checked={filters.status === s.value}
                  onChange={() => props.onFilters({ status: s.value })}
                />
                <span>{s.label}</span>
              </label>
            ))}
          </div>
        )}
        {props.sortable !== false && (
          <div className="sort">
            <label htmlFor="sort-field" className="sr-only">
              Sort by
            </label>
            <SortIcon className="sort-icon" />
            <select
              id="sort-field"
              data-testid="sort-field"
              value={filters.sort}
              onChange={(e) => props.onReplaceFilters(withSortField(filters, e.target.value as SortField))}
            >
              {SORT_FIELDS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
            {/* The name is the visible text ("Newest first"); the title says what a click does. */}
            <button
              type="button"
              className="btn btn-small sort-order"
              data-testid="sort-order"
              data-order={filters.order}
              title={`Sorted ${orderLabel(filters.sort, filters.order).toLowerCase()}; click for ${orderLabel(filters.sort, flipped).toLowerCase()}`}
              onClick={() => props.onFilters({ order: flipped })}
            >
              <OrderIcon width={14} height={14} className={`order-icon order-${filters.order}`} />
              <span>{orderLabel(filters.sort, filters.order)}</span>
            </button>
          </div>
        )}
        <button
          type="button"
          className={`btn btn-small ${props.activeFilters ? 'btn-active' : ''}`}
          data-testid="filters-toggle"
          aria-expanded={props.filtersOpen}
          aria-controls="filters-panel"
          onClick={props.onToggleFilters}
        >
          <FilterIcon width={16} height={16} />
          <span>Filters{props.activeFilters ? ` (${props.activeFilters})` : ''}</span>
        </button>
      </div>
    </div>
  );
}
