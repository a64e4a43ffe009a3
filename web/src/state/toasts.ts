// In-app toasts: short messages that dismiss themselves.

import { createStore, useStore } from './store';

export type ToastKind = 'info' | 'success' | 'error' | 'notification';

export interface Toast {
  id: number;
  kind: ToastKind;
  title?: string;
  message: string;
  action?: { label: string; run: () => void };
}

export const toastStore = createStore<Toast[]>([]);
let nextId = 1;
const MAX_TOASTS = 4;

export function showToast(t: Omit<Toast, 'id'>, ttlMs = t.kind === 'error' ? 8000 : 5000): number {
  const id = nextId++;
  toastStore.set((list) => [...list, { ...t, id }].slice(-MAX_TOASTS));
  if (ttlMs > 0) setTimeout(() => dismissToast(id), ttlMs);
  return id;
}

export function dismissToast(id: number): void {
  toastStore.set((list) => (list.some((t) => t.id === id) ? list.filter((t) => t.id !== id) : list));
}

export function useToasts(): Toast[] {
  return useStore(toastStore);
}
