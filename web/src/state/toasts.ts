// In-app toasts: short messages that dismiss themselves, or stay (ttl 0)
// while they offer actions (a reminder's Done / Snooze / Open).

import { createStore, useStore } from './store';

export type ToastKind = 'info' | 'success' | 'error' | 'notification';

export interface ActionChoice {
  id: string;
  label: string;
  run: () => void | Promise<void>;
  /** shown but not offered, with the reason */
  disabledReason?: string;
}

export interface ToastAction {
  label: string;
  testId?: string;
  /** a plain action… */
  run?: () => void | Promise<void>;
  /** …or a menu of choices (Snooze → 10 min / 1 hour / Tomorrow morning) */
  choices?: ActionChoice[];
}

export interface Toast {
  id: number;
  kind: ToastKind;
  title?: string;
  message: string;
  actions?: ToastAction[];
  /** stable hook for tests / dedupe (e.g. the notification id) */
  key?: string;
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

/** Dismisses the toasts with this key (a reminder acted on elsewhere). */
export function dismissToastsByKey(key: string): void {
  toastStore.set((list) => (list.some((t) => t.key === key) ? list.filter((t) => t.key !== key) : list));
}

export function useToasts(): Toast[] {
  return useStore(toastStore);
}
