// App bar: brand, live status, bell, user and sign-out.

import type { ReactNode } from 'react';
import type { User } from '../api/types';

export function Header(props: { user: User; onSignOut: () => void; children?: ReactNode }) {
  const name = props.user.name?.trim() || props.user.email;
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <a className="brand" href="/" aria-label="Todo Platform home">
          <span className="brand-mark" aria-hidden="true">
            ✓
          </span>
          <span className="brand-name">Todo Platform</span>
        </a>
        <div className="header-tools">
          {props.children}
          <span className="user-name" data-testid="user-name" title={props.user.email}>
            {name}
          </span>
          <button type="button" className="btn btn-ghost btn-small" data-testid="sign-out" onClick={props.onSignOut}>
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}
