// Whether the API answers: false while requests get 503 / network errors.

import { createStore, useStore } from './store';

export const serviceAvailable = createStore<boolean>(true);

export function useServiceAvailable(): boolean {
  return useStore(serviceAvailable);
}
