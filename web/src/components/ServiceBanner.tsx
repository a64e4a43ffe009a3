// Why the app cannot talk to the server right now: the browser is offline,
// the server cannot be reached, or it answers 503. Requests keep retrying.

import { useServiceState } from '../state/service';

export function ServiceBanner() {
  const state = useServiceState();
  if (state === 'ok') return null;
  if (state === 'unavailable') {
    return (
      <div className="banner banner-warn" role="status" data-testid="service-unavailable">
        <span className="spinner" aria-hidden="true" />
        Service unavailable, retrying…
      </div>
    );
  }
  return (
    <div className="banner banner-offline" role="status" data-testid="offline-banner" data-reason={state}>
      <span className="offline-dot" aria-hidden="true" />
      {state === 'offline'
        ? 'You are offline. Changes cannot be saved until the connection is back.'
        : 'Cannot reach the server. Check your connection; retrying…'}
    </div>
  );
}
