// A project's colour as a small dot (decorative: the name is always beside it).

import { normalizeColor } from '../lib/projects';

export function ProjectDot(props: { color: string | null | undefined; className?: string }) {
  return <span className={`project-dot pc-${normalizeColor(props.color)} ${props.className ?? ''}`} aria-hidden="true" />;
}
