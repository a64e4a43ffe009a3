// Whether the API can be used, and why not: the browser is offline
// (navigator.onLine / the 'offline' event), the server cannot be reached
// (fetch failed with a network error while the browser says it is online),
// or it answers 503. Retried requests and the browser's events report here.

import { createStore, useStore } from './store';

export type ServiceState = 'ok' | 'offline' | 'unreachable' | 'unavailable';

function browserOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

export const serviceState = createStore<ServiceState>(browserOffline() ? 'offline' : 'ok');

/** What a (retried) HTTP request found out. */
export function reportHttp(state: 'ok' | 'unreachable' | 'unavailable'): void {
  serviceState.set(state === 'unreachable' && browserOffline() ? 'offline' : state);
}

/** The browser's 'online' / 'offline' events. */
export function reportBrowserOnline(online: boolean): void {
  if (!online) serviceState.set('offline');
  else serviceState.set((s) => (s === 'offline' || s === 'unreachable' ? 'ok' : s));
}

export function useServiceState(): ServiceState {
  return useStore(serviceState);
}

export function useServiceAvailable(): boolean {
  return useServiceState() === 'ok';
}
