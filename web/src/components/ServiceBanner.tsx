// Shown while the API answers 503 (or cannot be reached); requests retry.

import { useServiceAvailable } from '../state/service';

export function ServiceBanner() {
  const available = useServiceAvailable();
  if (available) return null;
  return (
    <div className="banner banner-warn" role="status" data-testid="service-unavailable">
      <span className="spinner" aria-hidden="true" />
      Service unavailable, retrying…
    </div>
  );
}
