// Connection indicator: live / reconnecting / offline.

import type { LiveStatus as Status } from '../live/LiveClient';

/** The three states the UI (and tests) see; "connecting" shows as reconnecting. */
export function uiState(s: Status['state']): 'live' | 'reconnecting' | 'offline' {
  return s === 'live' ? 'live' : s === 'offline' ? 'offline' : 'reconnecting';
}

export function LiveStatus(props: { status: Status; onRetry: () => void }) {
  const state = uiState(props.status.state);
  const label =
    props.status.state === 'live'
      ? 'Live'
      : props.status.state === 'connecting'
        ? 'Connecting…'
        : state === 'reconnecting'
          ? 'Reconnecting…'
          : 'Offline';
  return (
    <div className={`live live-${state}`} data-testid="live-status" data-state={state}>
      <span className="live-dot" aria-hidden="true" />
      <span role="status" aria-live="polite" className="live-label">
        <span className="sr-only">Live updates: </span>
        {label}
      </span>
      {state !== 'live' && props.status.state !== 'connecting' && (
        <button type="button" className="link-btn live-retry" onClick={props.onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
