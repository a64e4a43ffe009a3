// The signed-in user: token + user in localStorage so a reload stays signed
// in; cleared on sign-out, on expiry and on any 401; synced across tabs.

import type { AuthResponse, User } from '../api/types';
import { createStore, useStore } from './store';

export interface Session {
  token: string;
  user: User;
  expiresAt: string | null;
}

export const SESSION_KEY = 'todo-platform.session';

/** Why the user is looking at the sign-in page (shown above the form). */
export const authNotice = createStore<string | null>(null);

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function isExpired(s: Session, nowMs = Date.now()): boolean {
  if (!s.expiresAt) return false;
  const t = Date.parse(s.expiresAt);
  return !Number.isNaN(t) && t <= nowMs;
}

function read(): Session | null {
  const raw = storage()?.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Partial<Session>;
    if (typeof s.token !== 'string' || !s.user || typeof s.user.id !== 'string') return null;
    return { token: s.token, user: s.user, expiresAt: s.expiresAt ?? null };
  } catch {
    return null;
  }
}

function initial(): Session | null {
  const s = read();
  if (s && isExpired(s)) {
    storage()?.removeItem(SESSION_KEY);
    authNotice.set('Your session has expired. Please sign in again.');
    return null;
  }
  return s;
}

export const sessionStore = createStore<Session | null>(initial());

let expiryTimer: ReturnType<typeof setTimeout> | null = null;

function armExpiry(s: Session | null): void {
  if (expiryTimer) clearTimeout(expiryTimer);
  expiryTimer = null;
  if (!s?.expiresAt) return;
  const ms = Date.parse(s.expiresAt) - Date.now();
  // setTimeout overflows past ~24.8 days; a later check happens on reload.
  if (Number.isNaN(ms) || ms > 2_000_000_000) return;
  expiryTimer = setTimeout(() => signOut('Your session has expired. Please sign in again.'), Math.max(0, ms));
}
armExpiry(sessionStore.get());

export function startSession(res: AuthResponse): void {
  const s: Session = { token: res.token, user: res.user, expiresAt: res.expires_at ?? null };
  storage()?.setItem(SESSION_KEY, JSON.stringify(s));
  authNotice.set(null);
  sessionStore.set(s);
  armExpiry(s);
}

/** Updates the stored user (e.g. after GET /api/auth/me). */
export function updateUser(user: User): void {
  const s = sessionStore.get();
  if (!s) return;
  const next = { ...s, user };
  storage()?.setItem(SESSION_KEY, JSON.stringify(next));
  sessionStore.set(next);
}

export function signOut(notice: string | null = null): void {
  storage()?.removeItem(SESSION_KEY);
  if (notice) authNotice.set(notice);
  armExpiry(null);
  sessionStore.set(null);
}

export function currentToken(): string | null {
  return sessionStore.get()?.token ?? null;
}

if (typeof window !== 'undefined') {
  // Another tab signed in or out.
  window.addEventListener('storage', (e) => {
    if (e.key !== SESSION_KEY && e.key !== null) return;
    const s = read();
    const cur = sessionStore.get();
    if (s?.token === cur?.token) return;
    sessionStore.set(s && !isExpired(s) ? s : null);
    armExpiry(sessionStore.get());
  });
}

export function useSession(): Session | null {
  return useStore(sessionStore);
}
