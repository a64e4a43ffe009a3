// Client-side routes (the backend serves index.html for unknown non-API paths).

import { createStore, useStore } from './store';

export type Route = '/' | '/sign-in' | '/sign-up';

const loc = () => (typeof window === 'undefined' ? { pathname: '/', search: '' } : window.location);

export const pathStore = createStore<string>(loc().pathname);

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => pathStore.set(window.location.pathname));
}

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (path === window.location.pathname + window.location.search) return;
  if (opts.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  pathStore.set(window.location.pathname);
}

export function usePath(): string {
  return useStore(pathStore);
}
