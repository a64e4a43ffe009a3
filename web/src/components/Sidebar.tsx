// The views (Inbox, Today, Upcoming, All tasks, Completed, Trash) and the
// projects, with their counts. Links are real links (a middle click opens
// a new tab); a plain click changes the view in place. On phones the list
// is folded behind the "Views" button that comes before it.

import type { MouseEvent, ReactElement, SVGProps } from 'react';
import type { Project } from '../api/types';
import { FIXED_VIEWS, sameView, viewPath, viewTitle, type View, type ViewKind } from '../lib/views';
import { CalendarIcon, CheckCircleIcon, InboxIcon, ListIcon, PlusIcon, TodayIcon, TrashIcon } from './Icons';
import { ProjectDot } from './ProjectDot';

const ICONS: Record<Exclude<ViewKind, 'project'>, (p: SVGProps<SVGSVGElement>) => ReactElement> = {
  inbox: InboxIcon,
  today: TodayIcon,
  upcoming: CalendarIcon,
  all: ListIcon,
  completed: CheckCircleIcon,
  trash: TrashIcon,
};

/** What the count beside a view means, for screen readers. */
const COUNT_WORDS: Partial<Record<ViewKind, string>> = {
  inbox: 'pending',
  today: 'due or overdue',
  completed: 'completed',
};

export type ViewCounts = Partial<Record<Exclude<ViewKind, 'project'>, string | number | null>>;

function plainClick(e: MouseEvent): boolean {
  return e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
}

export function Sidebar(props: {
  id: string;
  view: View;
  open: boolean;
  projects: readonly Project[];
  projectsLoaded: boolean;
  counts: ViewCounts;
  onGo: (view: View) => void;
  onAddProject: () => void;
}) {
  const link = (view: View, content: ReactElement, testId: string, extra: Record<string, string> = {}) => {
    const active = sameView(view, props.view);
    return (
      <a
        href={viewPath(view)}
        className={`nav-link ${active ? 'on' : ''}`}
        aria-current={active ? 'page' : undefined}
        data-testid={testId}
        {...extra}
        onClick={(e) => {
          if (!plainClick(e)) return;
          e.preventDefault();
          props.onGo(view);
        }}
      >
        {content}
      </a>
    );
  };

  return (
    <nav id={props.id} className={`sidebar ${props.open ? 'open' : ''}`} aria-label="Views and projects" data-testid="sidebar">
      <ul className="nav-list">
        {FIXED_VIEWS.map((kind) => {
          const Icon = ICONS[kind];
          const count = props.counts[kind];
          return (
            <li key={kind}>
              {link(
                { kind } as View,
                <>
                  <Icon width={18} height={18} className="nav-icon" />
                  <span className="nav-name">{viewTitle({ kind } as View)}</span>
                  {count != null && count !== 0 && count !== '0' && (
                    <span className="nav-count">
                      <span data-testid={`nav-count-${kind}`}>{count}</span>
                      <span className="sr-only"> {COUNT_WORDS[kind] ?? 'tasks'}</span>
                    </span>
                  )}
                </>,
                `nav-${kind}`,
              )}
            </li>
          );
        })}
      </ul>

      <div className="nav-section">
        <h2 id={`${props.id}-projects`} className="nav-heading">
          Projects
        </h2>
        <button type="button" className="icon-btn nav-add" data-testid="add-project" aria-label="Add project" title="Add project" onClick={props.onAddProject}>
          <PlusIcon width={18} height={18} />
        </button>
      </div>
      {props.projects.length > 0 ? (
        <ul className="nav-list" aria-labelledby={`${props.id}-projects`} data-testid="project-list">
          {props.projects.map((p) => (
            <li key={p.id}>
              {link(
                { kind: 'project', projectId: p.id },
                <>
                  <ProjectDot color={p.color} className="nav-icon" />
                  <span className="nav-name" data-testid="project-nav-name">
                    {p.name}
                  </span>
                  {p.pending_count > 0 && (
                    <span className="nav-count">
                      <span data-testid="project-nav-count">{p.pending_count}</span>
                      <span className="sr-only"> pending</span>
                    </span>
                  )}
                </>,
                'project-nav',
                { 'data-project-id': p.id, 'data-color': p.color },
              )}
            </li>
          ))}
        </ul>
      ) : (
        props.projectsLoaded && <p className="nav-empty">No projects yet.</p>
      )}
    </nav>
  );
}
