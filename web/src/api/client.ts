// The app-wide HTTP client. The session layer plugs its hooks in at start-up.

import { createHttpClient, type HttpHooks } from './http';

const hooks: HttpHooks = {
  getToken: () => null,
  onUnauthorized: () => undefined,
  onServiceState: () => undefined,
};

export function setHttpHooks(h: Partial<HttpHooks>): void {
  Object.assign(hooks, h);
}

export const http = createHttpClient({
  getToken: () => hooks.getToken(),
  onUnauthorized: (e) => hooks.onUnauthorized(e),
  onServiceState: (s) => hooks.onServiceState(s),
});
